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

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/warroom.db'),
  TEAM_TIMEZONE: timeZone.default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE_ENABLED: bool,
  WARROOM_DEMO: bool,
  PUBLIC_BASE_URL: z.url().optional(),
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
  /** Optional last-resort group-robot webhook keys per region: "华东区=key1,华南区=key2". */
  WECOM_GROUP_ROBOT_KEYS: z.string().optional(),
});

export type Config = z.infer<typeof configSchema> & {
  /** True when no chat platform is configured: the console is on and the demo is seeded. */
  localMode: boolean;
  consoleEnabled: boolean;
};

export class ConfigError extends Error {}

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

/** A platform is either fully configured or off: a half-set platform is an operator error. */
function requireTogether(c: z.infer<typeof configSchema>): void {
  const groups: Array<[string, string[]]> = [
    ['FEISHU_APP_ID', ['FEISHU_APP_SECRET']],
    ['WECOM_CORP_ID', ['WECOM_SECRET', 'WECOM_AGENT_ID']],
  ];
  const missing: string[] = [];
  for (const [key, needs] of groups) {
    if (!c[key as keyof typeof c]) continue;
    for (const n of needs) if (!c[n as keyof typeof c]) missing.push(`  ${n}: required when ${key} is set`);
  }
  if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'webhook' && !c.FEISHU_VERIFICATION_TOKEN && !c.FEISHU_ENCRYPT_KEY) {
    missing.push('  FEISHU_VERIFICATION_TOKEN: webhook mode needs it (or FEISHU_ENCRYPT_KEY) to verify requests');
  }
  if (missing.length) throw new ConfigError(`Invalid configuration, fix these environment variables:\n${missing.join('\n')}`);
}
