/**
 * Tab-separated text (as copied out of Word or the provincial system, merged cells flattened)
 * to a cell grid: one row per line, so row numbers are line numbers.
 */
import type { Cell, CellGrid } from './cell-grid.ts';

export function tabTextToGrid(text: string, file?: string): CellGrid {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const rows: Cell[][] = lines.map((line, i) =>
    line.split('\t').map((t, j) => ({ row: i + 1, col: j + 1, text: t.trim(), line: i + 1 })),
  );
  const grid: CellGrid = { rows };
  if (file !== undefined) grid.file = file;
  return grid;
}
