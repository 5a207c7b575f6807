/**
 * The project library (项目库): per unit, the projects of a budget year with code, name, 项目类型
 * (from the bureau's dictionary), 项目等级, 实施期限 and amounts — typed in or imported from the
 * budget system's export. The year's rule set (`projectTables`) says which projects must file
 * their own target table; `owedTables` lists what each organisation owes in a stage and whether it
 * exists, and `generateTables` creates the missing ones pre-filled from the library.
 */
import { randomUUID } from 'node:crypto';
import { emptyDeptTable, notesForRuleSet, parseMoney, projectNeedsTable, projectTableFromLibrary, type ProjectTable, type ProjectTableDecision } from '@jixiao/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { orgs, projects, projectTypes, tableRevisions, targetTables, users } from '../db/schema.ts';
import type { Actor } from '../auth/session.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';
import { canRead, inOrgScope, type TableStatus } from '../policies/tables.ts';
import { createTable, type Context } from '../tables/service.ts';
import { getYear, stageGate, stageState, type Stage } from './calendar.ts';
import { rowError, splitCodeName, type ColumnSpec, type ListRow, type RowResult } from './list-import.ts';
import { yearRuleSet } from './calendar.ts';
import { resolve } from './rule-sets.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type OrgRow = typeof orgs.$inferSelect;

export interface ProjectInput {
  orgId: string;
  code: string;
  name: string;
  typeCode: string;
  typeName?: string | undefined;
  level: 1 | 2 | null;
  parentCode?: string | null | undefined;
  startYear?: number | null | undefined;
  endYear?: number | null | undefined;
  totalAmountFen?: number | null | undefined;
  currentAmountFen?: number | null | undefined;
  raw?: Record<string, string> | undefined;
}

const deptOf = (o: OrgRow) => (o.kind === 'dept' ? o.id : (o.parentId ?? o.id));

// ——— 项目类型 dictionary ———

export async function listTypes(db: Db | Tx, regionCode: string) {
  return db.select().from(projectTypes).where(eq(projectTypes.regionCode, regionCode)).orderBy(asc(projectTypes.code));
}

export async function upsertType(db: Db | Tx, regionCode: string, code: string, name: string, active = true) {
  const [row] = await db
    .insert(projectTypes)
    .values({ regionCode, code, name, active, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [projectTypes.regionCode, projectTypes.code], set: { name, active, updatedAt: new Date() } })
    .returning();
  return row!;
}

// ——— projects ———

async function checkOwner(db: Db | Tx, regionCode: string, orgId: string): Promise<OrgRow> {
  const [o] = await db.select().from(orgs).where(and(eq(orgs.regionCode, regionCode), eq(orgs.id, orgId)));
  if (!o || o.kind === 'finance') throw badRequest('bad_owner', { zh: '项目须属于本地区的预算单位或主管部门', en: 'A project belongs to a budget unit or department of this region' });
  if (!o.active) throw badRequest('org_inactive', { zh: `“${o.name}”已停用`, en: `"${o.name}" is deactivated` });
  return o;
}

function validate(p: Pick<ProjectInput, "startYear" | "endYear" | "totalAmountFen" | "currentAmountFen">) {
  if (p.startYear && p.endYear && p.endYear < p.startYear) throw badRequest('bad_period', { zh: '到期年度早于起始年度', en: 'The end year is before the start year' });
  if (p.totalAmountFen != null && p.currentAmountFen != null && p.currentAmountFen > p.totalAmountFen) {
    throw badRequest('current_exceeds_total', { zh: '当年度金额大于总金额', en: 'The current-year amount exceeds the total' });
  }
}

