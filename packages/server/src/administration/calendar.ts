/**
 * The budget calendar: a managed budget year (its rule set) and its stages 一上, 二上, 调整, each
 * with an opening time and a deadline, closed by the bureau when done.
 *
 * The gate every filing and review step passes (`stageGate`):
 * - a year with no calendar row is **unmanaged**: nothing is gated and the server's default rule
 *   set applies (so data from before the calendar, tests and scripted loads keep working);
 * - in a managed year a stage must be set up and open (opensAt ≤ now, not closed) for creating,
 *   saving, submitting, approving and returning its tables — else 423 `stage_not_open`;
 * - a closed stage is frozen: 423 `stage_closed` for all of those; publishing (公开) stays
 *   possible, since it follows the approval and changes no version;
 * - the deadline does not lock anything: tables still owed after it are listed as overdue, and
 *   the bureau decides when to close.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { budgetStages, budgetYears } from '../db/schema.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { loadRuleSet, type RuleSetRef } from './rule-sets.ts';

import type { Stage } from '@jixiao/core';

export type { Stage };
export const STAGE_ZH: Record<Stage, string> = { first: '一上', second: '二上', adjust: '调整' };
export const STAGE_EN: Record<Stage, string> = { first: 'first submission', second: 'second submission', adjust: 'adjustment' };

export type StageRow = typeof budgetStages.$inferSelect;
export type YearRow = typeof budgetYears.$inferSelect;

export type StageState = 'unmanaged' | 'not_set' | 'scheduled' | 'open' | 'overdue' | 'closed';

export function stageState(s: StageRow | undefined, now = new Date()): StageState {
  if (!s) return 'not_set';
  if (s.closedAt) return 'closed';
  if (s.opensAt > now) return 'scheduled';
  return s.deadline < now ? 'overdue' : 'open';
}

export type Step = 'file' | 'review' | 'publish';

/**
 * Refuses a step outside an open stage and returns the rule set the year's tables are checked
 * with (`fallback` for an unmanaged year). One query for the calendar; a second only for a
 * region's own rule set.
 */
export async function stageGate(db: Db | Tx, regionCode: string, year: number, stage: Stage, step: Step, fallback?: string): Promise<RuleSetRef | undefined> {
  const [r] = await db
    .select({ ruleSet: budgetYears.ruleSet, s: budgetStages })
    .from(budgetYears)
    .leftJoin(budgetStages, and(eq(budgetStages.regionCode, budgetYears.regionCode), eq(budgetStages.year, budgetYears.year), eq(budgetStages.stage, stage)))
    .where(and(eq(budgetYears.regionCode, regionCode), eq(budgetYears.year, year)));
  if (!r) return fallback;
  const state = stageState(r.s ?? undefined);
  const what = `${year} 年${STAGE_ZH[stage]}`;
  const whatEn = `${year} ${STAGE_EN[stage]}`;
  if (state === 'closed' && step !== 'publish') {
    throw new ApiError(423, 'stage_closed', {
      zh: `${what}阶段已于 ${r.s!.closedAt!.toISOString().slice(0, 10)} 关闭，目标表已冻结，不能再修改、提交或审核`,
      en: `The ${whatEn} stage was closed on ${r.s!.closedAt!.toISOString().slice(0, 10)}; its tables are frozen and cannot be changed, submitted or reviewed`,
    }, { year, stage, closedAt: r.s!.closedAt!.toISOString() });
  }
  if (state === 'not_set' || state === 'scheduled') {
    throw new ApiError(423, 'stage_not_open', {
      zh: state === 'scheduled' ? `${what}阶段 ${r.s!.opensAt.toISOString().slice(0, 10)} 才开始，现在不能填报或审核` : `财政局尚未开放${what}阶段，现在不能填报或审核`,
      en: state === 'scheduled' ? `The ${whatEn} stage opens on ${r.s!.opensAt.toISOString().slice(0, 10)}; filing and review are not possible yet` : `The finance bureau has not opened the ${whatEn} stage; filing and review are not possible`,
    }, { year, stage, ...(r.s ? { opensAt: r.s.opensAt.toISOString() } : {}) });
  }
  return loadRuleSet(db, regionCode, r.ruleSet);
}

