import { type Reply, toPlainText } from '../../core/reply.js';

/** The console shows the neutral model as a card in the page, with the plain text beside it. */
export function renderConsole(reply: Reply): { reply: Reply; text: string } {
  return { reply, text: toPlainText(reply) };
}
