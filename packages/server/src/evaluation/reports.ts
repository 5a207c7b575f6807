/**
 * Monitoring reports and self-evaluations. A report is started in a round from an approved target
 * table: the targets are copied from the approved revision and stay read-only (a save that
 * changes one is refused); the unit enters actuals and explanations. Every save is a new
 * immutable revision in table_revisions (If-Match, 409 on a stale version); submit, approve,
 * return and publish are the target tables' steps (policies/tables.ts decide) and are recorded
 * in workflow_events, so the history and review comments work as for target tables. The light,
 * total and grade of the current version are kept on the report row for roll-ups.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  evaluateReport,
  hasErrors,
  newMonitoringDocument,
  newSelfEvaluationDocument,
  parseMoney,
  ruleSetParams,
  targetChanges,
  targetsName,
  type ApprovedTargets,
  type Finding,
  type KnownExecution,
  type MonitoringDocument,
  type ReportDocument,
  type ReportEvaluation,
} from '@jixiao/core';
import type { Db, Tx } from '../db/open.ts';
import { evaluationReports, evaluationRounds, orgs, tableRevisions, workflowEvents } from '../db/schema.ts';
import { auditAs } from '../audit/audit.ts';
import type { Actor } from '../auth/session.ts';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { canStartReport } from '../policies/evaluation.ts';
import { canEdit, canRead, decide, STATUS_LABELS, type TableStatus, type WorkflowAction } from '../policies/tables.ts';
import { isUniqueViolation, SubmissionRefused, UUID_RE, type TableRow } from '../tables/service.ts';
import { approvedTables } from './approved-tables.ts';
import { KIND_LABELS, readRound, type RoundRow } from './rounds.ts';

export type ReportRow = typeof evaluationReports.$inferSelect;

const REPORT = { zh: '监控/自评报告', en: 'report' };

export interface EvalContext {
  db: Db;
  ruleSet?: string | undefined;
  ip?: string | undefined;
}

/** Scores and lights with the rule set's parameters; `approved` checks that the targets are unchanged. */
export function evaluate(doc: ReportDocument, ruleSet: string | undefined, approved?: ApprovedTargets): ReportEvaluation {
  const p = ruleSetParams(ruleSet);
  return evaluateReport(doc, { scoring: p.scoring, monitoring: p.monitoring }, approved);
}

