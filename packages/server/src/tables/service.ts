/**
 * Target tables: create, save (a new immutable revision each time, guarded by the version the
 * client read), the workflow steps, derivation (二上 from 一上, next year from this year) and
 * the department-level checks. Each write and its audit entry commit in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { checkSeconds } from '../ops/metrics.ts';
import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { checkTable, hasErrors, type CheckOptions, type DeptOverallTable, type IndicatorLibrary, type Finding, type ProjectTable, type TargetTable } from '@jixiao/core';
import type { Db, Tx } from '../db/open.ts';
import { evaluationReports, orgs, tableRevisions, targetTables, users, workflowEvents } from '../db/schema.ts';
import { reportVisibility } from '../evaluation/reports.ts';
import { auditAs } from '../audit/audit.ts';
import type { Actor } from '../auth/session.ts';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { canCreateFor, canEdit, canRead, decide, inOrgScope, STATUS_LABELS, type TableStatus, type WorkflowAction } from '../policies/tables.ts';
import { identityName, normaliseDocument, type StoredDocument, type TableDocument } from './document.ts';
import { checkDepartment } from './dept-checks.ts';
import { stageGate } from '../administration/calendar.ts';
import { resolve, type RuleSetRef } from '../administration/rule-sets.ts';
import { DEFAULT_RULE_SET, notesForRuleSet, STAGES } from '@jixiao/core';
import { canCreateFromLibrary } from '../policies/administration.ts';

export type TableRow = typeof targetTables.$inferSelect;
export type Stage = TableRow['stage'];
export { STAGES };
export const STAGE_LABELS: Record<Stage, { zh: string; en: string }> = {
  first: { zh: '一上', en: 'first submission' },
  second: { zh: '二上', en: 'second submission' },
  adjust: { zh: '调整', en: 'adjustment' },
};

const TABLE = { zh: '目标表', en: 'table' };

export interface Context {
  db: Db;
  ruleSet?: string;
  ip?: string;
  /** The region's indicator library, for the proposals of goal.target-uncovered (default: core's starter set). */
  library?: (regionCode: string) => Promise<IndicatorLibrary>;
}

export function computeFindings(doc: StoredDocument, ruleSet?: RuleSetRef, library?: IndicatorLibrary): Finding[] {
  const opts: CheckOptions = {};
  if (ruleSet) opts.ruleSet = ruleSet;
  if (library) opts.library = library;
  const stop = checkSeconds.startTimer();
  try {
    return checkTable(doc as TargetTable, opts);
  } finally {
    stop();
  }
}

async function libraryOf(ctx: Context, regionCode: string): Promise<IndicatorLibrary | undefined> {
  // The library only shapes proposals: a failure to build it must not block a save.
  return ctx.library?.(regionCode).catch(() => undefined);
}

function counts(findings: Finding[]) {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function selectTable(db: Db | Tx, regionCode: string, id: string, lock: boolean): Promise<TableRow | undefined> {
  if (!UUID_RE.test(id)) return undefined;
  const q = db.select().from(targetTables).where(and(eq(targetTables.regionCode, regionCode), eq(targetTables.id, id)));
  const rows = lock ? await q.for('update') : await q;
  return rows[0];
}

/** The table if the actor may read it; otherwise 404 (the same answer as for no table). */
export async function readableTable(db: Db | Tx, actor: Actor, id: string, lock = false): Promise<TableRow> {
  const row = await selectTable(db, actor.regionCode, id, lock);
  if (!row || !canRead(actor, row)) throw notFound(TABLE);
  return row;
}

/** A table and its current revision, in one query. */
export async function selectWithCurrentRevision(db: Db, where: SQL | undefined) {
  const [r] = await db
    .select({ row: targetTables, rev: tableRevisions })
    .from(targetTables)
    .innerJoin(
      tableRevisions,
      and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)),
    )
    .where(where);
  return r;
}

