import type { FastifyInstance } from 'fastify';
import type { Button, CardReply, Reply } from '../core/reply.js';
import { runReminders } from '../jobs/reminders.js';
import { runWarnings } from '../jobs/warnings.js';
import { buildWeeklyReport } from '../method/reports/weekly-report.js';
import type { Services } from '../services.js';

// A walk through the demo that yields one card of every family in cards/README.md, as a new user
// would meet them: commands through the console's own HTTP routes, clicks as the console sends
// them, the scheduled cards from the jobs' outbox. Used by `npm run cards` and the golden tests.

export interface DemoCard {
  name: string;
  reply: CardReply;
}

type Step = { name: string; as: string; text: string; pick?: (r: CardReply[]) => CardReply | undefined };

const STEPS: Step[] = [
  { name: 'help', as: '小李', text: '/帮助' },
  { name: 'log', as: '小李', text: '/记录 现场回访 华东重工' },
  { name: 'log-choices', as: '小李', text: '/记录 高层拜访 华东' },
  { name: 'my', as: '小李', text: '/我的' },
  { name: 'stage-list', as: '小李', text: '/阶段' },
  { name: 'stage', as: '小李', text: '/阶段 华东重工' },
  { name: 'stage-proposed', as: '小李', text: '/阶段 浙江精工制造 成长 已两次复购' },
  { name: 'review-summary', as: '张经理', text: '/复核', pick: (r) => r[0] },
  { name: 'stage-review', as: '张经理', text: '/复核', pick: (r) => r[1] },
  { name: 'stage-changed', as: '张经理', text: '/阶段 绍兴纺机 稳定 新订单已恢复' },
  { name: 'weights', as: '张经理', text: '/权重' },
  { name: 'target-split', as: '张经理', text: '/目标 4.2亿' },
  { name: 'target-published', as: '张经理', text: '/目标 发布' },
  { name: 'target-mine', as: '小李', text: '/目标' },
  { name: 'map', as: '小李', text: '/地图' },
  { name: 'plan', as: '小李', text: '/领取' },
  { name: 'heat', as: '张经理', text: '/热力图' },
  { name: 'forecast', as: '张经理', text: '/预测' },
  { name: 'team', as: '张经理', text: '/团队' },
  { name: 'team-rep', as: '小李', text: '/团队' },
  { name: 'profile', as: '张经理', text: '/画像 小李' },
  { name: 'report-preview', as: '张经理', text: '/报告' },
  { name: 'dashboard', as: '张经理', text: '/看板' },
];

const cardsOf = (replies: Array<{ reply: Reply }>) => replies.map((r) => r.reply).filter((r): r is CardReply => r.kind === 'card');

async function post(app: FastifyInstance, url: string, payload: unknown): Promise<CardReply[]> {
  const res = await app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
  return cardsOf((res.json() as { replies?: Array<{ reply: Reply }> }).replies ?? []);
}

function fromOutbox(services: Services, keys: string[], prefix: string): CardReply | undefined {
  const key = keys.find((k) => k.startsWith(prefix));
  const row = key ? services.repos.outbox.byKey(key) : null;
  const reply = row ? (JSON.parse(row.payloadJson) as Reply) : null;
  return reply?.kind === 'card' ? reply : undefined;
}

/** Every card family on the demo (seeded, console mode). Order and content are deterministic for a fixed clock. */
export async function demoCardWalk(app: FastifyInstance, services: Services): Promise<DemoCard[]> {
  // Everyone reachable by DM on the console, so the jobs and notifications have somewhere to write.
  for (const m of services.repos.members.all())
    if (!services.repos.members.identityOf(m.id, 'console')) services.repos.members.bindIdentity(m.id, 'console', m.name);
  const out: DemoCard[] = [];
  const add = (name: string, reply: CardReply | undefined) => {
    if (reply) out.push({ name, reply });
  };
  for (const s of STEPS) {
    const replies = await post(app, '/console/messages', { as: s.as, text: s.text, id: `walk-${s.name}` });
    add(s.name, s.pick ? s.pick(replies) : replies[0]);
  }
  const forecast = out.find((c) => c.name === 'forecast')?.reply.buttons?.[0];
  if (forecast)
    add(
      'forecast-parts',
      (await post(app, '/console/actions', { as: '张经理', action: forecast.action, value: forecast.value, id: 'walk-parts' }))[0],
    );
  const lower = await post(app, '/console/messages', { as: '小李', text: '/领取 华东重工 技术答疑 每季度1次', id: 'walk-freq' });
  void lower;
  const now = services.clock.now();
  const freq = services.repos.outbox.list({ limit: 1000 }).find((r) => r.idempotencyKey.startsWith('frequency-review:'));
  add('frequency-review', freq ? (JSON.parse(freq.payloadJson) as CardReply) : undefined);
  const region = services.repos.regions.all()[0];
  add('weekly-report', region ? buildWeeklyReport(services, region.id, now)?.card : undefined);
  const warnings = runWarnings(services, now).enqueued;
  add('warning', fromOutbox(services, warnings, 'warning:'));
  add('nudge', fromOutbox(services, warnings, 'warning-nudge:'));
  add('reminder', fromOutbox(services, runReminders(services, now).enqueued, 'reminders:'));
  await oneTapWalk(app, out, add);
  return out;
}

/** The one-tap follow-ups, last so that what they write changes no card above. */
async function oneTapWalk(app: FastifyInstance, out: DemoCard[], add: (name: string, reply: CardReply | undefined) => void) {
  const click = async (as: string, b: Button | undefined, id: string) =>
    b ? (await post(app, '/console/actions', { as, action: b.action, value: b.value, id }))[0] : undefined;
  const my = out.find((c) => c.name === 'my')?.reply.buttons ?? [];
  // Each open item has its own 「改期」; `/改期` typed picks among them first.
  add('move-pick', (await post(app, '/console/messages', { as: '小李', text: '/改期', id: 'walk-move-pick' }))[0]);
  add(
    'move-dates',
    await click(
      '小李',
      my.find((b) => b.action === 'item.move'),
      'walk-move-dates',
    ),
  );
  const warning = out.find((c) => c.name === 'warning')?.reply.buttons ?? [];
  const dates = await click(
    '张经理',
    warning.find((b) => b.action === 'warning.coach'),
    'walk-coach',
  );
  add('coach-dates', dates);
  add('coaching', await click('张经理', dates?.buttons?.[0], 'walk-coaching'));
  add(
    'log-one-tap',
    await click(
      '小李',
      my.find((b) => b.action === 'item.done'),
      'walk-done',
    ),
  );
}
