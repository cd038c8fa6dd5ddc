import { describe, expect, it } from 'vitest';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

async function setup() {
  let team!: ReturnType<typeof seedSmallTeam>;
  const built = await buildTestApp({
    seed: (s) => {
      team = seedSmallTeam(s);
    },
  });
  const say = async (as: string, text: string, id?: string) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text, id } });
    expect(res.statusCode).toBe(200);
    return res.json() as { duplicate: boolean; replies: Array<{ reply: any; text: string }> };
  };
  const click = async (as: string, action: string, value: Record<string, string>) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/actions', payload: { as, action, value } });
    return res.json() as { replies: Array<{ reply: any; text: string }> };
  };
  const logs = () => built.services.db.$client.prepare('SELECT * FROM action_logs ORDER BY id').all() as any[];
  const item = (id: number) => built.services.repos.dueItems.byId(id)!;
  return { ...built, team, say, click, logs, item };
}

describe('/log through the console', () => {
  it('reads 「@作战室 /记录 …」 as a group message would (issue 15 item 7)', async () => {
    const t = await setup();
    const out = await t.say('小李', '@作战室 /记录 现场回访 华东重工');
    expect(out.replies[0]!.text).toContain('已记录：现场回访 · 华东重工');
    expect(t.logs()).toHaveLength(1);
  });

  it("logs a clear match, completes the due item and shows this week's progress", async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 现场回访 华东重工');
    const r = out.replies[0]!;
    expect(r.reply.kind).toBe('card');
    expect(r.text).toContain('已记录：现场回访 · 华东重工');
    expect(r.text).toContain('本周 1/3');
    expect(r.reply.buttons[0]).toMatchObject({ label: '撤销', action: 'log.undo' });
    expect(t.item(t.team.items.revisit.id).status).toBe('done');
    expect(t.logs()).toHaveLength(1);
  });

  it('accepts customer first, Chinese command name, a date and a note', async () => {
    const t = await setup();
    const out = await t.say('小李', '/记录 华东重工 答疑 昨天 讲了新工艺');
    expect(out.replies[0]!.text).toContain('技术答疑');
    const [log] = t.logs();
    expect(log).toMatchObject({ action_code: 'tech_qa', occurred_on: '2026-11-25', note: '讲了新工艺' });
  });

  it('offers choices when the customer is ambiguous, and a click logs it', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 高层拜访 华东');
    const r = out.replies[0]!.reply;
    expect(r.title).toBe('你是说…?');
    expect(r.buttons.length).toBeGreaterThanOrEqual(2);
    expect(t.logs()).toHaveLength(0);
    const choice = r.buttons.find((b: any) => b.label.includes('华东精密机械'));
    const clicked = await t.click('小李', choice.action, choice.value);
    expect(clicked.replies[0]!.text).toContain('已记录：高层拜访 · 华东精密机械');
    await t.click('小李', choice.action, choice.value);
    expect(t.logs()).toHaveLength(1);
    // A second, different choice of the same message shows the log that was written.
    const other = r.buttons.find((b: any) => b !== choice);
    const again = await t.click('小李', other.action, other.value);
    expect(again.replies[0]!.text).toContain('已记录：高层拜访 · 华东精密机械');
    expect(again.replies[0]!.text).toContain('之前已经记录过');
    expect(t.logs()).toHaveLength(1);
  });

  it('names the closest when action or customer is unknown', async () => {
    const t = await setup();
    const a = await t.say('小李', '/log 跳舞 华东重工');
    expect(a.replies[0]!.text).toMatch(/没有找到动作「跳舞」/);
    const c = await t.say('小李', '/log 现场回访 北京地铁公司');
    expect(c.replies[0]!.text).toMatch(/没有找到客户「北京地铁公司」/);
    expect(t.logs()).toHaveLength(0);
  });

  it('refuses a future date and says what to type', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 现场回访 华东重工 12-01');
    expect(out.replies[0]!.text).toContain('不能记录未来');
    expect(t.logs()).toHaveLength(0);
  });

  it('records an action outside the pack but says it does not count', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 高层拜访 华东重工');
    expect(out.replies[0]!.text).toContain('不计入完成率');
    expect(t.logs()).toHaveLength(1);
    expect(t.item(t.team.items.revisit.id).status).toBe('open');
  });

  it('writes one log for the same message id delivered twice', async () => {
    const t = await setup();
    await t.say('小李', '/log 现场回访 华东重工', 'msg-42');
    const again = await t.say('小李', '/log 现场回访 华东重工', 'msg-42');
    expect(again.duplicate).toBe(true);
    expect(again.replies).toHaveLength(0);
    expect(t.logs()).toHaveLength(1);
  });

  it('shows usage when arguments are missing', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log');
    expect(out.replies[0]!.text).toContain('用法：/log <动作> <客户>'); // the command as typed
    expect((await t.say('小李', '/记录')).replies[0]!.text).toContain('用法：/记录 <动作> <客户>');
  });
});

