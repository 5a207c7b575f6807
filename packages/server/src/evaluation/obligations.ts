/**
 * What is owed: every open round × every approved target table in the actor's scope, with the
 * report if one was started, and whether it is done, due soon or overdue. The unit's one-screen
 * "what I owe this month", the reminders and the department lists all read this.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { evaluationRounds } from '../db/schema.ts';
import type { Actor } from '../auth/session.ts';
import { approvedTables, type ApprovedTable } from './approved-tables.ts';
import { reportsOfRounds, type ReportRow } from './reports.ts';
import type { RoundRow } from './rounds.ts';

/** A deadline within this many days is "due soon". */
export const DUE_SOON_DAYS = 7;
const DAY = 24 * 3600 * 1000;

export type DueState = 'done' | 'overdue' | 'due-soon' | 'upcoming';

export interface Obligation {
  round: RoundRow;
  table: ApprovedTable;
  report: ReportRow | null;
  due: DueState;
  /** Whole days to the deadline (negative when past). */
  daysLeft: number;
}

export function dueState(deadline: Date, report: Pick<ReportRow, 'status'> | null, now: Date): { due: DueState; daysLeft: number } {
  const daysLeft = Math.ceil((deadline.getTime() - now.getTime()) / DAY);
  if (report && report.status !== 'draft') return { due: 'done', daysLeft };
  if (deadline.getTime() < now.getTime()) return { due: 'overdue', daysLeft };
  return { due: daysLeft <= DUE_SOON_DAYS ? 'due-soon' : 'upcoming', daysLeft };
}

export async function obligations(db: Db, actor: Actor, f: { roundId?: string | undefined; year?: number | undefined; includeClosed?: boolean } = {}, now = new Date()): Promise<Obligation[]> {
  const conds = [eq(evaluationRounds.regionCode, actor.regionCode)];
  if (f.roundId) conds.push(eq(evaluationRounds.id, f.roundId));
  if (f.year !== undefined) conds.push(eq(evaluationRounds.year, f.year));
  if (!f.includeClosed && !f.roundId) conds.push(eq(evaluationRounds.status, 'open'));
  const rounds = await db.select().from(evaluationRounds).where(and(...conds));
  const reports = await reportsOfRounds(db, actor.regionCode, rounds.map((r) => r.id));
  const byKey = new Map(reports.map((r) => [`${r.roundId}|${r.basedOnId}`, r]));
  const tablesByYear = new Map<number, ApprovedTable[]>();
  const out: Obligation[] = [];
  for (const round of rounds.sort((a, b) => a.deadline.getTime() - b.deadline.getTime())) {
    let tables = tablesByYear.get(round.year);
    if (!tables) tablesByYear.set(round.year, (tables = await approvedTables(db, actor, round.year)));
    for (const table of tables) {
      const report = byKey.get(`${round.id}|${table.id}`) ?? null;
      out.push({ round, table, report, ...dueState(round.deadline, report, now) });
    }
  }
  return out;
}

export interface Reminder {
  level: 'error' | 'warning' | 'info';
  roundId: string;
  message: { zh: string; en: string };
}

/** In-app reminders, one per round that still has something owed (and one per returned report). */
export function reminders(items: Obligation[], returnedIds: Set<string>): Reminder[] {
  const out: Reminder[] = [];
  const byRound = new Map<string, Obligation[]>();
  for (const o of items) byRound.set(o.round.id, [...(byRound.get(o.round.id) ?? []), o]);
  for (const [roundId, list] of byRound) {
    const round = list[0]!.round;
    const overdue = list.filter((o) => o.due === 'overdue').length;
    const soon = list.filter((o) => o.due === 'due-soon').length;
    const open = list.filter((o) => o.due !== 'done').length;
    const date = round.deadline.toISOString().slice(0, 10);
    if (overdue) out.push({ level: 'error', roundId, message: { zh: `“${round.title}”已于 ${date} 截止，还有 ${overdue} 份未提交`, en: `"${round.title}" closed on ${date}; ${overdue} still not submitted` } });
    else if (soon) out.push({ level: 'warning', roundId, message: { zh: `“${round.title}”将于 ${date} 截止（${list.find((o) => o.due === 'due-soon')!.daysLeft} 天后），还有 ${open} 份未提交`, en: `"${round.title}" is due on ${date}; ${open} not yet submitted` } });
    else if (open) out.push({ level: 'info', roundId, message: { zh: `“${round.title}”截止日期 ${date}，还有 ${open} 份未提交`, en: `"${round.title}" is due on ${date}; ${open} not yet submitted` } });
    for (const o of list) {
      if (o.report && returnedIds.has(o.report.id) && o.report.status === 'draft') {
        out.push({ level: 'warning', roundId, message: { zh: `“${o.table.name || o.table.orgName}”的${round.title}报告被退回，请按审核意见修改后重新提交`, en: `The report on "${o.table.name || o.table.orgName}" in "${round.title}" was returned; revise and resubmit` } });
      }
    }
  }
  return out;
}