/** Reading a table is the commonest request: one prepared statement per database handle. */
const preparedRead = new WeakMap<Db, ReturnType<typeof prepareRead>>();
function prepareRead(db: Db) {
  return db
    .select({ row: targetTables, rev: tableRevisions })
    .from(targetTables)
    .innerJoin(
      tableRevisions,
      and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)),
    )
    .where(and(eq(targetTables.regionCode, sql.placeholder('region')), eq(targetTables.id, sql.placeholder('id'))))
    .prepare('jixiao_read_table');
}

/** The table and its current revision, if the actor may read it (else 404). */
export async function readableTableAndRevision(db: Db, actor: Actor, id: string) {
  if (!UUID_RE.test(id)) throw notFound(TABLE);
  let q = preparedRead.get(db);
  if (!q) preparedRead.set(db, (q = prepareRead(db)));
  const [r] = await q.execute({ region: actor.regionCode, id });
  if (!r || !canRead(actor, r.row)) throw notFound(TABLE);
  return r;
}

export async function currentRevision(db: Db | Tx, row: TableRow) {
  const [rev] = await db
    .select()
    .from(tableRevisions)
    .where(and(eq(tableRevisions.regionCode, row.regionCode), eq(tableRevisions.tableId, row.id), eq(tableRevisions.version, row.version)));
  if (!rev) throw new Error(`revision ${row.version} of table ${row.id} is missing`);
  return rev;
}

export interface CreateInput {
  orgId: string;
  stage: Stage;
  year?: number | undefined;
  document: TableDocument | StoredDocument;
  /** library: pre-filled from the project library (项目库), possibly by the administrator. */
  reason?: 'create' | 'import' | 'derive' | 'library';
  basedOn?: { id: string; version: number };
  /** Skip normalisation (already a core TargetTable, e.g. from the importer). */
  normalised?: boolean;
}

async function ownerOrg(db: Db | Tx, actor: Actor, orgId: string) {
  const [org] = await db.select().from(orgs).where(and(eq(orgs.regionCode, actor.regionCode), eq(orgs.id, orgId)));
  if (!org) throw badRequest('unknown_org', { zh: `没有这个单位（${orgId}）`, en: `No such organisation (${orgId})` });
  if (!org.active) throw badRequest('org_inactive', { zh: `“${org.name}”已停用，不能再填报`, en: `"${org.name}" is deactivated and files no more tables` });
  return org;
}

