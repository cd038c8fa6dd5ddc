import { type CardReply, card } from '../src/core/reply.js';

// /看板: the signed dashboard link, sent by DM only (the link carries the member's role).

const SCOPE_TEXT = {
  rep: '你的客户、行动和作战地图，以及团队中位数',
  manager: '本区域全部销售的热力图、行动看板、预测和作战地图，可导入导出 Excel',
  admin: '全部区域，可导入导出 Excel',
} as const;

export interface DashboardLinkData {
  url: string;
  role: keyof typeof SCOPE_TEXT;
  /** The expiry, already formatted in the team's time zone. */
  until: string;
  days: number;
}

export function dashboardLinkCard(d: DashboardLinkData): CardReply {
  return card({
    title: '作战室看板',
    colour: 'blue',
    lines: [d.url],
    fields: [
      { label: '可以看到', value: SCOPE_TEXT[d.role] },
      { label: '有效期至', value: `${d.until}（${d.days} 天）` },
    ],
    buttons: [{ label: '打开看板', action: 'open', value: {}, url: d.url, style: 'primary' }],
    note: '链接内含你的身份，请勿转发到群里。过期后再发一次 /看板 即可。',
  });
}
