import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/platforms/console/render.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';
import { adapterContract, type ContractSession } from './adapter-contract.js';

adapterContract({
  name: 'console',
  signed: false,
  limits: null,
  async open(): Promise<ContractSession> {
    const { app, services } = await buildTestApp({ seed: seedSmallTeam });
    const sent: string[] = [];
    return {
      services,
      async deliverMessage(text, { messageId, userId }) {
        const res = await app.inject({ method: 'POST', url: '/console/messages', payload: { as: userId, text, id: messageId } });
        for (const r of (res.json() as { replies: Array<{ text: string }> }).replies) sent.push(r.text);
        return { status: res.statusCode };
      },
      outbound: async () => sent,
      bind: (name, userId) => services.repos.members.bindIdentity(services.repos.members.byName(name)[0]!.id, 'console', userId),
      render: renderConsole,
    };
  },
});

describe('console HTTP', () => {
  it('serves the chat page and the member list', async () => {
    const { app } = await buildTestApp({ seed: seedSmallTeam });
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('作战室');
    const members = (await app.inject({ url: '/console/members' })).json();
    expect(members.members.map((m: { name: string }) => m.name)).toContain('小李');
  });

  it('rejects a malformed request with a Chinese reason', async () => {
    const { app } = await buildTestApp({ seed: seedSmallTeam });
    const res = await app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBeTruthy();
  });

  it('answers /healthz with the database state', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { ok: true } });
  });

  it('is off when a platform is configured, unless CONSOLE_ENABLED', async () => {
    const env = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't' };
    const off = await buildTestApp({ env });
    expect((await off.app.inject({ method: 'POST', url: '/console/messages', payload: { as: 'a', text: 'b' } })).statusCode).toBe(404);
  });
});
