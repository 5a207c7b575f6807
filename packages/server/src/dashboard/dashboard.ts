/**
 * The figures of the dashboards (统计分析), computed in SQL over the tables the actor may read
 * (policies/dashboard.ts), on the lag-tolerant read handle. Each figure names the list filter
 * that shows the tables behind it, so a chart drills down to exactly what it counted:
 *
 * - progress: tables per department (or unit) × stage × status, and the units with nothing
 *   handed in yet;
 * - findings: the commonest finding codes over the tables' current versions;
 * - passing: tables with no errors (they pass the filing rules) per department;
 * - funds: 当年度金额 of project tables per department and 项目类型.
 *
 * Finding codes and project types come from generated columns of `table_revisions`, so no
 * document is read.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { ruleByCode } from '@jixiao/core';
import type { Db } from '../db/open.ts';
import { evaluationReports, evaluationRounds, orgs, targetTables } from '../db/schema.ts';
import { reportVisibility } from '../evaluation/reports.ts';
import type { Actor } from '../auth/session.ts';
import { dashboardGrouping } from '../policies/dashboard.ts';
import { visibility, type Stage } from '../tables/service.ts';
import type { TableStatus } from '../policies/tables.ts';

export interface DashboardFilter {
  year?: number | undefined;
  stage?: Stage | undefined;
}

export interface DashboardGroup {
  id: string;
  code: string;
  name: string;
  /** Units (预算单位, and the department itself) expected to file. */
  orgCount: number;
  /** Of those, how many have at least one table the actor can see in this year (and stage). */
  orgsFiled: number;
}

export interface Dashboard {
  year: number | null;
  stage: Stage | null;
  /** Years that have tables the actor can see (newest first). */
  years: number[];
  /** Stages that have tables in the year. */
  stages: Stage[];
  groupBy: 'dept' | 'unit';
  groups: DashboardGroup[];
  totals: { tables: number; passing: number; projectTables: number; amountFen: number };
  progress: Array<{ groupId: string; stage: Stage; status: TableStatus; count: number }>;
  findings: Array<{ code: string; tables: number; occurrences: number; severity: string | null; description: { zh: string; en: string } | null }>;
  passing: Array<{ groupId: string; tables: number; passing: number }>;
  funds: Array<{ groupId: string; projectType: string; amountFen: number; tables: number }>;
  /** Orgs of each group with no visible table (the progress chart's "未报送"). */
  notFiled: Array<{ groupId: string; orgs: Array<{ id: string; code: string; name: string }> }>;
  /** The year's latest monitoring round: reports per group and overall light ('' = not yet judged). */
  monitoring: EvaluationFigures | null;
  /** The year's latest self-evaluation round: reports per group and grade ('' = not yet scored). */
  selfEvaluation: EvaluationFigures | null;
}

export interface EvaluationFigures {
  roundId: string;
  title: string;
  counts: Array<{ groupId: string; value: string; count: number }>;
}

const T = targetTables;

