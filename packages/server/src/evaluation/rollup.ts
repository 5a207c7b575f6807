/**
 * Roll-ups of monitoring lights and self-evaluation grades per department and for the region,
 * within the actor's scope. The dashboards call `evaluationRollup` (docs/api.md); the web's
 * roll-up page reads it through GET /api/evaluation/rollup.
 *
 * A report counts as filed once submitted; drafts and tables with no report yet count as owed.
 * Lights and scores are those of the current version, kept on the report row.
 */
import { rollUp, type DepartmentRollup, type Grade, type Light, type ReportFigure, type Rollup } from '@jixiao/core';
import type { Db } from '../db/open.ts';
import type { Actor } from '../auth/session.ts';
import { obligations } from './obligations.ts';
import type { RoundRow } from './rounds.ts';

export interface RoundRollup {
  round: Pick<RoundRow, 'id' | 'kind' | 'year' | 'title' | 'month' | 'deadline' | 'status'>;
  departments: DepartmentRollup[];
  region: Rollup;
  /** Per report: for drill-down lists (worst first). */
  projects: Array<{ tableId: string; name: string; orgName: string; deptName: string; reportId: string | null; status: string | null; light: Light | null; total: number | null; grade: Grade | null; due: string }>;
}

/** One roll-up per round (the given one, or every round of the year; open and closed). */
export async function evaluationRollup(db: Db, actor: Actor, f: { year?: number | undefined; roundId?: string | undefined; kind?: RoundRow['kind'] | undefined }, now = new Date()): Promise<RoundRollup[]> {
  const items = await obligations(db, actor, { roundId: f.roundId, year: f.year, includeClosed: true }, now);
  const byRound = new Map<string, typeof items>();
  for (const o of items) if (!f.kind || o.round.kind === f.kind) byRound.set(o.round.id, [...(byRound.get(o.round.id) ?? []), o]);
  const order: Array<Light | null> = ['red', 'yellow', 'blue', 'green', null];
  return [...byRound.values()].map((list) => {
    const round = list[0]!.round;
    const figs: ReportFigure[] = list.map((o) => ({
      deptId: o.table.deptId,
      deptName: o.table.deptName,
      filed: o.due === 'done',
      light: (o.report?.light as Light | null) ?? null,
      total: o.report?.scoreCenti != null ? o.report.scoreCenti / 100 : null,
      grade: (o.report?.grade as Grade | null) ?? null,
    }));
    const projects = list
      .map((o) => ({
        tableId: o.table.id,
        name: o.table.name || o.table.orgName,
        orgName: o.table.orgName,
        deptName: o.table.deptName,
        reportId: o.report?.id ?? null,
        status: o.report?.status ?? null,
        light: o.due === 'done' ? ((o.report?.light as Light | null) ?? null) : null,
        total: o.due === 'done' && o.report?.scoreCenti != null ? o.report.scoreCenti / 100 : null,
        grade: o.due === 'done' ? ((o.report?.grade as Grade | null) ?? null) : null,
        due: o.due,
      }))
      .sort((a, b) => order.indexOf(a.light) - order.indexOf(b.light) || (a.total ?? 101) - (b.total ?? 101) || a.name.localeCompare(b.name, 'zh'));
    const { id, kind, year, title, month, deadline, status } = round;
    return { round: { id, kind, year, title, month, deadline, status }, ...rollUp(figs), projects };
  });
}
