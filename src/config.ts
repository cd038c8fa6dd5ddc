import cron from 'node-cron';
import { z } from 'zod';

// The only reader of process.env. Every variable is validated at start-up; an error names the
// variable to fix so the operator does not have to guess.

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

// Five fields (minute hour day month weekday), e.g. '7 9 * * 1' for Monday 09:07.
const cronExpr = z
  .string()
  .refine((e) => e.trim().split(/\s+/).length === 5 && cron.validate(e), 'must be a 5-field cron expression such as "7 9 * * 1"');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/warroom.db'),
  TEAM_TIMEZONE: timeZone.default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE_ENABLED: bool,
  WARROOM_DEMO: bool,
  PUBLIC_BASE_URL: z.url().optional(),
  // Dashboard links (/看板): HMAC key and lifetime. Unset secret = generated once and kept in the data dir.
  DASHBOARD_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  DASHBOARD_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  // Method steps 1–2 (docs/operations.md "Method configuration"): stage suggestion thresholds and the team's override files.
  STAGE_GROWTH_THRESHOLD: z.coerce.number().min(0).max(10).default(0.15),
  STAGE_QUARTERS: z.coerce.number().int().min(1).max(8).default(2),
  /** Action packs (JSON); unset = config/packs.json when it exists, else the docs/method.md defaults. */
  PACKS_FILE: z.string().min(1).optional(),
  /** Working-day overrides {"daysOff": [...], "workdays": [...]}; unset = config/calendar.json when it exists. */
  CALENDAR_FILE: z.string().min(1).optional(),
  // Feishu (issue: Feishu adapter). Absent FEISHU_APP_ID = Feishu off.
  FEISHU_APP_ID: z.string().min(1).optional(),
  FEISHU_APP_SECRET: z.string().min(1).optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).optional(),
  FEISHU_ENCRYPT_KEY: z.string().min(1).optional(),
  FEISHU_MODE: z.enum(['webhook', 'ws']).default('webhook'),
  FEISHU_API_BASE: z.url().default('https://open.feishu.cn'),
  // WeCom self-built app (DMs, directory) and AI bot (groups). Absent WECOM_CORP_ID = WeCom off.
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_AGENT_ID: z.string().min(1).optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_TOKEN: z.string().min(1).optional(),
  WECOM_ENCODING_AES_KEY: z.string().length(43, 'must be the 43-character EncodingAESKey').optional(),
  WECOM_BOT_MODE: z.enum(['ws', 'callback']).default('ws'),
  WECOM_BOT_ID: z.string().min(1).optional(),
  WECOM_BOT_SECRET: z.string().min(1).optional(),
  WECOM_BOT_TOKEN: z.string().min(1).optional(),
  WECOM_BOT_ENCODING_AES_KEY: z.string().length(43, 'must be the 43-character EncodingAESKey').optional(),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  /** The AI bot's long-connection endpoint (the SDK's wsUrl); unset: the SDK's default, WeCom's public one. */
  WECOM_BOT_WS_URL: z.url({ protocol: /^wss?$/ }).optional(),
  /** Optional last-resort group-robot webhook keys per region: "华东区=key1,华南区=key2". */
  WECOM_GROUP_ROBOT_KEYS: z.string().optional(),
  // Scheduled work (docs/operations.md "Scheduled work"). Cron expressions in TEAM_TIMEZONE; the defaults sit off the
  // :00/:30 marks because Feishu and WeCom throttle bots hardest there.
  JOBS_ENABLED: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === undefined || v === '' || v === 'true' || v === '1'),
  SCHEDULE_WEEKLY_REPORT: cronExpr.default('7 9 * * 1'),
  SCHEDULE_REMINDERS: cronExpr.default('7 16 * * 4'),
  SCHEDULE_PRUNE: cronExpr.default('17 3 * * *'),
  SCHEDULE_CALENDAR_NOTICE: cronExpr.default('37 9 * * *'),
  WARNING_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.7),
  WARNING_STREAK: z.coerce.number().int().min(1).max(8).default(2),
  REPORT_SHOW_WARNING_NAMES: bool,
  // Security and operations (docs/security.md). The console's shared secret: required when HOST is not loopback.
  CONSOLE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** GET /metrics is off unless this is set; then it needs "Authorization: Bearer <METRICS_TOKEN>". */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Nightly online backups (off unless set): BACKUP_KEEP copies in BACKUP_DIR. */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  SCHEDULE_BACKUP: cronExpr.default('23 2 * * *'),
  /** The earliest date accepted in chat and imports (orders, logs): older dates are typing mistakes. */
  DATA_START_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2000-01-01')
    .default('2000-01-01'),
  /** A request (headers and body) must arrive within this; slow clients are cut (at most ~5 s later). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  /** Chat commands per member per minute, and HTTP requests per IP per minute on the dashboard and console. */
  RATE_LIMIT_CHAT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  RATE_LIMIT_HTTP_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
});