export async function createTable(ctx: Context, actor: Actor, input: CreateInput): Promise<{ row: TableRow; findings: Finding[]; document: StoredDocument }> {
  const doc = input.normalised ? (input.document as StoredDocument) : normaliseDocument(input.document as TableDocument);
  if ((doc.kind as string) !== 'dept-overall' && doc.kind !== 'project') {
    throw badRequest('unsupported_kind', { zh: '只能保存部门整体或项目支出绩效目标表', en: 'Only department-wide and project tables can be stored' });
  }
  const org = await ownerOrg(ctx.db, actor, input.orgId);
  if (doc.kind === 'dept-overall' && org.kind !== 'dept') {
    throw badRequest('wrong_owner', { zh: '部门整体绩效目标表应属于主管部门', en: 'A department-wide table belongs to a 主管部门 (department)' });
  }
  if (doc.kind === 'project' && org.kind === 'finance') {
    throw badRequest('wrong_owner', { zh: '项目支出绩效目标表应属于预算单位或主管部门', en: 'A project table belongs to a budget unit or department' });
  }
  const deptId = org.kind === 'dept' ? org.id : (org.parentId ?? org.id);
  const owner = { regionCode: actor.regionCode, orgId: org.id, deptId };
  if (!(input.reason === 'library' ? canCreateFromLibrary(actor, owner) : canCreateFor(actor, owner))) {
    throw forbidden({ zh: '您无权为该单位填报目标表', en: 'You may not file tables for this organisation' });
  }
  const year = input.year ?? doc.year;
  if (year === undefined) throw badRequest('year_required', { zh: '请给出预算年度（year）', en: 'Give the budget year (year)' });
  if (doc.year === undefined) doc.year = year;
  const name = identityName(doc);
  if (doc.kind === 'project' && name === '') throw badRequest('name_required', { zh: '项目名称不能为空', en: 'The project name is required' });
  // The budget calendar: refused outside an open stage; the year's rule set judges the table.
  const ruleSet = await stageGate(ctx.db, actor.regionCode, year, input.stage, 'file', ctx.ruleSet);
  // A table made here (not one imported as filed, whose 备注 is the unit's own text) words its
  // 备注 count sentence by the year's rule set: 不少于6个 when that rule set asks for 6, so the
  // form, the print view and every export say what the checker asks.
  if (input.reason !== 'import') doc.notes = notesForRuleSet(doc.notes, resolve(ruleSet ?? DEFAULT_RULE_SET));
  const findings = computeFindings(doc, ruleSet, await libraryOf(ctx, actor.regionCode));
  const c = counts(findings);
  const now = new Date();
  const row: TableRow = {
    regionCode: actor.regionCode,
    id: randomUUID(),
    kind: doc.kind,
    orgId: org.id,
    deptId,
    year,
    stage: input.stage,
    status: 'draft',
    name,
    title: doc.title,
    version: 1,
    errorCount: c.errors,
    warningCount: c.warnings,
    currentAmountFen: doc.kind === 'project' ? (doc.currentAmount.fen ?? null) : null,
    basedOnId: input.basedOn?.id ?? null,
    basedOnVersion: input.basedOn?.version ?? null,
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(targetTables).values(row);
      await tx.insert(tableRevisions).values({
        regionCode: row.regionCode,
        tableId: row.id,
        version: 1,
        document: doc,
        findings,
        errorCount: c.errors,
        warningCount: c.warnings,
        authorId: actor.id,
        createdAt: now,
        reason: input.reason ?? 'create',
      });
      const details = { kind: row.kind, orgId: row.orgId, year, stage: row.stage, name, version: 1, reason: input.reason ?? 'create' };
      await auditAs(tx, actor, 'table.create', { type: 'table', id: row.id }, { ...details, basedOn: input.basedOn ?? null, errors: c.errors, warnings: c.warnings }, ctx.ip);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('table_exists', {
        zh: `该单位 ${year} 年${STAGE_LABELS[input.stage].zh}阶段已有${name ? `项目“${name}”的` : '部门整体'}目标表`,
        en: `This organisation already has ${name ? `a table for project "${name}"` : 'a department-wide table'} for ${year}, ${STAGE_LABELS[input.stage].en}`,
      });
    }
    throw err;
  }
  return { row, findings, document: doc };
}

