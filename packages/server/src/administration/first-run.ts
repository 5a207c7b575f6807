/**
 * First run: on an empty database, create the region (code, name, level), its 财政局 and the
 * first administrator — once. The web's setup page (POST /api/setup) and `jixiao init` both call
 * `setUpRegion`; after it succeeds every further attempt is refused (409 already_set_up), and the
 * check and the writes run in one transaction holding an exclusive lock on `regions`, so two
 * attempts racing each other (two browser tabs, two workers) cannot both create a region.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { regions } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.ts';
import { badRequest, conflict } from '../errors.ts';
import { createOrg, createUser } from '../orgs/service.ts';

export const REGION_LEVELS = ['province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  province: { zh: '省级', en: 'province' },
  city: { zh: '地级市', en: 'prefecture-level city' },
  county: { zh: '县级（县、县级市、区）', en: 'county level (county, county-level city, district)' },
};

export interface SetupInput {
  region: { code: string; name: string; level: RegionLevel };
  /** The 财政局; name defaults to `<region name>财政局`, code to CZJ. */
  finance?: { name?: string | undefined; code?: string | undefined } | undefined;
  admin: { login: string; displayName?: string | undefined; password: string };
  /** Where the request came from, for the audit entry ('web' or 'cli'). */
  via: 'web' | 'cli';
  ip?: string | undefined;
}

export interface SetupResult {
  region: { code: string; name: string; level: RegionLevel };
  finance: { id: string; code: string; name: string };
  admin: { id: string; login: string; displayName: string };
}

/** True while the database has no region: the setup page is offered only then. */
export async function setupNeeded(db: Db): Promise<boolean> {
  const rows = await db.select({ code: regions.regionCode }).from(regions).limit(1);
  return rows.length === 0;
}

export const alreadySetUp = () =>
  conflict('already_set_up', {
    zh: '系统已完成初始化（地区和管理员已存在），不能再次初始化；请用管理员账号登录',
    en: 'The system is already set up (a region and its administrator exist); sign in as the administrator',
  });

const LOGIN_RE = /^[\p{L}\p{N}._@-]{2,100}$/u;

/** Checks the input before anything is written; every problem names its field. */
export function validateSetup(input: SetupInput): SetupInput {
  const code = input.region.code.trim();
  const name = input.region.name.trim();
  const login = input.admin.login.trim();
  if (!/^\d{6}$/.test(code)) {
    throw badRequest('bad_region_code', { zh: `地区代码应为 6 位行政区划代码（如 440881），现为“${code}”`, en: `The region code must be the 6-digit administrative code (e.g. 440881), not "${code}"` }, { field: 'region.code' });
  }
  if (!name || [...name].length > 50) {
    throw badRequest('bad_region_name', { zh: '地区名称不能为空，且不超过 50 个字', en: 'The region name is required (at most 50 characters)' }, { field: 'region.name' });
  }
  if (!REGION_LEVELS.includes(input.region.level)) {
    throw badRequest('bad_region_level', { zh: '行政级别应为 province（省）、city（地级市）或 county（县级）', en: 'The level must be province, city or county' }, { field: 'region.level' });
  }
  if (!LOGIN_RE.test(login)) {
    throw badRequest('bad_login', { zh: `管理员登录名“${login}”应为 2–100 个字母、数字或 ._@-`, en: `The administrator's login "${login}" must be 2–100 letters, digits or ._@-` }, { field: 'admin.login' });
  }
  const financeName = input.finance?.name?.trim() || `${name}财政局`;
  const financeCode = input.finance?.code?.trim() || 'CZJ';
  if (!/^[0-9A-Za-z_-]{1,30}$/.test(financeCode)) {
    throw badRequest('bad_org_code', { zh: `财政局编码“${financeCode}”应为 1–30 个字母、数字或 _-`, en: `The finance bureau's code "${financeCode}" must be 1–30 letters, digits or _-` }, { field: 'finance.code' });
  }
  return {
    ...input,
    region: { code, name, level: input.region.level },
    finance: { name: financeName, code: financeCode },
    admin: { login, displayName: input.admin.displayName?.trim() || '系统管理员', password: input.admin.password },
  };
}

export async function setUpRegion(db: Db, raw: SetupInput): Promise<SetupResult> {
  const input = validateSetup(raw);
  return db.transaction(async (tx) => {
    // Exclusive: a second attempt waits here until the first commits, then sees its region.
    await tx.execute(sql`LOCK TABLE regions IN EXCLUSIVE MODE`);
    const existing = await tx.select({ code: regions.regionCode }).from(regions).limit(1);
    if (existing.length > 0) throw alreadySetUp();
    const { code, name, level } = input.region;
    // A region set up on this system runs on the budget calendar from day one (calendar.ts stageGate).
    await tx.insert(regions).values({ regionCode: code, name, level, calendarKept: true, createdAt: new Date() });
    const finance = await createOrg(tx, { regionCode: code, kind: 'finance', code: input.finance!.code!, name: input.finance!.name! });
    const admin = await createUser(tx, {
      regionCode: code,
      login: input.admin.login,
      displayName: input.admin.displayName!,
      password: input.admin.password,
      orgId: finance.id,
      role: 'admin',
    });
    await appendAudit(tx, {
      regionCode: code,
      action: 'region.setup',
      actorId: admin.id,
      actorLogin: admin.login,
      targetType: 'region',
      targetId: code,
      details: { name, level, finance: { code: finance.code, name: finance.name }, admin: admin.login, via: input.via },
      ip: input.ip ?? null,
    });
    return {
      region: { code, name, level },
      finance: { id: finance.id, code: finance.code, name: finance.name },
      admin: { id: admin.id, login: admin.login, displayName: admin.displayName },
    };
  });
}
