import type { CardActionEvent, MessageEvent } from '../core/events.js';
import type { Reply } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Services } from '../services.js';

export interface CommandContext {
  services: Services;
  event: MessageEvent;
  member: Member;
  /** Whitespace-separated arguments after the command word. */
  args: string[];
  /** The command word as the user typed it (`/log`, `/记录`), so refusals can repeat it. */
  invokedAs?: string;
}

export interface Command {
  name: string;
  /** Chinese name and other words that invoke it, without the slash. */
  aliases: string[];
  summary: string;
  examples: string[];
  /** Omitted: everyone. */
  roles?: Array<Member['role']>;
  run(ctx: CommandContext): Reply | Reply[] | Promise<Reply | Reply[]>;
}

export interface ActionContext {
  services: Services;
  event: CardActionEvent;
  member: Member;
}

export interface ActionHandler {
  action: string;
  run(ctx: ActionContext): Reply | Reply[] | Promise<Reply | Reply[]>;
}
