import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults and is in local mode with no platform', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'data/warroom.db',
      TEAM_TIMEZONE: 'Asia/Shanghai',
      localMode: true,
      consoleEnabled: true,
    });
  });
  it('names the variable to fix', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ TEAM_TIMEZONE: 'Mars/Olympus' })).toThrow(/TEAM_TIMEZONE/);
    expect(() => loadConfig({ FEISHU_APP_ID: 'cli_x' })).toThrow(/FEISHU_APP_SECRET/);
  });
  it('turns the console off when a platform is configured unless asked', () => {
    const env = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't' };
    expect(loadConfig(env).consoleEnabled).toBe(false);
    expect(loadConfig({ ...env, CONSOLE_ENABLED: 'true' }).consoleEnabled).toBe(true);
    expect(() => loadConfig({ ...env, CONSOLE_ENABLED: 'true', HOST: '0.0.0.0' })).toThrow(/CONSOLE_ENABLED/);
  });
});

describe('config: WeCom', () => {
  const app = {
    WECOM_CORP_ID: 'ww1',
    WECOM_SECRET: 's',
    WECOM_AGENT_ID: '1000002',
    WECOM_TOKEN: 't',
    WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
  };
  it('needs the app callback token and key with the corp id', () => {
    expect(() => loadConfig({ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's', WECOM_AGENT_ID: '1' })).toThrow(/WECOM_TOKEN/);
    expect(loadConfig(app).localMode).toBe(false);
  });
  it('needs both halves of the AI bot credentials', () => {
    expect(() => loadConfig({ ...app, WECOM_BOT_ID: 'b' })).toThrow(/WECOM_BOT_SECRET/);
    expect(() => loadConfig({ ...app, WECOM_BOT_MODE: 'callback' })).toThrow(/WECOM_BOT_TOKEN/);
    expect(() => loadConfig({ ...app, WECOM_ENCODING_AES_KEY: 'short' })).toThrow(/WECOM_ENCODING_AES_KEY/);
  });
});
