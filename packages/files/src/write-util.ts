import type { Cell, CellGrid } from '@jixiao/core';

/** Drops characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
export function xmlSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

export function escapeXml(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Looks cells up by position (cells carry their own row and column). */
export class CellIndex {
  private readonly map = new Map<number, Cell>();
  readonly rows: number;
  readonly width: number;
  constructor(grid: CellGrid) {
    let rows = grid.rows.length;
    let width = 0;
    for (const row of grid.rows) {
      for (const c of row) {
        this.map.set(c.row * 65536 + c.col, c);
        rows = Math.max(rows, c.row, c.merge?.bottom ?? 0);
        width = Math.max(width, c.col, c.merge?.right ?? 0);
      }
    }
    this.rows = rows;
    this.width = width;
  }
  at(row: number, col: number): Cell | undefined {
    return this.map.get(row * 65536 + col);
  }
  /** Last column used in a row (cells and merges that cover it). */
  rowEnd(grid: CellGrid, row: number): number {
    const cells = grid.rows[row - 1] ?? [];
    let end = 0;
    for (const c of cells) end = Math.max(end, c.col, c.merge?.right ?? 0);
    return end;
  }
}
