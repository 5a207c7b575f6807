/** Builds an official layout row by row: cells, merges, roles and the field each cell shows. */
import type { Cell, MergedRange } from '../import/cell-grid.ts';
import type { AmountField } from '../model/target-table.ts';
import { formatWan } from '../money/money.ts';
import { yearOf } from '../import/vocabulary.ts';
import type { CellRole } from './official-layout.ts';

/** An amount as the layout holds it: 万元 from its 分, or the text as filed when it did not parse. */
export const amountText = (a: AmountField | undefined) => (a ? (a.fen !== null ? formatWan(a.fen) : a.raw) : '');

/** Builds a layout row by row; `cols` is the form's width (6 for the target tables, more with optional indicator columns). */
export class LayoutBuilder {
  constructor(readonly cols = 6) {}
  readonly rows: Cell[][] = [];
  readonly roles: Record<string, CellRole> = {};
  readonly fields: Record<string, string> = {};
  /** First row of the bordered table (after the title rows). */
  bodyFirst = 2;

  /** A span from `col` to the form's right edge (forms widen with optional indicator columns). */
  toEnd(col: number): { cols: number } {
    return { cols: this.cols - col + 1 };
  }

  /**
   * The title row, and under it `(2022年度)` when the table's year is not in its title (the
   * form it came from said so below the title; the importer reads the year from either).
   * Sets `bodyFirst`, the first row of the bordered table.
   */
  titleRows(title: string, year: number | undefined): void {
    this.put(this.row(), 1, title, 'title', this.toEnd(1));
    if (year !== undefined && yearOf(title) !== year) this.put(this.row(), 1, `(${year}年度)`, 'note', this.toEnd(1));
    this.bodyFirst = this.rows.length + 1;
  }

  /** Starts a new row of COLS empty cells and returns its 1-based number. */
  row(): number {
    const r = this.rows.length + 1;
    this.rows.push(Array.from({ length: this.cols }, (_, i) => ({ row: r, col: i + 1, text: '' })));
    return r;
  }

  put(row: number, col: number, text: string, role: CellRole, span: { rows?: number; cols?: number } = {}, field?: string): void {
    const cell = this.rows[row - 1]![col - 1]!;
    cell.text = text;
    this.roles[`${row},${col}`] = role;
    if (field) this.fields[`${row},${col}`] = field;
    const rows = span.rows ?? 1;
    const cols = span.cols ?? 1;
    if (rows > 1 || cols > 1) this.merge({ top: row, left: col, bottom: row + rows - 1, right: col + cols - 1 });
  }

  /** Records a merge over rows that already exist (callers create the rows first). */
  merge(m: MergedRange): void {
    this.rows[m.top - 1]![m.left - 1]!.merge = m;
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        this.rows[r - 1]![c - 1]!.mergedInto = { row: m.top, col: m.left };
      }
    }
  }
}
