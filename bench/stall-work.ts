import { XLSX_MIME } from '../src/method/excel/workbook.js';
import { type FakeFeishu, messageText, type RecordedCall } from '../tests/helpers/fake-feishu.js';
import { exited, until } from './acks.js';
import { child, peakOf, sleep, within } from './stall-probe.js';
import { type backlogReader, feishuMessages, managerToken, type Prepared } from './stall-setup.js';

// The heavy work of each phase of `npm run bench -- stall`, run while the /log load is on. Each
// returns a note and the job's peak RSS (or the heavy kind whose worker reports it on /metrics).

export interface Ctx {
  dir: string;
  base: string;
  pid: number;
  fake: FakeFeishu;
  prep: Prepared;
  backlog: ReturnType<typeof backlogReader>;
  stamp: string;
  secret: string;
  /** How long a phase's work may take. */
  maxMs: number;
}

/** Scrapes /metrics, closing an event-loop window named `label`. */
export type Mark = (label: string) => Promise<Map<string, number>>;

export interface Work {
  /** Before the load starts: what must not queue behind it. */
  before?: (ctx: Ctx) => Promise<void>;
  run: (ctx: Ctx, mark: Mark) => Promise<{ jobPeak?: number | null; peakKind?: string; note: string }>;
}

export const idle: Work = { run: async () => ({ note: 'no heavy work' }) };

const forecastId = (ctx: Ctx) => `forecast_${ctx.stamp}`;

/**
 * A rep's /预测 with no stored calibration, as on a new quarter: answered with the article's
 * defaults while the calibration runs in the heavy worker. Sent and answered before the load starts,
 * so it is not queued behind the /log backlog; the calibration then runs under the load.
 */
export function calibrationWork(): Work {
  let answered = '';
  return {
    async before(ctx) {
      const t0 = Date.now();
      const [req] = feishuMessages(forecastId(ctx), [{ openId: ctx.prep.senders[0]!.openId, text: '/预测' }]);
      const init = { method: 'POST', headers: req!.headers, body: req!.body, signal: AbortSignal.timeout(30_000) };
      const res = await fetch(`${ctx.base}/feishu/events`, init);
      if (!res.ok) throw new Error(`bench stall: /预测 answered ${res.status}`);
      const replied = (c: RecordedCall) => messageText(c).includes('未来 90 天回款预测');
      await until('/预测 reply', async () => (ctx.fake.messages().some(replied) ? true : null), ctx.maxMs);
      answered = `/预测 answered in ${((Date.now() - t0) / 1000).toFixed(1)} s (before the load started)`;
    },
    async run(ctx, mark) {
      const t0 = Date.now();
      await mark('/预测, then 2 s of load');
      await until('calibration stored', async () => (ctx.backlog.calibrated(ctx.prep.regionId) ? true : null), ctx.maxMs);
      const doneS = ((Date.now() - t0) / 1000).toFixed(0);
      await sleep(1000); // the worker's message (its peak RSS) follows its commit
      return { peakKind: 'calibration', note: `${answered}; the calibration was stored ${doneS} s into the load (heavy worker thread)` };
    },
  };
}

/** `npm run backtest -- --db <file>`: its own process on the server's file; its peak RSS from /proc (VmHWM). */
export const backtest: Work = {
  async run(ctx) {
    const t0 = Date.now();
    const c = child(['src/cli/backtest.ts', '--db', ctx.prep.path]);
    const hwm = peakOf(c.proc.pid!, 'VmHWM');
    // Killed when the phase's time is up, so it cannot load the next phase.
    const code = await within('backtest', exited(c), ctx.maxMs - 5_000).catch(() => null);
    const peak = hwm();
    const s = ((Date.now() - t0) / 1000).toFixed(0);
    if (code === null) {
      c.proc.kill('SIGKILL');
      return { jobPeak: peak, note: `npm run backtest -- --db, a separate process: not done after ${s} s, killed (peak RSS so far)` };
    }
    if (code !== 0) throw new Error(`bench stall: backtest exited ${code}: ${c.out().slice(-500)}`);
    return { jobPeak: peak, note: `npm run backtest -- --db, a separate process: ${s} s` };
  },
};

/** The manager uploads `rows` rows to the dashboard's import route. */
export function importWork(xlsx: Buffer, rows: number): Work {
  return {
    async run(ctx) {
      await sleep(3000);
      const t0 = Date.now();
      const url = `${ctx.base}/warroom/api/import.json?t=${managerToken(ctx.secret, ctx.prep)}`;
      const init = {
        method: 'POST',
        headers: { 'content-type': XLSX_MIME },
        body: new Uint8Array(xlsx),
        signal: AbortSignal.timeout(ctx.maxMs),
      };
      const res = await fetch(url, init);
      const body = (await res.json()) as { applied?: boolean };
      if (!res.ok || !body.applied) throw new Error(`bench stall: import answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
      const s = ((Date.now() - t0) / 1000).toFixed(1);
      // The import's own kind once it runs in the heavy worker; until then its memory is the server's.
      return { peakKind: 'import', note: `${rows} rows (订单) uploaded to /warroom/api/import.json and applied in ${s} s` };
    },
  };
}