export async function saveTable(
  ctx: Context,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: TableDocument,
): Promise<{ row: TableRow; findings: Finding[]; document: StoredDocument }> {
  const doc = normaliseDocument(input);
  // Built before the transaction: the library reads through its own connection.
  const library = await libraryOf(ctx, actor.regionCode);
  let findings = computeFindings(doc, ctx.ruleSet, library);
  let c = counts(findings);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await readableTable(tx, actor, id, true);
      const yearRuleSet = await stageGate(tx, row.regionCode, row.year, row.stage, 'file', ctx.ruleSet);
      if ((yearRuleSet ?? DEFAULT_RULE_SET) !== (ctx.ruleSet ?? DEFAULT_RULE_SET)) {
        findings = computeFindings(doc, yearRuleSet, library);
        c = counts(findings);
      }
      if (!canEdit(actor, row)) {
        if (row.status !== 'draft') {
          throw conflict('not_editable', {
            zh: `目标表处于“${STATUS_LABELS[row.status].zh}”状态，不能修改；退回后才能修改`,
            en: `The table is ${STATUS_LABELS[row.status].en} and cannot be changed until it is returned`,
          }, { status: row.status, currentVersion: row.version });
        }
        throw forbidden({ zh: '您无权修改此目标表', en: 'You may not change this table' });
      }
      if (row.version !== expectedVersion) {
        throw new ApiError(
          409,
          'version_conflict',
          {
            zh: `目标表已被他人修改：您读取的是第 ${expectedVersion} 版，当前是第 ${row.version} 版。请重新打开后再保存。`,
            en: `The table was changed by someone else: you read version ${expectedVersion}, the current version is ${row.version}. Reload it and save again.`,
          },
          { currentVersion: row.version, yourVersion: expectedVersion, updatedAt: row.updatedAt.toISOString() },
          { etag: `"${row.version}"` },
        );
      }
      if (doc.kind !== row.kind) throw badRequest('kind_mismatch', { zh: '不能改变目标表的种类', en: 'The kind of a table cannot change' });
      if (doc.year === undefined) doc.year = row.year;
      const now = new Date();
      const version = row.version + 1;
      const name = identityName(doc);
      if (row.kind === 'project' && name === '') throw badRequest('name_required', { zh: '项目名称不能为空', en: 'The project name is required' });
      await tx.insert(tableRevisions).values({
        regionCode: row.regionCode,
        tableId: row.id,
        version,
        document: doc,
        findings,
        errorCount: c.errors,
        warningCount: c.warnings,
        authorId: actor.id,
        createdAt: now,
        reason: 'save',
      });
      const patch = {
        version,
        name,
        title: doc.title,
        errorCount: c.errors,
        warningCount: c.warnings,
        currentAmountFen: doc.kind === 'project' ? (doc.currentAmount.fen ?? null) : null,
        updatedAt: now,
      };
      const updated = await tx
        .update(targetTables)
        .set(patch)
        .where(and(eq(targetTables.regionCode, row.regionCode), eq(targetTables.id, row.id), eq(targetTables.version, expectedVersion)))
        .returning({ id: targetTables.id });
      if (updated.length !== 1) throw new Error('concurrent save slipped past the row lock');
      await auditAs(tx, actor, 'table.save', { type: 'table', id: row.id }, { version, errors: c.errors, warnings: c.warnings }, ctx.ip);
      return { row: { ...row, ...patch }, findings, document: doc };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('table_exists', { zh: '同名项目的目标表已存在', en: 'A table for a project of that name already exists' });
    }
    throw err;
  }
}

export interface FieldComment {
  field: string;
  indicatorId?: string | undefined;
  comment: string;
}

export interface TransitionInput {
  comment?: string | undefined;
  fieldComments?: FieldComment[] | undefined;
  version?: number | undefined;
}

export class SubmissionRefused extends ApiError {}

export async function transition(
  ctx: Context,
  actor: Actor,
  id: string,
  action: WorkflowAction,
  input: TransitionInput,
): Promise<{ row: TableRow; event: typeof workflowEvents.$inferSelect }> {
  const fieldComments = input.fieldComments ?? [];
  const comment = (input.comment ?? '').trim();
  if (action === 'return' && comment === '' && fieldComments.length === 0) {
    throw badRequest('comment_required', { zh: '退回时请写明意见（comment 或 fieldComments）', en: 'A return needs a comment (comment or fieldComments)' });
  }
  let refused: { findings: Finding[] } | undefined;
  const library = action === 'submit' ? await libraryOf(ctx, actor.regionCode) : undefined;
  const result = await ctx.db.transaction(async (tx) => {
    const row = await readableTable(tx, actor, id, true);
    const d = decide(actor, action, row);
    if (!d.ok) {
      if (d.reason === 'state') {
        throw conflict('invalid_state', {
          zh: `目标表处于“${STATUS_LABELS[row.status].zh}”状态，不能执行此操作`,
          en: `The table is ${STATUS_LABELS[row.status].en}; this step is not possible now`,
        }, { status: row.status });
      }
      throw forbidden({ zh: '您的角色或所属单位无权执行此操作', en: 'Your role or organisation may not take this step' });
    }
    const yearRuleSet = await stageGate(tx, row.regionCode, row.year, row.stage, action === 'publish' ? 'publish' : action === 'submit' ? 'file' : 'review', ctx.ruleSet);
    if (input.version !== undefined && input.version !== row.version) {
      throw new ApiError(409, 'version_conflict', {
        zh: `您看到的是第 ${input.version} 版，当前是第 ${row.version} 版，请重新打开后再操作`,
        en: `You saw version ${input.version}; the current version is ${row.version}. Reload and try again.`,
      }, { currentVersion: row.version, yourVersion: input.version });
    }
    if (action === 'submit') {
      const rev = await currentRevision(tx, row);
      const findings = computeFindings(rev.document as StoredDocument, yearRuleSet, library);
      if (hasErrors(findings)) {
        refused = { findings: findings.filter((f) => f.severity === 'error') };
        const codes = [...new Set(refused.findings.map((f) => f.code))];
        await auditAs(tx, actor, 'table.submit_refused', { type: 'table', id: row.id }, { version: row.version, errors: refused.findings.length, codes }, ctx.ip);
        return null;
      }
    }
    const now = new Date();
    const event = {
      regionCode: row.regionCode,
      id: randomUUID(),
      tableId: row.id,
      action,
      fromStatus: row.status,
      toStatus: d.to,
      version: row.version,
      actorId: actor.id,
      comment,
      fieldComments,
      createdAt: now,
    };
    await tx.insert(workflowEvents).values(event);
    await tx
      .update(targetTables)
      .set({ status: d.to, updatedAt: now })
      .where(and(eq(targetTables.regionCode, row.regionCode), eq(targetTables.id, row.id)));
    const details = { from: row.status, to: d.to, version: row.version, comment, fieldComments: fieldComments.length };
    await auditAs(tx, actor, `table.${action}`, { type: 'table', id: row.id }, details, ctx.ip);
    return { row: { ...row, status: d.to as TableStatus, updatedAt: now }, event };
  });
  if (refused || !result) {
    throw new SubmissionRefused(
      422,
      'submission_refused',
      {
        zh: `目标表还有 ${refused?.findings.length ?? 0} 个错误，改正后才能提交`,
        en: `The table still has ${refused?.findings.length ?? 0} errors; correct them before submitting`,
      },
      { findings: refused?.findings ?? [] },
    );
  }
  return result;
}

