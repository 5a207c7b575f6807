/** Small shared helpers for rules that look at indicator rows. */
import type { Indicator, TargetTable } from '../model/target-table.ts';
import type { IndicatorValue } from '../value/indicator-value.ts';
import type { FindingDraft } from './rule.ts';

/**
 * Most rules walk the filed rows; the checker computes them once per check. The cache holds
 * only the table being checked right now (set and cleared by checkTable), so an edited table
 * is never judged by stale rows.
 */
export interface FiledRow {
  ind: Indicator;
  /** 1-based row number in the table's indicator list. */
  row: number;
  /** The row's values: 当年度 (value) first, then 实施周期. */
  values: Array<{ field: 'value' | 'periodValue'; v: IndicatorValue }>;
}

let checking: { table: TargetTable; filed: FiledRow[] } | undefined;

export function withRowCache<T>(table: TargetTable, fn: () => T): T {
  const prev = checking;
  checking = { table, filed: computeFiled(table) };
  try {
    return fn();
  } finally {
    checking = prev;
  }
}

/** Rows that are real 三级 indicators (a name or a value was filed). */
export function filedIndicators(table: TargetTable): FiledRow[] {
  if (checking?.table === table) return checking.filed;
  return computeFiled(table);
}

function computeFiled(table: TargetTable): FiledRow[] {
  const out: FiledRow[] = [];
  table.indicators.forEach((ind, i) => {
    if (ind.name.raw.trim() || !ind.value.empty || (ind.periodValue && !ind.periodValue.empty)) out.push({ ind, row: i + 1, values: valuesOf(ind) });
  });
  return out;
}

/** Rows with a 三级 name: what the minimum-count rules count. */
export function namedIndicators(table: TargetTable): FiledRow[] {
  return filedIndicators(table).filter((x) => x.ind.name.raw.trim() !== '');
}

/** The values a row carries, with their field names: 当年度 (value) first, then 实施周期. */
export function valuesOf(ind: Indicator): Array<{ field: 'value' | 'periodValue'; v: IndicatorValue }> {
  const out: Array<{ field: 'value' | 'periodValue'; v: IndicatorValue }> = [{ field: 'value', v: ind.value }];
  if (ind.periodValue) out.push({ field: 'periodValue', v: ind.periodValue });
  return out;
}

export function indicatorLocation(ind: Indicator, row: number, field: string): FindingDraft['location'] {
  const loc: FindingDraft['location'] = { section: 'indicators', indicatorId: ind.id, row, field };
  const src = field === 'value' ? ind.value.source : field === 'periodValue' ? ind.periodValue?.source : field === 'name' ? ind.name.source : undefined;
  const source = src ?? ind.source;
  if (source) loc.source = source;
  return loc;
}

/** The field label for messages. */
export function valueFieldLabel(table: TargetTable, field: 'value' | 'periodValue'): { zh: string; en: string } {
  if (table.kind !== 'project') return { zh: '指标值', en: 'value' };
  return field === 'value' ? { zh: '当年度指标值', en: 'annual value' } : { zh: '实施周期指标值', en: 'period value' };
}

/** `第3行“支出率(%)”` / `row 3 "支出率(%)"`. */
export function rowLabel(ind: Indicator, row: number): { zh: string; en: string } {
  const name = ind.name.raw.trim() || '（无名称）';
  return { zh: `第${row}行“${name}”`, en: `row ${row} "${name}"` };
}

export function isMultiYear(table: TargetTable): boolean {
  if (table.kind !== 'project') return false;
  const s = table.period.start.year;
  const e = table.period.end.year;
  return s !== null && e !== null && e > s;
}
