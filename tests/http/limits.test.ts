import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { serverTimeouts } from '../../src/http/limits.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

/** Opens a raw connection, writes `first`, then trickles `drip` one byte every `everyMs`; resolves when the server closes it. */
function slowClient(port: number, first: string, drip: string, everyMs: number): Promise<{ closedAfterMs: number; answer: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(first));
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < drip.length && !socket.destroyed) socket.write(drip[i++]!);
    }, everyMs);
    socket.on('data', (d) => {
      answer += String(d);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
  });
}

describe('request timeouts', () => {
  it('by default cut a slow client within 30 s (request timeout + the check interval)', () => {
    const t = serverTimeouts(loadConfig({}));
    expect(t.requestTimeout + t.http.connectionsCheckingInterval).toBeLessThanOrEqual(30_000);
    expect(t.http.headersTimeout).toBeLessThanOrEqual(t.requestTimeout);
  });

  it('cut headers that never end and a body trickled a byte at a time', async () => {
    const { app } = await buildTestApp({ env: { REQUEST_TIMEOUT_MS: '1000' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const [headers, body] = await Promise.all([
      slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 200),
      slowClient(
        port,
        'POST /console/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{',
        'x'.repeat(400),
        200,
      ),
    ]);
    // Cut, where a client left alone would have gone on for 11 s and 80 s.
    expect(headers.closedAfterMs).toBeLessThan(8_000);
    expect(body.closedAfterMs).toBeLessThan(8_000);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    await app.close();
  }, 20_000);
});

describe('rate limits', () => {
  it('per IP on the console and dashboard, with a Chinese reply; platform webhooks and health are not limited', async () => {
    const { app } = await buildTestApp({ seed: seedSmallTeam, env: { RATE_LIMIT_HTTP_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/console/members' })).statusCode).toBe(200);
    const over = await app.inject({ url: '/console/members' });
    expect(over.statusCode).toBe(429);
    expect(over.json().error).toMatch(/请求太频繁：每分钟最多 3 次/);
    expect((await app.inject({ url: '/warroom?t=x' })).statusCode).toBe(429);
    expect((await app.inject({ url: '/console/members', remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('per member on chat commands: one Chinese explanation, then silence, until the minute has passed', async () => {
    const { app, clock, services } = await buildTestApp({ seed: seedSmallTeam, env: { RATE_LIMIT_CHAT_PER_MINUTE: '2' } });
    const say = async (as: string, text: string) =>
      (await app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } })).json().replies as Array<{ text: string }>;
    expect((await say('小李', '/记录 现场回访 华东重工'))[0]!.text).not.toContain('太快');
    expect((await say('小李', '/我的'))[0]!.text).not.toContain('太快');
    expect((await say('小李', '/记录 答疑 华东重工'))[0]!.text).toContain('你发送得太快了：每分钟最多 2 条命令');
    expect(await say('小李', '/我的')).toEqual([]);
    expect((await say('老王', '/我的'))[0]!.text).not.toContain('太快');
    expect(services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get()).toEqual({ n: 1 });
    // Refused events are closed in the inbox, so no start-up resumes them.
    expect(services.repos.inbound.unfinished(100)).toEqual([]);
    clock.advance(61_000);
    expect((await say('小李', '/我的'))[0]!.text).not.toContain('太快');
    await app.close();
  });
});
