/**
 * Before tables are recognised, the cells of a grid read from text are put back into the shape
 * of a table when the text lost it (docs/import.md, "Shapes of real text"):
 *
 * - injected pinyin (`績效目標(biāo)`) is dropped from every cell;
 * - a line whose cells are separated by single spaces becomes a row of those cells;
 * - a glued line (no separators) or indicators written as prose, and a whole table on one line,
 *   become a run of one-cell rows — the stream shape the recogniser already reads (one cell per
 *   line, header labels stacked);
 * - a label broken over two lines (`主管部门及` / `代码`) is joined;
 * - an enumerated category heading (`一、 产出指标`) loses its enumeration.
 *
 * A changed cell keeps the text as filed in `original`. Rows are renumbered in reading order;
 * each cell keeps its source `line`, so every finding still points at the line it came from.
 * Grids whose cells are already a table (tab, pipe or spreadsheet cells) pass through untouched
 * except for the pinyin.
 */
import type { Cell, CellGrid } from './cell-grid.ts';
import { isCategoryText, pieceKind, splitGlued, splitSpaced, unwrapGlued, type PieceKind } from './cell-split.ts';
import { hasInjectedPinyin, stripInjectedPinyin } from './injected-pinyin.ts';
import { columnKind, isLabel } from './vocabulary.ts';

const ENUM_HEAD = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])\s*/;
/** Most cells a spaced line may have and still be one row of the table (more: a table on one line). */
const MAX_ROW_CELLS = 14;

function changed(c: Cell, text: string): Cell {
  return text === c.text ? c : { ...c, text, original: c.original ?? c.text };
}

/** Cells of a piece list laid out as one row, or as one row per piece. */
function laid(rows: Cell[][], texts: string[], like: Cell, asRow: boolean): void {
  const piece = (text: string, col: number): Cell => {
    const c: Cell = { row: 0, col, text };
    if (like.line !== undefined) c.line = like.line;
    c.original = like.original ?? like.text;
    return c;
  };
  if (asRow) rows.push(texts.map((t, j) => piece(t, j + 1)));
  else for (const t of texts) rows.push([piece(t, 1)]);
}

/**
 * A line's cells are one row of the table unless there are too many, or the line holds the
 * indicator header and indicators after it (a whole table on one line): then a stream.
 */
function asRow(kinds: PieceKind[]): boolean {
  if (kinds.length > MAX_ROW_CELLS) return false;
  const lastColumn = kinds.lastIndexOf('column');
  const header = kinds.filter((k) => k === 'column').length >= 2;
  return !(header && kinds.slice(lastColumn + 1).includes('cat'));
}

const PAGE_MARK = /^(\d{1,2})、/;
/** Shortest page of a flattened document: a line shorter than this is an enumerated item, not a page. */
const MIN_PAGE = 150;

/**
 * The pages of a document-sharing site's flattened file: each page one long line starting `1、`,
 * `2、`, `3、` … in order, each continuing the text of the page before mid-cell (`…库存数量真实率100%`
 * / `2、100%质量指标…`). The marks are dropped and the pages joined back into one line, so that
 * a cell cut by a page break is one cell again. An enumeration (`1、…。` items, short, or ending
 * a sentence) is not a page.
 */
function joinedPages(rows: Cell[][]): Cell[][] | undefined {
  const single = (r: Cell[]) => {
    const f = r.filter((c) => c.text.trim());
    return f.length === 1 ? f[0]! : undefined;
  };
  const marks: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const c = single(rows[r]!);
    const m = c && PAGE_MARK.exec(c.text.trim());
    if (m && Number(m[1]) === marks.length + 1) marks.push(r);
  }
  if (marks.length < 2) return undefined;
  const pages = marks.map((r) => single(rows[r]!)!);
  const isPage = pages.every((c, k) => k === pages.length - 1 || (c.text.trim().length >= MIN_PAGE && !/[。；;！!？?]$/.test(c.text.trim())));
  if (!isPage) return undefined;
  const out = rows.filter((_, r) => !marks.includes(r) || r === marks[0]);
  const text = pages.map((c) => c.text.trim().replace(PAGE_MARK, '')).join('');
  const first = pages[0]!;
  out[out.indexOf(rows[marks[0]!]!)] = [{ ...first, text, original: first.original ?? pages.map((c) => c.text).join('\n') }];
  return out;
}

export function reshapeGrid(grid: CellGrid): CellGrid {
  const fromText = grid.rows.some((r) => r.some((c) => c.line !== undefined));
  const pages = fromText ? joinedPages(grid.rows) : undefined;
  if (pages) grid = { ...grid, rows: pages };
  let touched = pages !== undefined;
  const rows: Cell[][] = [];
  let inTable = false;
  for (let r = 0; r < grid.rows.length; r++) {
    let row = grid.rows[r]!;
    if (row.some((c) => hasInjectedPinyin(c.text))) {
      row = row.map((c) => changed(c, stripInjectedPinyin(c.text)));
      touched = true;
    }
    const filled = row.filter((c) => c.text.trim());
    if (!fromText || filled.length !== 1) {
      if (filled.length > 1 && filled.some((c) => columnKind(c.text) === 'name')) inTable = true;
      rows.push(row);
      continue;
    }
    const cell = filled[0]!;
    const text = cell.text.trim();
    // A comment or metadata line (`# source: …`, `# collected: … query: 项目名称 主管部门 …`) is not a row of a table.
    if (/^#\s*[A-Za-z][\w-]*\s*:/.test(text)) {
      rows.push(row);
      continue;
    }
    // An enumerated category heading: `一、 产出指标`.
    if (ENUM_HEAD.test(text) && isCategoryText(text)) {
      rows.push([changed(cell, text.replace(ENUM_HEAD, ''))]);
      touched = true;
      continue;
    }
    // A label broken over two lines: `主管部门及` + `代码`.
    const next = grid.rows[r + 1]?.filter((c) => c.text.trim());
    if (next?.length === 1 && !isLabel(text) && text.length <= 8 && next[0]!.text.trim().length <= 6) {
      const both = text + next[0]!.text.trim();
      if (isLabel(both) && !isLabel(next[0]!.text)) {
        rows.push([changed(cell, both)]);
        r++;
        touched = true;
        continue;
      }
    }
    const spaced = splitSpaced(text, { inTable });
    // Glued text: the whole line, or the long pieces of a spaced line.
    const glued = spaced ? undefined : splitGlued(unwrapGlued(text) ?? text, { inTable });
    if (glued) {
      const kinds = glued.map(pieceKind);
      laid(rows, glued, cell, asRow(kinds));
      if (kinds.filter((k) => k === 'column').length >= 2 || kinds.includes('cat')) inTable = true;
      touched = true;
      continue;
    }
    if (spaced) {
      const pieces = spaced.flatMap((p) => (p.length >= 12 ? (splitGlued(p) ?? [p]) : [p]));
      if (pieces.length > spaced.length) {
        laid(rows, pieces, cell, false);
        touched = true;
        inTable = true;
        continue;
      }
      const kinds = spaced.map(pieceKind);
      laid(rows, spaced, cell, asRow(kinds));
      if (kinds.filter((k) => k === 'column').length >= 2 || kinds.includes('cat')) inTable = true;
      touched = true;
      continue;
    }
    rows.push(row);
  }
  if (!touched) return grid;
  const out: CellGrid = {
    ...grid,
    rows: rows.map((row, i) => row.map((c) => (c.row === i + 1 ? c : { ...c, row: i + 1 }))),
  };
  return out;
}
