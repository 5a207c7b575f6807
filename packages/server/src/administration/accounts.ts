/**
 * Accounts run by the bureau: a person's role at an organisation (the role's scope is that
 * organisation, as policies/tables.ts reads it), password resets with a temporary password shown
 * once and changed at the next sign-in, and accounts imported in bulk from a list.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { orgs, sessions, users } from '../db/schema.ts';
import { hashAcceptedPassword, passwordProblem } from '../auth/password-policy.ts';
import type { Role } from '../auth/session.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { createUser, type UserRow } from '../orgs/service.ts';
import { ROLE_LABELS, ROLE_ORG_KINDS } from '../policies/tables.ts';
import { rowError, type ColumnSpec, type ListRow, type RowResult } from './list-import.ts';

/** 12 characters from an alphabet without look-alikes (0/O, 1/l/I): readable over the phone. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** A temporary password that passes the policy for this account (a random draw almost always does). */
export function temporaryPasswordFor(who: { login: string; displayName: string }): string {
  for (;;) {
    const temp = temporaryPassword();
    if (!passwordProblem(temp, who)) return temp;
  }
}

export async function endSessions(tx: Db | Tx, regionCode: string, userId: string) {
  await tx.delete(sessions).where(and(eq(sessions.regionCode, regionCode), eq(sessions.userId, userId)));
}

/** A new temporary password (returned once, never stored in clear); the account must change it at sign-in. */
export async function resetPassword(tx: Db | Tx, regionCode: string, userId: string): Promise<{ user: UserRow; temporaryPassword: string }> {
  const [cur] = await tx.select().from(users).where(and(eq(users.regionCode, regionCode), eq(users.id, userId)));
  if (!cur) throw notFound({ zh: '账号', en: 'account' });
  const temp = temporaryPasswordFor(cur);
  const [u] = await tx
    .update(users)
    .set({ passwordHash: await hashAcceptedPassword(temp, cur), mustChangePassword: true, mustChangeReason: 'reset' })
    .where(and(eq(users.regionCode, regionCode), eq(users.id, userId)))
    .returning();
  if (!u) throw notFound({ zh: '账号', en: 'account' });
  await endSessions(tx, regionCode, userId);
  return { user: u, temporaryPassword: temp };
}

/** Moves an account to another role and/or organisation; the pair must fit (ROLE_ORG_KINDS). */
export async function assignRole(tx: Db | Tx, regionCode: string, userId: string, role: Role | undefined, orgId: string | undefined): Promise<UserRow> {
  const [cur] = await tx.select().from(users).where(and(eq(users.regionCode, regionCode), eq(users.id, userId)));
  if (!cur) throw notFound({ zh: '账号', en: 'account' });
  const nextRole = role ?? cur.role;
  const nextOrg = orgId ?? cur.orgId;
  const [org] = await tx.select().from(orgs).where(and(eq(orgs.regionCode, regionCode), eq(orgs.id, nextOrg)));
  if (!org) throw badRequest('unknown_org', { zh: '没有这个单位', en: 'No such organisation' });
  if (!org.active) throw badRequest('org_inactive', { zh: `“${org.name}”已停用`, en: `"${org.name}" is deactivated` });
  if (!ROLE_ORG_KINDS[nextRole].includes(org.kind)) {
    throw badRequest('role_org_mismatch', { zh: `${ROLE_LABELS[nextRole].zh}不能设在此类单位`, en: `A ${ROLE_LABELS[nextRole].en} cannot belong to this kind of organisation` });
  }
  const [u] = await tx.update(users).set({ role: nextRole, orgId: nextOrg }).where(and(eq(users.regionCode, regionCode), eq(users.id, userId))).returning();
  // The scope changed: sessions carry the old one in what the person has open.
  if (u!.role !== cur.role || u!.orgId !== cur.orgId) await endSessions(tx, regionCode, userId);
  return u!;
}

export const USER_COLUMNS: ColumnSpec<'login' | 'name' | 'org' | 'role'> = {
  login: { labels: ['登录名', '账号', '用户名', 'login'], required: true, zh: '登录名' },
  name: { labels: ['姓名', '名称', '显示名', 'name'], required: true, zh: '姓名' },
  org: { labels: ['单位编码', '所属单位编码', '单位', '所属单位', 'org'], required: true, zh: '单位编码' },
  role: { labels: ['角色', '岗位', 'role'], required: true, zh: '角色' },
};

