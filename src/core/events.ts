// The one shape every platform adapter turns a request into. Nothing outside src/platforms/
// knows a platform's own field names.

export type Platform = 'feishu' | 'wecom' | 'console';

export interface ChatRef {
  platform: Platform;
  chatId: string;
  kind: 'dm' | 'group';
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
