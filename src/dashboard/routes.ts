import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dashboardSecret, verifyToken } from '../method/access/link.js';
import { canManage, refreshView, type Scope, scopeFor } from '../method/access/scope.js';
import { EXPORT_KINDS, EXPORT_LABELS, type ExportKind, templateTables } from '../method/excel/export.js';
import { type Table, toCsv, toXlsx, XLSX_MIME } from '../method/excel/workbook.js';
import { type DashboardViewArgs, dashboardViewJson } from '../method/heavy/dashboard-kinds.js';
import { importUpload } from '../method/heavy/offload.js';
import { heavyRunsInline, runHeavy } from '../method/heavy/run.js';
import { quarterJson } from '../method/metrics/quarter-view.js';
import { redactRequest, type Services } from '../services.js';
import { errorPage } from './pages.js';

// The 作战室 dashboard: /warroom (the page), /warroom/assets/* (static, no build step) and
// /warroom/api/* (JSON, downloads, upload), all but the assets behind the signed link's token ?t=.

const asset = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const PAGE = asset('page.html');
const JS = asset('page.js');
const CHART_JS = asset('svg-chart.js');
const CSS = asset('page.css');
const ECHARTS_FILE = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');

type Req = FastifyRequest<{ Querystring: { t?: string; rep?: string; dry?: string; format?: string }; Params: { kind?: string } }>;

/** From this many customers in view the first screen and its panels are computed in the heavy worker (seconds on 100,000). */
export const LARGE_SCOPE_CUSTOMERS = 20_000;

const REFUSED = {
  expired: { status: 401, title: '链接已过期', text: '这个看板链接已经过期。请在聊天中发送 /看板 获取新的链接。' },
  invalid: { status: 403, title: '链接无效', text: '这个看板链接无效（可能被修改或复制不完整）。请在聊天中发送 /看板 获取新的链接。' },
  // Refused like a tampered link (403, no data), with the reason the holder can act on.
  changed: { status: 403, title: '链接无效', text: '你的角色或区域已经变更，这个看板链接不再有效。请在聊天中发送 /看板 获取新的链接。' },
} as const;

async function check(services: Services, req: Req): Promise<{ scope: Scope } | { refused: keyof typeof REFUSED }> {
  const v = verifyToken(dashboardSecret(services), req.query.t, services.clock.now().getTime());
  if (!v.ok) return { refused: v.reason };
  // A large view is re-read a page per turn of the event loop, not in one long read inside scopeFor.
  await refreshView(services, v.payload);
  const scope = scopeFor(services, v.payload);
  if (scope) return { scope };
  return { refused: services.repos.members.byId(v.payload.m) ? 'changed' : 'invalid' };
}

/** Wraps a JSON/download handler: refuses a bad token with a JSON error and no data. */
function guarded(services: Services, fn: (scope: Scope, req: Req, reply: FastifyReply) => unknown) {
  return async (req: Req, reply: FastifyReply) => {
    void reply.header('cache-control', 'no-store');
    const r = await check(services, req);
    if ('refused' in r) return reply.code(REFUSED[r.refused].status).send({ error: REFUSED[r.refused].text, reason: r.refused });
    return fn(r.scope, req, reply);
  };
}

function managerOnly(scope: Scope, reply: FastifyReply): boolean {
  if (canManage(scope)) return true;
  void reply.code(403).send({ error: '只有主管或管理员可以导入、导出' });
  return false;
}