/** The type's name from the dictionary when only the code is given; an unknown type is added to the dictionary. */
async function typeName(db: Db | Tx, regionCode: string, code: string, name: string | undefined): Promise<{ name: string; added: boolean }> {
  if (!code) return { name: name ?? '', added: false };
  const [t] = await db.select().from(projectTypes).where(and(eq(projectTypes.regionCode, regionCode), eq(projectTypes.code, code)));
  if (t) return { name: name || t.name, added: false };
  if (!name) throw badRequest('unknown_type', { zh: `字典中没有项目类型 ${code}，请给出类型名称`, en: `Project type ${code} is not in the dictionary; give its name` });
  await upsertType(db, regionCode, code, name);
  return { name, added: true };
}

export async function createProject(db: Db | Tx, actor: Actor, year: number, p: ProjectInput, source: 'manual' | 'import' = 'manual') {
  validate(p);
  await checkOwner(db, actor.regionCode, p.orgId);
  const t = await typeName(db, actor.regionCode, p.typeCode, p.typeName);
  const now = new Date();
  const row: ProjectRow = {
    regionCode: actor.regionCode,
    id: randomUUID(),
    year,
    orgId: p.orgId,
    code: p.code,
    name: p.name,
    typeCode: p.typeCode,
    typeName: t.name,
    level: p.level,
    parentCode: p.parentCode ?? null,
    startYear: p.startYear ?? null,
    endYear: p.endYear ?? null,
    totalAmountFen: p.totalAmountFen ?? null,
    currentAmountFen: p.currentAmountFen ?? null,
    raw: p.raw ?? {},
    source,
    removed: false,
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.insert(projects).values(row);
  } catch (err) {
    if (isUnique(err)) throw conflict('project_exists', { zh: `${year} 年已有项目编码 ${p.code}`, en: `Project code ${p.code} already exists in ${year}` });
    throw err;
  }
  return { row, typeAdded: t.added };
}

export async function updateProject(db: Db | Tx, actor: Actor, id: string, p: Partial<ProjectInput> & { removed?: boolean | undefined }) {
  const [cur] = await db.select().from(projects).where(and(eq(projects.regionCode, actor.regionCode), eq(projects.id, id)));
  if (!cur) throw notFound({ zh: '项目', en: 'project' });
  const next = { ...cur };
  if (p.orgId !== undefined) next.orgId = (await checkOwner(db, actor.regionCode, p.orgId)).id;
  if (p.typeCode !== undefined) {
    next.typeCode = p.typeCode;
    next.typeName = (await typeName(db, actor.regionCode, p.typeCode, p.typeName)).name;
  }
  for (const k of ['code', 'name', 'level', 'parentCode', 'startYear', 'endYear', 'totalAmountFen', 'currentAmountFen', 'removed'] as const) {
    if (p[k] !== undefined) (next as Record<string, unknown>)[k] = p[k];
  }
  validate(next);
  next.updatedAt = new Date();
  try {
    const [row] = await db.update(projects).set(next).where(and(eq(projects.regionCode, actor.regionCode), eq(projects.id, id))).returning();
    return row!;
  } catch (err) {
    if (isUnique(err)) throw conflict('project_exists', { zh: `${cur.year} 年已有项目编码 ${next.code}`, en: `Project code ${next.code} already exists in ${cur.year}` });
    throw err;
  }
}

