/**
 * Test helper: a table written as its HTML rows (only the cells that exist, with rowspan and
 * colspan) laid out to a CellGrid with merged ranges, as an .xlsx/.docx/.html reader gives it.
 * Covered cells are empty and point at their merge's top-left cell.
 */
import type { Cell, CellGrid } from '../../src/index.ts';

export type PCell = string | { t: string; rs?: number; cs?: number };
export type PRows = PCell[][];

export function layout(rows: PRows, opts: { file?: string; sheet?: string } = {}): CellGrid {
  const grid: Cell[][] = [];
  const at = (r: number) => (grid[r] ??= []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const pc of row) {
      const { t, rs = 1, cs = 1 } = typeof pc === 'string' ? { t: pc } : pc;
      while (at(r)[c]) c++;
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          const cell: Cell = { row: r + dr + 1, col: c + dc + 1, text: dr === 0 && dc === 0 ? t : '' };
          if (dr === 0 && dc === 0 && (rs > 1 || cs > 1)) cell.merge = { top: r + 1, left: c + 1, bottom: r + rs, right: c + cs };
          if (dr > 0 || dc > 0) cell.mergedInto = { row: r + 1, col: c + 1 };
          at(r + dr)[c + dc] = cell;
        }
      }
      c += cs;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  const out: CellGrid = {
    rows: grid.map((r, i) => Array.from({ length: width }, (_, j) => r[j] ?? { row: i + 1, col: j + 1, text: '' })),
  };
  if (opts.file !== undefined) out.file = opts.file;
  if (opts.sheet !== undefined) out.sheet = opts.sheet;
  return out;
}

/** Plain rows of text from a grid (for writers that take text and merges). */
export function texts(grid: CellGrid): string[][] {
  return grid.rows.map((r) => r.map((c) => c.text));
}
