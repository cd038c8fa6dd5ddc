import type { Member } from '../../db/repos/members.repo.js';
import type { Stage } from '../../domain/stages.js';

// Shapes of an import: rows as read, problems with their place, and the operations a plan holds.

export type Role = Member['role'];
export type OrderKind = 'order' | 'collection';

/** A problem with the file: where it is (sheet, Excel row, column header) and why. */
export interface Problem {
  sheet: string;
  row: number | null;
  column: string | null;
  reason: string;
}

export interface MemberIn {
  row: number;
  name: string;
  role: Role | null;
  region: string | null;
  manager: string | null;
  lastYearFen: number | null;
}

export interface CustomerIn {
  row: number;
  name: string;
  owner: string;
  stage: Stage;
  stageSince: string | null;
  baselineFen: number | null;
  potentialFen: number | null;
  aliases: string[] | null;
}

export interface OrderIn {
  row: number;
  key: string | null;
  customer: string;
  kind: OrderKind;
  date: string;
  amountFen: number;
}

export interface StageHistoryIn {
  row: number;
  customer: string;
  stage: Stage;
  since: string;
}
export interface LogIn {
  row: number;
  rep: string;
  customer: string;
  action: string;
  date: string;
  note: string | null;
}

export interface ParsedFile {
  members: MemberIn[];
  customers: CustomerIn[];
  orders: OrderIn[];
  stageHistory: StageHistoryIn[];
  logs: LogIn[];
  /** Names of the sheets that were recognised. */
  sheets: string[];
  problems: Problem[];
  /** Rows with a problem in a cell, their other cells as read: planned for their other problems, never applied. */
  partial: Pick<ParsedFile, 'members' | 'customers' | 'orders' | 'stageHistory' | 'logs'>;
}

export type Action = 'create' | 'update' | 'unchanged';

interface OpBase {
  sheet: string;
  row: number;
  key: string;
  action: Action;
  existingId: number | null;
  details: string[];
}

export interface MemberOp extends OpBase {
  values: { name: string; role: Role; region: string | null; manager: string | null; lastYearFen: number };
}

export interface CustomerOp extends OpBase {
  values: {
    name: string;
    owner: string;
    stage: Stage;
    stageSince: string;
    baselineFen: number;
    potentialFen: number | null;
    aliases: string[];
  };
  /** Set when the stage changes: the import records it as a stage change (by the importer). */
  stageFrom: Stage | null;
}

export interface OrderOp extends OpBase {
  values: { externalKey: string | null; customer: string; kind: OrderKind; date: string; amountFen: number };
}

/** A dated stage of a customer (阶段历史 rows and the customer sheet's 阶段 + 阶段起始日期). */
export interface HistoryOp extends OpBase {
  values: { customer: string; stage: Stage; since: string };
}

export interface LogOp extends OpBase {
  values: { rep: string; customer: string; actionCode: string; date: string; note: string | null; sourceId: string };
}

export interface ImportPlan {
  sheets: string[];
  problems: Problem[];
  newRegions: string[];
  members: MemberOp[];
  customers: CustomerOp[];
  orders: OrderOp[];
  stageHistory: HistoryOp[];
  logs: LogOp[];
}

export interface ImportOptions {
  /** Only rows of this region may be imported (a manager's upload on the dashboard). */
  regionName?: string | null;
  /** Who imports: recorded on stage changes; null for the command line. */
  byMemberId?: number | null;
  /** Progress lines for large files (the command line prints them). */
  onProgress?: (line: string) => void;
}