/** Runs a query and returns its rows, sent by the database as one JSON value. */
async function jsonRows<R>(db: Db, query: SQL): Promise<R[]> {
  const res = await db.execute(sql`SELECT coalesce(json_agg(q), '[]'::json)::text AS j FROM (${query}) q`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Array<{ j: string }>;
  return JSON.parse(rows[0]?.j ?? '[]') as R[];
}

/** The group column: department for the finance bureau, owning unit for a 主管部门. */
const groupCol = (by: 'dept' | 'unit') => (by === 'dept' ? T.deptId : T.orgId);

function scope(actor: Actor, f: { year: number; stage?: Stage | undefined }): SQL {
  return and(visibility(actor), eq(T.year, f.year), f.stage ? eq(T.stage, f.stage) : undefined) as SQL;
}

const FINDINGS_SHOWN = 15;

export async function buildDashboard(db: Db, actor: Actor, f: DashboardFilter): Promise<Dashboard> {
  const by = dashboardGrouping(actor);
  const g = groupCol(by);
  const visible = visibility(actor);
  const yearRows = await db.select({ year: T.year }).from(T).where(visible).groupBy(T.year).orderBy(sql`1 desc`);
  const years = yearRows.map((r) => r.year);
  const year = f.year ?? years[0] ?? null;
  const empty: Dashboard = {
    year,
    stage: f.stage ?? null,
    years,
    stages: [],
    groupBy: by,
    groups: [],
    totals: { tables: 0, passing: 0, projectTables: 0, amountFen: 0 },
    progress: [],
    findings: [],
    passing: [],
    funds: [],
    notFiled: [],
    monitoring: null,
    selfEvaluation: null,
  };
  const groups = await groupsOf(db, actor, by);
  if (year === null) return { ...empty, groups: groups.map((x) => ({ ...x.group, orgCount: x.members.length, orgsFiled: 0 })) };
  const inYear = and(visible, eq(T.year, year)) as SQL;
  const where = scope(actor, { year, stage: f.stage });

  // Each query answers one row of JSON: an embedded database hands rows to JavaScript one by
  // one, which costs more than the query itself for a county's thousands of rows.
  const [progressRows, filedIds, fundRows, codeRows, monitoring, selfEvaluation] = await Promise.all([
    jsonRows<{ groupId: string; stage: Stage; status: TableStatus; count: number; passing: number }>(
      db,
      sql`SELECT ${g} AS "groupId", ${T.stage} AS stage, ${T.status} AS status, count(*)::int AS count, (count(*) filter (where ${T.errorCount} = 0))::int AS passing
          FROM ${T} WHERE ${inYear} GROUP BY 1, 2, 3`,
    ),
    jsonRows<{ id: string }>(db, sql`SELECT DISTINCT ${T.orgId} AS id FROM ${T} WHERE ${where}`),
    jsonRows<{ groupId: string; projectType: string; amountFen: number; tables: number }>(
      db,
      sql`SELECT ${g} AS "groupId", r.project_type AS "projectType", coalesce(sum(${T.currentAmountFen}), 0)::bigint AS "amountFen", count(*)::int AS tables
          FROM ${T} JOIN table_revisions r ON r.region_code = ${T.regionCode} AND r.table_id = ${T.id} AND r.version = ${T.version}
          WHERE ${where} AND ${T.kind} = 'project' GROUP BY 1, 2`,
    ),
    jsonRows<{ code: string; tables: number; occurrences: number }>(
      db,
      sql`SELECT c.code, count(DISTINCT ${T.id})::int AS tables, count(*)::int AS occurrences
          FROM ${T} JOIN table_revisions r ON r.region_code = ${T.regionCode} AND r.table_id = ${T.id} AND r.version = ${T.version}
          CROSS JOIN LATERAL jsonb_array_elements_text(r.finding_codes) AS c(code)
          WHERE ${where} GROUP BY c.code`,
    ),
    evaluationFigures(db, actor, by, year, 'monitoring'),
    evaluationFigures(db, actor, by, year, 'self-evaluation'),
  ]);

  const progressAll = progressRows.filter((c) => !f.stage || c.stage === f.stage);
  const passing = new Map<string, Dashboard['passing'][number]>();
  for (const c of progressAll) {
    const q = passing.get(c.groupId) ?? { groupId: c.groupId, tables: 0, passing: 0 };
    q.tables += c.count;
    q.passing += c.passing;
    passing.set(c.groupId, q);
  }
  const filedOrgs = new Set(filedIds.map((x) => x.id));
  const codes = new Map(codeRows.map((c) => [c.code, { tables: c.tables, occurrences: c.occurrences }]));
  const findingRows = [...codes]
    .sort((a, b) => b[1].tables - a[1].tables || b[1].occurrences - a[1].occurrences || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, FINDINGS_SHOWN)
    .map(([code, c]) => {
      const rule = ruleByCode(code);
      return { code, ...c, severity: rule?.defaultSeverity ?? null, description: rule?.description ?? null };
    });
  for (const r of fundRows) {
    r.amountFen = Number(r.amountFen);
    r.projectType ??= '';
  }
  const passingRows = [...passing.values()];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    ...empty,
    stages: (['first', 'second', 'adjust'] as Stage[]).filter((st) => progressRows.some((c) => c.stage === st)),
    groups: groups.map((x) => ({ ...x.group, orgCount: x.members.length, orgsFiled: x.members.filter((m) => filedOrgs.has(m.id)).length })),
    totals: {
      tables: sum(passingRows.map((p) => p.tables)),
      passing: sum(passingRows.map((p) => p.passing)),
      projectTables: sum(fundRows.map((r) => r.tables)),
      amountFen: sum(fundRows.map((r) => r.amountFen)),
    },
    progress: progressAll.map(({ groupId, stage, status, count }) => ({ groupId, stage, status, count })),
    findings: findingRows,
    passing: passingRows,
    funds: fundRows,
    monitoring,
    selfEvaluation,
    notFiled: groups
      .map((x) => ({ groupId: x.group.id, orgs: x.members.filter((m) => !filedOrgs.has(m.id)).map((m) => ({ id: m.id, code: m.code, name: m.name })) }))
      .filter((x) => x.orgs.length > 0),
  };
}

