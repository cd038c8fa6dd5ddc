// A region's due items and valid logs as columns (RegionActivityRepo.columns): typed arrays of ids,
// and of indexes into one table of the strings (action codes, periods, dates, statuses), each held
// once. The step-3 region's 1.86 M items and 1.48 M logs take about 110 MB so, where as objects
// (and the JSON document they were parsed from) they took most of the calibration's 2.8 GB.

/** Each distinct string once; a column holds its index in `values`. */
export class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** A raw row of ITEM_ROWS / LOG_ROWS (region-activity.repo.ts), in column order. */
export type ItemRow = [number, number, number, string, string, string, string, string, string, number | null, number];
export type LogRow = [number, number, number, string, string];

export interface ItemColumns {
  count: number;
  id: Int32Array;
  memberId: Int32Array;
  customerId: Int32Array;
  /** Indexes into the string table. */
  actionCode: Int32Array;
  period: Int32Array;
  windowStart: Int32Array;
  windowEnd: Int32Array;
  dueDate: Int32Array;
  status: Int32Array;
  /** NaN where null. */
  completedByLogId: Float64Array;
  completedLate: Uint8Array;
}

/** Valid logs only, in rematch's order (date, then id). */
export interface LogColumns {
  count: number;
  id: Int32Array;
  memberId: Int32Array;
  customerId: Int32Array;
  /** Indexes into the string table. */
  actionCode: Int32Array;
  occurredOn: Int32Array;
}

export interface ActivityColumns {
  items: ItemColumns;
  logs: LogColumns;
  /** The string table the columns index. */
  strings: string[];
}

/** An id as an Int32Array holds it; a larger one would wrap silently, so it stops the read. */
function int32(v: number): number {
  if ((v | 0) !== v) throw new Error(`activity columns: id ${v} does not fit 32 bits`);
  return v;
}

export function itemColumns(capacity: number, strings: StringTable): ItemColumns & { push(row: ItemRow): void } {
  const ints = () => new Int32Array(capacity);
  const c = {
    count: 0,
    id: ints(),
    memberId: ints(),
    customerId: ints(),
    actionCode: ints(),
    period: ints(),
    windowStart: ints(),
    windowEnd: ints(),
    dueDate: ints(),
    status: ints(),
    completedByLogId: new Float64Array(capacity),
    completedLate: new Uint8Array(capacity),
    push(row: ItemRow) {
      const i = c.count++;
      c.id[i] = int32(row[0]);
      c.memberId[i] = int32(row[1]);
      c.customerId[i] = int32(row[2]);
      c.actionCode[i] = strings.of(row[3]);
      c.period[i] = strings.of(row[4]);
      c.windowStart[i] = strings.of(row[5]);
      c.windowEnd[i] = strings.of(row[6]);
      c.dueDate[i] = strings.of(row[7]);
      c.status[i] = strings.of(row[8]);
      c.completedByLogId[i] = row[9] ?? Number.NaN;
      c.completedLate[i] = row[10] ? 1 : 0;
    },
  };
  return c;
}

export function logColumns(capacity: number, strings: StringTable): LogColumns & { push(row: LogRow): void } {
  const ints = () => new Int32Array(capacity);
  const c = {
    count: 0,
    id: ints(),
    memberId: ints(),
    customerId: ints(),
    actionCode: ints(),
    occurredOn: ints(),
    push(row: LogRow) {
      const i = c.count++;
      c.id[i] = int32(row[0]);
      c.memberId[i] = int32(row[1]);
      c.customerId[i] = int32(row[2]);
      c.actionCode[i] = strings.of(row[3]);
      c.occurredOn[i] = strings.of(row[4]);
    },
  };
  return c;
}
