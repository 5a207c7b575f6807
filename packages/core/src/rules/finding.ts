/**
 * A finding is one typed defect, in the manner of a Frictionless validation error: a stable
 * code, a severity, a location down to the field, a message in zh-CN and en, and a fix when one
 * is safe to apply without a person's judgement.
 */
import type { CellRef } from '../import/cell-grid.ts';

/** error blocks submission; warning does not; info is a note from the importer. */
export type Severity = 'error' | 'warning' | 'info';

export type TableSection = 'header' | 'funds' | 'goal' | 'tasks' | 'indicators' | 'execution' | 'table';

export interface FindingLocation {
  /** Index of the table in its file / batch (0-based), when there is more than one. */
  table?: number;
  /** Title of the table, for people. */
  tableTitle?: string;
  section: TableSection;
  /** Indicator id (indicators section). */
  indicatorId?: string;
  /** 1-based indicator row number within the table's indicator list. */
  row?: number;
  /** Field path within the table or the indicator, e.g. `value`, `periodValue`, `funds.basic`. */
  field?: string;
  /** Where in the source file, when imported. */
  source?: CellRef;
}

/**
 * A safe fix: set `field` (relative to the location) from its current text to `to`; or, with
 * `indicator` (field `indicators`), add that indicator row to the table.
 */
export interface Fix {
  field: string;
  from: string;
  to: string;
  description: { zh: string; en: string };
  indicator?: { level1: string; level2: string; name: string; value: string };
}

export interface Finding {
  code: string;
  severity: Severity;
  message: { zh: string; en: string };
  location: FindingLocation;
  fix?: Fix;
  /** A proposal that needs a person's judgement (e.g. an indicator for an uncovered aim). */
  suggestion?: { zh: string; en: string; indicator?: { level1: string; level2: string; name: string; value: string } };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