/** The rule set a year's tables are checked with, without gating (`fallback` for an unmanaged year). */
export async function yearRuleSet(db: Db | Tx, regionCode: string, year: number, fallback?: string): Promise<RuleSetRef | undefined> {
  const [y] = await db.select({ ruleSet: budgetYears.ruleSet }).from(budgetYears).where(and(eq(budgetYears.regionCode, regionCode), eq(budgetYears.year, year)));
  return y ? loadRuleSet(db, regionCode, y.ruleSet) : fallback;
}

export async function getYear(db: Db | Tx, regionCode: string, year: number) {
  const [y] = await db.select().from(budgetYears).where(and(eq(budgetYears.regionCode, regionCode), eq(budgetYears.year, year)));
  const stages = y ? await db.select().from(budgetStages).where(and(eq(budgetStages.regionCode, regionCode), eq(budgetStages.year, year))).orderBy(asc(budgetStages.opensAt)) : [];
  return { year: y, stages };
}

export async function listYears(db: Db, regionCode: string) {
  const years = await db.select().from(budgetYears).where(eq(budgetYears.regionCode, regionCode)).orderBy(asc(budgetYears.year));
  const stages = await db.select().from(budgetStages).where(eq(budgetStages.regionCode, regionCode));
  return years.map((y) => ({ year: y, stages: stages.filter((s) => s.year === y.year) }));
}

/** Manages a year (or changes its rule set): the rule set must exist (built-in or the region's). */
export async function upsertYear(db: Db | Tx, regionCode: string, year: number, ruleSet: string, actorId: string): Promise<YearRow> {
  await loadRuleSet(db, regionCode, ruleSet);
  const now = new Date();
  const [row] = await db
    .insert(budgetYears)
    .values({ regionCode, year, ruleSet, createdBy: actorId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [budgetYears.regionCode, budgetYears.year], set: { ruleSet, updatedAt: now } })
    .returning();
  return row!;
}

/** Sets a stage's opening and deadline (and reopens it when `reopen`). The year must be managed. */
export async function upsertStage(
  db: Db | Tx,
  regionCode: string,
  year: number,
  stage: Stage,
  input: { opensAt: Date; deadline: Date; reopen?: boolean | undefined },
  actorId: string,
): Promise<StageRow> {
  if (input.deadline <= input.opensAt) throw badRequest('bad_deadline', { zh: '截止时间应晚于开放时间', en: 'The deadline must be after the opening' });
  const [y] = await db.select().from(budgetYears).where(and(eq(budgetYears.regionCode, regionCode), eq(budgetYears.year, year)));
  if (!y) throw notFound({ zh: `${year} 年预算日历`, en: `the ${year} budget calendar` });
  const now = new Date();
  const set: Partial<StageRow> = { opensAt: input.opensAt, deadline: input.deadline, updatedBy: actorId, updatedAt: now };
  if (input.reopen) set.closedAt = null;
  const [row] = await db
    .insert(budgetStages)
    .values({ regionCode, year, stage, opensAt: input.opensAt, deadline: input.deadline, closedAt: null, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: [budgetStages.regionCode, budgetStages.year, budgetStages.stage], set })
    .returning();
  return row!;
}

export async function closeStage(db: Db | Tx, regionCode: string, year: number, stage: Stage, actorId: string): Promise<StageRow> {
  const now = new Date();
  const [row] = await db
    .update(budgetStages)
    .set({ closedAt: now, updatedBy: actorId, updatedAt: now })
    .where(and(eq(budgetStages.regionCode, regionCode), eq(budgetStages.year, year), eq(budgetStages.stage, stage)))
    .returning();
  if (!row) throw notFound({ zh: `${year} 年${STAGE_ZH[stage]}阶段`, en: `the ${year} ${STAGE_EN[stage]} stage` });
  return row;
}

export const stageView = (s: StageRow, now = new Date()) => ({
  stage: s.stage,
  opensAt: s.opensAt.toISOString(),
  deadline: s.deadline.toISOString(),
  closedAt: s.closedAt?.toISOString() ?? null,
  state: stageState(s, now),
});
