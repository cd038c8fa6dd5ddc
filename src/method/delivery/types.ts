import type { Platform, SendTarget } from '../../core/events.js';
import type { Reply } from '../../core/reply.js';

/** A message a job or a command wants sent; it becomes one outbox row. */
export interface OutMessage {
  /** e.g. weekly-report:1:2026-W48:feishu; the platform uses it to drop a duplicate send. */
  key: string;
  platform: Platform;
  target: SendTarget;
  reply: Reply;
}
