import { notice, text } from '../core/reply.js';
import { awaitNote, NOTE_WINDOW_MINUTES } from '../method/logs/log-note.js';
import { logConfirmation, writeLog } from '../method/logs/log-write.js';
import { mayLogFor } from './log.js';
import type { ActionHandler } from './types.js';

// 「✓ 完成」 on the Thursday reminder and /我的 (cards/items.ts itemButtons): logs the item's action
// for its customer today, with the same rules and confirmation as /记录. The source is the item, so a
// double tap (or the same button on two cards) writes one log.

export const itemDoneAction: ActionHandler = {
  action: 'item.done',
  run({ services, event, member }) {
    const item = services.repos.dueItems.byId(Number(event.value.itemId));
    const customer = item ? services.repos.customers.byId(item.customerId) : null;
    const action = item ? services.repos.actionTypes.all().find((a) => a.code === item.actionCode) : undefined;
    if (!item || !customer || !action) return text('这项待办已不存在，请发送 /我的 查看本周待办。');
    if (!mayLogFor(member, customer)) return notice('这是其他同事的待办，只能由本人或主管记录。');
    if (item.status === 'cancelled') return text('这项待办已取消（客户阶段或计划有变），不需要再做。发送 /我的 查看本周待办。');
    const source = `item-done:${item.id}`;
    if (item.status === 'done' && !services.repos.logs.bySource(event.platform, source))
      return text('这项待办已经完成了，不需要再记录。发送 /我的 查看本周待办。');
    const req = {
      by: member,
      customer,
      action,
      date: services.today(),
      note: null,
      platform: event.platform,
      sourceId: source,
      itemId: item.id,
      // Awaited in the log's own transaction: acked means durable, the note row included.
      onWritten: (logId: number) => awaitNote(services, member, event.chat, logId),
    };
    const out = writeLog(services, req);
    return logConfirmation(services, req, out, out.duplicate ? undefined : NOTE_WINDOW_MINUTES);
  },
};