function isUnique(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

/** The year's projects in the actor's organisation scope, each with the rule set's decision. */
export async function listProjects(db: Db, actor: Actor, year: number, fallbackRuleSet?: string) {
  const rows = await db
    .select({ p: projects, o: orgs })
    .from(projects)
    .innerJoin(orgs, and(eq(orgs.regionCode, projects.regionCode), eq(orgs.id, projects.orgId)))
    .where(and(eq(projects.regionCode, actor.regionCode), eq(projects.year, year), eq(projects.removed, false)))
    .orderBy(asc(orgs.code), asc(projects.code));
  const rs = resolve((await yearRuleSet(db, actor.regionCode, year, fallbackRuleSet)) ?? 'guangdong-2026');
  return rows
    .filter((r) => inOrgScope(actor, { regionCode: r.p.regionCode, orgId: r.o.id, deptId: deptOf(r.o) }))
    .map((r) => ({ project: r.p, org: r.o, decision: decide(r.p, rs.projectTables) }));
}

const decide = (p: ProjectRow, rule: Parameters<typeof projectNeedsTable>[1]): ProjectTableDecision =>
  projectNeedsTable({ code: p.code, name: p.name, typeCode: p.typeCode, typeName: p.typeName, level: p.level === 1 || p.level === 2 ? p.level : null }, rule);

// ——— what each organisation owes in a stage ———

export interface OwedItem {
  kind: 'project' | 'dept-overall';
  org: { id: string; code: string; name: string };
  dept: { id: string; code: string; name: string };
  project: ProjectRow | null;
  needed: boolean | null;
  reason: { zh: string; en: string };
  /** The table that answers it; its id only for those who may read it (a draft's only to its filers and department). */
  table: { id: string | null; status: string; version: number; errorCount: number } | null;
  /** The stage's deadline has passed and the table is missing or not yet submitted. */
  overdue: boolean;
}

/**
 * Everything owed in a stage within the actor's scope: each project the rule set (of the year)
 * says needs its own table, projects it cannot decide (level missing), and every active
 * department's 部门整体 table — with the table that answers it, if one exists.
 */
export async function owedTables(db: Db, actor: Actor, year: number, stage: Stage, fallbackRuleSet?: string, opts: { includeNotNeeded?: boolean } = {}) {
  const [allOrgs, projectRows, tables, cal] = await Promise.all([
    db.select().from(orgs).where(eq(orgs.regionCode, actor.regionCode)),
    db.select().from(projects).where(and(eq(projects.regionCode, actor.regionCode), eq(projects.year, year), eq(projects.removed, false))).orderBy(asc(projects.code)),
    db
      .select({
        id: targetTables.id,
        kind: targetTables.kind,
        orgId: targetTables.orgId,
        name: targetTables.name,
        status: targetTables.status,
        version: targetTables.version,
        errorCount: targetTables.errorCount,
        projectCode: sql<string | null>`${tableRevisions.document} #>> '{projectCode,raw}'`,
      })
      .from(targetTables)
      .innerJoin(tableRevisions, and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)))
      .where(and(eq(targetTables.regionCode, actor.regionCode), eq(targetTables.year, year), eq(targetTables.stage, stage))),
    getYear(db, actor.regionCode, year),
  ]);
  const rs = resolve((await yearRuleSet(db, actor.regionCode, year, fallbackRuleSet)) ?? 'guangdong-2026');
  const stageRow = cal.stages.find((s) => s.stage === stage);
  const pastDeadline = stageRow ? stageState(stageRow) === 'overdue' || (stageRow.closedAt !== null && stageRow.deadline < stageRow.closedAt) : false;
  const byId = new Map(allOrgs.map((o) => [o.id, o]));
  const label = (o: OrgRow | undefined) => ({ id: o?.id ?? '', code: o?.code ?? '', name: o?.name ?? '' });
  const inScope = (o: OrgRow) => inOrgScope(actor, { regionCode: o.regionCode, orgId: o.id, deptId: deptOf(o) });
  const tableView = (t: (typeof tables)[number], org: OrgRow) => ({
    id: canRead(actor, { regionCode: org.regionCode, orgId: org.id, deptId: deptOf(org), status: t.status as TableStatus }) ? t.id : null,
    status: t.status,
    version: t.version,
    errorCount: t.errorCount,
  });
  const items: OwedItem[] = [];
  const used = new Set<string>();
  for (const p of projectRows) {
    const org = byId.get(p.orgId);
    if (!org || !inScope(org)) continue;
    const d = decide(p, rs.projectTables);
    if (d.needed === false && !opts.includeNotNeeded) continue;
    const t =
      tables.find((x) => x.kind === 'project' && x.orgId === p.orgId && x.projectCode === p.code && !used.has(x.id)) ??
      tables.find((x) => x.kind === 'project' && x.orgId === p.orgId && x.name === p.name && !used.has(x.id));
    if (t) used.add(t.id);
    items.push({
      kind: 'project',
      org: label(org),
      dept: label(byId.get(deptOf(org))),
      project: p,
      needed: d.needed,
      reason: d.reason,
      table: t ? tableView(t, org) : null,
      overdue: d.needed !== false && pastDeadline && (!t || t.status === 'draft'),
    });
  }
  if (rs.projectTables?.deptOverall !== false) {
    for (const dept of allOrgs.filter((o) => o.kind === 'dept' && o.active && inScope(o)).sort((a, b) => a.code.localeCompare(b.code))) {
      const t = tables.find((x) => x.kind === 'dept-overall' && x.orgId === dept.id);
      items.push({
        kind: 'dept-overall',
        org: label(dept),
        dept: label(dept),
        project: null,
        needed: true,
        reason: { zh: '每个主管部门编报部门整体绩效目标表', en: 'Every department files its department-wide table' },
        table: t ? tableView(t, dept) : null,
        overdue: pastDeadline && (!t || t.status === 'draft'),
      });
    }
  }
  items.sort((a, b) => a.dept.code.localeCompare(b.dept.code) || (a.kind === b.kind ? 0 : a.kind === 'dept-overall' ? -1 : 1) || a.org.code.localeCompare(b.org.code) || (a.project?.code ?? '').localeCompare(b.project?.code ?? ''));
  return { year, stage, ruleSet: rs.name, deadline: stageRow?.deadline.toISOString() ?? null, state: stageRow ? stageState(stageRow) : cal.year ? 'not_set' : 'unmanaged', items };
}