describe('permissions', () => {
  it("a rep cannot log for another rep's customer and is told what to do", async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 满意度调研 金陵机床');
    expect(out.replies[0]!.text).toContain('是老王的客户');
    expect(t.logs()).toHaveLength(0);
  });

  it("a manager may log for the region, recorded as the owner's", async () => {
    const t = await setup();
    const out = await t.say('张经理', '/log 满意度调研 金陵机床');
    expect(out.replies[0]!.text).toContain('为 老王 记录');
    expect(t.logs()[0]).toMatchObject({ member_id: t.team.wang.id, logged_by_id: t.team.manager.id });
  });

  it('an unknown person is told how to be added', async () => {
    const t = await setup();
    const out = await t.say('路人甲', '/my');
    expect(out.replies[0]!.text).toContain('成员名单');
  });

  it('a manager of another region cannot undo a log', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 现场回访 华东重工');
    const undo = out.replies[0]!.reply.buttons[0];
    const other = t.services.db.$client.prepare("INSERT INTO regions (name, weights_json) VALUES ('华南区', '{}') RETURNING id").get() as {
      id: number;
    };
    t.services.db.$client.prepare("INSERT INTO members (name, role, region_id) VALUES ('李经理', 'manager', ?)").run(other.id);
    const refused = await t.click('李经理', undo.action, undo.value);
    expect(refused.replies[0]!.text).toContain('只有记录人本人或主管');
    expect(refused.replies[0]!.reply.private).toBe(true);
    expect(t.logs()[0].status).toBe('valid');
  });

  it('only the logger or a manager can undo by button', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 现场回访 华东重工');
    const undo = out.replies[0]!.reply.buttons[0];
    const byWang = await t.click('老王', undo.action, undo.value);
    expect(byWang.replies[0]!.text).toContain('只有记录人本人或主管');
    expect(t.logs()[0].status).toBe('valid');
  });
});

describe('/undo and /my', () => {
  it('/undo voids the last log of 24 h and reopens its due item', async () => {
    const t = await setup();
    await t.say('小李', '/log 现场回访 华东重工');
    const out = await t.say('小李', '/撤销');
    expect(out.replies[0]!.text).toContain('已撤销');
    expect(t.logs()[0].status).toBe('voided');
    expect(t.item(t.team.items.revisit.id).status).toBe('open');
    const again = await t.say('小李', '/undo');
    expect(again.replies[0]!.text).toContain('没有可撤销');
  });

  it('/undo lets another valid log of the same window take the item over', async () => {
    const t = await setup();
    const first = await t.say('小李', '/log 现场回访 华东重工 周一');
    const second = await t.say('小李', '/log 现场回访 华东重工 今天');
    expect(second.replies[0]!.text).toContain('不重复计数');
    const undo = first.replies[0]!.reply.buttons[0];
    expect((await t.click('小李', undo.action, undo.value)).replies[0]!.text).toContain('已撤销');
    const [voided, kept] = t.logs();
    expect(voided.status).toBe('voided');
    expect(t.item(t.team.items.revisit.id)).toMatchObject({ status: 'done', completedByLogId: kept.id });
  });

  it('/undo does not reach past 24 hours', async () => {
    const t = await setup();
    await t.say('小李', '/log 现场回访 华东重工');
    t.clock.advance(25 * 3600 * 1000);
    const out = await t.say('小李', '/undo');
    expect(out.replies[0]!.text).toContain('没有可撤销');
  });

  it('the Undo button undoes once', async () => {
    const t = await setup();
    const out = await t.say('小李', '/log 现场回访 华东重工');
    const undo = out.replies[0]!.reply.buttons[0];
    expect((await t.click('小李', undo.action, undo.value)).replies[0]!.text).toContain('已撤销');
    expect((await t.click('小李', undo.action, undo.value)).replies[0]!.text).toContain('已经撤销过');
  });

  it("/my shows this week's items including what was just logged, and last week", async () => {
    const t = await setup();
    await t.say('小李', '/log 现场回访 华东重工');
    const out = await t.say('小李', '/我的');
    const r = out.replies[0]!;
    expect(r.text).toContain('本周 1/3');
    expect(r.text).toContain('现场回访');
    expect(r.text).toContain('已完成');
    expect(r.text).toMatch(/上周/);
  });

  it('/help lists commands with examples', async () => {
    const t = await setup();
    const out = await t.say('小李', '/帮助');
    expect(out.replies[0]!.text).toContain('/记录 高层拜访 华东重工');
  });

  it('an unknown command points to /帮助', async () => {
    const t = await setup();
    const out = await t.say('小李', '/跳舞');
    expect(out.replies[0]!.text).toContain('/帮助');
  });
});
