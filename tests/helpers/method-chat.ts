import { expect } from 'vitest';
import type { Services } from '../../src/services.js';
import { buildTestApp } from './test-app.js';

export interface ChatReply {
  reply: any;
  text: string;
}

/** The app on an in-memory db plus chat helpers for the method-step commands' tests. */
export async function chatApp<T>(seed: (s: Services) => T, env: Record<string, string> = {}) {
  let seeded!: T;
  const built = await buildTestApp({
    env,
    seed: (s) => {
      seeded = seed(s);
    },
  });
  const say = async (as: string, text: string): Promise<ChatReply[]> => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } });
    expect(res.statusCode).toBe(200);
    return (res.json() as { replies: ChatReply[] }).replies;
  };
  const click = async (as: string, button: { action: string; value: Record<string, string> }): Promise<ChatReply[]> => {
    const res = await built.app.inject({
      method: 'POST',
      url: '/console/actions',
      payload: { as, action: button.action, value: button.value },
    });
    expect(res.statusCode).toBe(200);
    return (res.json() as { replies: ChatReply[] }).replies;
  };
  const sql = (q: string, ...params: unknown[]) => built.services.db.$client.prepare(q).all(...params) as any[];
  /** DMs queued in the outbox for a console member, oldest first, as neutral replies. */
  const dms = (to: string) =>
    sql('SELECT payload_json FROM outbox WHERE target_id = ? ORDER BY id', to).map((r) => JSON.parse(r.payload_json));
  return { ...built, seeded, say, click, sql, dms };
}
