/**
 * The tables a batch export takes: those matching the filter that the actor may read — the
 * same visibility as GET /api/tables (services' `visibility`, the SQL form of policies/tables
 * `canRead`), each row checked again with `canRead` — at their current version.
 */
import { and, asc, eq, or, type SQL } from 'drizzle-orm';
import type { Finding, TargetTable } from '@jixiao/core';
import type { Actor } from '../auth/session.ts';
import type { Db } from '../db/open.ts';
import { orgs, tableRevisions, targetTables } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { canRead, type TableStatus } from '../policies/tables.ts';
import { visibility, type Stage } from '../tables/service.ts';
import type { ExportItem } from './render.ts';

export interface BatchFilter {
  year: number;
  stage?: Stage | undefined;
  status?: TableStatus | undefined;
  kind?: 'dept-overall' | 'project' | undefined;
  /** A 主管部门 or 预算单位 by id or code: its tables and, for a department, its units'. Omitted: the whole region the actor sees. */
  org?: string | undefined;
}

/** Most tables one batch takes (a county files a few thousand a year). */
export const MAX_BATCH = 5000;

export async function selectForExport(db: Db, actor: Actor, f: BatchFilter): Promise<{ items: ExportItem[]; scopeName: string }> {
  const conds: Array<SQL | undefined> = [visibility(actor), eq(targetTables.year, f.year)];
  if (f.stage) conds.push(eq(targetTables.stage, f.stage));
  if (f.status) conds.push(eq(targetTables.status, f.status));
  if (f.kind) conds.push(eq(targetTables.kind, f.kind));
  let scopeName = '';
  if (f.org) {
    const [o] = await db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(and(eq(orgs.regionCode, actor.regionCode), or(eq(orgs.id, f.org), eq(orgs.code, f.org))));
    if (!o) throw badRequest('unknown_org', { zh: `没有这个单位（${f.org}）`, en: `No such organisation (${f.org})` });
    scopeName = o.name;
    conds.push(or(eq(targetTables.orgId, o.id), eq(targetTables.deptId, o.id)));
  }
  const rows = await db
    .select({ row: targetTables, document: tableRevisions.document, findings: tableRevisions.findings, orgName: orgs.name, orgCode: orgs.code })
    .from(targetTables)
    .innerJoin(
      tableRevisions,
      and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)),
    )
    .innerJoin(orgs, and(eq(orgs.regionCode, targetTables.regionCode), eq(orgs.id, targetTables.orgId)))
    .where(and(...conds))
    .orderBy(asc(targetTables.deptId), asc(targetTables.id))
    .limit(MAX_BATCH + 1);
  if (rows.length > MAX_BATCH) {
    throw badRequest('batch_too_large', {
      zh: `一次最多导出 ${MAX_BATCH} 张表，请按主管部门或阶段分批导出`,
      en: `At most ${MAX_BATCH} tables per export; export by department or stage`,
    });
  }
  // Per department: its own table first, then the projects by unit code and name, as a department
  // files them. Sorted here, by code point, so PGlite and PostgreSQL (whatever its collation) agree.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => cmp(a.row.deptId, b.row.deptId) || cmp(a.row.kind, b.row.kind) || cmp(a.orgCode, b.orgCode) || cmp(a.row.name, b.row.name) || cmp(a.row.id, b.row.id));
  const items = rows
    .filter((r) => canRead(actor, r.row))
    .map(
      (r): ExportItem => ({
        table: r.document as TargetTable,
        meta: { regionCode: r.row.regionCode, tableId: r.row.id, stage: r.row.stage, status: r.row.status },
        findings: r.findings as Finding[],
        orgName: r.orgName,
      }),
    );
  return { items, scopeName };
}
