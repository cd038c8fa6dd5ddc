import { helpCommand } from './help.js';
import { logChooseAction, logCommand } from './log.js';
import { myCommand } from './my.js';
import type { ActionHandler, Command } from './types.js';
import { undoAction, undoCommand } from './undo.js';

// The registry: adding a command is one file in src/commands/ plus one line here (README: "Adding a command").

export function allCommands(): Command[] {
  const list: Command[] = [logCommand, undoCommand, myCommand];
  list.push(helpCommand(() => list));
  return list;
}

export function allActions(): ActionHandler[] {
  return [logChooseAction, undoAction];
}
