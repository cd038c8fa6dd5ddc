import { actionsHelpCard } from '../../cards/actions.js';
import { card } from '../core/reply.js';
import type { Command } from './types.js';

const ROLE_LABEL = { rep: '销售', manager: '主管', admin: '管理员' } as const;

/** Built from the registry so a new command appears here without editing this file. */
export function helpCommand(all: () => Command[]): Command {
  return {
    name: 'help',
    aliases: ['帮助', '?', '？'],
    summary: '查看全部命令和例子',
    examples: ['/帮助', '/帮助 动作（按阶段列出可记录的动作）'],
    run({ services, member, args }) {
      if (args[0] && ['动作', 'actions', 'action'].includes(args[0].toLowerCase())) return actionsHelpCard(services.repos.actionTypes.all(), '/记录');
      const usable = all().filter((c) => !c.roles || c.roles.includes(member.role));
      return card({
        title: '作战室 · 命令',
        colour: 'blue',
        lines: [`你好，${member.name}（${ROLE_LABEL[member.role]}）。在群里 @作战室 或私聊发送命令：`],
        table: {
          columns: ['命令', '说明', '例子'],
          rows: usable.map((c) => [`/${c.aliases[0] ?? c.name}（/${c.name}）`, c.summary, c.examples.join('；')]),
        },
        note: '动作和客户名可以写简称或拼音首字母，例如 /记录 回访 hdzg',
      });
    },
  };
}
