import type { AdapterFactory } from './app.js';
import type { Config } from './config.js';
import { TransientError } from './core/errors.js';
import type { CardActionEvent, MessageEvent } from './core/events.js';
import { createLane } from './core/lane.js';
import type { Dispatch, IdentityPort } from './core/ports.js';
import { isBusy } from './db/client.js';
import { enqueue } from './method/delivery/outbox.js';
import { createIdentities } from './method/people/identities.js';
import { createFeishuAdapter, type FeishuSettings } from './platforms/feishu/index.js';
import type { AdapterDeps, PlatformAdapter } from './platforms/types.js';
import { createWecomAdapter, type WecomSettings } from './platforms/wecom/index.js';
import type { Services } from './services.js';

// The wiring between the platforms and the rest: the neutral ports every adapter is given, and each
// adapter's own settings read from the configuration. Platforms import only src/core/, so this is
// the one place that knows both sides.

/** The ports for one app: one lane, the router's dispatch, the dedupe record, identities, chats. */
export function adapterDeps(services: Services, dispatch: Dispatch): AdapterDeps {
  const { repos, clock } = services;
  return {
    log: services.log,
    clock,
    lane: createLane(services.log),
    dispatch,
    inbox: {
      accept: (e) => transient(() => repos.inbound.accept(e.platform, e.eventId, JSON.stringify(e), clock.now().getTime())),
      claim: (platform, eventId) => transient(() => repos.inbound.claim(platform, eventId, clock.now().getTime())),
    },
    identities: transientIdentities(createIdentities(services)),
    chats: { regionOfChat: (platform, chatId) => repos.regions.regionOfChat(platform, chatId)?.name ?? null },
    outbox: {
      enqueue: (platform, target, reply, key) => {
        enqueue(services, [{ key, platform, target, reply }], clock.now());
      },
    },
    // Recorded in the inbox table under a channel name of their own ('wecom-robot'), pruned like it.
    attempts: {
      begin: (channel, key) => transient(() => repos.inbound.claim(channel, key, clock.now().getTime())),
      failed: (channel, key) => {
        repos.inbound.forget(channel, key);
      },
    },
  };
}

/** A busy database becomes the neutral TransientError the adapters retry (src/core/errors.ts). */
function transient<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (isBusy(err)) throw new TransientError('database busy: another process holds the write lock', err);
    throw err;
  }
}

function transientIdentities(ids: IdentityPort): IdentityPort {
  return {
    ...ids,
    resolve: (platform, userId, lookup) =>
      ids.resolve(platform, userId, lookup).catch((err: unknown) =>
        transient(() => {
          throw err;
        }),
      ),
    bindByName: (platform, userId, name) => transient(() => ids.bindByName(platform, userId, name)),
  };
}

export function feishuSettings(c: Config): FeishuSettings {
  if (!c.FEISHU_APP_ID || !c.FEISHU_APP_SECRET) throw new Error('Feishu adapter needs FEISHU_APP_ID and FEISHU_APP_SECRET');
  return {
    appId: c.FEISHU_APP_ID,
    appSecret: c.FEISHU_APP_SECRET,
    verificationToken: c.FEISHU_VERIFICATION_TOKEN,
    encryptKey: c.FEISHU_ENCRYPT_KEY,
    mode: c.FEISHU_MODE,
    apiBase: c.FEISHU_API_BASE,
  };
}

export function wecomSettings(c: Config): WecomSettings {
  if (!c.WECOM_CORP_ID || !c.WECOM_SECRET || !c.WECOM_AGENT_ID)
    throw new Error('WeCom needs WECOM_CORP_ID, WECOM_SECRET and WECOM_AGENT_ID');
  return {
    corpId: c.WECOM_CORP_ID,
    agentId: c.WECOM_AGENT_ID,
    secret: c.WECOM_SECRET,
    token: c.WECOM_TOKEN,
    encodingAesKey: c.WECOM_ENCODING_AES_KEY,
    botMode: c.WECOM_BOT_MODE,
    botId: c.WECOM_BOT_ID,
    botSecret: c.WECOM_BOT_SECRET,
    botWsUrl: c.WECOM_BOT_WS_URL,
    botToken: c.WECOM_BOT_TOKEN,
    botEncodingAesKey: c.WECOM_BOT_ENCODING_AES_KEY,
    apiBase: c.WECOM_API_BASE,
    groupRobotKeys: c.WECOM_GROUP_ROBOT_KEYS,
    publicBaseUrl: c.PUBLIC_BASE_URL,
  };
}

/** The chat platforms the configuration turns on (the console is added by buildApp itself). */
export function configuredAdapters(config: Config): AdapterFactory[] {
  const list: AdapterFactory[] = [];
  if (config.FEISHU_APP_ID) list.push((deps) => createFeishuAdapter(deps, feishuSettings(config)));
  if (config.WECOM_CORP_ID) list.push((deps) => createWecomAdapter(deps, wecomSettings(config)));
  return list;
}

/**
 * Start-up: events acked before a crash (or a busy database) are still pending in the inbox; each
 * goes back to its adapter, which processes it and answers as if it had just arrived.
 */
export function resumeInbox(services: Services, adapters: PlatformAdapter[]): number {
  let resumed = 0;
  for (const row of services.repos.inbound.unfinished(10_000)) {
    const adapter = adapters.find((a) => a.platform === row.platform && a.resume);
    if (!adapter || !row.eventJson) continue;
    adapter.resume!(JSON.parse(row.eventJson) as MessageEvent | CardActionEvent);
    resumed++;
  }
  if (resumed) services.log.info({ resumed }, 'resumed inbound events acked before the last stop');
  return resumed;
}
