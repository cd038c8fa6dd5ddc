import { describe, expect, it } from 'vitest';
import { orders } from '../../src/db/schema.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

// Issue 14 item 5: /记录 says exactly what to do. The clock is Thursday 2026-11-26 (tests/helpers/test-app.ts).

async function setup() {
  let team!: ReturnType<typeof seedSmallTeam>;
  const built = await buildTestApp({
    seed: (s) => {
      team = seedSmallTeam(s);
      s.db.insert(orders).values({ customerId: team.customers.hdzg.id, kind: 'order', date: '2026-06-01', amountFen: 100_000_000 }).run();
    },
  });
  const say = async (as: string, text: string) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } });
    expect(res.statusCode).toBe(200);
    return (res.json() as { replies: Array<{ reply: any; text: string }> }).replies[0]!;
  };
  const click = async (as: string, b: { action: string; value: Record<string, string> }) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/actions', payload: { as, action: b.action, value: b.value } });
    return (res.json() as { replies: Array<{ reply: any; text: string }> }).replies[0]!;
  };
  const logs = () => built.services.db.$client.prepare('SELECT * FROM action_logs ORDER BY id').all() as any[];
  return { ...built, team, say, click, logs };
}

describe('/记录: date words', () => {
  it('reads 上周三, 本周二, 大前天, 11月20日 and 2026年11月20日', async () => {
    const t = await setup();
    const cases: Array<[string, string]> = [
      ['上周三', '2026-11-18'],
      ['这周二', '2026-11-24'],
      ['大前天', '2026-11-23'],
      ['11月20日', '2026-11-20'],
      ['2026年11月19日', '2026-11-19'],
    ];
    for (const [word, _date] of cases) await t.say('小李', `/记录 技术答疑 华东重工 ${word} 讲了新工艺`);
    expect(t.logs().map((l) => [l.occurred_on, l.note])).toEqual(cases.map(([, d]) => [d, '讲了新工艺']));
  });

  it('refuses 明天, 后天, 下周一 and 本周五 as the future, naming the date and the command as typed', async () => {
    const t = await setup();
    const tomorrow = await t.say('小李', '/log 技术答疑 华东重工 明天');
    expect(tomorrow.text).toContain('「明天」是 2026-11-27，还没到');
    expect(tomorrow.text).toContain('/log 技术答疑 华东重工 昨天');
    for (const w of ['后天', '下周一', '本周五']) expect((await t.say('小李', `/记录 技术答疑 华东重工 ${w}`)).text).toContain('还没到');
    expect(t.logs()).toEqual([]);
  });

  it('refuses a date-like word it cannot read instead of keeping it as the note', async () => {
    const t = await setup();
    for (const w of ['上个月', '两天前', '上周', '周末']) {
      const out = await t.say('小李', `/记录 技术答疑 华东重工 ${w}`);
      expect(out.text).toContain(`看不懂日期「${w}」，没有记录`);
    }
    expect(t.logs()).toEqual([]);
    await t.say('小李', '/记录 技术答疑 华东重工 明年续约有戏');
    expect(t.logs()[0]).toMatchObject({ occurred_on: '2026-11-26', note: '明年续约有戏' });
  });

  it("refuses dates more than a year back or before the customer's first order", async () => {
    const t = await setup();
    expect((await t.say('小李', '/记录 技术答疑 华东重工 1970-01-01')).text).toContain('一年多以前，不能补记');
    expect((await t.say('小李', '/记录 技术答疑 华东重工 2025-11-25')).text).toContain('最早 2025-11-26');
    expect((await t.say('小李', '/记录 技术答疑 华东重工 2026-05-20')).text).toContain('早于「华东重工」的第一笔订单（2026-06-01）');
    expect(t.logs()).toEqual([]);
    await t.say('小李', '/记录 技术答疑 华东重工 2026-06-01');
    expect(t.logs()).toHaveLength(1);
  });
});

