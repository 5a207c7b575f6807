/**
 * One line saying which form a table was read as (region, year, header fields, indicator
 * columns), for `jixiao import` and `jixiao check`: a reader sees at once why a field is or is
 * not asked for, since the rules ask only for what the table's own form has.
 */
import { COLUMN_SYNONYMS, type TargetTable } from '@jixiao/core';

type TableForm = NonNullable<TargetTable['form']>;

/** Where and when: 湖北省 武汉市 · 2020, with 未识别 / unknown for what was not recognised. */
export function formPlaceAndYear(form: TableForm): string {
  const r = form.region;
  const place = r ? `${r.province}${r.place && r.place !== r.province ? ` ${r.place}` : ''}` : '地区未识别 / region unknown';
  return `${place} · ${form.year ?? '年度未识别 / year unknown'}`;
}

/** The whole form: place and year, how many header fields it has, and its indicator columns by their usual label. */
export function describeForm(form: TableForm | undefined): string {
  if (!form) return '表式未识别 / form not recognised';
  const fields = Object.keys(form.fields).length;
  const columns = form.columns.map((c) => (COLUMN_SYNONYMS as Record<string, readonly string[]>)[c]?.[0] ?? c);
  return [
    `表式 / form: ${formPlaceAndYear(form)}`,
    `表头 ${fields} 项 / ${fields} header fields`,
    columns.length ? `指标列 / columns: ${columns.join('、')}` : '指标列未识别 / columns not recognised',
  ].join(' · ');
}
