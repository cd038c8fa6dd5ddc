import type { MessageEvent } from '../core/events.js';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { takeNote } from '../method/logs/log-note.js';
import type { Services } from '../services.js';
import { NOTE_MAX_CHARS } from './log.js';

// A plain message right after a one-tap 「✓ 完成」 (src/commands/item-done.ts) is that log's note,
// with /记录's rules: cleaned text, at most NOTE_MAX_CHARS. null: not a note, route as usual.

export function noteReply(services: Services, event: MessageEvent, member: Member): Reply | null {
  const out = takeNote(services, member, event.chat, event.text, NOTE_MAX_CHARS);
  switch (out.kind) {
    case 'none':
      return null;
    case 'too-long':
      return text(`备注最多 ${NOTE_MAX_CHARS} 字，这条有 ${out.length} 字，没有保存。请精简后再发一次，详细内容可以另发消息。`);
    case 'log-gone':
      return text('这条记录已经撤销或被标记为不合格，备注没有保存。');
    case 'saved': {
      const log = services.repos.logs.byId(out.logId);
      const customer = log ? services.repos.customers.byId(log.customerId)?.name : undefined;
      return text(`已补充备注${customer ? `（${customer}）` : ''}：${out.note}\n记错了可以点确认卡片上的「撤销」或发送 /撤销。`);
    }
  }
}
