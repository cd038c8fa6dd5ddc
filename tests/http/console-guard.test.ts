import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

const TOKEN = 'console-token-0123456789';
const feishu = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't' };

describe('console: local or authenticated (config)', () => {
  it('refuses a non-loopback HOST without CONSOLE_TOKEN in local mode, naming both variables', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST, CONSOLE_TOKEN/);
    expect(() => loadConfig({ HOST: '192.168.1.20' })).toThrow(/HOST=192\.168\.1\.20/);
  });
  it('refuses it beside a platform when CONSOLE_ENABLED is on', () => {
    expect(() => loadConfig({ ...feishu, CONSOLE_ENABLED: 'true', HOST: '0.0.0.0' })).toThrow(/CONSOLE_ENABLED=true.*CONSOLE_TOKEN/);
    expect(loadConfig({ ...feishu, HOST: '0.0.0.0' }).consoleEnabled).toBe(false);
  });
  it('accepts loopback hosts, or any host with a token', () => {
    for (const HOST of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) expect(loadConfig({ HOST }).consoleEnabled).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', CONSOLE_TOKEN: TOKEN }).consoleEnabled).toBe(true);
    expect(() => loadConfig({ HOST: '0.0.0.0', CONSOLE_TOKEN: 'short' })).toThrow(/CONSOLE_TOKEN/);
  });
});

describe('console: local or authenticated (requests)', () => {
  it('without a token, serves loopback clients and refuses others', async () => {
    const { app } = await buildTestApp({ seed: seedSmallTeam });
    expect((await app.inject({ url: '/console/members' })).statusCode).toBe(200);
    const far = await app.inject({ url: '/console/members', remoteAddress: '203.0.113.9' });
    expect(far.statusCode).toBe(403);
    expect(far.json().error).toContain('只对本机开放');
    const post = await app.inject({
      method: 'POST',
      url: '/console/messages',
      remoteAddress: '10.0.0.2',
      payload: { as: '小李', text: '/我的' },
    });
    expect(post.statusCode).toBe(403);
    await app.close();
  });

  it('with CONSOLE_TOKEN, every console request needs it, from anywhere', async () => {
    const { app, services } = await buildTestApp({ env: { CONSOLE_TOKEN: TOKEN, HOST: '0.0.0.0' }, seed: seedSmallTeam });
    const logs = () => (services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number }).n;
    const before = logs();
    for (const req of [
      { url: '/' },
      { url: '/console/members' },
      { url: '/console/inbox' },
      { method: 'POST' as const, url: '/console/messages', payload: { as: '小李', text: '/记录 现场回访 华东重工' } },
      { method: 'POST' as const, url: '/console/actions', payload: { as: '小李', action: 'log.undo', value: {} } },
    ]) {
      const res = await app.inject(req);
      expect(res.statusCode, req.url).toBe(401);
      expect(res.json().error).toContain('访问口令');
      expect((await app.inject({ ...req, headers: { 'x-console-token': 'wrong-token-0123456789' } })).statusCode).toBe(401);
    }
    expect(logs()).toBe(before);
    const ok = { 'x-console-token': TOKEN };
    expect((await app.inject({ url: '/console/members', headers: ok, remoteAddress: '203.0.113.9' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/console/members', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await app.inject({ url: `/?token=${TOKEN}` })).statusCode).toBe(200);
    const sent = await app.inject({ method: 'POST', url: '/console/messages', headers: ok, payload: { as: '小李', text: '/我的' } });
    expect(sent.statusCode).toBe(200);
    // The page's static files hold no data and load without the token.
    expect((await app.inject({ url: '/console/assets/page.js' })).statusCode).toBe(200);
    await app.close();
  });
});
