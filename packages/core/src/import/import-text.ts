/** Convenience: text (tab-separated, pipe tables, one cell per line) straight to tables. */
import type { CellGrid } from './cell-grid.ts';
import { recogniseTables, type RecogniseResult } from './recognise-tables.ts';
import { textToGrid } from './text-layout.ts';

export function importText(text: string, file?: string): RecogniseResult {
  return recogniseTables(textToGrid(text, file));
}

/** Recognises tables across several grids (sheets of a workbook, tables of a document). */
export function importGrids(grids: CellGrid[]): RecogniseResult {
  const out: RecogniseResult = { tables: [], findings: [] };
  for (const g of grids) {
    const r = recogniseTables(g);
    const offset = out.tables.length;
    out.tables.push(...r.tables);
    for (const f of r.findings) {
      out.findings.push(f.location.table === undefined ? f : { ...f, location: { ...f.location, table: f.location.table + offset } });
    }
  }
  return out;
}
