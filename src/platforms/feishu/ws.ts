import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { sdkLogger } from './dispatcher.js';

// Long-connection mode: the SDK's WSClient receives events and card.action.trigger callbacks with
// no public URL, signature or decryption (docs/platforms/feishu.md §1.6). It reconnects on its own
// (autoReconnect, server-pushed ReconnectCount/Interval). It awaits our handler before acking,
// which is why handlers return quickly and work in the background.

export interface WsOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  dispatcher: lark.EventDispatcher;
  log: Logger;
}

export interface FeishuWs {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): string;
}

export function createFeishuWs(opts: WsOptions): FeishuWs {
  let client: lark.WSClient | null = null;
  const log = opts.log.child({ component: 'feishu-ws' });

  return {
    async start() {
      // The SDK silently refuses app ids not shaped like cli_<16 hex> (docs/platforms/feishu.md §1.6): say so.
      if (!/^cli_[0-9a-fA-F]{16}$/.test(opts.appId))
        log.error('FEISHU_APP_ID does not look like cli_<16 hex>; the long connection will not start');
      client = new lark.WSClient({
        appId: opts.appId,
        appSecret: opts.appSecret,
        domain: opts.apiBase,
        logger: sdkLogger(opts.log),
        loggerLevel: lark.LoggerLevel.warn,
        autoReconnect: true,
        onReady: () => log.info('Feishu long connection ready'),
        onReconnecting: () => log.warn('Feishu long connection lost, reconnecting'),
        onReconnected: () => log.info('Feishu long connection restored'),
        onError: (err) =>
          log.error({ err: err.message }, 'Feishu long connection gave up: check FEISHU_APP_ID/SECRET and that 长连接 is enabled'),
      });
      // Returns at once; the connection is established asynchronously.
      await client.start({ eventDispatcher: opts.dispatcher });
    },
    async stop() {
      client?.close({ force: true });
      client = null;
    },
    status: () => client?.getConnectionStatus().state ?? 'idle',
  };
}
