/**
 * Field-level difference between two versions of a table: what a reviewer needs to see "what
 * moved" between revisions, or between the 一上 and 二上 versions. Compares the text as filed
 * (raw), never the derived parse, so a change is exactly what a person typed. Indicators are
 * matched by id (stable within a table), so reordering rows is reported as a move, not as edits.
 */
import type { Indicator, TargetTable } from '../model/target-table.ts';

export interface FieldChange {
  /** Path in the table, e.g. `projectName`, `funds.basic`, `indicators[i3].value`. */
  path: string;
  kind: 'changed' | 'added' | 'removed' | 'moved';
  before?: string;
  after?: string;
  indicatorId?: string;
}

function isTextField(x: unknown): x is { raw: string } {
  return typeof x === 'object' && x !== null && typeof (x as { raw?: unknown }).raw === 'string';
}

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
      if (k === 'source' || k === 'indicators') continue;
      flatten(v, path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (value !== undefined && value !== null && path) out.set(path, String(value));
}

const INDICATOR_FIELDS = ['level1', 'level2', 'name', 'value', 'periodValue', 'weight', 'note'] as const;

function indicatorText(ind: Indicator, f: (typeof INDICATOR_FIELDS)[number]): string | undefined {
  const v = ind[f] as { raw: string } | undefined;
  return v?.raw;
}

export function diffTables(before: TargetTable, after: TargetTable): FieldChange[] {
  const changes: FieldChange[] = [];
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  for (const [path, v] of a) {
    if (!b.has(path)) changes.push({ path, kind: 'removed', before: v });
    else if (b.get(path) !== v) changes.push({ path, kind: 'changed', before: v, after: b.get(path)! });
  }
  for (const [path, v] of b) if (!a.has(path)) changes.push({ path, kind: 'added', after: v });

  const beforeById = new Map(before.indicators.map((i, idx) => [i.id, { i, idx }]));
  const afterIds = new Set(after.indicators.map((i) => i.id));
  after.indicators.forEach((ind, idx) => {
    const prev = beforeById.get(ind.id);
    if (!prev) {
      changes.push({ path: `indicators[${ind.id}]`, kind: 'added', after: ind.name.raw, indicatorId: ind.id });
      return;
    }
    if (prev.idx !== idx) changes.push({ path: `indicators[${ind.id}]`, kind: 'moved', before: String(prev.idx + 1), after: String(idx + 1), indicatorId: ind.id });
    for (const f of INDICATOR_FIELDS) {
      const x = indicatorText(prev.i, f);
      const y = indicatorText(ind, f);
      if ((x ?? '') !== (y ?? '')) changes.push({ path: `indicators[${ind.id}].${f}`, kind: 'changed', before: x ?? '', after: y ?? '', indicatorId: ind.id });
    }
  });
  for (const ind of before.indicators) {
    if (!afterIds.has(ind.id)) changes.push({ path: `indicators[${ind.id}]`, kind: 'removed', before: ind.name.raw, indicatorId: ind.id });
  }
  return changes;
}
