import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults and is in local mode with no platform', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATABASE_PATH: 'data/warroom.db', TEAM_TIMEZONE: 'Asia/Shanghai', localMode: true, consoleEnabled: true });
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
  });
});
