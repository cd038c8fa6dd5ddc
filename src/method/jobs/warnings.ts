import { nudgeCard, warningCard } from '../../../cards/warning.js';
import type { Reply } from '../../core/reply.js';
import type { Member } from '../../db/repos/members.repo.js';
import { isoWeek, type LocalDate, localDateOf, weekStart } from '../../domain/dates.js';
import type { DueItem } from '../../domain/types.js';
import { type RepWarning, warningHandlers } from '../../domain/warnings.js';
import type { Services } from '../../services.js';
import { memberDm } from '../delivery/recipients.js';
import type { OutMessage } from '../delivery/types.js';
import { loadRegionWindow, type RegionWindow } from '../metrics/region-window.js';
import { actionable, actionableUntil, namedItems } from '../reports/items.js';
import { quarterRiskMessages } from '../reports/quarter-risk.js';
import { warningConfig, warningsFor, warningWeeks } from '../reports/warnings.js';
import { messagingRun } from './messaging-run.js';
import type { JobOptions, JobResult } from './types.js';

// Warnings (预警), docs/method.md step 3: a rep under the threshold for `streak` rated weeks gets one DM
// to their manager per week (rates, overdue items, three buttons) and one gentle nudge to the rep.
// On the Monday after week 4 of a quarter, also the quarter-gap warning (method/reports/quarter-risk.ts).

const OVERDUE_ROWS = 8;
const NUDGE_ITEMS = 3;

export function runWarnings(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const today = localDateOf(at, services.config.TEAM_TIMEZONE);
  const period = isoWeek(today);
  const messages: OutMessage[] = [];
  let warned = 0;
  const repIds: number[] = [];
  const quarterRiskRepIds: number[] = [];
  const cfg = warningConfig(services.config);
  const thisWeek = weekStart(today);
  for (const region of services.repos.regions.all()) {
    // The weeks the rule reads, not the region's history (a large region has millions of items).
    const data = loadRegionWindow(services, region.id, today, warningWeeks(thisWeek, cfg));
    if (!data) continue;
    for (const w of warningsFor(data, thisWeek, cfg)) {
      warned += 1;
      repIds.push(w.repId);
      messages.push(...warningMessages(services, data, w, today));
    }
    // Week 4 of a quarter: the quarter-gap warning, the rule the backtest scores.
    const risk = quarterRiskMessages(services, region.id, today);
    messages.push(...risk.messages);
    quarterRiskRepIds.push(...risk.repIds);
  }
  const late = opts.late ?? false;
  return messagingRun(
    services,
    { job: 'warnings', period, at, late, messages, detail: { warned, repIds, quarterRiskRepIds } },
    '预警',
    (enqueued) =>
      `${period} 预警：${warned} 人${quarterRiskRepIds.length ? `，季度缺口预警 ${quarterRiskRepIds.length} 人` : ''}，写入发件箱 ${enqueued.length} 条`,
  );
}

function warningMessages(services: Services, data: RegionWindow, w: RepWarning, today: LocalDate): OutMessage[] {
  const rep = data.reps.find((r) => r.id === w.repId);
  if (!rep) return [];
  const week = isoWeek(today);
  // The cards show what can still be done: overdue items whose window is open, this and next week's.
  const open = actionable(services.repos.dueItems.openForMemberUntil(rep.id, data.region.id, actionableUntil(today)), today);
  const out: OutMessage[] = [];
  for (const manager of warningHandlers(data.members, rep)) {
    const dm = memberDm(services, manager.id);
    if (dm) out.push({ key: `warning:${rep.id}:${week}:manager:${manager.id}`, ...dm, reply: managerCard(services, rep, w, open, today) });
  }
  const paused = rep.remindersPausedUntil !== null && rep.remindersPausedUntil >= today;
  const dm = paused ? null : memberDm(services, rep.id);
  const urgent = open.slice(0, NUDGE_ITEMS);
  if (dm && urgent.length > 0)
    out.push({ key: `warning-nudge:${rep.id}:${week}`, ...dm, reply: nudgeCard(rep.name, w, namedItems(services, urgent), today) });
  return out;
}

function managerCard(services: Services, rep: Member, w: RepWarning, open: DueItem[], today: LocalDate): Reply {
  return warningCard({
    rep,
    warning: w,
    threshold: warningConfig(services.config).threshold,
    today,
    items: namedItems(services, open.slice(0, OVERDUE_ROWS)),
    itemsTotal: open.length,
    overdueTotal: open.filter((i) => i.dueDate < today).length,
  });
}
