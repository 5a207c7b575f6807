/**
 * The budget calendar: a managed budget year (its rule set) and its stages 一上, 二上, 调整, each
 * with an opening time and a deadline, closed by the bureau when done.
 *
 * The gate every filing and review step passes (`stageGate`):
 * - a year with no calendar row, in a region that keeps a calendar (`regions.calendar_kept`: set
 *   up by the setup page or `jixiao init`, or managing any year), is **not open**: filing in it
 *   (create, save, submit, generate) is refused with 423 `year_not_open` — the administrator has
 *   not opened that year's calendar. Reviewing and publishing the tables it may still hold
 *   (loaded before) stay possible, with the server's default rule set. Decision: people expect
 *   the bureau to open a year before anyone files in it, as it opens each stage;
 * - in a region that never kept a calendar (data loaded before the calendar existed, tests and
 *   scripted loads) a year with no calendar row is **unmanaged**: nothing is gated and the
 *   server's default rule set applies;
 * - in a managed year a stage must be set up and open (opensAt ≤ now, not closed) for creating,
 *   saving, submitting, approving and returning its tables — else 423 `stage_not_open`;
 * - a closed stage is frozen: 423 `stage_closed` for all of those; publishing (公开) stays
 *   possible, since it follows the approval and changes no version;
 * - the deadline does not lock anything: tables still owed after it are listed as overdue, and
 *   the bureau decides when to close.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { budgetStages, budgetYears, regions } from '../db/schema.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { loadRuleSet, type RuleSetRef } from './rule-sets.ts';

import type { Stage } from '@jixiao/core';

/**
 * A day as the people who read the message count it: budget calendars are Chinese, so dates are
 * told in China Standard Time (UTC+8, one zone for the whole country), as the web's banner does in
 * a browser there — not the server's UTC, which is a day behind until 08:00.
 */
const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
export const chinaDate = (d: Date): string => CHINA_DAY.format(d);

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
 * Why a step is refused in a year's stage, or null when it is allowed: the one place that decides
 * (stageGate throws it; GET /api/calendar/:year shows it to the web before anyone clicks).
 * `managed`: the year has a calendar; `kept`: the region keeps one.
 */
export function gateRefusal(g: { year: number; stage: Stage; step: Step; kept: boolean; managed: boolean; s?: StageRow | undefined }, now = new Date()): ApiError | null {
  const { year, stage, step, s } = g;
  if (!g.managed) return g.kept && step === 'file' ? yearNotOpen(year) : null;
  const state = stageState(s, now);
  const what = `${year} 年${STAGE_ZH[stage]}`;
  const whatEn = `${year} ${STAGE_EN[stage]}`;
  if (state === 'closed' && step !== 'publish') {
    return new ApiError(423, 'stage_closed', {
      zh: `${what}阶段已于 ${chinaDate(s!.closedAt!)} 关闭，目标表已冻结，不能再修改、提交或审核`,
      en: `The ${whatEn} stage was closed on ${chinaDate(s!.closedAt!)}; its tables are frozen and cannot be changed, submitted or reviewed`,
    }, { year, stage, closedAt: s!.closedAt!.toISOString() });
  }
  if (state === 'not_set' || state === 'scheduled') {
    return new ApiError(423, 'stage_not_open', {
      zh: state === 'scheduled' ? `${what}阶段 ${chinaDate(s!.opensAt)} 才开始，现在不能填报或审核` : `财政局尚未开放${what}阶段，现在不能填报或审核`,
      en: state === 'scheduled' ? `The ${whatEn} stage opens on ${chinaDate(s!.opensAt)}; filing and review are not possible yet` : `The finance bureau has not opened the ${whatEn} stage; filing and review are not possible`,
    }, { year, stage, ...(s ? { opensAt: s.opensAt.toISOString() } : {}) });
  }
  return null;
}

/**
 * Refuses a step outside an open stage and returns the rule set the year's tables are checked
 * with (`fallback` for an unmanaged year). One query for the calendar; a second only for a
 * region's own rule set.
 */
export async function stageGate(db: Db | Tx, regionCode: string, year: number, stage: Stage, step: Step, fallback?: string): Promise<RuleSetRef | undefined> {
  const [r] = await db
    .select({ kept: regions.calendarKept, ruleSet: budgetYears.ruleSet, s: budgetStages })
    .from(regions)
    .leftJoin(budgetYears, and(eq(budgetYears.regionCode, regions.regionCode), eq(budgetYears.year, year)))
    .leftJoin(budgetStages, and(eq(budgetStages.regionCode, budgetYears.regionCode), eq(budgetStages.year, budgetYears.year), eq(budgetStages.stage, stage)))
    .where(eq(regions.regionCode, regionCode));
  const refusal = gateRefusal({ year, stage, step, kept: r?.kept ?? false, managed: !!r && r.ruleSet !== null, s: r?.s ?? undefined });
  if (refusal) throw refusal;
  return r && r.ruleSet !== null ? loadRuleSet(db, regionCode, r.ruleSet) : fallback;
}

/** Whether the region keeps a calendar (regions.calendar_kept). */
export async function keepsCalendar(db: Db | Tx, regionCode: string): Promise<boolean> {
  const [r] = await db.select({ kept: regions.calendarKept }).from(regions).where(eq(regions.regionCode, regionCode));
  return r?.kept ?? false;
}

/** 423 `year_not_open`: the region keeps a calendar and this year has none yet. */
export const yearNotOpen = (year: number) =>
  new ApiError(
    423,
    'year_not_open',
    {
      zh: `管理员尚未开放 ${year} 年度的预算日历，现在不能填报 ${year} 年度的目标表；请联系财政局管理员`,
      en: `The administrator has not opened the ${year} budget calendar; tables of ${year} cannot be filed yet — ask the finance bureau's administrator`,
    },
    { year },
  );

/** Marks the region as keeping a calendar (first run, and the first managed year). */
export async function keepCalendar(db: Db | Tx, regionCode: string): Promise<void> {
  await db.update(regions).set({ calendarKept: true }).where(and(eq(regions.regionCode, regionCode), eq(regions.calendarKept, false)));
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
  const [known] = await db.select({ year: budgetYears.year }).from(budgetYears).where(and(eq(budgetYears.regionCode, regionCode), eq(budgetYears.year, year)));
  // Managing a first year is where a region starts keeping its calendar (not each rule-set change).
  if (!known) await keepCalendar(db, regionCode);
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
