import type { LocalDate } from './dates.js';
import type { Stage } from './stages.js';

// Plain data shapes shared by the pure method functions. The db layer maps rows onto these.

export type DueStatus = 'open' | 'done' | 'cancelled';

export interface DueItem {
  id: number;
  memberId: number;
  customerId: number;
  actionCode: string;
  /** Period key the item belongs to, e.g. '2026-11' (month), '2026-Q4', '2026-H2', '2026-W47/2'. */
  period: string;
  /** The window in which a log completes the item (inclusive). */
  windowStart: LocalDate;
  windowEnd: LocalDate;
  /** The date the item is planned for (a working day inside the window). */
  dueDate: LocalDate;
  status: DueStatus;
  completedByLogId: number | null;
  /** Completed by a log dated after the due date (a late log); absent where not loaded. */
  completedLate?: boolean;
}

export type LogStatus = 'valid' | 'rejected' | 'voided';

export interface ActionLog {
  id: number;
  memberId: number;
  customerId: number;
  actionCode: string;
  occurredOn: LocalDate;
  status: LogStatus;
}

export interface OrderRow {
  customerId: number;
  /** Order or collection date. */
  date: LocalDate;
  amountFen: number;
}

export interface CustomerFacts {
  id: number;
  name: string;
  ownerId: number;
  stage: Stage;
  /** Date the customer entered its current stage. */
  stageSince: LocalDate;
  /** Trailing four quarters of purchases, or the rep's estimate for an incubating customer. */
  baselineFen: number;
  potentialFen: number | null;
}
