import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import { dashboardSecret, signToken } from '../../src/method/access/link.js';
import { createServices } from '../../src/services.js';
import { workbook } from '../excel/fixtures.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp, testServices } from '../helpers/test-app.js';

async function setup() {
  let team!: ReturnType<typeof seedSmallTeam>;
  const built = await buildTestApp({
    env: { PUBLIC_BASE_URL: 'https://warroom.example.com/' },
    seed: (s) => {
      team = seedSmallTeam(s);
    },
  });
  const linkFor = async (as: string) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text: '/看板' } });
    const text = res.json().replies[0].text as string;
    return { text, token: /\?t=([\w.-]+)/.exec(text)![1]! };
  };
  const get = (url: string, token: string) => built.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}t=${token}` });
  return { ...built, team, linkFor, get };
}

describe('/看板 and the signed link', () => {
  it('replies with a link on PUBLIC_BASE_URL that expires in 7 days', async () => {
    const t = await setup();
    const { text } = await t.linkFor('小李');
    expect(text).toMatch(/https:\/\/warroom\.example\.com\/warroom\?t=/);
    expect(text).toContain('7 天');
    expect(text).toContain('2026年12月3日');
  });

  it('serves the page for a good link; an expired or tampered one gets a clear page and no data', async () => {
    const t = await setup();
    const { token } = await t.linkFor('张经理');
    const ok = await t.get('/warroom', token);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('客户热力图');

    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), role: 'admin' })).toString(
      'base64url',
    );
    for (const bad of [`${forged}.${sig}`, `${body}.${sig!.slice(0, -2)}AA`, 'nonsense', '']) {
      const page = await t.get('/warroom', bad);
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('链接无效');
      const api = await t.get('/warroom/api/heat.json', bad);
      expect(api.statusCode).toBe(403);
      expect(api.json()).not.toHaveProperty('cells');
    }

    t.clock.advance(7 * 86_400_000 + 1000);
    const expired = await t.get('/warroom', token);
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toContain('链接已过期');
    expect(expired.body).not.toContain('华东重工');
    expect((await t.get('/warroom/api/board.json', token)).statusCode).toBe(401);
  });

  it("a link stops working when the member's role or region changes: clear page, no data, send /看板 again", async () => {
    const t = await setup();
    const { token } = await t.linkFor('张经理');
    expect((await t.get('/warroom/api/heat.json', token)).statusCode).toBe(200);
    const set = (sql: string, ...p: unknown[]) => t.services.db.$client.prepare(sql).run(...p);
    const refused = async () => {
      const page = await t.get('/warroom', token);
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('角色或区域已经变更');
      expect(page.body).toContain('/看板');
      for (const url of ['/warroom/api/heat.json', '/warroom/api/summary.json', '/warroom/api/export/data.xlsx', `/api/map?member=小李`]) {
        const r = await t.get(url, token);
        expect(r.statusCode, url).toBe(403);
        expect(r.body, url).not.toContain('小李');
      }
    };
    set("UPDATE members SET role = 'rep' WHERE id = ?", t.team.manager.id);
    await refused();
    const south = t.services.db.$client.prepare("INSERT INTO regions (name, weights_json) VALUES ('华南区', '{}')").run().lastInsertRowid;
    set("UPDATE members SET role = 'manager', region_id = ? WHERE id = ?", south, t.team.manager.id);
    await refused();
    set('UPDATE members SET region_id = ? WHERE id = ?', t.team.region.id, t.team.manager.id);
    expect((await t.get('/warroom/api/heat.json', token)).statusCode).toBe(200);
  });

  it('refuses a token signed with another secret', async () => {
    const t = await setup();
    const token = signToken('not-the-secret-at-all', {
      m: t.team.manager.id,
      role: 'manager',
      g: t.team.region.id,
      exp: Date.parse('2027-01-01'),
    });
    expect((await t.get('/warroom/api/heat.json', token)).statusCode).toBe(403);
    const good = signToken(dashboardSecret(t.services), {
      m: t.team.manager.id,
      role: 'manager',
      g: t.team.region.id,
      exp: Date.parse('2027-01-01'),
    });
    expect((await t.get('/warroom/api/heat.json', good)).statusCode).toBe(200);
  });
});

describe('what each role sees', () => {
  it('a manager sees every rep of the region in the heat map, and the customers behind a cell', async () => {
    const t = await setup();
    const { token } = await t.linkFor('张经理');
    const heat = (await t.get('/warroom/api/heat.json', token)).json();
    expect(heat.reps.map((r: { name: string }) => r.name)).toEqual(['小李', '老王']);
    const cell = heat.cells.find((c: { stage: string; repId: number }) => c.stage === 'growing' && c.repId === t.team.li.id);
    // exec_visit due 11-24 is open and today is 11-26: one item two days overdue.
    expect(cell).toMatchObject({
      yellow: 1,
      colour: 'yellow',
      customers: [{ name: '华东精密机械', colour: 'yellow', reason: '1 项动作逾期 2 天' }],
    });
    const board = (await t.get('/warroom/api/board.json', token)).json();
    expect(board.rows.map((r: { name: string }) => r.name)).toEqual(['小李', '老王']);
    expect(board.region.at(-1)).toMatchObject({ week: '2026-11-23', due: 3, done: 0 });
  });

  it('a rep sees their own detail and the team median, not other reps', async () => {
    const t = await setup();
    const { token } = await t.linkFor('小李');
    const heat = (await t.get('/warroom/api/heat.json', token)).json();
    expect(heat.reps).toEqual([{ id: t.team.li.id, name: '小李' }]);
    expect(JSON.stringify(heat)).not.toContain('金陵机床');
    const board = (await t.get('/warroom/api/board.json', token)).json();
    expect(board.rows).toHaveLength(1);
    expect(board.region).toBeNull();
    expect(board.teamMedian).toHaveLength(8);
    const forecast = (await t.get('/warroom/api/forecast.json', token)).json();
    expect(forecast.byRep).toBeNull();
    expect(forecast.band.basis).toBe('default');
    expect((await t.get(`/warroom/api/map.json?rep=${t.team.wang.id}`, token)).statusCode).toBe(404);
    const map = (await t.get('/warroom/api/map.json', token)).json();
    expect(map.rep.name).toBe('小李');
    expect(map.quarter.quarter).toBe('2026-Q4');
    expect(map.quarter.weeks.find((w: { current: boolean }) => w.current)).toMatchObject({ week: '2026-11-23', due: 3 });
    expect((await t.get('/warroom/api/export/data.xlsx', token)).statusCode).toBe(403);
  });
});

describe('targets on the dashboard map', () => {
  it('a rep sees a published version only; the manager sees the draft labelled', async () => {
    const t = await setup();
    const say = (as: string, text: string) => t.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } });
    const rep = (await t.linkFor('小李')).token;
    const mgr = (await t.linkFor('张经理')).token;
    await say('张经理', '/目标 1000万');
    const draft = (await t.get('/warroom/api/map.json', rep)).json();
    expect(draft).toMatchObject({ targetStatus: 'unpublished', targetFen: null, targetReason: null });
    expect(draft.stages.flatMap((s: { customers: Array<{ expectedFen: unknown }> }) => s.customers.map((c) => c.expectedFen))).toEqual([
      null,
      null,
    ]);
    const seen = (await t.get(`/warroom/api/map.json?rep=${t.team.li.id}`, mgr)).json();
    expect(seen.targetStatus).toBe('draft');
    expect(seen.targetFen).toBeGreaterThan(0);
    await say('张经理', '/目标 发布');
    const published = (await t.get('/warroom/api/map.json', rep)).json();
    expect(published.targetStatus).toBe('published');
    expect(published.targetFen).toBe(seen.targetFen);
    // A new draft on top: the rep keeps seeing the published numbers.
    await say('张经理', '/目标 2000万');
    expect((await t.get('/warroom/api/map.json', rep)).json()).toMatchObject({ targetStatus: 'published', targetFen: seen.targetFen });
  });
});

describe('Excel on the dashboard', () => {
  it('a manager downloads exports (xlsx, CSV with BOM) and the template', async () => {
    const t = await setup();
    const { token } = await t.linkFor('张经理');
    const xlsx = await t.get('/warroom/api/export/data.xlsx', token);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await t.get('/warroom/api/export/board.csv', token);
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Reps × weeks: a column per week, headed by its Monday.
    expect(csv.body).toMatch(/^\uFEFF区域,销售,\d{4}-\d{2}-\d{2},/);
    expect((await t.get('/warroom/api/template.xlsx', token)).statusCode).toBe(200);
    expect((await t.get('/warroom/api/export/nope', token)).statusCode).toBe(404);
  });

  it('the target-split export says whether each row is a draft or the published version', async () => {
    const t = await setup();
    const { token } = await t.linkFor('张经理');
    const say = (text: string) => t.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '张经理', text } });
    const versionColumn = async () => {
      const lines = (await t.get('/warroom/api/export/targets.csv', token)).body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]!.split(',').slice(0, 4)).toEqual(['区域', '期间', '版本', '销售']);
      return [...new Set(lines.slice(1).map((l) => l.split(',')[2]))];
    };
    await say('/目标 1000万');
    expect(await versionColumn()).toEqual(['草稿（未发布）']);
    await say('/目标 发布');
    expect(await versionColumn()).toEqual(['已发布']);
  });

  it('a manager uploads: a dry run reports, a bad file is refused with its problems, applying writes', async () => {
    const t = await setup();
    const { token } = await t.linkFor('张经理');
    const post = async (buf: Buffer, dry: boolean) =>
      t.app.inject({
        method: 'POST',
        url: `/warroom/api/import.json?t=${token}${dry ? '&dry=1' : ''}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: buf,
      });
    const good = await workbook({ 客户: [['甲公司', '小李', '成长型', null, '300万', null, null]] });
    const dry = await post(good, true);
    expect(dry.json()).toMatchObject({ ok: true, applied: false, changes: [{ sheet: '客户', key: '甲公司', action: 'create' }] });
    expect(t.services.repos.customers.all()).toHaveLength(3);
    const bad = await post(await workbook({ 客户: [['乙公司', '路人甲', '成长型', null, 1, null, null]] }), false);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().problems[0]).toMatchObject({ sheet: '客户', row: 2, column: '负责人' });
    const applied = await post(good, false);
    expect(applied.json()).toMatchObject({ ok: true, applied: true });
    expect(t.services.repos.customers.all()).toHaveLength(4);
  });
});

