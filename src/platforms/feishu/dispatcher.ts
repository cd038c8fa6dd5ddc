import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { Handlers } from './handlers.js';

// One SDK EventDispatcher for both transports: WSClient requires it, and the webhook route hands
// it already verified and decrypted envelopes with needCheck:false, because the SDK's own check
// signs JSON.stringify(parsed body) instead of the raw bytes (docs/platforms/feishu.md §1.5).

/** The SDK logs through this; pino keeps it structured and never sees request bodies. */
export function sdkLogger(log: Logger): lark.Logger {
  const child = log.child({ component: 'feishu-sdk' });
  return {
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
    trace: (...m: unknown[]) => child.trace(m.map(String).join(' ')),
  };
}

export function createDispatcher(handlers: Handlers, log: Logger): lark.EventDispatcher {
  return new lark.EventDispatcher({ logger: sdkLogger(log), loggerLevel: lark.LoggerLevel.warn }).register({
    'im.message.receive_v1': (data: unknown) => handlers.onMessage(data),
    // New-style callbacks route like events on header.event_type (docs/platforms/feishu.md §1.4); not in IHandles.
    'card.action.trigger': (data: unknown) => handlers.onCardAction(data),
  });
}
