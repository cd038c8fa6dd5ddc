// The one shape every platform adapter turns a request into. Nothing outside src/platforms/
// knows a platform's own field names.

export type Platform = 'feishu' | 'wecom' | 'console';

/** The local console's one group chat: the demo binds its region to it so the Monday report shows there. */
export const CONSOLE_GROUP = 'console-group';

export interface ChatRef {
  platform: Platform;
  chatId: string;
  kind: 'dm' | 'group';
}

/** Where a proactive message goes: a chat, or a member's DM on one platform. */
export interface SendTarget {
  kind: 'chat' | 'member';
  /** A chat id, or a member's platform user id. */
  id: string;
}

export interface SenderRef {
  platform: Platform;
  /** The platform's stable user id (the Feishu open id, the WeCom user id, the console's member name). */
  userId: string;
  name?: string;
}

export interface MessageEvent {
  kind: 'message';
  platform: Platform;
  /** Dedupe key: unique per delivery of the same message across retries. */
  eventId: string;
  messageId: string;
  chat: ChatRef;
  sender: SenderRef;
  /** The text with bot mentions removed. */
  text: string;
}

export interface CardActionEvent {
  kind: 'card_action';
  platform: Platform;
  eventId: string;
  chat: ChatRef;
  sender: SenderRef;
  /** Action name, e.g. 'log.undo'; the handler re-validates value. */
  action: string;
  value: Record<string, string>;
  messageId?: string;
}

export interface HandshakeEvent {
  kind: 'handshake';
  platform: Platform;
  /** What the adapter must answer verbatim. */
  response: unknown;
}

export interface UnsupportedEvent {
  kind: 'unsupported';
  platform: Platform;
  type: string;
}

export type InboundEvent = MessageEvent | CardActionEvent | HandshakeEvent | UnsupportedEvent;
