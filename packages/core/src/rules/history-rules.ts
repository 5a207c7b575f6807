/**
 * Year-over-year rules (issue 24, item 3): a target set below what the same project actually
 * achieved last year, and the same targets copied unchanged for several years. The checker does
 * no I/O: the caller (the server, by project code, else by name within the unit) passes the
 * project's earlier approved tables and self-evaluations as `history`; with none, no finding.
 */
import type { Indicator, SelfEvalTable, TargetTable } from '../model/target-table.ts';
import { directionOf, readActual } from '../scoring/target-comparison.ts';
import { filedIndicators, indicatorLocation, rowLabel } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

/** One earlier budget year of the same project: its approved target table and its self-evaluation, where there are. */
export interface HistoryYear {
  year: number;
  target?: TargetTable;
  selfEval?: SelfEvalTable;
}

/** The project's earlier years, as the caller found them (any order). */
export interface TableHistory {
  years: HistoryYear[];
}

const key = (name: string) => name.replace(/[\s（()）:：,，。.]/g, '');
const valueKey = (ind: Indicator) => ind.value.raw.replace(/\s+/g, '');

export const targetBelowLastActual = defineRule({
  code: 'history.target-below-last-actual',
  title: { zh: '目标低于上年实际', en: "Target below last year's actual" },
  kinds: ['project', 'dept-overall'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '“越大越好”的指标（≥、＞、＝）目标值不应低于同一项目上一年度自评表的实际完成值（按项目编码，否则按单位内的项目名称找上一年度的自评表；没有上一年度自评表时不检查）。',
    en: 'A more-is-better target (≥, ＞, ＝) is not set below what the same project actually achieved last year (last year\'s self-evaluation, found by project code, else by name within the unit; no self-evaluation, no finding).',
  },
  check(table, ctx) {
    const years = ctx.history?.years ?? [];
    const thisYear = table.year ?? ctx.year;
    const last = years.filter((y) => y.selfEval && (thisYear === undefined || y.year < thisYear)).sort((a, b) => b.year - a.year)[0];
    if (!last?.selfEval) return [];
    const actuals = new Map(last.selfEval.indicators.filter((i) => i.actual?.raw.trim()).map((i) => [key(i.name.raw), i]));
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const v = ind.value;
      if (!v.quantitative || v.operator === null || v.number === null) continue;
      if (directionOf(v.operator, Number(v.number)) !== '正向') continue;
      const before = actuals.get(key(ind.name.raw));
      if (!before) continue;
      const reading = readActual(v, before.actual!.raw, ind.name.raw);
      if (reading.kind !== 'measured' || !(Number(v.number) < reading.value)) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}目标“${v.raw.trim()}”低于本项目 ${last.year} 年实际完成的“${before.actual!.raw.trim()}”。`,
          en: `${r.en}: the target "${v.raw.trim()}" is below what the project achieved in ${last.year} ("${before.actual!.raw.trim()}").`,
        },
        location: indicatorLocation(ind, row, 'value'),
      });
    }
    return out;
  },
});

export const targetsUnchanged = defineRule<{ years: number }>({
  code: 'history.targets-unchanged',
  title: { zh: '目标多年未变', en: "Targets unchanged for years" },
  paramNames: { years: { zh: '连续年数', en: 'years in a row' } },
  kinds: ['project', 'dept-overall'],
  defaultSeverity: 'warning',
  defaultParams: { years: 3 },
  description: {
    zh: '同一项目连续 years（默认 3）年的绩效指标（名称和指标值）完全相同，多半是照抄上年，未按当年任务设定目标。',
    en: 'The same indicators (names and values) for `years` (3) budget years in a row: most likely copied, not set for the year\'s work.',
  },
  check(table, ctx) {
    const thisYear = table.year ?? ctx.year;
    if (thisYear === undefined) return [];
    const fingerprint = (t: TargetTable) =>
      filedIndicators(t)
        .map(({ ind }) => `${key(ind.name.raw)}=${valueKey(ind)}`)
        .sort()
        .join('|');
    const mine = fingerprint(table);
    if (!mine) return [];
    const byYear = new Map((ctx.history?.years ?? []).filter((y) => y.target).map((y) => [y.year, y.target!]));
    for (let k = 1; k < ctx.params.years; k++) {
      const t = byYear.get(thisYear - k);
      if (!t || fingerprint(t) !== mine) return [];
    }
    return [
      {
        message: {
          zh: `${thisYear - ctx.params.years + 1}–${thisYear} 年连续 ${ctx.params.years} 年的绩效指标和指标值完全相同，请按当年任务重新设定目标。`,
          en: `The indicators and their values are the same for ${ctx.params.years} years (${thisYear - ctx.params.years + 1}–${thisYear}); set targets for this year's work.`,
        },
        location: { section: 'indicators', field: 'indicators' },
      },
    ];
  },
});

export const HISTORY_RULES = [targetBelowLastActual, targetsUnchanged];