/** Overdue items grouped by 主管部门. */
export function overdueByDept(items: OwedItem[]) {
  const groups = new Map<string, { dept: OwedItem['dept']; missing: number; drafts: number; items: OwedItem[] }>();
  for (const it of items) {
    if (!it.overdue) continue;
    let g = groups.get(it.dept.id);
    if (!g) groups.set(it.dept.id, (g = { dept: it.dept, missing: 0, drafts: 0, items: [] }));
    g.items.push(it);
    if (it.table) g.drafts++;
    else g.missing++;
  }
  return [...groups.values()].sort((a, b) => a.dept.code.localeCompare(b.dept.code));
}

/**
 * Creates the missing tables of the needed projects, pre-filled from the library. A project that
 * had a table in an earlier stage of the year starts from that table (its indicators), with the
 * library's header laid over it. Per-project results; a refusal (stage not open…) fails that row.
 */
export async function generateTables(ctx: Context, actor: Actor, year: number, stage: Stage, onlyOrg?: string) {
  // One refusal for the whole step when the stage (or the year) is not open — not one per table.
  const ref = await stageGate(ctx.db, actor.regionCode, year, stage, 'file', ctx.ruleSet as string | undefined);
  // The 备注 of each new table words the year's minimum counts (不少于6个 when its rule set says 6).
  const rs = resolve(ref ?? 'guangdong-2026');
  const worded = <T extends { notes: string[] }>(doc: T): T => ({ ...doc, notes: notesForRuleSet(doc.notes, rs) });
  const owed = await owedTables(ctx.db, actor, year, stage, ctx.ruleSet as string | undefined);
  const results: Array<RowResult & { projectId: string; tableId?: string }> = [];
  for (const it of owed.items) {
    // The 部门整体 table each active 主管部门 owes: a blank one of the year's form, owned by the department.
    if (it.kind === 'dept-overall' && !it.table) {
      if (onlyOrg && it.dept.id !== onlyOrg) continue;
      try {
        const r = await createTable(ctx, actor, { orgId: it.dept.id, stage, year, document: worded(emptyDeptTable(year, it.dept.name)) as never, normalised: true, reason: 'library' });
        results.push({ row: results.length + 1, key: it.dept.code, projectId: '', tableId: r.row.id, action: 'create', success: true });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        results.push({ row: results.length + 1, key: it.dept.code, projectId: '', action: 'none', success: false, error: { code: err.code, message: err.bilingual } });
      }
      continue;
    }
    if (it.kind !== 'project' || !it.project || it.needed !== true || it.table) continue;
    if (onlyOrg && it.org.id !== onlyOrg && it.dept.id !== onlyOrg) continue;
    const p = it.project;
    try {
      const base = await earlierStageDocument(ctx.db, actor.regionCode, p, year, stage);
      const doc = projectTableFromLibrary(
        { code: p.code, name: p.name, typeCode: p.typeCode, typeName: p.typeName, level: p.level === 1 || p.level === 2 ? p.level : null, startYear: p.startYear, endYear: p.endYear, totalAmountFen: p.totalAmountFen, currentAmountFen: p.currentAmountFen },
        year,
        { dept: { code: it.dept.code, name: it.dept.name }, unit: { code: it.org.code, name: it.org.name } },
        base?.document,
      );
      const r = await createTable(ctx, actor, {
        orgId: p.orgId,
        stage,
        year,
        document: worded(doc) as never,
        normalised: true,
        reason: 'library',
        ...(base ? { basedOn: { id: base.id, version: base.version } } : {}),
      });
      results.push({ row: results.length + 1, key: p.code, projectId: p.id, tableId: r.row.id, action: base ? 'derive' : 'create', success: true });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      results.push({ row: results.length + 1, key: p.code, projectId: p.id, action: 'none', success: false, error: { code: err.code, message: err.bilingual } });
    }
  }
  return { year, stage, created: results.filter((r) => r.success).length, failed: results.filter((r) => !r.success).length, results, deptsWithoutFiler: await deptsWithoutFiler(ctx.db, actor.regionCode) };
}

