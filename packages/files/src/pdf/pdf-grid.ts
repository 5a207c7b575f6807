/**
 * A PDF's pages → one cell grid, in reading order. On each page, ruled tables are read as
 * lattices (pdf-lattice.ts); the text outside them is read as a stream: lines, and columns where
 * the lines leave a vertical strip of white running through them (as Tabula's and Camelot's
 * stream modes), with wrapped lines joined into their row. A table that runs on over the next
 * page continues in the same rows, its repeated header rows dropped, and a merged cell cut by the
 * page break is joined again. Page numbers and running headers are left out.
 */
import type { Cell, CellGrid } from '@jixiao/core';
import type { PdfPage, PdfText } from './pdf-document.ts';
import { latticeCells, latticeTables, slot, type LatticeTable } from './pdf-lattice.ts';
import { cellLines, cellText, groupLines, joinWrapped, lineText, splitWords, type TextLine } from './pdf-lines.ts';
import { tidyPdfText } from './pdf-text.ts';

/** A row of the output before numbering: texts by column (0-based), merges by the cell's top-left. */
interface OutRow {
  cells: string[];
  /** Merged cells starting on this row: column → span (rows down, columns across). */
  spans: Map<number, { rows: number; cols: number }>;
  page: number;
  /** Lattice rows: columns whose text ran to the cell's edge on its last line. */
  full?: boolean[];
}

/** A lattice table as rows, with where it ends (to join a table broken over pages). */
interface TableBlock {
  kind: 'table';
  top: number;
  rows: OutRow[];
  xs: number[];
  openTop: boolean;
  openBottom: boolean;
}

interface TextBlock {
  kind: 'text';
  top: number;
  lines: Array<TextLine & { page: number }>;
}

type Block = TableBlock | TextBlock;

