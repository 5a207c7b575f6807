/**
 * The common currency of every reader: whatever the file format (tab text, .xlsx, .docx, .html,
 * .csv, pipe text, PDF text), a reader turns it into one or more cell grids, and the layout
 * recogniser works on grids only. Row and column numbers are 1-based, as a user sees them.
 */

/** Where a cell came from, so that every imported value and every finding can point back to it. */
export interface CellRef {
  /** File name as the user gave it. */
  file?: string;
  /** Sheet name (.xlsx), table number (.docx/.html: "表1"), or undefined for flat text. */
  sheet?: string;
  /** 1-based row within the grid. */
  row: number;
  /** 1-based column within the grid. */
  col: number;
  /** 1-based line in the source text, for text formats. */
  line?: number;
}

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Cell {
  row: number;
  col: number;
  text: string;
  /** Set on the top-left cell of a merged range. */
  merge?: MergedRange;
  /** Set on cells covered by a merge (not the top-left), pointing at the top-left. */
  mergedInto?: { row: number; col: number };
  /** 1-based line in the source text, where the reader knows it. */
  line?: number;
  /** The text as it stands in the file, when the importer changed it (injected pinyin dropped, traditional characters converted). */
  original?: string;
}

export interface CellGrid {
  /** File name as the user gave it. */
  file?: string;
  /** Sheet name, or 表N for the N-th table of a document. */
  sheet?: string;
  /** Rows of cells; rows[i] is row i+1. Rows may have different lengths. */
  rows: Cell[][];
}

export function cellRef(grid: CellGrid, cell: Pick<Cell, 'row' | 'col' | 'line'>): CellRef {
  const ref: CellRef = { row: cell.row, col: cell.col };
  if (grid.file !== undefined) ref.file = grid.file;
  if (grid.sheet !== undefined) ref.sheet = grid.sheet;
  if (cell.line !== undefined) ref.line = cell.line;
  return ref;
}

/** Builds a grid from plain rows of strings (used by text readers and tests). */
export function gridFromRows(
  rows: string[][],
  opts: { file?: string; sheet?: string; lines?: number[] } = {},
): CellGrid {
  const grid: CellGrid = { rows: [] };
  if (opts.file !== undefined) grid.file = opts.file;
  if (opts.sheet !== undefined) grid.sheet = opts.sheet;
  grid.rows = rows.map((r, i) =>
    r.map((text, j) => {
      const cell: Cell = { row: i + 1, col: j + 1, text };
      const line = opts.lines?.[i];
      if (line !== undefined) cell.line = line;
      return cell;
    }),
  );
  return grid;
}

/** Describes a cell location in words, for messages: "表1 第3行第2列" / "sheet 表1, row 3, column 2". */
export function describeCellRef(ref: CellRef): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  if (ref.file) {
    zh.push(ref.file);
    en.push(ref.file);
  }
  if (ref.sheet) {
    zh.push(ref.sheet);
    en.push(`sheet ${ref.sheet}`);
  }
  if (ref.line !== undefined) {
    zh.push(`第${ref.line}行第${ref.col}列`);
    en.push(`line ${ref.line}, column ${ref.col}`);
  } else {
    zh.push(`第${ref.row}行第${ref.col}列`);
    en.push(`row ${ref.row}, column ${ref.col}`);
  }
  return { zh: zh.join(' '), en: en.join(', ') };
}
