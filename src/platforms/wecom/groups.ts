import type { ChatPort } from '../../core/ports.js';

// Group robots (消息推送 webhooks) are the last fallback for group posts: send-only, 20 a minute, and
// the key in the URL is the credential (docs/platforms/wecom.md §4.5). They are configured per region name, so a
// group chat id is first mapped to the region that /bind tied it to.

/** "华东区=key1,华南区=key2" (commas, semicolons or newlines between pairs). */
export function parseRobotKeys(raw: string | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of (raw ?? '').split(/[,;\n]/)) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const region = pair.slice(0, at).trim();
    const key = pair.slice(at + 1).trim();
    if (region && key) keys.set(region, key);
  }
  return keys;
}

export function regionOfChat(chats: ChatPort, chatId: string): string | null {
  return chats.regionOfChat('wecom', chatId);
}
