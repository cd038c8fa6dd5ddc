import { dashboardLinkCard } from '../../cards/dashboard.js';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { dashboardLink } from '../method/access/link.js';
import { notifyMember } from '../method/delivery/notify.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /看板: a signed link to the 作战室 dashboard, scoped to the member's role (a rep: own detail and
// the team median; a manager: the region). The link is the credential, so it expires.

export const dashboardCommand: Command = {
  name: 'dashboard',
  aliases: ['看板'],
  summary: '打开作战室看板（热力图、行动看板、回款预测、作战地图）',
  examples: ['/看板'],
  run({ services, member, event }) {
    const link = linkCard(services, member);
    if (event.chat.kind === 'dm') return link;
    // The link carries the member's role: posted in a group, every reader would hold it.
    const sent = notifyMember(services, member.id, link, `dashboard:${member.id}:${event.platform}:${event.messageId}`);
    return text(
      sent
        ? `${member.name}，看板链接已私信发给你（链接含你的身份，不在群里发）。`
        : '看板链接含你的身份，不能发在群里。请私聊我发送 /看板。',
    );
  },
};

function linkCard(services: Services, member: Member): Reply {
  const { url, expiresAt } = dashboardLink(services, member);
  const until = new Intl.DateTimeFormat('zh-CN', {
    timeZone: services.config.TEAM_TIMEZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(expiresAt);
  return dashboardLinkCard({ url, role: member.role, until, days: services.config.DASHBOARD_LINK_DAYS });
}
