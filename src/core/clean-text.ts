// Text as it may be stored: what people type, minus what only a terminal or a renderer acts on
// (docs/security.md "What is stored"). Applied to chat messages, card-action values and imported
// cells before anything is written.

/** ANSI escape sequences (CSI such as ESC[31m, and OSC ending in BEL or ESC\): removed whole. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** C0 controls except tab and newline, DEL, and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
 * invisible direction marks (U+200E, U+200F, U+061C): they can make a note read differently
 * from what is stored ("Trojan Source").
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** U+FFFD is what undecodable bytes (invalid UTF-8) became; it carries no meaning. */
const REPLACEMENT = /\ufffd/g;

/** Half of a UTF-16 pair (a JSON "\ud800" escape): cannot be stored as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(s: string): string {
  return s
    .replace(LONE_SURROGATE, '')
    .replace(/\r\n?/g, '\n')
    .replace(ANSI, '')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .replace(REPLACEMENT, '');
}

/** True when the bytes are valid UTF-8 (a request body with invalid UTF-8 is refused, not repaired). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
