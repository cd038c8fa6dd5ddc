import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/core/clean-text.js';
import { importXlsx } from '../../src/method/excel/import.js';
import { toCsv } from '../../src/method/excel/workbook.js';
import { seedTeamWithOrders, snapshot, workbook } from '../excel/fixtures.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp, testServices } from '../helpers/test-app.js';

const DIRTY = 'a\u0000b\u0007c\u001b[31md\u001b[0m\u202ee\u2066f\u2069\u200f g\ufffd\u0085h\r\ni\tj\ud800k';

describe('strict input', () => {
  it('cleanText drops controls (not tab/newline), escape sequences, bidi controls, U+FFFD and lone surrogates', () => {
    expect(cleanText(DIRTY)).toBe('abcdef gh\ni\tjk');
    expect(cleanText('华东重工 讲了新工艺')).toBe('华东重工 讲了新工艺');
  });

  it('chat: a note is stored without control characters or bidi overrides', async () => {
    const { app, services } = await buildTestApp({ seed: seedSmallTeam });
    const res = await app.inject({
      method: 'POST',
      url: '/console/messages',
      payload: { as: '小李', text: '/记录 现场回访 华东重工 昨天 讲了\u0000新\u001b[31m工艺\u202e\u0007' },
    });
    expect(res.statusCode).toBe(200);
    const row = services.db.$client.prepare('SELECT note FROM action_logs').get() as { note: string };
    expect(row.note).toBe('讲了新工艺');
    await app.close();
  });

  it('chat: a JSON body that is not valid UTF-8 is refused in Chinese and nothing is stored', async () => {
    const { app, services } = await buildTestApp({ seed: seedSmallTeam });
    const bytes = Buffer.concat([
      Buffer.from('{"as":"小李","text":"/记录 现场回访 华东重工 昨天 '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/console/messages',
      headers: { 'content-type': 'application/json' },
      payload: bytes,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain('UTF-8');
    expect(services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get()).toEqual({ n: 0 });
    await app.close();
  });

  it('chat: a date before DATA_START_DATE is refused with what to type instead', async () => {
    const { app, services } = await buildTestApp({ seed: seedSmallTeam, env: { DATA_START_DATE: '2020-01-01' } });
    for (const date of ['1999-12-31', '2019-06-01']) {
      const res = await app.inject({
        method: 'POST',
        url: '/console/messages',
        payload: { as: '小李', text: `/记录 现场回访 华东重工 ${date}` },
      });
      expect(res.json().replies[0].text).toContain(`只能记录 2020-01-01 以后的动作`);
    }
    expect(services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get()).toEqual({ n: 0 });
    await app.close();
  });

  it('import: dates outside DATA_START_DATE..today are problems; names are cleaned', async () => {
    const { services } = testServices();
    seedTeamWithOrders(services);
    const before = snapshot(services);
    for (const date of ['1900-01-01', '1970-01-01', '1999-12-31', '2099-12-31', '9999-12-31', '2026-11-27']) {
      const r = await importXlsx(services, await workbook({ 订单: [['SO-X', '华东重工', '订单', date, 100]] }));
      expect(r.ok, date).toBe(false);
      expect(r.plan.problems.map((p) => p.reason).join()).toContain(`日期 ${date} 超出范围`);
    }
    const stage = await importXlsx(services, await workbook({ 客户: [['新客户', '小李', '成长型', '1970-01-01', 0, null, null]] }));
    expect(stage.plan.problems.map((p) => p.reason).join()).toContain('超出范围');
    expect(snapshot(services)).toEqual(before);
    const ok = await importXlsx(
      services,
      await workbook({ 客户: [['新\u202e客户\u0007', '小李', '成长型', '2026-11-02', 0, null, null]] }),
    );
    expect(ok.plan.problems).toEqual([]);
    expect(services.repos.customers.all().map((c) => c.name)).toContain('新客户');
  });

  it('CSV: text cells starting with = + - @ tab or CR are prefixed with a quote; numbers are not', () => {
    const csv = toCsv({
      name: 'x',
      headers: ['a'],
      rows: [["-2+3+cmd|' /C calc'!A0"], ['=1+1'], ['+1'], ['@SUM(A1)'], ['\tx'], ['\rx'], [-5], ['正常']],
    });
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.slice(1, 9)).toEqual(["'-2+3+cmd|' /C calc'!A0", "'=1+1", "'+1", "'@SUM(A1)", "'\tx", '"\'\rx"', '-5', '正常']);
  });
});

describe('the inbound guard', () => {
  it('cleans card-action values and sender names as well as message text', async () => {
    const { cleanEvent } = await import('../../src/http/inbound-guard.js');
    const sender = { platform: 'console' as const, userId: 'u', name: '小\u202e李' };
    const chat = { platform: 'console' as const, chatId: 'c', kind: 'dm' as const };
    const ev = cleanEvent({
      kind: 'card_action',
      platform: 'console',
      eventId: 'e',
      chat,
      sender,
      action: 'log.undo',
      value: { note: 'x\u0000y\u001b[2Jz' },
    });
    expect(ev).toMatchObject({ sender: { name: '小李' }, value: { note: 'xyz' } });
  });
});