const PAGE_NUMBER = /^(?:[-—–－\s]*\d+[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)$/i;

/** Reads one lattice table of a page: its cells' texts and merges, and the runs it used. */
function readLattice(t: LatticeTable, texts: PdfText[], used: Set<PdfText>, page: number): TableBlock {
  const { cells, owner } = latticeCells(t);
  const inCell: PdfText[][] = cells.map(() => []);
  for (const it of texts) {
    const r = slot(t.ys, (it.top + it.bottom) / 2);
    const c = slot(t.xs, (it.x0 + it.x1) / 2);
    if (r < 0 || c < 0) continue;
    inCell[owner[r]![c]!]!.push(it);
    used.add(it);
  }
  const R = t.ys.length - 1;
  const C = t.xs.length - 1;
  const rows: OutRow[] = Array.from({ length: R }, () => ({ cells: new Array<string>(C).fill(''), spans: new Map(), page }));
  cells.forEach((cell, i) => {
    const { text, full } = cellLines(groupLines(inCell[i]!), t.xs[cell.col]!, t.xs[cell.col + cell.cols]!);
    rows[cell.row]!.cells[cell.col] = text;
    const bottom = rows[cell.row + cell.rows - 1]!;
    (bottom.full ??= new Array<boolean>(C).fill(false))[cell.col] = full;
    if (cell.rows > 1 || cell.cols > 1) rows[cell.row]!.spans.set(cell.col, { rows: cell.rows, cols: cell.cols });
  });
  // A row band with no text and no cell starting in it is a sliver between two close rules.
  const keep = rows.map((r, i) => r.cells.some((c) => c !== '') || cells.some((c) => c.row === i));
  if (keep.every(Boolean)) return { kind: 'table', top: t.ys[0]!, rows, xs: t.xs, openTop: t.openTop, openBottom: t.openBottom };
  // Dropping rows shortens the merges that cover them.
  const newIndex: number[] = [];
  let n = 0;
  for (let i = 0; i < R; i++) newIndex.push(keep[i] ? n++ : -1);
  const out: OutRow[] = [];
  rows.forEach((r, i) => {
    if (!keep[i]) return;
    for (const [col, s] of r.spans) {
      let span = 0;
      for (let k = i; k < i + s.rows; k++) if (keep[k]) span++;
      r.spans.set(col, { rows: span, cols: s.cols });
    }
    out.push(r);
  });
  return { kind: 'table', top: t.ys[0]!, rows: out, xs: t.xs, openTop: t.openTop, openBottom: t.openBottom };
}

/** Runs closer than this (ems) are one piece of text; pdf.js itself joins runs up to 0.6 em apart. */
const CELL_GAP = 0.6;

/**
 * Column starts of a block of lines: the left edges where text begins (after a gap of a cell
 * boundary) on two or more lines — columns of a borderless table are left-aligned at the same
 * place. The union over the whole block, so a header block and an indicator block below it
 * with other columns both keep theirs.
 */
function streamStarts(lines: TextLine[]): number[] {
  const xs: number[] = [];
  for (const l of lines) {
    let end = -Infinity;
    for (const it of l.items) {
      if (it.x0 - end >= CELL_GAP * it.size) xs.push(it.x0);
      end = Math.max(end, it.x1);
    }
  }
  xs.sort((a, b) => a - b);
  const clusters: number[][] = [];
  for (const x of xs) {
    const c = clusters[clusters.length - 1];
    if (c && x - c[c.length - 1]! <= 2) c.push(x);
    else clusters.push([x]);
  }
  return clusters.filter((c) => c.length >= 2).map((c) => Math.min(...c));
}

/** A line's runs split into cells: at a gap of a cell boundary, or at any gap where a column starts. */
function lineCells(l: TextLine, starts: number[]): PdfText[][] {
  const cells: PdfText[][] = [];
  let end = -Infinity;
  for (const it of l.items) {
    const gap = it.x0 - end;
    const atStart = gap > 0 && starts.some((x) => Math.abs(x - it.x0) <= 2);
    if (cells.length === 0 || gap >= CELL_GAP * it.size || atStart) cells.push([it]);
    else cells[cells.length - 1]!.push(it);
    end = Math.max(end, it.x1);
  }
  return cells;
}

/**
 * The stream lines of a block as rows. Per column, a line that ran to the column's edge goes on
 * in the line below (a wrapped cell); each such run of lines is one cell's text. A row is then
 * every cell whose lines overlap in height — which holds whether the cells sit at the top of the
 * row or in its middle (a one-line cell centred beside a three-line one).
 */
function readStream(block: TextBlock): OutRow[] {
  const starts = streamStarts(block.lines);
  // Columns: from each start to the next; text left of the first start goes in the first column.
  const bounds = [-Infinity, ...starts.slice(1), Infinity];
  const ncols = bounds.length - 1;
  // A cell lands in the column it starts in when it starts at a column start or is wider than
  // its column (a title, a note: read where they begin); otherwise (centred, right-aligned) under its centre.
  const colOf = (cell: PdfText[]) => {
    const x0 = cell[0]!.x0;
    const x1 = Math.max(...cell.map((i) => i.x1));
    const a = Math.max(0, slot(bounds, x0 + 2.01));
    const c = Math.max(0, slot(bounds, (x0 + x1) / 2));
    return starts.some((x) => Math.abs(x - x0) <= 2) || x1 > bounds[a + 1]! ? a : c;
  };
  type Part = TextLine & { page: number; col: number };
  const perCol: Part[][] = Array.from({ length: ncols }, () => []);
  for (const line of block.lines) {
    const parts: PdfText[][] = Array.from({ length: ncols }, () => []);
    for (const cell of lineCells(line, starts)) parts[colOf(cell)]!.push(...cell);
    parts.forEach((items, col) => {
      if (items.length) perCol[col]!.push({ items, x0: Math.min(...items.map((i) => i.x0)), x1: Math.max(...items.map((i) => i.x1)), top: line.top, bottom: line.bottom, size: line.size, page: line.page, col });
    });
  }
  // Where each column's text ends at the latest: a line reaching it was wrapped.
  const colRight = perCol.map((ps, i) => (Number.isFinite(bounds[i + 1]!) ? bounds[i + 1]! : Math.max(...ps.map((p) => p.x1))));
  const colLeft = perCol.map((ps, i) => (Number.isFinite(bounds[i]!) ? bounds[i]! : Math.min(...ps.map((p) => p.x0))));
  type Fragment = { col: number; parts: Part[]; top: number; bottom: number; page: number };
  // The line gap inside a cell: the smallest gap between consecutive lines of one column. A row
  // boundary adds the cells' padding to it, so a larger gap is a new cell even when the line above is full.
  const gaps: number[] = [];
  for (const parts of perCol) for (let i = 1; i < parts.length; i++) if (parts[i]!.page === parts[i - 1]!.page) gaps.push(parts[i]!.top - parts[i - 1]!.bottom);
  const lineGap = gaps.length ? gaps.sort((a, b) => a - b)[Math.floor(gaps.length * 0.05)]! : 0;
  const fragments: Fragment[] = [];
  perCol.forEach((parts, col) => {
    let cur: Fragment | undefined;
    const pad = parts.length ? Math.max(0, Math.min(...parts.map((q) => q.x0)) - colLeft[col]!) : 0;
    for (const p of parts) {
      const prev = cur?.parts[cur.parts.length - 1];
      const wrapped =
        ncols > 1 &&
        prev !== undefined &&
        prev.page === p.page &&
        p.top - prev.bottom <= lineGap + Math.max(0.6, 0.05 * p.size) &&
        prev.x1 + 2.5 * p.size > colRight[col]! - pad &&
        // Text running on past its column (a spreadsheet cell spilling into empty neighbours) did not wrap.
        prev.x1 <= colRight[col]! + 2;
      if (cur && wrapped) {
        cur.parts.push(p);
        cur.bottom = p.bottom;
      } else {
        cur = { col, parts: [p], top: p.top, bottom: p.bottom, page: p.page };
        fragments.push(cur);
      }
    }
  });
  fragments.sort((a, b) => a.page - b.page || a.top - b.top || a.col - b.col);
  type Row = { cells: Part[][]; bottom: number; page: number };
  const rows: Row[] = [];
  for (const f of fragments) {
    const row = rows[rows.length - 1];
    const size = f.parts[0]!.size;
    if (row && row.page === f.page && f.top < row.bottom - 0.3 * size) {
      row.cells[f.col]!.push(...f.parts);
      row.bottom = Math.max(row.bottom, f.bottom);
    } else {
      const cells: Part[][] = Array.from({ length: ncols }, () => []);
      cells[f.col]!.push(...f.parts);
      rows.push({ cells, bottom: f.bottom, page: f.page });
    }
  }
  return rows.map((r) => ({
    cells: r.cells.map((ls, i) => (ls.length === 0 ? '' : cellText(ls.sort((a, b) => a.top - b.top), colLeft[i]!, colRight[i]!))),
    spans: new Map(),
    page: r.page,
  }));
}

const rowKey = (r: OutRow) => r.cells.join('\u0001');

/** Text of lines that repeat on every page at the same height (running headers and footers). */
function runningLines(pages: Array<{ lines: TextLine[] }>): Set<string> {
  const out = new Set<string>();
  if (pages.length < 2) return out;
  const seen = new Map<string, number>();
  for (const p of pages) {
    const here = new Set(p.lines.map((l) => `${Math.round(l.top)}|${lineText(l.items)}`));
    for (const k of here) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  for (const [k, n] of seen) if (n === pages.length) out.add(k);
  return out;
}

export interface PdfGridResult {
  grid: CellGrid;
  /** For each grid row (same index), the page it came from. */
  pages: number[];
}

/** The document's pages as one grid. */
export function pagesToGrid(pages: PdfPage[], file: string): PdfGridResult {
  const blocks: Block[] = [];
  const pageLines = pages.map((p) => ({ page: p, texts: p.texts.flatMap((t) => splitWords({ ...t, str: tidyPdfText(t.str) })) }));
  const running = runningLines(pageLines.map((p) => ({ lines: groupLines(p.texts) })));
  for (const { page, texts } of pageLines) {
    const used = new Set<PdfText>();
    const tables = latticeTables(page.rules).map((t) => readLattice(t, texts, used, page.number));
    const free = groupLines(texts.filter((t) => !used.has(t))).filter((l) => {
      const s = lineText(l.items);
      return !PAGE_NUMBER.test(s) && !running.has(`${Math.round(l.top)}|${s}`);
    });
    // Tables and the text between them, top to bottom.
    const here: Block[] = [...tables];
    for (const l of free) {
      const between = tables.filter((t) => t.top < l.top).length;
      here.push({ kind: 'text', top: l.top - 0.001 * (tables.length - between), lines: [{ ...l, page: page.number }] });
    }
    here.sort((a, b) => a.top - b.top);
    // Consecutive text lines form one block; a block carries over to the next page when the page starts with text.
    for (const b of here) {
      const last = blocks[blocks.length - 1];
      if (b.kind === 'text' && last?.kind === 'text') last.lines.push(...b.lines);
      else if (b.kind === 'table' && last?.kind === 'table' && b.rows[0]?.page !== last.rows[last.rows.length - 1]?.page && sameColumns(last.xs, b.xs)) continueTable(last, b);
      else blocks.push(b);
    }
  }
  const out: OutRow[] = [];
  for (const b of blocks) out.push(...(b.kind === 'table' ? b.rows : readStream(b)));
  const grid = numbered(out, file);
  return { grid, pages: out.slice(0, grid.rows.length).map((r) => r.page) };
}

/** Column boundaries of two table parts agree (a table running on over a page break). */
function sameColumns(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 3);
}

/** Appends the next page's part of a table: its repeated header rows dropped, merged cells cut by the break joined again. */
function continueTable(table: TableBlock, next: TableBlock): void {
  table.openBottom = next.openBottom;
  const above = table.rows[table.rows.length - 1];
  const first = next.rows[0];
  // Writer closes a row cut by a page break with borders on both pages: the cut shows as a first
  // row whose every text stands under text that ran to its cell's edge, with some cell above left
  // without a continuation.
  const cutClosed =
    above !== undefined &&
    first !== undefined &&
    first.cells.some((t) => t !== '') &&
    first.cells.every((t, c) => t === '' || above.full?.[c] === true) &&
    first.cells.some((t, c) => t === '' && (above.cells[c] ?? '') !== '');
  if ((next.openTop || cutClosed) && next.rows.length > 0) {
    // The row cut by the break: its second half joins the first, cell by cell.
    const last = table.rows[table.rows.length - 1]!;
    const cut = next.rows.shift()!;
    cut.cells.forEach((t, c) => {
      last.cells[c] = joinWrapped(last.cells[c] ?? '', t);
    });
  }
  const seen = new Set(table.rows.slice(0, 12).filter((r) => r.cells.filter((c) => c !== '').length >= 2).map(rowKey));
  let skip = 0;
  while (skip < next.rows.length && seen.has(rowKey(next.rows[skip]!))) skip++;
  const rows = next.rows.slice(skip);
  if (rows.length === 0) return;
  // Which cells of the last row above are covered by a merge running down from higher up.
  const start = table.rows.length;
  const C = rows[0]!.cells.length;
  for (let c = 0; c < C; c++) {
    if (rows[0]!.cells[c] !== '') continue;
    let owner: { row: number; span: { rows: number; cols: number } } | undefined;
    for (let r = start - 1; r >= 0; r--) {
      const s = table.rows[r]!.spans.get(c);
      if (s) {
        if (r + s.rows === start && s.rows > 1) owner = { row: r, span: s };
        break;
      }
      if (table.rows[r]!.cells[c] !== '') break;
    }
    if (!owner) continue;
    const own = rows[0]!.spans.get(c) ?? { rows: 1, cols: 1 };
    if (own.cols !== owner.span.cols) continue;
    owner.span.rows += own.rows;
    rows[0]!.spans.delete(c);
  }
  table.rows.push(...rows);
}

/** Output rows → a grid in normal form (1-based, merges marked, trailing empties dropped). */
function numbered(rows: OutRow[], file: string): CellGrid {
  const grid: Cell[][] = rows.map((r, i) => r.cells.map((text, j) => ({ row: i + 1, col: j + 1, text })));
  rows.forEach((r, i) => {
    for (const [j, s] of r.spans) {
      const merge = { top: i + 1, left: j + 1, bottom: i + s.rows, right: j + s.cols };
      const head = grid[i]![j];
      if (!head) continue;
      head.merge = merge;
      for (let y = i; y < i + s.rows && y < grid.length; y++) {
        for (let x = j; x < j + s.cols; x++) {
          if (y === i && x === j) continue;
          const row = grid[y]!;
          while (row.length <= x) row.push({ row: y + 1, col: row.length + 1, text: '' });
          row[x] = { row: y + 1, col: x + 1, text: '', mergedInto: { row: i + 1, col: j + 1 } };
        }
      }
    }
  });
  for (const row of grid) while (row.length && row[row.length - 1]!.text === '' && !row[row.length - 1]!.merge && !row[row.length - 1]!.mergedInto) row.pop();
  while (grid.length && grid[grid.length - 1]!.length === 0) grid.pop();
  return { file, rows: grid };
}