/**
 * Active 主管部门 with no active 填报人 of their own: their 部门整体 table is filed at the
 * department, so each needs a filer there (a unit's filer cannot file it).
 */
export async function deptsWithoutFiler(db: Db, regionCode: string): Promise<Array<{ id: string; code: string; name: string }>> {
  const depts = await db.select().from(orgs).where(and(eq(orgs.regionCode, regionCode), eq(orgs.kind, 'dept'), eq(orgs.active, true)));
  const filers = await db.select({ orgId: users.orgId }).from(users).where(and(eq(users.regionCode, regionCode), eq(users.role, 'filer'), eq(users.disabled, false)));
  const has = new Set(filers.map((f) => f.orgId));
  return depts.filter((d) => !has.has(d.id)).map((d) => ({ id: d.id, code: d.code, name: d.name }));
}

async function earlierStageDocument(db: Db, regionCode: string, p: ProjectRow, year: number, stage: Stage) {
  const earlier: Stage[] = stage === 'second' ? ['first'] : stage === 'adjust' ? ['second', 'first'] : [];
  for (const s of earlier) {
    const [r] = await db
      .select({ id: targetTables.id, version: targetTables.version, document: tableRevisions.document })
      .from(targetTables)
      .innerJoin(tableRevisions, and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)))
      .where(and(eq(targetTables.regionCode, regionCode), eq(targetTables.orgId, p.orgId), eq(targetTables.year, year), eq(targetTables.stage, s), eq(targetTables.kind, 'project'), sql`(${targetTables.name} = ${p.name} OR ${tableRevisions.document} #>> '{projectCode,raw}' = ${p.code})`))
      .limit(1);
    if (r) return { id: r.id, version: r.version, document: r.document as ProjectTable };
  }
  return undefined;
}

// ——— import from the budget system's export ———