const ROLE_WORDS: Array<[RegExp, Role]> = [
  [/^(填报人|填报|filer)$/i, 'filer'],
  [/^(主管部门审核人|部门审核人|部门审核|dept_reviewer)$/i, 'dept_reviewer'],
  [/^(财政审核人|财政审核|finance_reviewer)$/i, 'finance_reviewer'],
  [/^(管理员|admin)$/i, 'admin'],
];

export interface UserImportResult extends RowResult {
  userId?: string | undefined;
  /** Shown once, in this answer only. */
  temporaryPassword?: string | undefined;
}

/** Creates the listed accounts (existing logins are reported, not changed), each with a temporary password. */
export async function importUsers(db: Db, regionCode: string, rows: Array<ListRow<keyof typeof USER_COLUMNS>>, dryRun: boolean) {
  const allOrgs = await db.select().from(orgs).where(eq(orgs.regionCode, regionCode));
  const orgByCode = new Map(allOrgs.map((o) => [o.code, o]));
  const taken = new Set((await db.select({ login: users.login }).from(users)).map((u) => u.login));
  const seen = new Map<string, number>();
  const results: UserImportResult[] = [];
  const plans: Array<{ r: UserImportResult; login: string; name: string; orgId: string; role: Role }> = [];
  for (const row of rows) {
    const login = (row.cells.login ?? '').trim();
    const fail = (k: string, zh: string, en: string) => results.push(rowError(row.row, login, k, zh, en));
    if (!/^[\p{L}\p{N}._@-]{2,100}$/u.test(login)) { fail('bad_login', `登录名“${login}”应为 2–100 个字母、数字或 ._@-`, `login "${login}" must be 2–100 letters, digits or ._@-`); continue; }
    if (seen.has(login)) { fail('duplicate_login', `登录名与第 ${seen.get(login)} 行重复`, `the login repeats row ${seen.get(login)}`); continue; }
    seen.set(login, row.row);
    if (taken.has(login)) { fail('login_exists', `登录名 ${login} 已被使用`, `login ${login} is taken`); continue; }
    const name = (row.cells.name ?? '').trim();
    if (!name) { fail('name_required', '缺少姓名', 'the name is missing'); continue; }
    const orgCode = (/^([0-9A-Za-z_-]+)/.exec((row.cells.org ?? '').trim())?.[1] ?? '').trim();
    const org = orgByCode.get(orgCode);
    if (!org) { fail('unknown_org', `没有编码为“${orgCode}”的单位`, `no organisation with code "${orgCode}"`); continue; }
    if (!org.active) { fail('org_inactive', `单位 ${orgCode} 已停用`, `organisation ${orgCode} is deactivated`); continue; }
    const roleText = (row.cells.role ?? '').trim();
    const role = ROLE_WORDS.find(([re]) => re.test(roleText))?.[1];
    if (!role) { fail('bad_role', `角色“${roleText}”应为 填报人、主管部门审核人、财政审核人 或 管理员`, `role "${roleText}" must be filer, dept_reviewer, finance_reviewer or admin`); continue; }
    if (!ROLE_ORG_KINDS[role].includes(org.kind)) { fail('role_org_mismatch', `${ROLE_LABELS[role].zh}不能设在${org.name}`, `a ${ROLE_LABELS[role].en} cannot belong to ${org.name}`); continue; }
    plans.push({ r: { row: row.row, key: login, action: 'create', success: true }, login, name, orgId: org.id, role });
  }
  if (!dryRun) {
    await db.transaction(async (tx) => {
      for (const p of plans) {
        try {
          await tx.transaction(async (sp) => {
            const temp = temporaryPasswordFor({ login: p.login, displayName: p.name });
            const u = await createUser(sp, { regionCode, login: p.login, displayName: p.name, password: temp, orgId: p.orgId, role: p.role, mustChange: 'new' });
            p.r.userId = u.id;
            p.r.temporaryPassword = temp;
          });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          p.r.success = false;
          p.r.action = 'none';
          p.r.error = { code: err.code, message: { zh: `第 ${p.r.row} 行：${err.bilingual.zh}`, en: `Row ${p.r.row}: ${err.bilingual.en}` } };
        }
      }
    });
  }
  for (const p of plans) results.push(p.r);
  results.sort((a, b) => a.row - b.row);
  return { dryRun, summary: { rows: results.length, created: results.filter((r) => r.success).length, failed: results.filter((r) => !r.success).length }, results };
}
