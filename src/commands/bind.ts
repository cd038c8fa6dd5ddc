import { text } from '../core/reply.js';
import type { Command } from './types.js';

// /bind <区域>: makes the current group the region's group on this platform (weekly report,
// warnings). A region has one group per platform; re-binding moves it (RegionsRepo.bindChat).

export const bindCommand: Command = {
  name: 'bind',
  aliases: ['绑定'],
  summary: '把当前群绑定为某个区域的作战群（主管、管理员）',
  examples: ['/绑定 华东区'],
  roles: ['manager', 'admin'],
  run({ services, event, member, args }) {
    const { regions } = services.repos;
    if (event.chat.kind !== 'group') {
      return text('/绑定 只能在群里使用：请把机器人拉进区域群，在群里 @机器人 发送 /绑定 <区域>，例如 /绑定 华东区。');
    }
    const own = member.regionId != null ? regions.byId(member.regionId) : null;
    const name = args.join(' ').trim();
    const region = name ? regions.byName(name) : own;
    if (!region) {
      const all =
        regions
          .all()
          .map((r) => r.name)
          .join('、') || '（还没有区域）';
      return text(
        name
          ? `没有找到区域「${name}」。现有区域：${all}。用法：/绑定 <区域>`
          : `请写出要绑定的区域，例如 /绑定 华东区。现有区域：${all}。`,
      );
    }
    if (member.role === 'manager' && region.id !== member.regionId) {
      return text(`你是${own?.name ?? '其他区域'}的主管，只能绑定自己的区域。绑定「${region.name}」请联系管理员。`);
    }
    // bindChat moves the chat silently, so a manager must not take over another region's group:
    // only that region's managers (or an admin) may rebind it.
    const current = regions.regionOfChat(event.platform, event.chat.chatId);
    if (current && current.id !== region.id && member.role !== 'admin' && current.id !== member.regionId) {
      const managers = services.repos.members
        .inRegion(current.id)
        .filter((m) => m.role === 'manager')
        .map((m) => m.name);
      const who = managers.length ? `${current.name}的主管（${managers.join('、')}）或管理员` : '管理员';
      return text(
        `本群已绑定为「${current.name}」的作战群，只有${who}可以改绑。如要给「${region.name}」绑定作战群，请在${region.name}自己的群里发送 /绑定 ${region.name}。`,
      );
    }
    regions.bindChat(region.id, event.platform, event.chat.chatId);
    return text(`已将本群绑定为「${region.name}」的作战群：周报和预警会发到这里。如需改绑，在新群里再发送 /绑定 ${region.name}。`);
  },
};
