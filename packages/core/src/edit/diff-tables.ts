/**
 * Field-level difference between two versions of a table: what a reviewer needs to see "what
 * moved" between revisions, or between the 一上 and 二上 versions, and what the form marks as
 * changed. The one diff of the project: the server's /diff, the form's marks, the history page
 * and the conflict merge all use it. Compares the text as filed (raw, ends trimmed), never the
 * derived parse, so a change is exactly what a person typed. Indicators are matched by id
 * (stable within a table), so an inserted row is one change, and a row is "moved" only when its
 * order among the rows both versions have changed.
 */
import { cellKey, fieldLabel, INDICATOR_EXTRA_FIELDS, INDICATOR_FIELDS, indicatorRowLabel, type IndicatorExtraField, type IndicatorField, type Label } from '../model/field-labels.ts';
import type { Indicator, TargetTable } from '../model/target-table.ts';

export interface FieldChange {
  /** Path in the table, e.g. `projectName`, `funds.basic`, `indicators[i3].value`. */
  path: string;
  /** The form's cell key (`projectName`, `funds.development.0`, `ind:i3:value`; `ind:i3` for a whole row). */
  key: string;
  kind: 'changed' | 'added' | 'removed' | 'moved';
  before?: string;
  after?: string;
  indicatorId?: string;
  /** What people call the field, e.g. 第3行“培训人次” 当年度指标值. */
  label: Label;
}

function isTextField(x: unknown): x is { raw: string } {
  return typeof x === 'object' && x !== null && typeof (x as { raw?: unknown }).raw === 'string';
}

/** Not table data: where a value was read, the recognised form, and the indicators (compared by row). */
const SKIP = new Set(['source', 'indicators', 'form', 'kind']);

/** Flattens a table (without indicators) to path → raw text. */
function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (isTextField(value)) {
    out.set(path, value.raw);
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      out.set(path, value.join('\n'));
      return;
    }
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (SKIP.has(k)) continue;
      flatten(v, path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (value !== undefined && value !== null && path) out.set(path, String(value));
}

/** The form's key of a header path: indexes as segments, and a development line's amount is the line's own cell. */
const keyOfPath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1').replace(/^(funds\.development\.\d+)\.amount$/, '$1');

/** Every text of a row a diff compares: the form's cells, then the columns some forms add. */
const ROW_TEXTS: ReadonlyArray<IndicatorField | IndicatorExtraField> = [...INDICATOR_FIELDS, ...INDICATOR_EXTRA_FIELDS];

function indicatorText(ind: Indicator, f: IndicatorField | IndicatorExtraField): string {
  return (ind[f] as { raw: string } | undefined)?.raw ?? '';
}

const same = (x: string, y: string) => x.trim() === y.trim();

/** 一级 / 二级 / name / values of a row, for a row added or removed as a whole. */
const rowSummary = (ind: Indicator) => INDICATOR_FIELDS.map((f) => indicatorText(ind, f)).filter((s) => s.trim()).join(' / ');

/** Differences from `before` (older) to `after` (newer). */
export function diffTables(before: TargetTable, after: TargetTable): FieldChange[] {
  const changes: FieldChange[] = [];
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const header = (path: string, kind: FieldChange['kind'], x?: string, y?: string) => {
    const key = keyOfPath(path);
    changes.push({ path, key, kind, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}), label: fieldLabel(kind === 'removed' ? before : after, key) });
  };
  for (const [path, v] of a) {
    if (!b.has(path)) {
      if (v.trim()) header(path, 'removed', v);
    } else if (!same(v, b.get(path)!)) header(path, 'changed', v, b.get(path)!);
  }
  for (const [path, v] of b) if (!a.has(path) && v.trim()) header(path, 'added', undefined, v);

  const beforeById = new Map(before.indicators.map((i) => [i.id, i]));
  const afterIds = new Set(after.indicators.map((i) => i.id));
  // Order among the rows both versions have: a row inserted or removed elsewhere moves nothing.
  const commonBefore = before.indicators.filter((i) => afterIds.has(i.id)).map((i) => i.id);
  const commonAfter = after.indicators.filter((i) => beforeById.has(i.id)).map((i) => i.id);
  for (const ind of after.indicators) {
    const prev = beforeById.get(ind.id);
    const row = indicatorRowLabel(after, ind.id);
    if (!prev) {
      changes.push({ path: `indicators[${ind.id}]`, key: `ind:${ind.id}`, kind: 'added', after: rowSummary(ind), indicatorId: ind.id, label: { zh: `${row.zh} 新增`, en: `${row.en} added` } });
      continue;
    }
    const from = commonBefore.indexOf(ind.id);
    const to = commonAfter.indexOf(ind.id);
    if (from !== to) {
      changes.push({ path: `indicators[${ind.id}]`, key: `ind:${ind.id}`, kind: 'moved', before: String(from + 1), after: String(to + 1), indicatorId: ind.id, label: { zh: `${row.zh} 顺序`, en: `${row.en} order` } });
    }
    for (const f of ROW_TEXTS) {
      const x = indicatorText(prev, f);
      const y = indicatorText(ind, f);
      if (!same(x, y)) {
        const key = cellKey(ind.id, f);
        changes.push({ path: `indicators[${ind.id}].${f}`, key, kind: 'changed', before: x, after: y, indicatorId: ind.id, label: fieldLabel(after, key) });
      }
    }
  }
  for (const ind of before.indicators) {
    if (afterIds.has(ind.id)) continue;
    const row = indicatorRowLabel(before, ind.id);
    changes.push({ path: `indicators[${ind.id}]`, key: `ind:${ind.id}`, kind: 'removed', before: rowSummary(ind), indicatorId: ind.id, label: { zh: `${row.zh} 已删除`, en: `${row.en} removed` } });
  }
  return changes;
}