async function download(reply: FastifyReply, day: string, base: string, tables: Table[], csv: boolean) {
  const name = `${base}-${day}.${csv ? 'csv' : 'xlsx'}`;
  void reply.header(
    'content-disposition',
    `attachment; filename="warroom-${day}.${csv ? 'csv' : 'xlsx'}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  if (csv) return reply.type('text/csv; charset=utf-8').send(toCsv(tables[0]!));
  return reply.type(XLSX_MIME).send(await toXlsx(tables));
}

function summary(services: Services, scope: Scope) {
  return {
    viewer: { id: scope.viewer.id, name: scope.viewer.name, role: scope.role },
    regions: scope.regions.map((r) => r.name),
    today: services.today(),
    reps: scope.visible.map((m) => ({ id: m.id, name: m.name })),
    canManage: canManage(scope),
    exports: EXPORT_KINDS.map((k) => ({ kind: k, label: EXPORT_LABELS[k], csv: k === 'board' || k === 'logs' })),
  };
}

/**
 * A panel behind the first screen: inline on a small view, in the heavy worker on a large one (seconds
 * of CPU on 100,000 customers), refused there like a changed link when the link no longer matches.
 */
async function panel(services: Services, s: Scope, reply: FastifyReply, args: DashboardViewArgs) {
  const noRep = () => reply.code(404).send({ error: '没有这位销售，或你无权查看' });
  if (s.teamCustomers.length < LARGE_SCOPE_CUSTOMERS || heavyRunsInline(services)) return dashboardViewJson(services, s, args) ?? noRep();
  const viewer = { m: s.viewer.id, role: s.viewer.role, g: s.viewer.regionId, exp: 0 };
  const out = await runHeavy(services, { kind: 'dashboard', args: { viewer, ...args } });
  if (!out) return reply.code(403).send({ error: REFUSED.changed.text, reason: 'changed' });
  if (out.body === null) return noRep();
  // Already JSON bytes: sent as they are, not parsed and serialized again on this thread.
  return reply.type('application/json; charset=utf-8').send(Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength));
}

function registerApi(app: FastifyInstance, services: Services): void {
  app.get(
    '/warroom/api/summary.json',
    guarded(services, (s) => summary(services, s)),
  );
  // The first screen: the quarter (target, collected, forecast, gap), warnings and this week.
  app.get(
    '/warroom/api/quarter.json',
    guarded(services, async (s, _req, reply) => {
      // Small regions answer inline (a worker start costs more than the work); large ones off the event loop.
      if (s.teamCustomers.length < LARGE_SCOPE_CUSTOMERS || heavyRunsInline(services)) return quarterJson(services, s);
      const viewer = { m: s.viewer.id, role: s.viewer.role, g: s.viewer.regionId, exp: 0 };
      const out = await runHeavy(services, { kind: 'quarter', args: { viewer } });
      return out ?? reply.code(403).send({ error: REFUSED.changed.text, reason: 'changed' });
    }),
  );
  app.get(
    '/warroom/api/heat.json',
    guarded(services, (s, _req, reply) => panel(services, s, reply, { view: 'heat' })),
  );
  app.get(
    '/warroom/api/board.json',
    guarded(services, (s, _req, reply) => panel(services, s, reply, { view: 'board' })),
  );
  app.get(
    '/warroom/api/forecast.json',
    guarded(services, (s, _req, reply) => panel(services, s, reply, { view: 'forecast' })),
  );
  app.get(
    '/warroom/api/map.json',
    guarded(services, (s, req, reply) => panel(services, s, reply, { view: 'map', rep: Number(req.query.rep ?? s.viewer.id) })),
  );
  app.get(
    '/warroom/api/template.xlsx',
    guarded(services, (_s, _req, reply) => download(reply, services.today(), '作战室导入模板', templateTables(services), false)),
  );
  app.get(
    '/warroom/api/export/:kind',
    guarded(services, async (s, req, reply) => {
      if (!managerOnly(s, reply)) return reply;
      const kind = (req.params.kind ?? '').replace(/\.(xlsx|csv)$/, '') as ExportKind;
      if (!EXPORT_KINDS.includes(kind)) return reply.code(404).send({ error: `没有这种导出：${kind}` });
      const all = s.role === 'admin' && s.regions.length !== 1;
      // Read and shaped in the heavy worker: a large region's logs held the event loop for seconds.
      const tables = await runHeavy(services, { kind: 'export', args: { kind, regionIds: all ? null : s.regions.map((r) => r.id) } });
      return download(
        reply,
        services.today(),
        `作战室-${EXPORT_LABELS[kind]}`,
        tables,
        req.query.format === 'csv' || (req.params.kind ?? '').endsWith('.csv'),
      );
    }),
  );
}

/** The link's token is a credential: request logs show the URL with it redacted. */
const redactedReq = (req: FastifyRequest) => redactRequest(req);

export async function registerDashboard(app: FastifyInstance, services: Services): Promise<void> {
  // Fastify types serializers as returning strings; pino accepts objects, which keep the usual log shape.
  const logSerializers = { req: redactedReq } as unknown as Record<string, (value: unknown) => string>;
  await app.register(async (scoped) => dashboardRoutes(scoped, services), { logSerializers });
}

async function dashboardRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/warroom', async (req: Req, reply) => {
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const r = await check(services, req);
    if ('refused' in r) {
      const page = REFUSED[r.refused];
      return reply
        .code(page.status)
        .type('text/html; charset=utf-8')
        .send(errorPage(page.title, page.text, services.config.DASHBOARD_LINK_DAYS));
    }
    return reply.type('text/html; charset=utf-8').send(PAGE);
  });
  app.get('/warroom/assets/page.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(JS));
  app.get('/warroom/assets/svg-chart.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(CHART_JS));
  app.get('/warroom/assets/page.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(CSS));
  app.get('/warroom/assets/echarts.min.js', async (_req, reply) => {
    const echarts = services.memo.get('echarts', () => readFileSync(ECHARTS_FILE));
    return reply.header('cache-control', 'public, max-age=86400').type('text/javascript; charset=utf-8').send(echarts);
  });
  registerApi(app, services);
  // The upload takes the raw .xlsx bytes as the body; its parser lives in this scope only.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(
      ['application/octet-stream', XLSX_MIME],
      { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    scoped.post(
      '/warroom/api/import.json',
      guarded(services, async (s, req, reply) => {
        if (!managerOnly(s, reply)) return reply;
        if (!Buffer.isBuffer(req.body)) return reply.code(400).send({ error: '请上传 .xlsx 文件' });
        // A manager imports into their own region only; one without a region can import nothing.
        const regionName = s.role === 'admin' ? null : (s.regions[0]?.name ?? '（无区域）');
        // A large file is read, checked and applied in the heavy worker (src/method/heavy/offload.ts).
        const report = await importUpload(services, req.body, { dryRun: req.query.dry === '1', regionName, byMemberId: s.viewer.id });
        return reply.code(report.ok ? 200 : 422).send(report);
      }),
    );
  });
}