export const PROJECT_COLUMNS: ColumnSpec<'code' | 'name' | 'org' | 'type' | 'typeName' | 'level' | 'parent' | 'period' | 'start' | 'end' | 'total' | 'current'> = {
  code: { labels: ['项目编码', '项目代码', '项目编号', 'code'], required: true, zh: '项目编码' },
  name: { labels: ['项目名称', 'name'], required: true, zh: '项目名称' },
  org: { labels: ['单位编码', '预算单位编码', '用款单位编码', '用款单位', '预算单位', '单位', '实施单位', 'unit'], required: true, zh: '单位编码' },
  type: { labels: ['项目类型', '项目类别', '项目类型编码', '类型编码', 'type'], required: true, zh: '项目类型' },
  typeName: { labels: ['项目类型名称', '类型名称'], zh: '项目类型名称' },
  level: { labels: ['项目等级', '项目级次', '项目级别', '等级', 'level'], zh: '项目等级' },
  parent: { labels: ['一级项目编码', '上级项目编码', '一级项目'], zh: '一级项目编码' },
  period: { labels: ['实施期限', '项目期', '实施周期'], zh: '实施期限' },
  start: { labels: ['起始年度', '开始年度', '起始年份'], zh: '起始年度' },
  end: { labels: ['到期年度', '结束年度', '终止年度'], zh: '到期年度' },
  total: { labels: ['总金额', '项目总金额', '资金总额', '中期资金总额', '总预算'], zh: '总金额' },
  current: { labels: ['当年度金额', '当年金额', '本年金额', '年度资金总额', '当年资金总额', '年度金额'], zh: '当年度金额' },
};

const LEVEL_RE: Array<[RegExp, 1 | 2]> = [[/^(1|一级|一级项目|一)$/, 1], [/^(2|二级|二级项目|二)$/, 2]];

export interface ProjectImportResult extends RowResult {
  projectId?: string | undefined;
  needsTable?: boolean | null | undefined;
}

/**
 * Imports (or previews) the year's projects. A row is matched by 项目编码: new codes are created,
 * known ones updated. Units are found by code (also "144001-名称"). Amounts follow the header's
 * unit (万元 unless it says 元). Every row gets its own result.
 */