/** Starts a table from another: 二上 from 一上, 调整 from either, next year's 一上 from this year's. */
export async function deriveTable(ctx: Context, actor: Actor, sourceId: string, to: { stage: Stage; year?: number | undefined }) {
  const src = await readableTable(ctx.db, actor, sourceId);
  const rev = await currentRevision(ctx.db, src);
  const year = to.year ?? src.year;
  const order = STAGES.indexOf(to.stage) - STAGES.indexOf(src.stage);
  const sameYearOk = year === src.year && order > 0;
  const nextYearOk = year === src.year + 1;
  if (!sameYearOk && !nextYearOk) {
    throw badRequest('bad_derivation', {
      zh: `不能从 ${src.year} 年${STAGE_LABELS[src.stage].zh}生成 ${year} 年${STAGE_LABELS[to.stage].zh}：同一年只能向后（一上→二上→调整），或生成下一年`,
      en: `Cannot start ${year} ${STAGE_LABELS[to.stage].en} from ${src.year} ${STAGE_LABELS[src.stage].en}: within a year only forward (first → second → adjust), or the next year`,
    });
  }
  const doc = structuredClone(rev.document) as StoredDocument;
  if (year !== src.year) {
    doc.year = year;
    doc.title = doc.title.replace(String(src.year), String(year));
  }
  return createTable(ctx, actor, {
    orgId: src.orgId,
    stage: to.stage,
    year,
    document: doc,
    normalised: true,
    reason: 'derive',
    basedOn: { id: src.id, version: src.version },
  });
}

export interface ListFilter {
  year?: number | undefined;
  stage?: Stage | undefined;
  status?: TableStatus | undefined;
  org?: string | undefined;
  kind?: TableRow['kind'] | undefined;
  /** Only the tables this organisation owns itself (not its units'), by id. */
  owner?: string | undefined;
  /** Tables whose current version has a finding with this code (dashboard drill-down). */
  finding?: string | undefined;
  /** yes: no errors (passes the filing rules); no: at least one error. */
  passes?: 'yes' | 'no' | undefined;
  /** 项目类型 name as the dashboards group it ('' = not filled in). */
  projectType?: string | undefined;
  /** With `light` or `grade`: tables with a report in this monitoring or self-evaluation round the actor may read. */
  round?: string | undefined;
  light?: string | undefined;
  grade?: string | undefined;
  limit: number;
  offset: number;
}

