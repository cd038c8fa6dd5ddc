// A button's action and value travel in the template card button `key`, which WeCom echoes back as
// EventKey (app) / event_key (AI bot). Keys are at most 1024 bytes and must be unique within a card
// (aibot-node-sdk TemplateCardButton: "最长支持 1024 字节，不可重复"), hence the index prefix.

export const BUTTON_KEY_MAX_BYTES = 1024;

export function encodeButtonKey(index: number, action: string, value: Record<string, string>): string {
  return `${index}~${Buffer.from(JSON.stringify([action, value]), 'utf8').toString('base64url')}`;
}

export function decodeButtonKey(key: string): { action: string; value: Record<string, string> } | null {
  const m = /^\d+~([A-Za-z0-9_-]+)$/.exec(key);
  if (!m) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'object' || parsed[1] === null) return null;
    const value: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed[1] as Record<string, unknown>)) if (typeof v === 'string') value[k] = v;
    return { action: parsed[0], value };
  } catch {
    return null;
  }
}
