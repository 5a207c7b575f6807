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
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { ruleByCode, STAGES } from '@jixiao/core';
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

/** Runs a statement that answers one row with one JSON text column `j`, and parses it. */
async function jsonValue<R>(db: Db, query: SQL): Promise<R> {
  const res = await db.execute(query);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Array<{ j: string }>;
  return JSON.parse(rows[0]!.j) as R;
}

/** The group column: department for the finance bureau, owning unit for a 主管部门. */
const groupCol = (by: 'dept' | 'unit') => (by === 'dept' ? T.deptId : T.orgId);


const FINDINGS_SHOWN = 15;

export async function buildDashboard(db: Db, actor: Actor, f: DashboardFilter): Promise<Dashboard> {
  const by = dashboardGrouping(actor);
  const g = groupCol(by);
  const visible = visibility(actor);
  // One statement, one JSON row: the visible tables are read once, joined to their current
  // revisions once, and every figure is aggregated from those (an embedded database hands rows
  // to JavaScript one at a time, and each statement has its own cost).
  const yearExpr = f.year !== undefined ? sql`${f.year}::int` : sql`(SELECT max(year) FROM vis)`;
  const stageCond = f.stage ? sql`stage = ${f.stage}` : sql`true`;
  const [groups, main] = await Promise.all([
    groupsOf(db, actor, by),
    jsonValue<{
      year: number | null;
      years: number[];
      progress: Array<{ groupId: string; stage: Stage; status: TableStatus; count: number; passing: number }>;
      filed: string[];
      funds: Array<{ groupId: string; projectType: string; amountFen: number; tables: number }>;
      codes: Array<{ code: string; tables: number; occurrences: number }>;
    }>(
      db,
      sql`WITH vis AS MATERIALIZED (
            SELECT ${T.id} AS id, ${T.version} AS version, ${T.regionCode} AS region_code, ${T.year} AS year, ${g} AS gid, ${T.orgId} AS org_id,
                   ${T.stage} AS stage, ${T.status} AS status, ${T.kind} AS kind, ${T.errorCount} AS error_count, ${T.currentAmountFen} AS amount
            FROM ${T} WHERE ${visible}),
          yr AS (SELECT ${yearExpr} AS y),
          inyear AS MATERIALIZED (SELECT vis.* FROM vis, yr WHERE vis.year = yr.y),
          st AS MATERIALIZED (SELECT * FROM inyear WHERE ${stageCond}),
          j AS MATERIALIZED (
            SELECT st.gid, st.id, st.kind, st.amount, r.project_type, r.finding_codes
            FROM st JOIN table_revisions r ON r.region_code = st.region_code AND r.table_id = st.id AND r.version = st.version)
          SELECT json_build_object(
            'year', (SELECT y FROM yr),
            'years', (SELECT coalesce(json_agg(x.year ORDER BY x.year DESC), '[]'::json) FROM (SELECT DISTINCT year FROM vis) x),
            'progress', (SELECT coalesce(json_agg(p), '[]'::json) FROM (
                SELECT gid AS "groupId", stage, status, count(*)::int AS count, (count(*) FILTER (WHERE error_count = 0))::int AS passing
                FROM inyear GROUP BY 1, 2, 3) p),
            'filed', (SELECT coalesce(json_agg(DISTINCT org_id), '[]'::json) FROM st),
            'funds', (SELECT coalesce(json_agg(fd), '[]'::json) FROM (
                SELECT gid AS "groupId", coalesce(project_type, '') AS "projectType", coalesce(sum(amount), 0)::bigint AS "amountFen", count(*)::int AS tables
                FROM j WHERE kind = 'project' GROUP BY 1, 2) fd),
            'codes', (SELECT coalesce(json_agg(c), '[]'::json) FROM (
                SELECT c.code, count(DISTINCT j.id)::int AS tables, count(*)::int AS occurrences
                FROM j CROSS JOIN LATERAL jsonb_array_elements_text(j.finding_codes) AS c(code) GROUP BY 1) c)
          )::text AS j`,
    ),
  ]);
  const years = main.years;
  const year = main.year;
  const empty: Dashboard = {
    year,
    stage: f.stage ?? null,
    years,
    stages: [],
    groupBy: by,
    groups: groups.map((x) => ({ ...x.group, orgCount: x.members.length, orgsFiled: 0 })),
    totals: { tables: 0, passing: 0, projectTables: 0, amountFen: 0 },
    progress: [],
    findings: [],
    passing: [],
    funds: [],
    notFiled: [],
    monitoring: null,
    selfEvaluation: null,
  };
  if (year === null) return empty;
  const [monitoring, selfEvaluation] = await evaluationFigures(db, actor, by, year);
  const progressRows = main.progress;
  const filedIds = main.filed.map((id) => ({ id }));
  const fundRows = main.funds;
  const codeRows = main.codes;

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
    stages: STAGES.filter((st) => progressRows.some((c) => c.stage === st)),
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
 * Monitoring lights and self-evaluation grades of the year's latest round of each kind, over
 * the reports the actor may read (the same visibility as the reports list).
 */
async function evaluationFigures(db: Db, actor: Actor, by: 'dept' | 'unit', year: number): Promise<[EvaluationFigures | null, EvaluationFigures | null]> {
  const R = evaluationRounds;
  const rounds = await db
    .selectDistinctOn([R.kind], { id: R.id, kind: R.kind, title: R.title })
    .from(R)
    .where(and(eq(R.regionCode, actor.regionCode), eq(R.year, year)))
    .orderBy(R.kind, desc(R.month), desc(R.createdAt));
  if (rounds.length === 0) return [null, null];
  const E = evaluationReports;
  const g = by === 'dept' ? E.deptId : E.orgId;
  const rows = await db
    .select({ roundId: E.roundId, groupId: g, value: sql<string>`coalesce(case when ${E.kind} = 'monitoring' then ${E.light} else ${E.grade} end, '')`, count: sql<number>`count(*)::int` })
    .from(E)
    .where(and(reportVisibility(actor), inArray(E.roundId, rounds.map((r) => r.id))))
    .groupBy(E.roundId, g, sql`3`);
  const figures = (kind: 'monitoring' | 'self-evaluation'): EvaluationFigures | null => {
    const round = rounds.find((r) => r.kind === kind);
    if (!round) return null;
    return { roundId: round.id, title: round.title, counts: rows.filter((r) => r.roundId === round.id).map(({ groupId, value, count }) => ({ groupId, value, count })) };
  };
  return [figures('monitoring'), figures('self-evaluation')];
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
