/**
 * Lays out cells with row and column spans into real grid positions, recording merges the way
 * CellGrid wants them: the top-left cell gets `merge`, every other covered cell `mergedInto`
 * (with empty text). Holes become empty cells; trailing empty cells of a row and trailing empty
 * rows are dropped, so every reader returns grids in the same normal form.
 */
import type { Cell, CellGrid } from '@jixiao/core';

/** Excel's own limits: no reader lays out cells beyond them. */
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

export class GridBuilder {
  private readonly rows: (Cell | undefined)[][] = [];
  private count = 0;
  /** Set when a placement was refused because the grid reached `maxCells`. */
  truncated = false;

  constructor(private readonly maxCells: number) {}

  isTaken(row: number, col: number): boolean {
    return this.rows[row - 1]?.[col - 1] !== undefined;
  }

  /** Places a cell at (row, col), 1-based, spanning rowspan × colspan positions not yet taken. */
  place(row: number, col: number, text: string, rowspan = 1, colspan = 1, line?: number): void {
    if (this.count + rowspan * colspan > this.maxCells || row + rowspan - 1 > MAX_ROW || col + colspan - 1 > MAX_COL) {
      this.truncated = true;
      return;
    }
    const bottom = row + rowspan - 1;
    const right = col + colspan - 1;
    for (let r = row; r <= bottom; r++) {
      const cells = (this.rows[r - 1] ??= []);
      for (let c = col; c <= right; c++) {
        if (cells[c - 1] !== undefined) continue; // overlapping spans: first one wins
        const cell: Cell = { row: r, col: c, text: r === row && c === col ? text : '' };
        if (r !== row || c !== col) cell.mergedInto = { row, col };
        else if (rowspan > 1 || colspan > 1) cell.merge = { top: row, left: col, bottom, right };
        if (line !== undefined) cell.line = line;
        cells[c - 1] = cell;
        this.count++;
      }
    }
  }

  /** The grid, in normal form. */
  build(meta: { file?: string; sheet?: string } = {}): CellGrid {
    const grid: CellGrid = { rows: [] };
    if (meta.file !== undefined) grid.file = meta.file;
    if (meta.sheet !== undefined) grid.sheet = meta.sheet;
    const n = this.rows.length;
    // Holes are filled with empty cells; that padding counts against maxCells too.
    let total = 0;
    for (let i = 0; i < n; i++) {
      const src = this.rows[i] ?? [];
      total += src.length + 1;
      if (total > this.maxCells) {
        this.truncated = true;
        break;
      }
      const out: Cell[] = [];
      for (let j = 0; j < src.length; j++) out.push(src[j] ?? { row: i + 1, col: j + 1, text: '' });
      grid.rows.push(out);
    }
    return normaliseGrid(grid);
  }
}

function isBlank(c: Cell): boolean {
  return c.text === '' && c.merge === undefined && c.mergedInto === undefined;
}

/**
 * Normal form, in place: trailing blank cells of each row (empty text, not part of a merge)
 * and trailing blank rows are removed. Interior blanks stay, so row and column numbers are
 * those of the source.
 */
export function normaliseGrid(grid: CellGrid): CellGrid {
  for (const row of grid.rows) {
    while (row.length > 0 && isBlank(row[row.length - 1]!)) row.pop();
  }
  while (grid.rows.length > 0 && grid.rows[grid.rows.length - 1]!.length === 0) grid.rows.pop();
  return grid;
}

/** The grid as plain strings (rows of cell texts), for tests and debugging. */
export function gridTexts(grid: CellGrid): string[][] {
  return grid.rows.map((r) => r.map((c) => c.text));
}

/**
 * A comparable view of a grid: texts and merges only (no line numbers, file or sheet names),
 * in normal form. Two grids are "the same table" when their shapes are deep-equal.
 */
export function gridShape(grid: CellGrid): Array<Array<string | [string, string]>> {
  const copy = normaliseGrid({ rows: grid.rows.map((r) => r.map((c) => ({ ...c }))) });
  return copy.rows.map((r) =>
    r.map((c) => {
      if (c.merge) return [c.text, `${c.merge.top},${c.merge.left}:${c.merge.bottom},${c.merge.right}`];
      if (c.mergedInto) return ['', `→${c.mergedInto.row},${c.mergedInto.col}`];
      return c.text;
    }),
  );
}
