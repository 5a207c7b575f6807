/**
 * Every environment variable the server and the command line read, read here and nowhere else
 * (docs/configuration.md lists them; test/ops/configuration.test.ts holds the two together).
 * Each is checked with Zod when a command starts: a wrong value stops the start with one message
 * per bad setting, naming it, in Chinese and English — not a crash, and not a silent default.
 * An empty value counts as unset.
 *
 * Light on purpose (zod and node:net only): the CLI reads it before it loads the server.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Message = { zh: string; en: string };

const flag = () =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { error: () => '|应为 1、0、true 或 false|must be 1, 0, true or false' })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `|应为 ${min} 到 ${max} 的整数|must be an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `|应为 ${min} 到 ${max} 的整数|must be an integer from ${min} to ${max}`);

const postgresUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && !!u.hostname;
  } catch {
    return false;
  }
}, '|应为 postgres://用户@主机:端口/数据库|must be postgres://user@host:port/database');

/** `10.0.0.0/8`, `::1`, `127.0.0.1` … */
export function isAddressOrRange(text: string): boolean {
  const [addr, bits, ...rest] = text.split('/');
  if (rest.length || !addr) return false;
  const v = isIP(addr);
  if (!v) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128);
}

const addressList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((l) => l.length > 0 && l.every(isAddressOrRange), '|应为以逗号分隔的地址或网段（如 10.0.0.0/8,::1）|must be addresses or ranges separated by commas (e.g. 10.0.0.0/8,::1)');

const origins = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine(
    (l) =>
      l.every((o) => {
        try {
          const u = new URL(o);
          return (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname === '/' && !u.search;
        } catch {
          return false;
        }
      }),
    '|应为以逗号分隔的来源（如 https://jx.example.gov.cn）|must be origins separated by commas (e.g. https://jx.example.gov.cn)',
  );

/** true/false, or the proxies' addresses and ranges (Fastify trustProxy). */
const trustProxy = z.string().transform((v, ctx) => {
  if (['1', 'true', 'yes', 'on'].includes(v)) return true as const;
  if (['0', 'false', 'no', 'off'].includes(v)) return false as const;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length && list.every(isAddressOrRange)) return list;
  ctx.addIssue({ code: 'custom', message: '|应为 1、0，或代理的地址与网段（如 127.0.0.1,10.0.0.0/8）|must be 1, 0, or the proxies\u2019 addresses or ranges (e.g. 127.0.0.1,10.0.0.0/8)' });
  return z.NEVER;
});

const text = z.string();

/** The schema: one key per environment variable (the configuration test reads these keys). */
export const SETTINGS_SCHEMA = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_REPLICA_URL: postgresUrl.optional(),
  JIXIAO_DATA_DIR: text.default('./data'),
  JIXIAO_POOL_SIZE: integer(1, 1000).optional(),
  HOST: z
    .string()
    .refine((h) => isIP(h) !== 0 || /^[a-z0-9.-]+$/i.test(h), '|应为地址或主机名（如 127.0.0.1、0.0.0.0）|must be an address or a host name (e.g. 127.0.0.1, 0.0.0.0)')
    .default('127.0.0.1'),
  PORT: integer(0, 65535).default(3000),
  JIXIAO_WORKERS: integer(1, 64).default(1),
  JIXIAO_SECURE_COOKIES: flag().default(false),
  JIXIAO_TRUST_PROXY: trustProxy.default(false),
  JIXIAO_ALLOWED_ORIGINS: origins.default([]),
  JIXIAO_LOG: z.enum(LOG_LEVELS, { error: () => `|应为 ${LOG_LEVELS.join('、')} 之一|must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  JIXIAO_LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { error: () => '|应为 auto、json 或 pretty|must be auto, json or pretty' }).default('auto'),
  JIXIAO_DEBUG: flag().default(false),
  JIXIAO_SHUTDOWN_TIMEOUT: integer(0, 600_000).default(10_000),
  JIXIAO_METRICS_ALLOW: addressList.default(['127.0.0.1/8', '::1/128']),
  JIXIAO_METRICS_TOKEN: z.string().min(16, '|至少 16 个字符|must be at least 16 characters').optional(),
  JIXIAO_CHROMIUM: text.optional(),
  JIXIAO_WEB_DIST: text.optional(),
  JIXIAO_DEMO_PASSWORD: text.optional(),
  JIXIAO_ADMIN_PASSWORD: text.optional(),
  JIXIAO_PASSWORD: text.optional(),
});

export type Settings = z.output<typeof SETTINGS_SCHEMA>;
export const SETTING_NAMES = Object.keys(SETTINGS_SCHEMA.shape) as Array<keyof Settings>;

/** A value as it may appear in a message: no secrets, no password inside a URL. */
function shown(name: string, value: string): string {
  if (name.endsWith('PASSWORD') || name.endsWith('TOKEN')) return '…';
  return value.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

export class SettingsError extends Error {
  constructor(readonly problems: Array<{ name: string; value: string; message: Message }>) {
    const zh = problems.map((p) => `环境变量 ${p.name}=${JSON.stringify(p.value)} 无效：${p.message.zh}`);
    const en = problems.map((p) => `environment variable ${p.name}=${JSON.stringify(p.value)} is invalid: ${p.message.en}`);
    super(`${zh.join('；')}\n${en.join('; ')}\n（见 / see docs/configuration.md）`);
  }
}

/**
 * Reads and checks the settings (default: this process's environment). Throws SettingsError
 * naming every bad setting at once.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const given: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') given[name] = name.endsWith('PASSWORD') || name.endsWith('TOKEN') ? v : v.trim();
  }
  const r = SETTINGS_SCHEMA.safeParse(given);
  const problems: SettingsError['problems'] = [];
  if (!r.success) {
    for (const issue of r.error.issues) {
      const name = String(issue.path[0]);
      const [, zh, en] = issue.message.split('|');
      problems.push({ name, value: shown(name, given[name] ?? ''), message: { zh: zh ?? issue.message, en: en ?? issue.message } });
    }
    throw new SettingsError(problems);
  }
  const s = r.data;
  if (s.DATABASE_REPLICA_URL && !s.DATABASE_URL) {
    throw new SettingsError([
      { name: 'DATABASE_REPLICA_URL', value: shown('DATABASE_REPLICA_URL', given.DATABASE_REPLICA_URL!), message: { zh: '只读副本需要同时设置 DATABASE_URL（PostgreSQL）', en: 'a read replica needs DATABASE_URL (PostgreSQL)' } },
    ]);
  }
  return s;
}
