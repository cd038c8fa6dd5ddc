import { describe, expect, it } from 'vitest';
import { teamCard } from '../../cards/team.js';
import { buildApp } from '../../src/app.js';
import { importXlsx, reportJson } from '../../src/method/excel/import.js';
import { toXlsx } from '../../src/method/excel/workbook.js';
import { LARGE_IMPORT_BYTES, LARGE_TEAM_CUSTOMERS } from '../../src/method/heavy/offload.js';
import { heavyStats, runHeavy } from '../../src/method/heavy/run.js';
import { teamView } from '../../src/method/metrics/team-view.js';
import type { Services } from '../../src/services.js';
import { fileServicesFor } from '../helpers/file-services.js';

// The dashboard's import and /团队 on a large region run in the heavy worker (issue 13 item 3), on a
// database file as in production; what they answer equals the inline computation's answer.

const demoOnFile = fileServicesFor('offload');

/** An orders sheet of new rows for the demo's customers, past the inline size. */
async function largeOrdersFile(services: Services): Promise<Buffer> {
  const names = services.repos.customers.all().map((c) => c.name);
  const rows = Array.from({ length: 6_000 }, (_, i) => [
    `BIG-${i}`,
    names[i % names.length]!,
    i % 2 ? '回款' : '订单',
    '2026-10-15',
    1000 + i,
  ]);
  const file = await toXlsx([{ name: '订单', headers: ['订单编号', '客户名称', '类型', '日期', '金额(元)'], rows }]);
  expect(file.byteLength).toBeGreaterThan(LARGE_IMPORT_BYTES);
  return file;
}

async function consoleSay(services: Services, as: string, text: string) {
  const { app } = await buildApp(services);
  try {
    return (await app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } })).json();
  } finally {
    await app.close();
  }
}

const ordersCount = (s: Services) => s.db.$client.prepare('SELECT count(*) FROM orders').pluck().get() as number;

describe('imports and /团队 off the event loop (database file)', { timeout: 120_000 }, () => {
  it('a large upload is read, checked and applied in the worker, with the inline report, dry run and real', async () => {
    const worker = demoOnFile();
    const inline = demoOnFile();
    const file = await largeOrdersFile(worker);
    const manager = worker.repos.members.all().find((m) => m.role === 'manager')!;
    const link = (await consoleSay(worker, manager.name, '/看板')).replies[0].text as string;
    const token = /\?t=([\w.-]+)/.exec(link)![1]!;
    const { app } = await buildApp(worker);
    const post = (dry: boolean) =>
      app.inject({
        method: 'POST',
        url: `/warroom/api/import.json?t=${token}${dry ? '&dry=1' : ''}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: file,
      });
    const opts = { regionName: '华东区', byMemberId: manager.id };
    try {
      const dry = await post(true);
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toEqual(reportJson(await importXlsx(inline, file, { ...opts, dryRun: true })));
      expect(ordersCount(worker)).toBe(ordersCount(inline));
      const real = await post(false);
      expect(real.json()).toMatchObject({ ok: true, applied: true, summary: { 订单: { create: 6_000 } } });
      expect(real.json()).toEqual(reportJson(await importXlsx(inline, file, opts)));
      expect(ordersCount(worker)).toBe(ordersCount(inline));
    } finally {
      await app.close();
    }
    expect(heavyStats(worker).started).toEqual({ import: 2 });
  });

  it("the file's bytes move to the worker (transferred, not copied) and a bad file gets the inline problem", async () => {
    const services = demoOnFile();
    const bytes = new Uint8Array(Buffer.from('姓名,角色\n小王,销售\n'));
    const args = { bytes, dryRun: false, regionName: null, byMemberId: null };
    const expected = reportJson(await importXlsx(services, Buffer.from(bytes), args));
    const out = await runHeavy(services, { kind: 'import', args });
    expect(bytes.byteLength).toBe(0);
    expect(out).toEqual(expected);
    expect(out.problems[0]!.reason).toContain('不是有效的 .xlsx 工作簿');
  });

  it('/团队 in the worker equals the inline figures, for a manager (with ranking) and a rep', async () => {
    const services = demoOnFile();
    const manager = services.repos.members.all().find((m) => m.role === 'manager')!;
    const rep = services.repos.members.all().find((m) => m.role === 'rep')!;
    for (const args of [
      { memberId: manager.id, regionId: manager.regionId!, ranking: true },
      { memberId: rep.id, regionId: rep.regionId!, ranking: false },
    ]) {
      const out = await runHeavy(services, { kind: 'team', args });
      expect(out).toEqual(teamView(services, args));
      expect(out!.kind).toBe(args.memberId === rep.id ? 'rep' : 'manager');
    }
    expect(await runHeavy(services, { kind: 'team', args: { memberId: 999_999, regionId: 1, ranking: false } })).toBeNull();
  });

  it('/团队 on a region past the threshold is computed in the worker and answers the same card', async () => {
    const services = demoOnFile();
    const manager = services.repos.members.all().find((m) => m.role === 'manager')!;
    const owner = services.repos.members.all().find((m) => m.role === 'rep' && m.regionId === manager.regionId)!;
    const add = services.db.$client.prepare(
      "INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES (?, ?, ?, 'stable', '2026-01-05')",
    );
    services.db.$client.transaction(() => {
      for (let i = 0; i < LARGE_TEAM_CUSTOMERS; i++) add.run(`填充客户${i}`, owner.id, manager.regionId);
    })();
    const answer = await consoleSay(services, manager.name, '/团队');
    expect(heavyStats(services).started).toEqual({ team: 1 });
    const inline = teamView(services, { memberId: manager.id, regionId: manager.regionId!, ranking: false });
    expect(inline?.kind).toBe('manager');
    const card = teamCard((inline as { data: Parameters<typeof teamCard>[0] }).data);
    expect(answer.replies[0].reply).toEqual(JSON.parse(JSON.stringify(card)));
  });
});
