import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb } from '../../src/db/client.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createLogger, createServices, redactUrl } from '../../src/services.js';
import { seedSmallTeam } from '../helpers/team.js';
import { FIXED_NOW } from '../helpers/test-app.js';

const WECOM = {
  WECOM_CORP_ID: 'ww1',
  WECOM_SECRET: 's',
  WECOM_AGENT_ID: '1000002',
  WECOM_TOKEN: 't',
  WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
  WECOM_BOT_MODE: 'callback',
  WECOM_BOT_TOKEN: 'bt',
  WECOM_BOT_ENCODING_AES_KEY: 'b'.repeat(43),
  WECOM_BOT_ID: 'bot1',
  WECOM_BOT_SECRET: 'bs',
};
const FEISHU = { FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 'v' };

async function appWithLog(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'info', CONSOLE_ENABLED: 'true', ...env });
  const services = createServices({ config, db: openDb(':memory:'), clock: fixedClock(FIXED_NOW), log: createLogger('info', sink) });
  seedReferenceData(services);
  seedSmallTeam(services);
  const { configuredAdapters } = await import('../../src/adapters.js');
  const { app } = await buildApp(services, configuredAdapters(config));
  return { app, services, log: () => lines.join('') };
}

describe('one error handler for every route', () => {
  it('answers a repeated t/token/any parameter with 400 on every route, and logs neither value', async () => {
    const { app, log } = await appWithLog({ ...FEISHU, ...WECOM });
    const urls = [
      '/',
      '/healthz',
      '/readyz',
      '/console/members',
      '/console/inbox',
      '/warroom',
      '/warroom/api/summary.json',
      '/warroom/api/heat.json',
      '/warroom/api/board.json',
      '/warroom/api/forecast.json',
      '/warroom/api/map.json',
      '/warroom/api/template.xlsx',
      '/warroom/api/export/logs.csv',
      '/api/map',
      '/wecom/app',
      '/wecom/bot',
      '/warroom/assets/page.js',
    ];
    // Each is a real route (a plain request is not a 404).
    for (const url of urls) expect((await app.inject({ url })).statusCode, url).not.toBe(404);
    for (const url of urls) {
      // msg_signature is not a credential (WeCom's signature over public values); any name repeated is refused.
      for (const name of ['t', 'token', 'access_token', 'msg_signature']) {
        const secret = name === 'msg_signature' ? 'SIG' : 'SECRET';
        const res = await app.inject({ url: `${url}?${name}=FIRST-${secret}-${name}&${name}=SECOND-${secret}-${name}` });
        expect(res.statusCode, `${url} ${name}`).toBe(400);
        expect(res.json().error).toContain(`参数 ${name} 只能出现一次`);
      }
    }
    for (const url of ['/feishu/events', '/console/messages', '/warroom/api/import.json', '/wecom/app', '/wecom/bot']) {
      const res = await app.inject({ method: 'POST', url: `${url}?t=FIRST-SECRET-p&t=SECOND-SECRET-p`, payload: {} });
      expect(res.statusCode, url).toBe(400);
    }
    await app.close();
    expect(log()).toContain('[redacted]');
    expect(
      log()
        .split('\n')
        .filter((l) => l.includes('SECRET')),
    ).toEqual([]);
  });

  it('redacts every occurrence of every credential parameter, encoded names included', () => {
    expect(redactUrl('/x?t=A&token=B&t=C&%74=D&access_token=E&keep=F&T=G')).toBe(
      '/x?t=[redacted]&token=[redacted]&t=[redacted]&%74=[redacted]&access_token=[redacted]&keep=F&T=[redacted]',
    );
  });

  it('gives 5xx a Chinese body with a request id, never the internal message, on routes registered anywhere', async () => {
    const { app, services, log } = await appWithLog();
    // A failure inside a handler of the console and of the dashboard's plugin scope.
    services.repos.members.all = () => {
      throw new Error('database is locked');
    };
    const link = await app.inject({ url: '/console/members' });
    expect(link.statusCode).toBe(500);
    const body = link.json();
    expect(body.error).toMatch(/服务器内部错误.*请求编号/);
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(link.headers['x-request-id']).toBe(body.requestId);
    expect(link.body).not.toContain('locked');
    expect(log()).toContain(body.requestId);
    const notFound = await app.inject({ url: '/nothing-here' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error).toBe('没有这个页面或接口。');
    const badJson = await app.inject({
      method: 'POST',
      url: '/console/messages',
      headers: { 'content-type': 'application/json' },
      payload: '{"as":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toBe('请求内容不是有效的 JSON。');
    await app.close();
  });
});

describe('console refusals are Chinese', () => {
  it('for every malformed body', async () => {
    const { app } = await appWithLog();
    const bodies: Array<[string, unknown]> = [
      ['/console/messages', {}],
      ['/console/messages', { as: '小李', text: 5 }],
      ['/console/messages', { as: '小李', text: 'x'.repeat(2001) }],
      ['/console/messages', { as: '小李', text: '/我的', chat: 'x' }],
      ['/console/messages', []],
      ['/console/actions', {}],
      ['/console/actions', { as: '小李', action: 'a', value: 3 }],
      ['/console/actions', { as: '小李', action: 'a', value: { k: 1 } }],
    ];
    for (const [url, payload] of bodies) {
      const res = await app.inject({ method: 'POST', url, payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error, JSON.stringify(payload)).toMatch(/[\u4e00-\u9fff]/);
      expect(res.json().error).not.toMatch(/expected|Invalid|Too/);
    }
    await app.close();
  });
});
