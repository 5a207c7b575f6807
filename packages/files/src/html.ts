/**
 * .html → grids. Every <table> (nested ones too) becomes a grid, its rowspan/colspan laid out into
 * real positions (merges recorded); <br> and block elements in a cell become "\n"; entities are
 * decoded; whitespace is collapsed as a browser would. Text outside tables is kept: the paragraphs
 * before each top-level table go to `info.before` (the title is usually there), all of it to
 * `text`. A page without any table is read as text.
 */
import type { CellGrid } from '@jixiao/core';
import type { ReadWarning } from './errors.ts';
import { GridBuilder } from './grid-builder.ts';
import { LineCounter, tokenize } from './markup.ts';
import { TextBuf } from './text-buf.ts';
import type { GridInfo, Limits } from './types.ts';

interface RawCell {
  buf: TextBuf;
  rowspan: number;
  colspan: number;
  line: number;
  /** Grid column, once laid out. */
  col?: number;
}
interface RawTable {
  rows: RawCell[][];
  row?: RawCell[];
  cell?: RawCell;
  caption?: TextBuf;
  captionText?: string;
  before: string[];
  parent?: { table: RawTable; row: number; cell: RawCell };
  index: number;
}

export interface TablesRead {
  grids: CellGrid[];
  info: GridInfo[];
  text: string[];
  warnings: ReadWarning[];
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'title', 'select', 'svg', 'math', 'object', 'iframe']);
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section',
  'article', 'header', 'footer', 'nav', 'aside', 'center', 'form', 'hr', 'address', 'figure', 'figcaption', 'main',
  'fieldset', 'legend', 'body', 'html', 'thead', 'tbody', 'tfoot',
]);

function span(v: string | undefined, min: number, max: number, dflt: number): number {
  const n = v === undefined ? NaN : parseInt(v.trim(), 10);
  if (!Number.isFinite(n)) return dflt;
  return Math.max(min, Math.min(max, n));
}

export function readHtmlTables(src: string, file: string, limits: Limits): TablesRead {
  const lines = new LineCounter(src);
  const tables: RawTable[] = [];
  const open: RawTable[] = [];
  const body = new TextBuf(true);
  const bodyLines: string[] = [];
  let sinceTable: string[] = [];
  let skip = 0;

  const flushBody = () => {
    for (const l of body.take()) {
      bodyLines.push(l);
      sinceTable.push(l);
    }
  };
  const top = () => open[open.length - 1];
  const sink = (): TextBuf => {
    const t = top();
    if (t?.caption) return t.caption;
    return t?.cell?.buf ?? body;
  };
  const closeCell = (t: RawTable) => {
    if (t.cell) {
      if (!t.row) t.rows.push((t.row = []));
      t.row.push(t.cell);
      t.cell = undefined;
    }
  };
  const closeRow = (t: RawTable) => {
    closeCell(t);
    t.row = undefined;
  };
  const closeTable = () => {
    const t = open.pop();
    if (!t) return;
    closeRow(t);
    if (open.length === 0) sinceTable = [];
  };

  tokenize(src, false, {
    open(name, attrs, index) {
      if (SKIP.has(name)) {
        skip++;
        return;
      }
      if (skip > 0) return;
      const t = top();
      switch (name) {
        case 'table': {
          const outer = t;
          if (!outer) flushBody();
          // A nested table's title is usually the text above it in the same cell.
          const nt: RawTable = { rows: [], before: outer ? (outer.cell?.buf.peek() ?? []) : sinceTable, index: tables.length };
          if (outer?.cell) nt.parent = { table: outer, row: outer.rows.length, cell: outer.cell };
          sinceTable = [];
          tables.push(nt);
          open.push(nt);
          return;
        }
        case 'caption':
          if (t) t.caption = new TextBuf(true);
          return;
        case 'tr':
          if (t) {
            closeRow(t);
            t.rows.push((t.row = []));
          } else body.block();
          return;
        case 'td':
        case 'th':
          if (t) {
            closeCell(t);
            if (!t.row) t.rows.push((t.row = []));
            t.cell = {
              buf: new TextBuf(true),
              rowspan: span(attrs.rowspan, 0, 65534, 1),
              colspan: span(attrs.colspan, 1, 1000, 1),
              line: lines.lineAt(index),
            };
          } else body.block();
          return;
        case 'br':
          sink().br();
          return;
        default:
          if (BLOCK.has(name)) sink().block();
      }
    },
    close(name) {
      if (SKIP.has(name)) {
        if (skip > 0) skip--;
        return;
      }
      if (skip > 0) return;
      const t = top();
      switch (name) {
        case 'table':
          closeTable();
          return;
        case 'caption':
          if (t?.caption) {
            t.captionText = t.caption.take().join(' ');
            t.caption = undefined;
          }
          return;
        case 'tr':
          if (t) closeRow(t);
          else body.block();
          return;
        case 'td':
        case 'th':
          if (t) closeCell(t);
          else body.block();
          return;
        default:
          if (BLOCK.has(name)) sink().block();
      }
    },
    text(s) {
      if (skip === 0) sink().text(s);
    },
  });
  while (open.length) closeTable();
  flushBody();

  return layoutTables(tables, file, limits, bodyLines);
}

function layoutTables(tables: RawTable[], file: string, limits: Limits, text: string[]): TablesRead {
  const out: TablesRead = { grids: [], info: [], text, warnings: [] };
  for (const t of tables) {
    const b = new GridBuilder(limits.maxCells);
    const n = t.rows.length;
    t.rows.forEach((row, i) => {
      const r = i + 1;
      let col = 1;
      for (const cell of row) {
        while (b.isTaken(r, col)) col++;
        const rowspan = cell.rowspan === 0 ? n - r + 1 : Math.min(cell.rowspan, n - r + 1);
        cell.col = col;
        b.place(r, col, cell.buf.take().join('\n'), rowspan, cell.colspan, cell.line);
        col += cell.colspan;
      }
    });
    const sheet = `表${t.index + 1}`;
    out.grids.push(b.build({ file, sheet }));
    const info: GridInfo = { kind: 'table' };
    if (t.before.length) info.before = t.before;
    if (t.captionText) info.caption = t.captionText;
    if (t.parent) info.parent = { grid: t.parent.table.index, row: t.parent.row, col: 0 };
    out.info.push(info);
    if (b.truncated) out.warnings.push(truncatedWarning(sheet, limits.maxCells));
  }
  // Parent columns are known once the outer tables are laid out.
  tables.forEach((t, i) => {
    const p = out.info[i]!.parent;
    if (p && t.parent) p.col = t.parent.cell.col ?? 1;
  });
  return out;
}

export function truncatedWarning(sheet: string, maxCells: number): ReadWarning {
  return {
    code: 'grid.truncated',
    sheet,
    message: {
      zh: `${sheet} 超过 ${maxCells} 个单元格，多出的部分未读取。`,
      en: `${sheet} has more than ${maxCells} cells; the rest was not read.`,
    },
  };
}