/**
 * Monitoring lights or self-evaluation grades of the year's latest round of that kind, over the
 * reports the actor may read (the same visibility as the reports list).
 */
async function evaluationFigures(db: Db, actor: Actor, by: 'dept' | 'unit', year: number, kind: 'monitoring' | 'self-evaluation'): Promise<EvaluationFigures | null> {
  const [round] = await db
    .select({ id: evaluationRounds.id, title: evaluationRounds.title })
    .from(evaluationRounds)
    .where(and(eq(evaluationRounds.regionCode, actor.regionCode), eq(evaluationRounds.year, year), eq(evaluationRounds.kind, kind)))
    .orderBy(desc(evaluationRounds.month), desc(evaluationRounds.createdAt))
    .limit(1);
  if (!round) return null;
  const E = evaluationReports;
  const g = by === 'dept' ? E.deptId : E.orgId;
  const value = kind === 'monitoring' ? E.light : E.grade;
  const rows = await db
    .select({ groupId: g, value: sql<string>`coalesce(${value}, '')`, count: sql<number>`count(*)::int` })
    .from(E)
    .where(and(reportVisibility(actor), eq(E.roundId, round.id)))
    .groupBy(g, sql`2`);
  return { roundId: round.id, title: round.title, counts: rows };
}

type OrgLite = { id: string; kind: 'finance' | 'dept' | 'unit'; code: string; name: string; parentId: string | null };
const ORGS_TTL_MS = 15_000;
const orgCache = new WeakMap<Db, Map<string, { at: number; orgs: Promise<OrgLite[]> }>>();

/**
 * The region's active organisations, sorted by code. Kept for a few seconds: organisations
 * change rarely and dashboards are lag-tolerant, while a county has a thousand of them.
 */
function regionOrgs(db: Db, region: string): Promise<OrgLite[]> {
  let m = orgCache.get(db);
  if (!m) orgCache.set(db, (m = new Map()));
  const hit = m.get(region);
  if (hit && Date.now() - hit.at < ORGS_TTL_MS) return hit.orgs;
  const p = db
    .select({ id: orgs.id, kind: orgs.kind, code: orgs.code, name: orgs.name, parentId: orgs.parentId })
    .from(orgs)
    .where(and(eq(orgs.regionCode, region), eq(orgs.active, true)))
    .then((all) => all.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
  m.set(region, { at: Date.now(), orgs: p });
  p.catch(() => m.delete(region));
  return p;
}

/**
 * The bars of the charts and who is expected to file in each: for the finance bureau every
 * 主管部门 with its units (and itself: it files the department-wide table); for a 主管部门 each
 * unit (and the department itself) on its own.
 */
async function groupsOf(db: Db, actor: Actor, by: 'dept' | 'unit') {
  const sorted = await regionOrgs(db, actor.regionCode);
  if (by === 'dept') {
    return sorted
      .filter((o) => o.kind === 'dept')
      .map((d) => ({ group: { id: d.id, code: d.code, name: d.name }, members: [d, ...sorted.filter((u) => u.kind === 'unit' && u.parentId === d.id)] }));
  }
  return sorted
    .filter((o) => o.id === actor.orgId || (o.kind === 'unit' && o.parentId === actor.orgId))
    .map((o) => ({ group: { id: o.id, code: o.code, name: o.name }, members: [o] }));
}
