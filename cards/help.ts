import { type CardReply, card } from '../src/core/reply.js';

// /帮助: every command the member may use, with examples; built from the command registry.

const ROLE_LABEL = { rep: '销售', manager: '主管', admin: '管理员' } as const;

export interface HelpEntry {
  name: string;
  alias: string | undefined;
  summary: string;
  examples: string[];
}

export function helpCard(member: { name: string; role: keyof typeof ROLE_LABEL }, commands: HelpEntry[]): CardReply {
  return card({
    title: '作战室 · 命令',
    colour: 'blue',
    lines: [`你好，${member.name}（${ROLE_LABEL[member.role]}）。在群里 @作战室 或私聊发送命令：`],
    table: {
      columns: ['命令', '说明', '例子'],
      // One example each keeps the card about a screen and a half on a phone and whole in WeCom's 2048 bytes.
      rows: commands.map((c) => [`/${c.alias ?? c.name}（/${c.name}）`, c.summary, c.examples[0] ?? '']),
    },
    note: '动作和客户名可以写简称或拼音首字母，例如 /记录 回访 hdzg',
  });
}
