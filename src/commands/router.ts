import { TransientError } from '../core/errors.js';
import type { CardActionEvent, InboundEvent, MessageEvent, SenderRef } from '../core/events.js';
import type { DispatchResult } from '../core/ports.js';
import { notice, type Reply, text } from '../core/reply.js';
import { isBusy } from '../db/client.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Services } from '../services.js';
import { withDoneMark } from './effects.js';
import { noteReply } from './item-note.js';
import type { ActionHandler, Command } from './types.js';

// Routes a neutral InboundEvent to a command or a card-action handler. Platform adapters call
// dispatch() after verifying the request; nothing here knows a platform's payload.

export interface Router {
  commands: Command[];
  dispatch(event: InboundEvent): Promise<DispatchResult>;
}

export type { DispatchResult };

/** The longest command processed (issue 13): words are matched against names only below this. */
export const MAX_COMMAND_CHARS = 500;

const ROLE_NAMES: Record<Member['role'], string> = { rep: '销售', manager: '主管', admin: '管理员' };

export function createRouter(services: Services, commands: Command[], actions: ActionHandler[]): Router {
  const byWord = new Map<string, Command>();
  for (const c of commands) for (const w of [c.name, ...c.aliases]) byWord.set(w.toLowerCase(), c);
  const actionMap = new Map(actions.map((a) => [a.action, a]));

  /** A busy database is not a handler bug: nothing was written, the event stays pending and is retried. */
  async function dispatch(event: InboundEvent): Promise<DispatchResult> {
    try {
      return await dispatchOnce(event);
    } catch (err) {
      if (isBusy(err)) throw new TransientError('database busy: another process holds the write lock', err);
      throw err;
    }
  }

  async function dispatchOnce(event: InboundEvent): Promise<DispatchResult> {
    if (event.kind !== 'message' && event.kind !== 'card_action') return { duplicate: false, replies: [] };
    // Dedupe first: a platform retry of an event already processed must do nothing.
    if (!services.repos.inbound.begin(event.platform, event.eventId, services.clock.now().getTime())) {
      return { duplicate: true, replies: [] };
    }
    const done = () => {
      services.repos.inbound.markDone(event.platform, event.eventId, services.clock.now().getTime());
    };
    const member = identify(services, event.sender);
    if (!member) {
      done();
      return { duplicate: false, replies: [unknownPerson(event.sender)] };
    }
    // The event turns done in the transaction of its effects (src/commands/effects.ts), or after a
    // handler that wrote nothing.
    const scoped = withDoneMark(services, done);
    try {
      const replies = event.kind === 'message' ? await onMessage(scoped, event, member) : await onAction(scoped, event, member);
      done();
      return { duplicate: false, replies: Array.isArray(replies) ? replies : [replies] };
    } catch (err) {
      if (isBusy(err)) throw err;
      // Marked done, so a bug here answers once and is never retried into a storm.
      done();
      services.log.error({ err, eventId: event.eventId, platform: event.platform }, 'handler failed');
      return { duplicate: false, replies: [text('抱歉，处理这条消息时出错了，已记录给管理员。请稍后再试，或发送 /帮助 查看用法。')] };
    }
  }

  async function onMessage(services: Services, event: MessageEvent, member: Member): Promise<Reply | Reply[]> {
    // The note awaited after a one-tap 「✓ 完成」 comes first: a plain message then is not a command.
    const note = noteReply(services, event, member);
    if (note) return note;
    // Bounded before any matching: Feishu messages have no length cap (a 300 KB one froze the process).
    const length = [...event.text.trim()].length;
    if (length > MAX_COMMAND_CHARS) {
      return text(
        `这条消息有 ${length} 个字，命令最多 ${MAX_COMMAND_CHARS} 个字，没有处理。请只写命令、动作和客户（备注写短一些），例如：/记录 高层拜访 华东重工 讲了新工艺`,
      );
    }
    const words = event.text.trim().split(/\s+/).filter(Boolean);
    const head = (words[0] ?? '').replace(/^[/／]/, '').toLowerCase();
    const cmd = byWord.get(head);
    const invokedAs = `/${(words[0] ?? '').replace(/^[/／]/, '')}`;
    if (!cmd) return text(`没有看懂「${event.text.trim().slice(0, 30)}」。发送 /帮助 查看全部命令，例如：/记录 高层拜访 华东重工`);
    if (cmd.roles && !cmd.roles.includes(member.role)) {
      const who = cmd.roles.map((r) => ROLE_NAMES[r]).join('或');
      return text(`${invokedAs} 只有${who}可以使用。你可以发送 /帮助 查看你能用的命令。`);
    }
    return cmd.run({ services, event, member, args: words.slice(1), invokedAs });
  }

  async function onAction(services: Services, event: CardActionEvent, member: Member): Promise<Reply | Reply[]> {
    const handler = actionMap.get(event.action);
    if (!handler) return notice('这个按钮已失效，请重新发送命令。');
    return handler.run({ services, event, member });
  }

  return { commands, dispatch };
}

function identify(services: Services, sender: SenderRef): Member | null {
  return services.repos.members.byIdentity(sender.platform, sender.userId);
}

function unknownPerson(sender: SenderRef): Reply {
  const who = sender.name ? `${sender.name}，` : '';
  return text(
    `${who}你还不在作战室的成员名单里，暂时不能使用命令。请联系区域主管或管理员把你加入名单（Excel 导入成员表，或在管理后台添加），加入后重新发送即可。`,
  );
}
