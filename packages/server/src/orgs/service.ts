/** Regions, organisations and accounts. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { orgs, regions, users } from '../db/schema.ts';
import { hashAcceptedPassword } from '../auth/password-policy.ts';
import type { OrgKind, Role } from '../auth/session.ts';
import { badRequest, conflict } from '../errors.ts';
import { ROLE_LABELS, ROLE_ORG_KINDS } from '../policies/tables.ts';
import { isUniqueViolation } from '../tables/service.ts';

export type OrgRow = typeof orgs.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function createRegion(db: Db | Tx, regionCode: string, name: string): Promise<void> {
  await db.insert(regions).values({ regionCode, name, createdAt: new Date() }).onConflictDoNothing();
}

export async function createOrg(
  db: Db | Tx,
  input: { regionCode: string; kind: OrgKind; code: string; name: string; parentId?: string | null },
): Promise<OrgRow> {
  if (input.kind === 'unit') {
    if (!input.parentId) throw badRequest('parent_required', { zh: '预算单位须属于一个主管部门（parentId）', en: 'A budget unit needs its department (parentId)' });
  }
  if (input.parentId) {
    const [parent] = await db.select().from(orgs).where(and(eq(orgs.regionCode, input.regionCode), eq(orgs.id, input.parentId)));
    if (!parent || parent.kind !== 'dept') {
      throw badRequest('bad_parent', { zh: '上级单位须是本地区的主管部门', en: 'The parent must be a department of this region' });
    }
  }
  const row: OrgRow = {
    regionCode: input.regionCode,
    id: randomUUID(),
    kind: input.kind,
    code: input.code,
    name: input.name,
    parentId: input.kind === 'unit' ? (input.parentId ?? null) : null,
    createdAt: new Date(),
    active: true,
  };
  try {
    await db.insert(orgs).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('org_exists', { zh: `编码 ${input.code} 已被使用`, en: `Code ${input.code} is already used` });
    throw err;
  }
  return row;
}

/**
 * A new account. `mustChange` when someone other than its holder chose the password (an
 * administrator typed it, or it was generated for an import): the holder sets their own at first
 * sign-in ('new'). Setup, the CLI's init and the demo leave it out — there the holder typed it.
 */
export async function createUser(
  db: Db | Tx,
  input: { regionCode: string; login: string; displayName: string; password: string; orgId: string; role: Role; mustChange?: 'new' },
): Promise<UserRow> {
  const passwordHash = await hashAcceptedPassword(input.password, input);
  const [org] = await db.select().from(orgs).where(and(eq(orgs.regionCode, input.regionCode), eq(orgs.id, input.orgId)));
  if (!org) throw badRequest('unknown_org', { zh: '没有这个单位', en: 'No such organisation' });
  if (!ROLE_ORG_KINDS[input.role].includes(org.kind)) {
    throw badRequest('role_org_mismatch', {
      zh: `${ROLE_LABELS[input.role].zh}不能设在此类单位`,
      en: `A ${ROLE_LABELS[input.role].en} cannot belong to this kind of organisation`,
    });
  }
  const row: UserRow = {
    regionCode: input.regionCode,
    id: randomUUID(),
    login: input.login,
    displayName: input.displayName,
    passwordHash,
    orgId: input.orgId,
    role: input.role,
    disabled: false,
    createdAt: new Date(),
    mustChangePassword: input.mustChange !== undefined,
    mustChangeReason: input.mustChange ?? null,
  };
  try {
    await db.insert(users).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('login_exists', { zh: `登录名 ${input.login} 已被使用`, en: `Login ${input.login} is taken` });
    throw err;
  }
  return row;
}

export async function listOrgs(db: Db, regionCode: string): Promise<OrgRow[]> {
  return db.select().from(orgs).where(eq(orgs.regionCode, regionCode)).orderBy(asc(orgs.kind), asc(orgs.code));
}

export async function findOrgByCode(db: Db | Tx, regionCode: string, code: string): Promise<OrgRow | undefined> {
  const [o] = await db.select().from(orgs).where(and(eq(orgs.regionCode, regionCode), eq(orgs.code, code)));
  return o;
}
