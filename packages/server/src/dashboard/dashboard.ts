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
  const yearRows = await db.selectDistinct({ year: T.year }).from(T).where(visible).orderBy(sql`1 desc`);
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
  const where = scope(actor, { year, stage: f.stage });

  const [stageRows, progress, passing, funds, findings, filed] = await Promise.all([
    db.selectDistinct({ stage: T.stage }).from(T).where(and(visible, eq(T.year, year))),
    db
      .select({ groupId: g, stage: T.stage, status: T.status, count: sql<number>`count(*)::int` })
      .from(T)
      .where(where)
      .groupBy(g, T.stage, T.status),
    db
      .select({ groupId: g, tables: sql<number>`count(*)::int`, passing: sql<number>`count(*) filter (where ${T.errorCount} = 0)::int` })
      .from(T)
      .where(where)
      .groupBy(g),
    db.execute(sql`
      SELECT ${g} AS group_id, r.project_type, coalesce(sum(${T.currentAmountFen}), 0)::bigint AS amount, count(*)::int AS tables
      FROM ${T}
      JOIN table_revisions r ON r.region_code = ${T.regionCode} AND r.table_id = ${T.id} AND r.version = ${T.version}
      WHERE ${where} AND ${T.kind} = 'project'
      GROUP BY 1, 2`),
    db.execute(sql`
      SELECT c.code, count(DISTINCT ${T.id})::int AS tables, count(*)::int AS occurrences
      FROM ${T}
      JOIN table_revisions r ON r.region_code = ${T.regionCode} AND r.table_id = ${T.id} AND r.version = ${T.version}
      CROSS JOIN LATERAL jsonb_array_elements_text(r.finding_codes) AS c(code)
      WHERE ${where}
      GROUP BY c.code
      ORDER BY 2 DESC, 3 DESC, 1
      LIMIT ${FINDINGS_SHOWN}`),
    db.selectDistinct({ orgId: T.orgId }).from(T).where(where),
  ]);

  const [monitoring, selfEvaluation] = await Promise.all([evaluationFigures(db, actor, by, year, 'monitoring'), evaluationFigures(db, actor, by, year, 'self-evaluation')]);
  const filedOrgs = new Set(filed.map((r) => r.orgId));
  const rows = <R>(x: unknown): R[] => (Array.isArray(x) ? x : (x as { rows: R[] }).rows) as R[];
  const fundRows = rows<{ group_id: string; project_type: string | null; amount: string | number; tables: number }>(funds).map((r) => ({ groupId: r.group_id, projectType: r.project_type ?? '', amountFen: Number(r.amount), tables: Number(r.tables) }));
  const findingRows = rows<{ code: string; tables: number; occurrences: number }>(findings).map((r) => {
    const rule = ruleByCode(r.code);
    return { code: r.code, tables: Number(r.tables), occurrences: Number(r.occurrences), severity: rule?.defaultSeverity ?? null, description: rule?.description ?? null };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    ...empty,
    stages: (['first', 'second', 'adjust'] as Stage[]).filter((s) => stageRows.some((r) => r.stage === s)),
    groups: groups.map((x) => ({ ...x.group, orgCount: x.members.length, orgsFiled: x.members.filter((m) => filedOrgs.has(m.id)).length })),
    totals: {
      tables: sum(passing.map((p) => p.tables)),
      passing: sum(passing.map((p) => p.passing)),
      projectTables: sum(fundRows.map((r) => r.tables)),
      amountFen: sum(fundRows.map((r) => r.amountFen)),
    },
    progress,
    findings: findingRows,
    passing,
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

/**
 * The bars of the charts and who is expected to file in each: for the finance bureau every
 * 主管部门 with its units (and itself: it files the department-wide table); for a 主管部门 each
 * unit (and the department itself) on its own.
 */
async function groupsOf(db: Db, actor: Actor, by: 'dept' | 'unit') {
  const all = await db.select({ id: orgs.id, kind: orgs.kind, code: orgs.code, name: orgs.name, parentId: orgs.parentId }).from(orgs).where(eq(orgs.regionCode, actor.regionCode));
  const sorted = all.sort((a, b) => a.code.localeCompare(b.code));
  if (by === 'dept') {
    return sorted
      .filter((o) => o.kind === 'dept')
      .map((d) => ({ group: { id: d.id, code: d.code, name: d.name }, members: [d, ...sorted.filter((u) => u.kind === 'unit' && u.parentId === d.id)] }));
  }
  return sorted
    .filter((o) => o.id === actor.orgId || (o.kind === 'unit' && o.parentId === actor.orgId))
    .map((o) => ({ group: { id: o.id, code: o.code, name: o.name }, members: [o] }));
}