export type Config = z.infer<typeof configSchema> & {
  /** True when no chat platform is configured: the console is on and the demo is seeded. */
  localMode: boolean;
  consoleEnabled: boolean;
};

export class ConfigError extends Error {}

/** The process environment with some values defaulted and some forced (for the command-line tools). */
export function loadConfigWith(defaults: Record<string, string>, overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...defaults, ...process.env, ...overrides });
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration, fix these environment variables:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  requireTogether(c);
  const localMode = !c.FEISHU_APP_ID && !c.WECOM_CORP_ID;
  return { ...c, localMode, consoleEnabled: localMode || c.CONSOLE_ENABLED };
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** A platform is either fully configured or off: a half-set platform is an operator error. */
function requireTogether(c: z.infer<typeof configSchema>): void {
  const groups: Array<[string, string[]]> = [
    ['FEISHU_APP_ID', ['FEISHU_APP_SECRET']],
    ['WECOM_CORP_ID', ['WECOM_SECRET', 'WECOM_AGENT_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']],
    // The AI bot is optional (groups only); when one half of its pair is set, the other must be too.
    ['WECOM_BOT_ID', ['WECOM_BOT_SECRET', 'WECOM_CORP_ID']],
    ['WECOM_BOT_SECRET', ['WECOM_BOT_ID']],
    ['WECOM_BOT_TOKEN', ['WECOM_BOT_ENCODING_AES_KEY', 'WECOM_CORP_ID']],
    ['WECOM_BOT_ENCODING_AES_KEY', ['WECOM_BOT_TOKEN']],
  ];
  const missing: string[] = [];
  for (const [key, needs] of groups) {
    if (!c[key as keyof typeof c]) continue;
    for (const n of needs) if (!c[n as keyof typeof c]) missing.push(`  ${n}: required when ${key} is set`);
  }
  if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'webhook' && !c.FEISHU_VERIFICATION_TOKEN && !c.FEISHU_ENCRYPT_KEY) {
    missing.push('  FEISHU_VERIFICATION_TOKEN: webhook mode needs it (or FEISHU_ENCRYPT_KEY) to verify requests');
  }
  if (c.WECOM_CORP_ID && c.WECOM_BOT_MODE === 'callback' && !c.WECOM_BOT_TOKEN) {
    missing.push('  WECOM_BOT_TOKEN: WECOM_BOT_MODE=callback needs WECOM_BOT_TOKEN and WECOM_BOT_ENCODING_AES_KEY');
  }
  // The console lets whoever reaches it act as any member: it listens on loopback only, or every
  // request carries CONSOLE_TOKEN (docs/security.md).
  const platform = c.FEISHU_APP_ID || c.WECOM_CORP_ID;
  const consoleOn = !platform || c.CONSOLE_ENABLED;
  if (consoleOn && !isLoopback(c.HOST) && !c.CONSOLE_TOKEN) {
    const why = platform ? 'CONSOLE_ENABLED=true turns the console on' : 'no platform is configured, so the console is on';
    missing.push(
      `  HOST, CONSOLE_TOKEN: ${why} and HOST=${c.HOST} is not a loopback address; set HOST=127.0.0.1, or set CONSOLE_TOKEN (16+ characters) so every console request needs it`,
    );
  }
  if (missing.length) throw new ConfigError(`Invalid configuration, fix these environment variables:\n${missing.join('\n')}`);
}