/** SQL form of canRead (policies/tables.ts): the two must agree; the list tests check both. */
export function visibility(actor: Actor): SQL {
  const region = eq(targetTables.regionCode, actor.regionCode);
  const scope =
    actor.orgKind === 'finance' ? undefined : actor.orgKind === 'dept' ? eq(targetTables.deptId, actor.orgId) : eq(targetTables.orgId, actor.orgId);
  const drafts = actor.role === 'filer' || actor.role === 'dept_reviewer' ? undefined : ne(targetTables.status, 'draft');
  return and(region, scope, drafts) as SQL;
}

/** A listed table: the row, its owner's name and its last workflow step (for to-do lists). */
export interface ListedTable extends TableRow {
  orgName: string;
  lastAction: string | null;
  lastActionAt: Date | null;
}

export async function selectListed(db: Db, where: SQL | undefined, limit: number, offset: number): Promise<ListedTable[]> {
  const last = (col: 'action' | 'created_at') =>
    sql.raw(
      `(SELECT w.${col} FROM workflow_events w WHERE w.region_code = "target_tables"."region_code" AND w.table_id = "target_tables"."id" ORDER BY w.created_at DESC, w.id DESC LIMIT 1)`,
    );
  const rows = await db
    .select({ t: targetTables, orgName: orgs.name, lastAction: sql<string | null>`${last('action')}`, lastActionAt: sql<string | null>`${last('created_at')}` })
    .from(targetTables)
    .innerJoin(orgs, and(eq(orgs.regionCode, targetTables.regionCode), eq(orgs.id, targetTables.orgId)))
    .where(where)
    .orderBy(desc(targetTables.year), asc(targetTables.deptId), asc(targetTables.kind), asc(targetTables.name), asc(targetTables.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({
    ...r.t,
    orgName: r.orgName,
    lastAction: r.lastAction,
    lastActionAt: r.lastActionAt === null ? null : new Date(r.lastActionAt),
  }));
}

/** EXISTS over the table's current revision: a finding code, a project type (generated columns). */
export function currentRevisionHas(findingCode: string | undefined, projectType: string | undefined): SQL {
  const conds = [sql`r.region_code = ${targetTables.regionCode}`, sql`r.table_id = ${targetTables.id}`, sql`r.version = ${targetTables.version}`];
  if (findingCode !== undefined) conds.push(sql`r.finding_codes @> ${JSON.stringify([findingCode])}::jsonb`);
  if (projectType !== undefined) conds.push(sql`r.project_type = ${projectType}`);
  return sql`EXISTS (SELECT 1 FROM table_revisions r WHERE ${sql.join(conds, sql` AND `)})`;
}

/** EXISTS a monitoring or self-evaluation report of the table in a round, visible to the actor, with that light or grade ('' = none yet). */
function hasReport(actor: Actor, round: string, light: string | undefined, grade: string | undefined): SQL {
  const E = evaluationReports;
  const conds: SQL[] = [sql`${E.regionCode} = ${targetTables.regionCode}`, sql`${E.basedOnId} = ${targetTables.id}`, eq(E.roundId, round), reportVisibility(actor)];
  if (light !== undefined) conds.push(light === '' ? sql`${E.light} IS NULL` : eq(E.light, light));
  if (grade !== undefined) conds.push(grade === '' ? sql`${E.grade} IS NULL` : eq(E.grade, grade));
  return sql`EXISTS (SELECT 1 FROM ${E} WHERE ${and(...conds)})`;
}

export async function listTables(db: Db, actor: Actor, f: ListFilter) {
  const conds: Array<SQL | undefined> = [visibility(actor)];
  if (f.year !== undefined) conds.push(eq(targetTables.year, f.year));
  if (f.stage) conds.push(eq(targetTables.stage, f.stage));
  if (f.status) conds.push(eq(targetTables.status, f.status));
  if (f.kind) conds.push(eq(targetTables.kind, f.kind));
  if (f.owner) conds.push(eq(targetTables.orgId, f.owner));
  if (f.passes) conds.push(f.passes === 'yes' ? eq(targetTables.errorCount, 0) : sql`${targetTables.errorCount} > 0`);
  if (f.finding !== undefined || f.projectType !== undefined) conds.push(currentRevisionHas(f.finding, f.projectType));
  if (f.round) conds.push(hasReport(actor, f.round, f.light, f.grade));
  if (f.org) {
    const [o] = await db
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.regionCode, actor.regionCode), or(eq(orgs.id, f.org), eq(orgs.code, f.org))));
    if (!o) return { items: [], total: 0 };
    conds.push(or(eq(targetTables.orgId, o.id), eq(targetTables.deptId, o.id)));
  }
  const where = and(...conds);
  const items = await selectListed(db, where, f.limit, f.offset);
  const [tot] = await db.select({ n: sql<number>`count(*)::int` }).from(targetTables).where(where);
  return { items, total: tot?.n ?? 0 };
}