export async function importProjects(db: Db, actor: Actor, year: number, rows: Array<ListRow<keyof typeof PROJECT_COLUMNS>>, dryRun: boolean, fallbackRuleSet?: string) {
  const allOrgs = await db.select().from(orgs).where(eq(orgs.regionCode, actor.regionCode));
  const orgByCode = new Map(allOrgs.map((o) => [o.code, o]));
  const existing = await db.select().from(projects).where(and(eq(projects.regionCode, actor.regionCode), eq(projects.year, year)));
  const byCode = new Map(existing.map((p) => [p.code, p]));
  const types = new Map((await listTypes(db, actor.regionCode)).map((t) => [t.code, t]));
  const rs = resolve((await yearRuleSet(db, actor.regionCode, year, fallbackRuleSet)) ?? 'guangdong-2026');
  const seen = new Map<string, number>();
  const results: ProjectImportResult[] = [];
  const plans: Array<{ r: ProjectImportResult; input: ProjectInput; existing?: ProjectRow | undefined }> = [];
  for (const row of rows) {
    const c = row.cells;
    const code = (c.code ?? '').replace(/\s/g, '');
    const fail = (k: string, zh: string, en: string) => results.push(rowError(row.row, code, k, zh, en));
    if (!code) { fail('code_required', '缺少项目编码', 'the project code is missing'); continue; }
    if (seen.has(code)) { fail('duplicate_code', `项目编码 ${code} 与第 ${seen.get(code)} 行重复`, `project code ${code} repeats row ${seen.get(code)}`); continue; }
    seen.set(code, row.row);
    const name = (c.name ?? '').trim();
    if (!name) { fail('name_required', '缺少项目名称', 'the project name is missing'); continue; }
    const orgCode = splitCodeName(c.org ?? '').code || (c.org ?? '').trim();
    const org = orgByCode.get(orgCode);
    if (!org || org.kind === 'finance') { fail('unknown_org', `没有编码为“${orgCode}”的预算单位，请先导入单位`, `no budget unit with code "${orgCode}"; import the organisations first`); continue; }
    if (!org.active) { fail('org_inactive', `单位 ${orgCode} 已停用`, `unit ${orgCode} is deactivated`); continue; }
    const t = splitCodeName(c.type ?? '');
    const typeCode = t.code;
    const tName = (c.typeName ?? '').trim() || t.name || types.get(typeCode)?.name || '';
    if (!typeCode && !tName) { fail('type_required', '缺少项目类型', 'the project type is missing'); continue; }
    let level: 1 | 2 | null = null;
    const lv = (c.level ?? '').replace(/\s/g, '');
    if (lv) {
      const hit = LEVEL_RE.find(([re]) => re.test(lv));
      if (!hit) { fail('bad_level', `项目等级“${lv}”应为 一级 或 二级`, `project level "${lv}" must be 一级 (1) or 二级 (2)`); continue; }
      level = hit[1];
    }
    let startYear: number | null = null;
    let endYear: number | null = null;
    const period = (c.period ?? '').trim();
    const years = period.match(/(19|20|21)\d{2}/g);
    if (years?.length) { startYear = Number(years[0]); endYear = Number(years[years.length - 1]); }
    if (c.start) startYear = Number(/\d{4}/.exec(c.start)?.[0] ?? NaN);
    if (c.end) endYear = Number(/\d{4}/.exec(c.end)?.[0] ?? NaN);
    if (Number.isNaN(startYear) || Number.isNaN(endYear)) { fail('bad_period', '实施期限应为四位年份，如 2023-2026', 'the period must be four-digit years, e.g. 2023-2026'); continue; }
    const money = (k: 'total' | 'current', zh: string): number | null | 'bad' => {
      const raw = (c[k] ?? '').trim();
      if (!raw) return null;
      const m = parseMoney(raw, row.units[k] ?? '万元');
      if (!m) { fail(`bad_${k}`, `${zh}“${raw}”不是金额`, `${k} amount "${raw}" is not an amount`); return 'bad'; }
      return m.fen;
    };
    const total = money('total', '总金额');
    if (total === 'bad') continue;
    const current = money('current', '当年度金额');
    if (current === 'bad') continue;
    if (total !== null && current !== null && current > total) { fail('current_exceeds_total', '当年度金额大于总金额', 'the current-year amount exceeds the total'); continue; }
    const input: ProjectInput = { orgId: org.id, code, name, typeCode, typeName: tName, level, parentCode: (c.parent ?? '').trim() || null, startYear, endYear, totalAmountFen: total, currentAmountFen: current, raw: Object.fromEntries(Object.entries(c).filter(([, v]) => v)) as Record<string, string> };
    const ex = byCode.get(code);
    const d = projectNeedsTable({ code, name, typeCode, typeName: tName, level }, rs.projectTables);
    const note = typeCode && !types.has(typeCode) ? { zh: `项目类型 ${typeCode} ${tName} 将加入字典`, en: `Project type ${typeCode} ${tName} is added to the dictionary` } : undefined;
    const r: ProjectImportResult = { row: row.row, key: code, action: ex ? (ex.removed ? 'restore' : 'update') : 'create', success: true, needsTable: d.needed, note };
    plans.push({ r, input, existing: ex });
  }
  if (!dryRun) {
    await db.transaction(async (tx) => {
      for (const p of plans) {
        try {
          await tx.transaction(async (sp) => {
            if (p.existing) {
              const row = await updateProject(sp, actor, p.existing.id, { ...p.input, removed: false });
              await sp.update(projects).set({ raw: p.input.raw ?? {}, source: 'import' }).where(and(eq(projects.regionCode, row.regionCode), eq(projects.id, row.id)));
              p.r.projectId = row.id;
            } else {
              const { row } = await createProject(sp, actor, year, p.input, 'import');
              p.r.projectId = row.id;
            }
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
  const ok = results.filter((r) => r.success);
  return {
    dryRun,
    year,
    summary: { rows: results.length, created: ok.filter((r) => r.action === 'create').length, updated: ok.filter((r) => r.action !== 'create').length, failed: results.length - ok.length, needTables: ok.filter((r) => r.needsTable === true).length },
    results,
  };
}
