/**
 * The form's and the history page's view of core's diffTables (the one diff of the project): the
 * cells to mark as changed, and the list people read. Labels and keys come from core, so the web
 * and the server's /diff name every change the same way.
 */
import { diffTables, INDICATOR_FIELDS, cellKey, type FieldChange, type TargetTable } from '@jixiao/core';

export { fieldLabel, PROJECT_FIELDS, DEPT_FIELDS, INDICATOR_FIELD_LABEL } from '@jixiao/core';

export interface FieldDiff {
  /** Cell key (see cellKey); `ind:<id>` for a whole row. */
  key: string;
  label: { zh: string; en: string };
  op: FieldChange['kind'];
  from: string;
  to: string;
}

const toDiff = (c: FieldChange): FieldDiff => ({ key: c.key, label: c.label, op: c.kind, from: c.before ?? '', to: c.after ?? '' });

/** Changed cells, for marking the form: a row added as a whole marks each of its cells. */
export function changedKeys(a: TargetTable, b: TargetTable): Set<string> {
  const keys = new Set<string>();
  for (const c of diffTables(a, b)) {
    keys.add(c.key);
    if (c.kind === 'added' && c.indicatorId && c.key === `ind:${c.indicatorId}`) for (const f of INDICATOR_FIELDS) keys.add(cellKey(c.indicatorId, f));
  }
  return keys;
}

/** The list people read: one line a change, a row added or removed once. */
export function diffForPeople(a: TargetTable, b: TargetTable): FieldDiff[] {
  return diffTables(a, b).map(toDiff);
}