describe('/记录: actions and customers', () => {
  it('/帮助 动作 and an unknown action list the actions by stage', async () => {
    const t = await setup();
    const help = await t.say('小李', '/帮助 动作');
    expect(help.text).toContain('孵化型：现场回访（onsite_revisit）、技术答疑（tech_qa）、试用升级方案（trial_upgrade）');
    expect(help.text).toContain('衰退型：');
    expect(help.text).toContain('其他（可记录，不计入完成率）：普通拜访（ordinary_visit）');
    const unknown = await t.say('小李', '/log 跳舞 华东重工');
    expect(unknown.text).toContain('没有找到动作「跳舞」');
    expect(unknown.text).toContain('成长型：高层拜访（exec_visit）');
    expect(unknown.text).toContain('例如：/log 技术答疑 华东重工');
  });

  it('accepts action codes and English names', async () => {
    const t = await setup();
    expect((await t.say('小李', '/log tech_qa 华东重工')).text).toContain('已记录：技术答疑 · 华东重工');
    expect((await t.say('小李', '/log revisit 华东重工')).text).toContain('已记录：现场回访 · 华东重工');
    expect((await t.say('小李', '/log exec-visit 华东精密机械')).text).toContain('已记录：高层拜访 · 华东精密机械');
  });

  it("/记录 <客户> alone lists that customer's pack actions; a click logs it for today", async () => {
    const t = await setup();
    const out = await t.say('小李', '/记录 华东重工');
    expect(out.reply.title).toBe('记录「华东重工」的哪个动作？');
    expect(out.reply.buttons.map((b: any) => b.label)).toEqual(['现场回访', '技术答疑', '试用升级方案']);
    expect(t.logs()).toEqual([]);
    const done = await t.click('小李', out.reply.buttons[1]);
    expect(done.text).toContain('已记录：技术答疑 · 华东重工');
    expect(t.logs()[0]).toMatchObject({ action_code: 'tech_qa', occurred_on: '2026-11-26' });
  });

  it("/记录 <动作> alone lists the rep's own customers, those whose pack has it first", async () => {
    const t = await setup();
    const out = await t.say('小李', '/记录 高层拜访');
    expect(out.reply.title).toBe('「高层拜访」是哪个客户？');
    expect(out.reply.buttons.map((b: any) => b.label)).toEqual(['华东精密机械', '华东重工']);
    expect(out.text).not.toContain('金陵机床');
  });

  it('asks before a second log of the same action, customer and date; "再记一条" records it', async () => {
    const t = await setup();
    await t.say('小李', '/记录 技术答疑 华东重工 昨天');
    const again = await t.say('小李', '/记录 答疑 华东重工 昨天 又去了一次');
    expect(again.reply.title).toBe('已经记录过了');
    expect(again.reply.buttons.map((b: any) => b.label)).toEqual(['再记一条']);
    expect(again.text).toContain('2026-11-25 的「技术答疑 · 华东重工」已经记录过');
    expect(t.logs()).toHaveLength(1);
    const confirmed = await t.click('小李', again.reply.buttons[0]);
    expect(confirmed.text).toContain('已记录：技术答疑 · 华东重工');
    await t.click('小李', again.reply.buttons[0]); // a double click stays one log
    expect(t.logs().map((l) => [l.occurred_on, l.note])).toEqual([
      ['2026-11-25', null],
      ['2026-11-25', '又去了一次'],
    ]);
    await t.say('小李', '/记录 技术答疑 华东重工 今天');
    expect(t.logs()).toHaveLength(3); // another day is no repeat
  });
});

describe('/记录: limits and refusals in Chinese', () => {
  it('refuses a note over the limit with a Chinese reply', async () => {
    const t = await setup();
    const out = await t.say('小李', `/log 技术答疑 华东重工 昨天 ${'很'.repeat(450)}`);
    expect(out.text).toContain('备注最多 400 字，这条有 450 字，没有记录');
    expect(out.text).toContain('/log');
    expect(t.logs()).toEqual([]);
    const tooLong = await t.app.inject({
      method: 'POST',
      url: '/console/messages',
      payload: { as: '小李', text: `/log 技术答疑 华东重工 ${'很'.repeat(2100)}` },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toBe('消息太长：一条最多 2000 字，请分几条发送');
  });

  it('names the command as typed in a refusal by role', async () => {
    const t = await setup();
    expect((await t.say('小李', '/report')).text).toContain('/report 只有主管或管理员可以使用');
    expect((await t.say('小李', '/报告')).text).toContain('/报告 只有主管或管理员可以使用');
  });
});
