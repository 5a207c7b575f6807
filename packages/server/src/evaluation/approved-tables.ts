/**
 * The approved target tables of a year: the yardstick of monitoring and self-evaluation. For
 * each table identity (owner, kind, project name) the latest stage approved by the finance
 * bureau counts (调整 over 二上 over 一上); 财政已审 and 已公开 are both approved.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { orgs, targetTables } from '../db/schema.ts';
import type { Actor } from '../auth/session.ts';
import type { TableRow } from '../tables/service.ts';

export const APPROVED_STATUSES = ['finance_approved', 'published'] as const;

export interface ApprovedTable extends TableRow {
  orgName: string;
  deptName: string;
}

/** SQL form of the organisation scope (policies/tables.ts inOrgScope) for target tables. */
function scope(actor: Actor): SQL | undefined {
  if (actor.orgKind === 'finance') return undefined;
  return actor.orgKind === 'dept' ? eq(targetTables.deptId, actor.orgId) : eq(targetTables.orgId, actor.orgId);
}

const STAGE_RANK = sql`CASE ${targetTables.stage} WHEN 'adjust' THEN 3 WHEN 'second' THEN 2 ELSE 1 END`;

export async function approvedTables(db: Db | Tx, actor: Actor, year: number, only?: { tableId?: string }): Promise<ApprovedTable[]> {
  const dept = sql.raw('"dept"');
  const rows = await db
    .select({ t: targetTables, orgName: orgs.name, deptName: sql<string>`coalesce((SELECT ${dept}.name FROM orgs ${dept} WHERE ${dept}.region_code = ${targetTables.regionCode} AND ${dept}.id = ${targetTables.deptId}), '')` })
    .from(targetTables)
    .innerJoin(orgs, and(eq(orgs.regionCode, targetTables.regionCode), eq(orgs.id, targetTables.orgId)))
    .where(
      and(
        eq(targetTables.regionCode, actor.regionCode),
        eq(targetTables.year, year),
        inArray(targetTables.status, [...APPROVED_STATUSES]),
        scope(actor),
        // The latest approved stage of each identity.
        sql`NOT EXISTS (SELECT 1 FROM target_tables later WHERE later.region_code = ${targetTables.regionCode} AND later.org_id = ${targetTables.orgId}
          AND later.kind = ${targetTables.kind} AND later.year = ${targetTables.year} AND later.name = ${targetTables.name}
          AND later.status IN ('finance_approved', 'published')
          AND (CASE later.stage WHEN 'adjust' THEN 3 WHEN 'second' THEN 2 ELSE 1 END) > ${STAGE_RANK})`,
        only?.tableId ? eq(targetTables.id, only.tableId) : undefined,
      ),
    )
    .orderBy(targetTables.deptId, targetTables.kind, targetTables.name);
  return rows.map((r) => ({ ...r.t, orgName: r.orgName, deptName: r.deptName }));
}