function counts(findings: Finding[]) {
  return { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
}

/** What the report row keeps of an evaluation, for roll-ups. */
function figures(e: ReportEvaluation): Pick<ReportRow, 'light' | 'scoreCenti' | 'grade'> {
  return {
    light: e.monitoring?.overall ?? null,
    scoreCenti: e.selfEvaluation ? Math.round(e.selfEvaluation.total * 100) : null,
    grade: e.selfEvaluation?.grade ?? null,
  };
}

/** History (revisions, events) is keyed by region and id, shared with target tables. */
export const historyKey = (r: ReportRow) => ({ regionCode: r.regionCode, id: r.id }) as TableRow;

export async function readableReport(db: Db | Tx, actor: Actor, id: string, lock = false): Promise<ReportRow> {
  if (!UUID_RE.test(id)) throw notFound(REPORT);
  const q = db.select().from(evaluationReports).where(and(eq(evaluationReports.regionCode, actor.regionCode), eq(evaluationReports.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  if (!r || !canRead(actor, r)) throw notFound(REPORT);
  return r;
}

export async function revisionOf(db: Db | Tx, regionCode: string, tableId: string, version: number) {
  const [rev] = await db
    .select()
    .from(tableRevisions)
    .where(and(eq(tableRevisions.regionCode, regionCode), eq(tableRevisions.tableId, tableId), eq(tableRevisions.version, version)));
  return rev;
}

/** The approved targets a report was copied from (its based-on revision). */
export async function approvedTargetsOf(db: Db | Tx, r: ReportRow): Promise<ApprovedTargets> {
  const rev = await revisionOf(db, r.regionCode, r.basedOnId, r.basedOnVersion);
  if (!rev) throw new Error(`approved revision ${r.basedOnVersion} of table ${r.basedOnId} is missing`);
  return rev.document as ApprovedTargets;
}

/**
 * Budget execution already known for a table: from its latest monitoring report (any round,
 * latest month first), so a later round and the self-evaluation open with the figures the unit
 * last gave.
 */
async function knownExecution(db: Db | Tx, regionCode: string, tableId: string): Promise<{ known: KnownExecution; last?: MonitoringDocument }> {
  const rows = await db
    .select({ doc: tableRevisions.document })
    .from(evaluationReports)
    .innerJoin(evaluationRounds, and(eq(evaluationRounds.regionCode, evaluationReports.regionCode), eq(evaluationRounds.id, evaluationReports.roundId)))
    .innerJoin(tableRevisions, and(eq(tableRevisions.regionCode, evaluationReports.regionCode), eq(tableRevisions.tableId, evaluationReports.id), eq(tableRevisions.version, evaluationReports.version)))
    .where(and(eq(evaluationReports.regionCode, regionCode), eq(evaluationReports.basedOnId, tableId), eq(evaluationReports.kind, 'monitoring')))
    .orderBy(desc(evaluationRounds.month), desc(evaluationReports.updatedAt))
    .limit(1);
  const last = rows[0]?.doc as MonitoringDocument | undefined;
  if (!last) return { known: {} };
  const e = last.report.execution;
  return { known: { adjustedBudgetFen: e.adjustedBudget.fen, executedFen: e.executed.fen, expectedFullYearFen: e.expectedFullYear?.fen ?? null }, last };
}

/** Starts a report in a round for an approved target table: targets copied, the known budget filled in. */
export async function createReport(ctx: EvalContext, actor: Actor, input: { roundId: string; tableId: string }) {
  const round = await readRound(ctx.db, actor, input.roundId);
  if (round.status !== 'open') {
    throw conflict('round_closed', { zh: `“${round.title}”已关闭，不能再填报`, en: `"${round.title}" is closed` });
  }
  if (!UUID_RE.test(input.tableId)) throw notFound({ zh: '已批复的目标表', en: 'approved table' });
  const [table] = await approvedTables(ctx.db, actor, round.year, { tableId: input.tableId });
  if (!table) {
    throw notFound({ zh: `${round.year} 年已批复（财政已审或已公开）的目标表`, en: `approved (finance-approved or published) ${round.year} table` });
  }
  if (!canStartReport(actor, table)) throw forbidden({ zh: '您无权为该单位填报监控或自评', en: 'You may not file reports for this organisation' });
  const rev = await revisionOf(ctx.db, table.regionCode, table.id, table.version);
  if (!rev) throw new Error(`revision ${table.version} of ${table.id} is missing`);
  const targets = rev.document as ApprovedTargets;
  const basedOn = { tableId: table.id, version: table.version };
  const { known, last } = await knownExecution(ctx.db, table.regionCode, table.id);
  const doc: ReportDocument =
    round.kind === 'monitoring'
      ? newMonitoringDocument(targets, basedOn, { id: round.id, title: round.title, month: round.month }, known)
      : newSelfEvaluationDocument(targets, basedOn, known, last?.report);
  const e = evaluate(doc, ctx.ruleSet);
  const c = counts(e.findings);
  const now = new Date();
  const row: ReportRow = {
    regionCode: actor.regionCode,
    id: randomUUID(),
    kind: round.kind,
    roundId: round.id,
    orgId: table.orgId,
    deptId: table.deptId,
    year: round.year,
    status: 'draft',
    name: table.name,
    title: doc.title,
    version: 1,
    errorCount: c.errors,
    warningCount: c.warnings,
    basedOnId: table.id,
    basedOnVersion: table.version,
    ...figures(e),
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(evaluationReports).values(row);
      await tx.insert(tableRevisions).values({ regionCode: row.regionCode, tableId: row.id, version: 1, document: doc, findings: e.findings, errorCount: c.errors, warningCount: c.warnings, authorId: actor.id, createdAt: now, reason: 'create' });
      await auditAs(tx, actor, 'report.create', { type: 'report', id: row.id }, { kind: row.kind, roundId: round.id, basedOn, orgId: row.orgId }, ctx.ip);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const [existing] = await ctx.db
        .select({ id: evaluationReports.id })
        .from(evaluationReports)
        .where(and(eq(evaluationReports.regionCode, actor.regionCode), eq(evaluationReports.roundId, round.id), eq(evaluationReports.basedOnId, table.id)));
      throw conflict('report_exists', { zh: `“${targetsName(targets) || table.title}”在“${round.title}”中已有报告`, en: `This table already has a report in "${round.title}"` }, { id: existing?.id });
    }
    throw err;
  }
  return { row, document: doc, evaluation: e };
}

export async function readReport(ctx: EvalContext, actor: Actor, id: string) {
  const row = await readableReport(ctx.db, actor, id);
  const rev = await revisionOf(ctx.db, row.regionCode, row.id, row.version);
  if (!rev) throw new Error(`revision ${row.version} of report ${row.id} is missing`);
  const doc = rev.document as ReportDocument;
  return { row, document: doc, evaluation: evaluate(doc, ctx.ruleSet), findings: rev.findings as Finding[] };
}

/**
 * Saves a new revision. Only actuals and explanations may change: the targets must equal the
 * approved revision (else 422 targets_read_only with the findings saying which); the round and
 * the approved version are the server's, whatever the client sends.
 */
export async function saveReport(ctx: EvalContext, actor: Actor, id: string, expectedVersion: number, input: ReportDocument) {
  return ctx.db.transaction(async (tx) => {
    const row = await readableReport(tx, actor, id, true);
    if (!canEdit(actor, row)) {
      if (row.status !== 'draft') {
        throw conflict('not_editable', {
          zh: `报告处于“${STATUS_LABELS[row.status].zh}”状态，不能修改；退回后才能修改`,
          en: `The report is ${STATUS_LABELS[row.status].en} and cannot be changed until it is returned`,
        }, { status: row.status, currentVersion: row.version });
      }
      throw forbidden({ zh: '您无权修改此报告', en: 'You may not change this report' });
    }
    if (row.version !== expectedVersion) {
      throw new ApiError(
        409,
        'version_conflict',
        {
          zh: `报告已被他人修改：您读取的是第 ${expectedVersion} 版，当前是第 ${row.version} 版。请重新打开后再保存。`,
          en: `The report was changed by someone else: you read version ${expectedVersion}, the current version is ${row.version}. Reload it and save again.`,
        },
        { currentVersion: row.version, yourVersion: expectedVersion },
        { etag: `"${row.version}"` },
      );
    }
    if (input.kind !== row.kind) throw badRequest('kind_mismatch', { zh: '不能改变报告的种类', en: 'The kind of a report cannot change' });
    const current = (await revisionOf(tx, row.regionCode, row.id, row.version))!.document as ReportDocument;
    const approved = await approvedTargetsOf(tx, row);
    const changes = targetChanges(approved, input.targets, row.kind === 'monitoring' ? 'monitor' : 'selfeval');
    if (changes.length) {
      throw new ApiError(422, 'targets_read_only', {
        zh: `目标值取自批复的目标表（第 ${row.basedOnVersion} 版），只读；只能填写完成情况和说明。${changes[0]!.message.zh}`,
        en: `The targets come from the approved table (version ${row.basedOnVersion}) and are read-only; only actuals and explanations may be entered. ${changes[0]!.message.en}`,
      }, { findings: changes });
    }
    const doc = normaliseReport({ ...input, basedOn: current.basedOn, year: current.year, title: current.title, ...(current.kind === 'monitoring' ? { round: current.round } : {}) } as ReportDocument, current);
    const e = evaluate(doc, ctx.ruleSet, approved);
    const c = counts(e.findings);
    const now = new Date();
    const version = row.version + 1;
    await tx.insert(tableRevisions).values({ regionCode: row.regionCode, tableId: row.id, version, document: doc, findings: e.findings, errorCount: c.errors, warningCount: c.warnings, authorId: actor.id, createdAt: now, reason: 'save' });
    const patch = { version, errorCount: c.errors, warningCount: c.warnings, ...figures(e), updatedAt: now };
    await tx.update(evaluationReports).set(patch).where(and(eq(evaluationReports.regionCode, row.regionCode), eq(evaluationReports.id, row.id)));
    await auditAs(tx, actor, 'report.save', { type: 'report', id: row.id }, { version, errors: c.errors, light: patch.light, score: patch.scoreCenti }, ctx.ip);
    return { row: { ...row, ...patch }, document: doc, evaluation: e };
  });
}

/** Fills what a client may leave out: an amount's 分 from its text; the month stays the round's. */
function normaliseReport(doc: ReportDocument, current: ReportDocument): ReportDocument {
  const out = structuredClone(doc);
  const fill = (a: { raw: string; fen?: number | null } | undefined) => {
    if (a && a.fen === undefined) a.fen = a.raw.trim() ? (parseMoney(a.raw)?.fen ?? null) : null;
  };
  if (out.kind === 'monitoring' && current.kind === 'monitoring') {
    out.report.month = current.report.month;
    fill(out.report.execution.adjustedBudget);
    fill(out.report.execution.executed);
    fill(out.report.execution.expectedFullYear);
  } else if (out.kind === 'self-evaluation') {
    fill(out.evaluation.execution.adjustedBudget);
    fill(out.evaluation.execution.executed);
    fill(out.evaluation.execution.initialBudget);
  }
  return out;
}

export async function transitionReport(ctx: EvalContext, actor: Actor, id: string, action: WorkflowAction, input: { comment?: string | undefined; fieldComments?: Array<{ field: string; indicatorId?: string | undefined; comment: string }> | undefined; version?: number | undefined }) {
  const fieldComments = input.fieldComments ?? [];
  const comment = (input.comment ?? '').trim();
  if (action === 'return' && comment === '' && fieldComments.length === 0) {
    throw badRequest('comment_required', { zh: '退回时请写明意见（comment 或 fieldComments）', en: 'A return needs a comment (comment or fieldComments)' });
  }
  let refused: Finding[] | undefined;
  const result = await ctx.db.transaction(async (tx) => {
    const row = await readableReport(tx, actor, id, true);
    const d = decide(actor, action, row);
    if (!d.ok) {
      if (d.reason === 'state') {
        throw conflict('invalid_state', { zh: `报告处于“${STATUS_LABELS[row.status].zh}”状态，不能执行此操作`, en: `The report is ${STATUS_LABELS[row.status].en}; this step is not possible now` }, { status: row.status });
      }
      throw forbidden({ zh: '您的角色或所属单位无权执行此操作', en: 'Your role or organisation may not take this step' });
    }
    if (input.version !== undefined && input.version !== row.version) {
      throw new ApiError(409, 'version_conflict', { zh: `您看到的是第 ${input.version} 版，当前是第 ${row.version} 版，请重新打开后再操作`, en: `You saw version ${input.version}; the current version is ${row.version}. Reload and try again.` }, { currentVersion: row.version, yourVersion: input.version });
    }
    if (action === 'submit') {
      const doc = (await revisionOf(tx, row.regionCode, row.id, row.version))!.document as ReportDocument;
      const findings = evaluate(doc, ctx.ruleSet, await approvedTargetsOf(tx, row)).findings;
      if (hasErrors(findings)) {
        refused = findings.filter((f) => f.severity === 'error');
        await auditAs(tx, actor, 'report.submit_refused', { type: 'report', id: row.id }, { version: row.version, errors: refused.length, codes: [...new Set(refused.map((f) => f.code))] }, ctx.ip);
        return null;
      }
    }
    const now = new Date();
    const event = { regionCode: row.regionCode, id: randomUUID(), tableId: row.id, action, fromStatus: row.status, toStatus: d.to, version: row.version, actorId: actor.id, comment, fieldComments, createdAt: now };
    await tx.insert(workflowEvents).values(event);
    await tx.update(evaluationReports).set({ status: d.to, updatedAt: now }).where(and(eq(evaluationReports.regionCode, row.regionCode), eq(evaluationReports.id, row.id)));
    await auditAs(tx, actor, `report.${action}`, { type: 'report', id: row.id }, { from: row.status, to: d.to, version: row.version, comment, fieldComments: fieldComments.length }, ctx.ip);
    return { row: { ...row, status: d.to as TableStatus, updatedAt: now }, event };
  });
  if (refused || !result) {
    throw new SubmissionRefused(422, 'submission_refused', {
      zh: `报告还有 ${refused?.length ?? 0} 个错误，改正后才能提交`,
      en: `The report still has ${refused?.length ?? 0} errors; correct them before submitting`,
    }, { findings: refused ?? [] });
  }
  return result;
}

/** SQL form of canRead for reports (policies/tables.ts): scope, and drafts only for filers and department reviewers. */
export function reportVisibility(actor: Actor): SQL {
  const scope = actor.orgKind === 'finance' ? undefined : actor.orgKind === 'dept' ? eq(evaluationReports.deptId, actor.orgId) : eq(evaluationReports.orgId, actor.orgId);
  const drafts = actor.role === 'filer' || actor.role === 'dept_reviewer' ? undefined : sql`${evaluationReports.status} <> 'draft'`;
  return and(eq(evaluationReports.regionCode, actor.regionCode), scope, drafts) as SQL;
}

export interface ListedReport extends ReportRow {
  orgName: string;
  roundTitle: string;
  deadline: Date;
  lastAction: string | null;
}

export async function listReports(db: Db, actor: Actor, f: { year?: number | undefined; kind?: ReportRow['kind'] | undefined; roundId?: string | undefined; status?: TableStatus | undefined; basedOnId?: string | undefined }): Promise<ListedReport[]> {
  const conds: Array<SQL | undefined> = [reportVisibility(actor)];
  if (f.year !== undefined) conds.push(eq(evaluationReports.year, f.year));
  if (f.kind) conds.push(eq(evaluationReports.kind, f.kind));
  if (f.roundId) conds.push(eq(evaluationReports.roundId, f.roundId));
  if (f.status) conds.push(eq(evaluationReports.status, f.status));
  if (f.basedOnId) conds.push(eq(evaluationReports.basedOnId, f.basedOnId));
  const rows = await db
    .select({
      r: evaluationReports,
      orgName: orgs.name,
      roundTitle: evaluationRounds.title,
      deadline: evaluationRounds.deadline,
      lastAction: sql<string | null>`(SELECT w.action FROM workflow_events w WHERE w.region_code = ${evaluationReports.regionCode} AND w.table_id = ${evaluationReports.id} ORDER BY w.created_at DESC, w.id DESC LIMIT 1)`,
    })
    .from(evaluationReports)
    .innerJoin(orgs, and(eq(orgs.regionCode, evaluationReports.regionCode), eq(orgs.id, evaluationReports.orgId)))
    .innerJoin(evaluationRounds, and(eq(evaluationRounds.regionCode, evaluationReports.regionCode), eq(evaluationRounds.id, evaluationReports.roundId)))
    .where(and(...conds))
    .orderBy(desc(evaluationReports.year), asc(evaluationRounds.deadline), asc(evaluationReports.deptId), asc(evaluationReports.name), asc(evaluationReports.id))
    .limit(2000);
  return rows.map((x) => ({ ...x.r, orgName: x.orgName, roundTitle: x.roundTitle, deadline: x.deadline, lastAction: x.lastAction }));
}

export async function reportsOfRounds(db: Db | Tx, regionCode: string, roundIds: string[]): Promise<ReportRow[]> {
  if (roundIds.length === 0) return [];
  return db.select().from(evaluationReports).where(and(eq(evaluationReports.regionCode, regionCode), inArray(evaluationReports.roundId, roundIds)));
}

export { KIND_LABELS, type RoundRow };
