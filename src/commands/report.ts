import { weeklyReportPreview } from '../../cards/report.js';
import { type Reply, text } from '../core/reply.js';
import { enqueue } from '../method/delivery/outbox.js';
import { regionGroups } from '../method/delivery/recipients.js';
import { isManagerOf, regionIdOf } from '../method/metrics/region-data.js';
import { buildWeeklyReport, weeklyReportMessages } from '../method/reports/weekly-report.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /report: a manager previews this week's Monday report (only they see it); /report post puts it
// into the region's group(s) now. The post uses the Monday job's own keys, so a region gets one
// report per week however it was posted.

const POST_WORDS = new Set(['post', '发布', '发送', '发群']);
const PLATFORM_NAMES: Record<string, string> = { feishu: '飞书', wecom: '企业微信', console: '控制台' };

export const reportCommand: Command = {
  name: 'report',
  aliases: ['报告', '周报'],
  summary: '预览本周的周一晨会报告；加「发布」立即发到区域群（主管、管理员）',
  examples: ['/报告', '/报告 发布'],
  roles: ['manager', 'admin'],
  run({ services, member, args }) {
    const regionId = regionIdOf(services, member);
    if (regionId === null || !isManagerOf(member, regionId)) return text('你还没有归属的区域，请联系管理员在成员表里设置区域。');
    return POST_WORDS.has((args[0] ?? '').toLowerCase()) ? post(services, regionId) : preview(services, regionId);
  },
};

function preview(services: Services, regionId: number): Reply {
  const report = buildWeeklyReport(services, regionId, services.clock.now());
  if (!report) return text('这个区域还没有销售成员，暂时没有周报可看。');
  return weeklyReportPreview(report.card);
}

function post(services: Services, regionId: number): Reply {
  const region = services.repos.regions.byId(regionId);
  const groups = regionGroups(services, regionId);
  if (groups.length === 0)
    return text(`「${region?.name}」还没有绑定群：把机器人拉进区域群，在群里发送 /绑定 ${region?.name ?? '<区域>'}，再发送 /报告 发布。`);
  const messages = weeklyReportMessages(services, regionId, services.clock.now());
  const written = enqueue(services, messages, services.clock.now());
  const where = groups.map((g) => PLATFORM_NAMES[g.platform] ?? g.platform).join('、');
  if (written.length === 0)
    return text(`本周的周报已经发到「${region?.name}」的群（${where}），每周只发一次，不会重复发送。发送 /报告 可以随时预览最新数据。`);
  return text(`已加入发送队列：几秒内发到「${region?.name}」的群（${where}）。本周的周一自动发送不会再重复发。`);
}
