import { cleanText } from '../../core/clean-text.js';
import type { ChatRef } from '../../core/events.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { Services } from '../../services.js';

// The optional note after a one-tap 「✓ 完成」: the rep's next plain message in the same chat, within
// NOTE_WINDOW_MINUTES, becomes the log's note. The awaited note is a SQLite row (pending_notes), so
// it survives a restart and works on WeCom, whose replies do not name the message they answer.

export const NOTE_WINDOW_MINUTES = 10;

export function awaitNote(services: Services, member: Member, chat: ChatRef, logId: number): void {
  const until = services.clock.now().getTime() + NOTE_WINDOW_MINUTES * 60_000;
  services.repos.oneTap.awaitNote({ memberId: member.id, logId, platform: chat.platform, chatId: chat.chatId, until });
}

export type NoteOutcome =
  | { kind: 'none' }
  | { kind: 'too-long'; length: number }
  | { kind: 'log-gone' }
  | { kind: 'saved'; logId: number; note: string };

/**
 * Attaches `raw` to the awaited log when the member awaits a note in this chat and the window is
 * open; 'none' lets the message go on as usual. A message starting with / is a command, never a note.
 */
export function takeNote(services: Services, member: Member, chat: ChatRef, raw: string, maxChars: number): NoteOutcome {
  const note = cleanText(raw).trim();
  if (!note || /^[/／]/.test(note)) return { kind: 'none' };
  const pending = services.repos.oneTap.pendingNote(member.id);
  if (!pending || pending.platform !== chat.platform || pending.chatId !== chat.chatId) return { kind: 'none' };
  if (pending.until < services.clock.now().getTime()) {
    services.repos.oneTap.dropNote(member.id);
    return { kind: 'none' };
  }
  const length = [...note].length;
  // Kept awaiting, so a shorter note can follow.
  if (length > maxChars) return { kind: 'too-long', length };
  return services.db.transaction(() => {
    services.repos.oneTap.dropNote(member.id);
    return services.repos.oneTap.setLogNote(pending.logId, note) ? { kind: 'saved', logId: pending.logId, note } : { kind: 'log-gone' };
  });
}
