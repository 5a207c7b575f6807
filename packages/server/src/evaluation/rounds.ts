/**
 * Monitoring and self-evaluation rounds: opened by the finance bureau for a year, with the last
 * month covered and a deadline. Every approved target table of the year owes one report per
 * round (approved-tables.ts says which tables those are).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { evaluationRounds } from '../db/schema.ts';
import { auditAs } from '../audit/audit.ts';
import type { Actor } from '../auth/session.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { canManageRounds, canSeeRound } from '../policies/evaluation.ts';
import { UUID_RE } from '../tables/service.ts';

export type RoundRow = typeof evaluationRounds.$inferSelect;
export type ReportKind = RoundRow['kind'];

export const KIND_LABELS: Record<ReportKind, { zh: string; en: string }> = {
  monitoring: { zh: '绩效运行监控', en: 'performance monitoring' },
  'self-evaluation': { zh: '绩效自评', en: 'self-evaluation' },
};

const ROUND = { zh: '监控/自评批次', en: 'round' };

export async function readRound(db: Db | Tx, actor: Actor, id: string): Promise<RoundRow> {
  if (!UUID_RE.test(id)) throw notFound(ROUND);
  const [r] = await db.select().from(evaluationRounds).where(and(eq(evaluationRounds.regionCode, actor.regionCode), eq(evaluationRounds.id, id)));
  if (!r || !canSeeRound(actor, r)) throw notFound(ROUND);
  return r;
}

export async function listRounds(db: Db, actor: Actor, f: { year?: number | undefined; kind?: ReportKind | undefined; status?: RoundRow['status'] | undefined }) {
  const conds: Array<SQL | undefined> = [eq(evaluationRounds.regionCode, actor.regionCode)];
  if (f.year !== undefined) conds.push(eq(evaluationRounds.year, f.year));
  if (f.kind) conds.push(eq(evaluationRounds.kind, f.kind));
  if (f.status) conds.push(eq(evaluationRounds.status, f.status));
  return db.select().from(evaluationRounds).where(and(...conds)).orderBy(desc(evaluationRounds.year), asc(evaluationRounds.deadline), asc(evaluationRounds.id));
}

export interface RoundInput {
  kind: ReportKind;
  year: number;
  title?: string | undefined;
  month?: number | undefined;
  deadline: Date;
}

/** A title people recognise: 2026年1–7月绩效运行监控, 2026年度绩效自评. */
export function defaultRoundTitle(kind: ReportKind, year: number, month: number): string {
  return kind === 'monitoring' ? `${year}年1–${month}月绩效运行监控` : `${year}年度绩效自评`;
}

export async function createRound(db: Db, actor: Actor, input: RoundInput, ip?: string): Promise<RoundRow> {
  if (!canManageRounds(actor)) throw forbidden({ zh: '只有财政局可以开启监控或自评批次', en: 'Only the finance bureau opens monitoring and self-evaluation rounds' });
  const month = input.kind === 'self-evaluation' ? 12 : (input.month ?? 7);
  if (month < 1 || month > 12) throw badRequest('bad_month', { zh: '监控截至月份应在 1–12 之间', en: 'The last month covered must be 1–12' });
  if (Number.isNaN(input.deadline.getTime())) throw badRequest('bad_deadline', { zh: '截止日期无效', en: 'The deadline is not a valid date' });
  const row: RoundRow = {
    regionCode: actor.regionCode,
    id: randomUUID(),
    kind: input.kind,
    year: input.year,
    title: input.title?.trim() || defaultRoundTitle(input.kind, input.year, month),
    month,
    deadline: input.deadline,
    status: 'open',
    createdBy: actor.id,
    createdAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx.insert(evaluationRounds).values(row);
    await auditAs(tx, actor, 'round.open', { type: 'round', id: row.id }, { kind: row.kind, year: row.year, month, title: row.title, deadline: row.deadline.toISOString() }, ip);
  });
  return row;
}

export async function updateRound(db: Db, actor: Actor, id: string, patch: { status?: RoundRow['status'] | undefined; deadline?: Date | undefined; title?: string | undefined }, ip?: string): Promise<RoundRow> {
  const round = await readRound(db, actor, id);
  if (!canManageRounds(actor)) throw forbidden({ zh: '只有财政局可以修改监控或自评批次', en: 'Only the finance bureau changes rounds' });
  const set: Partial<RoundRow> = {};
  if (patch.status) set.status = patch.status;
  if (patch.deadline) {
    if (Number.isNaN(patch.deadline.getTime())) throw badRequest('bad_deadline', { zh: '截止日期无效', en: 'The deadline is not a valid date' });
    set.deadline = patch.deadline;
  }
  if (patch.title?.trim()) set.title = patch.title.trim();
  if (Object.keys(set).length === 0) return round;
  await db.transaction(async (tx) => {
    await tx.update(evaluationRounds).set(set).where(and(eq(evaluationRounds.regionCode, round.regionCode), eq(evaluationRounds.id, round.id)));
    await auditAs(tx, actor, 'round.update', { type: 'round', id: round.id }, { ...set, deadline: set.deadline?.toISOString() }, ip);
  });
  return { ...round, ...set };
}
