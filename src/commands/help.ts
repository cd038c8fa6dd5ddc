import { actionsHelpCard } from '../../cards/actions.js';
import { helpCard } from '../../cards/help.js';
import type { Command } from './types.js';

/** Built from the registry so a new command appears here without editing this file. */
export function helpCommand(all: () => Command[]): Command {
  return {
    name: 'help',
    aliases: ['帮助', '?', '？'],
    summary: '查看全部命令和例子',
    examples: ['/帮助', '/帮助 动作（按阶段列出可记录的动作）'],
    run({ services, member, args }) {
      if (args[0] && ['动作', 'actions', 'action'].includes(args[0].toLowerCase()))
        return actionsHelpCard(services.repos.actionTypes.all(), '/记录');
      const usable = all().filter((c) => !c.roles || c.roles.includes(member.role));
      return helpCard(
        member,
        usable.map((c) => ({ name: c.name, alias: c.aliases[0], summary: c.summary, examples: c.examples })),
      );
    },
  };
}