export async function listRevisions(db: Db, row: TableRow) {
  return db
    .select({
      version: tableRevisions.version,
      createdAt: tableRevisions.createdAt,
      reason: tableRevisions.reason,
      errorCount: tableRevisions.errorCount,
      warningCount: tableRevisions.warningCount,
      authorId: tableRevisions.authorId,
      authorLogin: users.login,
      authorName: users.displayName,
    })
    .from(tableRevisions)
    .leftJoin(users, and(eq(users.regionCode, tableRevisions.regionCode), eq(users.id, tableRevisions.authorId)))
    .where(and(eq(tableRevisions.regionCode, row.regionCode), eq(tableRevisions.tableId, row.id)))
    .orderBy(asc(tableRevisions.version));
}

export async function getRevision(db: Db, row: TableRow, version: number) {
  const [rev] = await db
    .select()
    .from(tableRevisions)
    .where(and(eq(tableRevisions.regionCode, row.regionCode), eq(tableRevisions.tableId, row.id), eq(tableRevisions.version, version)));
  if (!rev) throw notFound({ zh: `第 ${version} 版`, en: `version ${version}` });
  return rev;
}

export async function listEvents(db: Db, row: TableRow) {
  return db
    .select({
      id: workflowEvents.id,
      action: workflowEvents.action,
      fromStatus: workflowEvents.fromStatus,
      toStatus: workflowEvents.toStatus,
      version: workflowEvents.version,
      comment: workflowEvents.comment,
      fieldComments: workflowEvents.fieldComments,
      createdAt: workflowEvents.createdAt,
      actorId: workflowEvents.actorId,
      actorLogin: users.login,
      actorName: users.displayName,
    })
    .from(workflowEvents)
    .leftJoin(users, and(eq(users.regionCode, workflowEvents.regionCode), eq(users.id, workflowEvents.actorId)))
    .where(and(eq(workflowEvents.regionCode, row.regionCode), eq(workflowEvents.tableId, row.id)))
    .orderBy(asc(workflowEvents.createdAt), asc(workflowEvents.id));
}

/**
 * Department checks for the department of `row` in its year and stage. Only tables the actor
 * may read are taken into account, so the result never reveals a table they cannot see.
 */
export async function departmentFindings(db: Db, actor: Actor, deptId: string, year: number, stage: Stage): Promise<Finding[]> {
  if (!inOrgScope(actor, { regionCode: actor.regionCode, orgId: deptId, deptId })) return [];
  const rows = await db
    .select({ t: targetTables, document: tableRevisions.document })
    .from(targetTables)
    .innerJoin(
      tableRevisions,
      and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)),
    )
    .where(and(visibility(actor), eq(targetTables.deptId, deptId), eq(targetTables.year, year), eq(targetTables.stage, stage)));
  const dept = rows.find((r) => r.t.kind === 'dept-overall');
  const projects = rows.filter((r) => r.t.kind === 'project').map((r) => ({ id: r.t.id, document: r.document as ProjectTable }));
  return checkDepartment(dept ? { id: dept.t.id, document: dept.document as DeptOverallTable } : null, projects);
}

export async function tablesByIds(db: Db, regionCode: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(targetTables).where(and(eq(targetTables.regionCode, regionCode), inArray(targetTables.id, ids)));
}
