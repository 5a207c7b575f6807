/** Import findings: code `import.*`, a severity, a message in zh-CN and en, and the cell concerned. */
import type { Finding, Severity, TableSection } from '../rules/finding.ts';
import { cellRef, type Cell, type CellGrid } from './cell-grid.ts';

export function importFinding(
  code: string,
  severity: Severity,
  message: { zh: string; en: string },
  where: { grid?: CellGrid; cell?: Pick<Cell, 'row' | 'col' | 'line'>; section?: TableSection; field?: string; indicatorId?: string; row?: number },
): Finding {
  const f: Finding = { code: `import.${code}`, severity, message, location: { section: where.section ?? 'table' } };
  if (where.indicatorId !== undefined) f.location.indicatorId = where.indicatorId;
  if (where.row !== undefined) f.location.row = where.row;
  if (where.field !== undefined) f.location.field = where.field;
  if (where.grid && where.cell) f.location.source = cellRef(where.grid, where.cell);
  else if (where.grid) f.location.source = { ...(where.grid.file ? { file: where.grid.file } : {}), ...(where.grid.sheet ? { sheet: where.grid.sheet } : {}), row: 1, col: 1 };
  return f;
}