describe('logs', () => {
  it('never write the link token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const base = testServices().services;
    const services = createServices({ config: base.config, db: base.db, clock: base.clock, log: pino({ level: 'info' }, sink) });
    const { app } = await buildApp(services);
    onTestFinished(() => app.close());
    await app.inject({ method: 'GET', url: '/warroom?t=SECRET-TOKEN-123' });
    await app.inject({ method: 'GET', url: '/warroom/api/heat.json?t=SECRET-TOKEN-123' });
    expect(lines.join('')).toContain('/warroom?t=[redacted]');
    expect(lines.join('')).not.toContain('SECRET-TOKEN-123');
  });
});

describe('the dashboard forecast agrees with /预测', () => {
  it('shows the same total and band as the chat command on the demo', async () => {
    const { seedDemo } = await import('../../src/demo/seed.js');
    const built = await buildTestApp({
      seed: (s) => {
        seedDemo(s);
      },
    });
    const link = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '张经理', text: '/看板' } });
    const token = /\?t=([\w.-]+)/.exec(link.json().replies[0].text as string)![1]!;
    const json = (await built.app.inject({ url: `/warroom/api/forecast.json?t=${token}` })).json();
    const { regionForecast } = await import('../../src/method/metrics/region-metrics.js');
    const region = built.services.repos.regions.byName('华东区')!;
    const chat = regionForecast(built.services, region.id, built.services.today())!;
    expect(json.totalFen).toBe(chat.region.totalFen);
    expect(json.band).toEqual(chat.region.band);
    expect(json.band.basis).toBe('backtest');
    // The demo's orders carry receivables: the total splits into 应收 and 新订单 (and history for customers without orders).
    expect(json.split.receivablesFen).toBeGreaterThan(0);
    expect(json.split.receivablesFen + json.split.newOrdersFen + json.split.historyFen).toBe(json.totalFen);
    // The heat map too is the region's own heat (/热力图), cell by cell.
    const heatJson = (await built.app.inject({ url: `/warroom/api/heat.json?t=${token}` })).json();
    const { regionHeat } = await import('../../src/method/metrics/region-metrics.js');
    const chatHeat = regionHeat(built.services, region.id, built.services.today())!;
    const sum = (k: 'green' | 'yellow' | 'red') => heatJson.cells.reduce((s: number, c: any) => s + c[k], 0);
    expect({ green: sum('green'), yellow: sum('yellow'), red: sum('red') }).toEqual(chatHeat.counts);
  });
});

describe('/看板 in a group', () => {
  it('sends the link by DM and posts no link into the group', async () => {
    const t = await setup();
    const res = await t.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '张经理', text: '/看板', chat: 'group' } });
    const reply = res.json().replies[0].text as string;
    expect(reply).toContain('已私信');
    expect(reply).not.toContain('/warroom?t=');
    const rows = t.services.db.$client.prepare("SELECT payload_json FROM outbox WHERE idempotency_key LIKE 'dashboard:%'").all() as Array<{
      payload_json: string;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload_json).toContain('/warroom?t=');
  });
});
