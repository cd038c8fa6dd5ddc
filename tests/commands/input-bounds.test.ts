import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FUZZY_CHARS, scoreName } from '../../src/domain/fuzzy.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

// Input is bounded before any matching (issue 13 item 3): a command of more than 500 characters gets
// a Chinese refusal, and no word longer than 30 characters is compared by edit distance.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('input bounds', () => {
  it('refuses a command over 500 characters in Chinese, saying what to type, and writes nothing', async () => {
    const built = await buildTestApp({
      seed: (s) => {
        seedSmallTeam(s);
      },
    });
    app = built.app;
    const long = `/log 现场回访 华东重工 ${'很'.repeat(600)}`;
    const res = await app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text: long } });
    expect(res.statusCode).toBe(200);
    const answer = res.json().replies[0].text as string;
    expect(answer).toContain('最多 500 个字');
    expect(answer).toContain('/记录 高层拜访 华东重工');
    expect(built.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get()).toEqual({ n: 0 });
  });

  it('a long word is not compared by edit distance, only exactly or as a substring', () => {
    const name = '华'.repeat(MAX_FUZZY_CHARS);
    expect(scoreName(`${'华'.repeat(MAX_FUZZY_CHARS - 1)}东`, name)).toBeGreaterThan(0.8); // 30 characters: edit distance
    expect(scoreName(`${'华'.repeat(MAX_FUZZY_CHARS)}东`, `${'华'.repeat(MAX_FUZZY_CHARS)}西`)).toBe(0); // 31: not compared
    expect(scoreName(`华东重工${'的'.repeat(40)}`, '华东重工')).toBeGreaterThan(0.55); // a substring still counts
  });

  it('a /log with two 240-character words answers in Chinese without matching them', async () => {
    const built = await buildTestApp({
      seed: (s) => {
        seedSmallTeam(s);
      },
    });
    app = built.app;
    const res = await app.inject({
      method: 'POST',
      url: '/console/messages',
      payload: { as: '小李', text: `/log ${'甲'.repeat(240)} ${'乙'.repeat(240)}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().replies[0].text).toMatch(/[\u4e00-\u9fa5]/);
    expect(built.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get()).toEqual({ n: 0 });
  });
});
