/**
 * Re-applies my edits (base → mine) on top of someone else's newer version (base → theirs):
 * the conflict dialog's "keep both" choice. Fields both of us changed take my value; the
 * dialog lists them so nothing is lost silently.
 */
import { diffTables, INDICATOR_FIELDS, type TargetTable } from '@jixiao/core';
import { fieldText, indicatorText, setField, setIndicatorField, type IndicatorField } from './edit.ts';

export interface MergeResult {
  table: TargetTable;
  /** Cell keys both sides changed (mine won). */
  overlaps: string[];
}

export function mergeMine(base: TargetTable, mine: TargetTable, theirs: TargetTable): MergeResult {
  const myDiffs = diffTables(base, mine);
  const theirKeys = new Set(diffTables(base, theirs).map((d) => d.key));
  let out = theirs;
  const overlaps: string[] = [];
  const baseIds = new Set(base.indicators.map((x) => x.id));
  const mineIds = new Set(mine.indicators.map((x) => x.id));
  // Rows I added: append those not already present.
  for (const ind of mine.indicators) {
    if (!baseIds.has(ind.id) && !out.indicators.some((x) => x.id === ind.id)) out = { ...out, indicators: [...out.indicators, ind] } as TargetTable;
  }
  // Rows I removed.
  for (const ind of base.indicators) if (!mineIds.has(ind.id)) out = { ...out, indicators: out.indicators.filter((x) => x.id !== ind.id) } as TargetTable;
  for (const d of myDiffs) {
    const m = /^ind:([^:]+):(.+)$/.exec(d.key);
    if (m) {
      const [, id, field] = m;
      if (!(INDICATOR_FIELDS as readonly string[]).includes(field!)) continue; // columns the form does not edit
      if (!baseIds.has(id!)) continue; // added rows are already in
      const ind = mine.indicators.find((x) => x.id === id);
      if (!ind || !out.indicators.some((x) => x.id === id)) continue;
      if (theirKeys.has(d.key)) overlaps.push(d.key);
      out = setIndicatorField(out, id!, field as IndicatorField, indicatorText(ind, field as IndicatorField));
    } else if (!d.indicatorId) {
      if (theirKeys.has(d.key)) overlaps.push(d.key);
      out = d.key === 'title' ? ({ ...out, title: mine.title } as TargetTable) : setField(out, d.key, fieldText(mine, d.key));
    }
  }
  return { table: out, overlaps };
}
