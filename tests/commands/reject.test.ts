import { describe, expect, it } from 'vitest';
import { metricsApp } from '../helpers/metrics-team.js';

async function setup() {
  const t = await metricsApp();
  const log = (id: number) => t.services.repos.logs.byId(id)!;
  const item = (id: number) => t.services.repos.dueItems.byId(id)!;
  const logId = (out: { replies: Array<{ reply: any }> }) => Number(out.replies[0]!.reply.buttons[0].value.logId);
  return { ...t, log, item, logId };
}

describe('/reject (/不合格)', () => {
  it('a manager rejects a log by id: it completes nothing and its item reopens', async () => {
    const t = await setup();
    const id = t.logId(await t.say('小李', '/记录 现场回访 华东重工'));
    expect(t.item(t.team.items.revisit.id).status).toBe('done');
    const out = await t.say('张经理', `/不合格 ${id}`);
    expect(out.replies[0]!.text).toContain('已标记为不合格');
    expect(out.replies[0]!.text).toContain('已重新打开');
    expect(t.log(id).status).toBe('rejected');
    expect(t.item(t.team.items.revisit.id)).toMatchObject({ status: 'open', completedByLogId: null });
    const again = await t.say('张经理', `/reject ${id}`);
    expect(again.replies[0]!.text).toContain('已经是不合格');
  });

  it('rematches: another valid log of the same window takes the item over', async () => {
    const t = await setup();
    const first = t.logId(await t.say('小李', '/记录 现场回访 华东重工 昨天'));
    const second = t.logId(await t.say('小李', '/记录 现场回访 华东重工 11-20'));
    expect(t.item(t.team.items.revisit.id).completedByLogId).toBe(first);
    const out = await t.say('张经理', `/不合格 ${first}`);
    expect(out.replies[0]!.text).toContain(`改由记录 #${second} 完成`);
    expect(t.item(t.team.items.revisit.id)).toMatchObject({ status: 'done', completedByLogId: second });
  });

  it('finds the log by "客户 动作 [日期]": the one that completed the item, not a later repeat', async () => {
    const t = await setup();
    const older = t.logId(await t.say('小李', '/记录 技术答疑 华东重工 11-20'));
    const newer = t.logId(await t.say('小李', '/记录 技术答疑 华东重工 昨天'));
    expect(t.item(t.team.items.qa.id).completedByLogId).toBe(older);
    const out = await t.say('张经理', '/不合格 华东重工 技术答疑');
    expect(t.log(older).status).toBe('rejected');
    expect(t.log(newer).status).toBe('valid');
    expect(out.replies[0]!.text).toContain(`改由记录 #${newer} 完成`);
    await t.say('张经理', '/不合格 华东重工 答疑 昨天');
    expect(t.log(newer).status).toBe('rejected');
    const none = await t.say('张经理', '/不合格 华东重工 答疑');
    expect(none.replies[0]!.text).toContain('没有找到');
  });

  it('is refused to reps, and to a manager of another region', async () => {
    const t = await setup();
    const id = t.logId(await t.say('小李', '/记录 现场回访 华东重工'));
    const rep = await t.say('老王', `/不合格 ${id}`);
    expect(rep.replies[0]!.text).toContain('只有主管或管理员可以使用');
    const south = await t.say('李经理', `/不合格 ${id}`);
    expect(south.replies[0]!.text).toContain('只有本区域的主管');
    expect(t.log(id).status).toBe('valid');
  });

  it("the log card carries a 不合格 button that only the region's manager can use", async () => {
    const t = await setup();
    const out = await t.say('小李', '/记录 现场回访 华东重工');
    const button = out.replies[0]!.reply.buttons.find((b: any) => b.action === 'log.reject');
    expect(button.label).toContain('不合格');
    const byRep = await t.click('小李', button.action, button.value);
    expect(byRep.replies[0]!.text).toContain('只有主管');
    expect(t.log(Number(button.value.logId)).status).toBe('valid');
    const byManager = await t.click('张经理', button.action, button.value);
    expect(byManager.replies[0]!.text).toContain('已标记为不合格');
    expect(t.log(Number(button.value.logId)).status).toBe('rejected');
  });

  it("a rejected log no longer counts in the week's progress", async () => {
    const t = await setup();
    const id = t.logId(await t.say('小李', '/记录 现场回访 华东重工'));
    await t.say('张经理', `/不合格 ${id}`);
    const my = await t.say('小李', '/我的');
    expect(my.replies[0]!.text).toContain('本周 0/3');
  });

  it('says how to use it, and a voided log needs no verdict', async () => {
    const t = await setup();
    expect((await t.say('张经理', '/不合格')).replies[0]!.text).toContain('用法');
    const id = t.logId(await t.say('小李', '/记录 现场回访 华东重工'));
    await t.say('小李', '/撤销');
    expect((await t.say('张经理', `/不合格 ${id}`)).replies[0]!.text).toContain('已被撤销');
    expect((await t.say('张经理', '/不合格 999')).replies[0]!.text).toContain('没有找到记录 #999');
  });
});
