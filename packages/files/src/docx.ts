/**
 * .docx → grids. Reads the main document part (found through [Content_Types].xml): every w:tbl,
 * nested ones too, becomes a grid; w:gridSpan gives column spans, w:vMerge row spans (restart …
 * continue), w:gridBefore leading empty positions; the paragraphs of a cell are joined with "\n".
 * Paragraphs outside tables are kept (`info.before`, `text`). Deleted and moved-from text, field
 * codes and the fallback copies of drawings are skipped.
 */
import { FileReadError } from './errors.ts';
import { GridBuilder } from './grid-builder.ts';
import { truncatedWarning, type TablesRead } from './html.ts';
import { tokenize } from './markup.ts';
import { TextBuf } from './text-buf.ts';
import type { GridInfo, Limits } from './types.ts';

interface Tc {
  paras: string[];
  span: number;
  vMerge?: 'restart' | 'continue';
  col?: number;
}
interface Tbl {
  rows: { gridBefore: number; cells: Tc[] }[];
  /** w:tblGrid column widths (twips; NaN when not given). */
  grid: number[];
  cell?: Tc;
  before: string[];
  parent?: { table: Tbl; row: number; cell: Tc };
  index: number;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const SKIP = new Set(['Fallback', 'moveFrom', 'instrText', 'delText', 'del']);

function attr(attrs: Record<string, string>, name: string): string | undefined {
  for (const k in attrs) if (local(k) === name) return attrs[k];
  return undefined;
}

function intAttr(attrs: Record<string, string>, min: number, max: number, dflt: number): number {
  const n = parseInt(attr(attrs, 'val') ?? '', 10);
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : dflt;
}

export function readDocumentXml(xml: string, file: string, limits: Limits): TablesRead {
  const tables: Tbl[] = [];
  const open: Tbl[] = [];
  const paras: TextBuf[] = [];
  const bodyLines: string[] = [];
  let sinceTable: string[] = [];
  let skip = 0;
  let inT = 0;
  let inRun = 0;

  const top = () => open[open.length - 1];
  const para = () => paras[paras.length - 1];

  tokenize(xml, true, {
    open(name, attrs) {
      const n = local(name);
      if (SKIP.has(n)) {
        skip++;
        return;
      }
      if (skip > 0) return;
      const t = top();
      switch (n) {
        case 'tbl': {
          // A nested table's title is usually the paragraphs above it in the same cell.
          const nt: Tbl = { rows: [], grid: [], before: t ? [...(t.cell?.paras ?? [])] : sinceTable, index: tables.length };
          if (t?.cell) nt.parent = { table: t, row: t.rows.length, cell: t.cell };
          sinceTable = [];
          tables.push(nt);
          open.push(nt);
          return;
        }
        case 'tr':
          if (t) {
            t.cell = undefined;
            t.rows.push({ gridBefore: 0, cells: [] });
          }
          return;
        case 'gridCol':
          if (t && !t.rows.length) t.grid.push(parseInt(attr(attrs, 'w') ?? '', 10));
          return;
        case 'gridBefore': {
          const row = t?.rows[t.rows.length - 1];
          if (row && !t?.cell) row.gridBefore = intAttr(attrs, 0, 1000, 0);
          return;
        }
        case 'tc':
          if (t) {
            if (!t.rows.length) t.rows.push({ gridBefore: 0, cells: [] });
            t.cell = { paras: [], span: 1 };
            t.rows[t.rows.length - 1]!.cells.push(t.cell);
          }
          return;
        case 'gridSpan':
          if (t?.cell) t.cell.span = intAttr(attrs, 1, 1000, 1);
          return;
        case 'vMerge':
          if (t?.cell) t.cell.vMerge = attr(attrs, 'val') === 'restart' ? 'restart' : 'continue';
          return;
        case 'p':
          paras.push(new TextBuf(false));
          return;
        case 'r':
          inRun++;
          return;
        case 't':
          inT++;
          return;
        case 'tab':
          if (inRun) para()?.text('\t');
          return;
        case 'br':
        case 'cr':
          if (inRun) para()?.br();
          return;
        case 'noBreakHyphen':
          if (inRun) para()?.text('-');
          return;
      }
    },
    close(name) {
      const n = local(name);
      if (SKIP.has(n)) {
        if (skip > 0) skip--;
        return;
      }
      if (skip > 0) return;
      const t = top();
      switch (n) {
        case 'tbl':
          if (open.pop() && open.length === 0) sinceTable = [];
          return;
        case 'tc':
          if (t) t.cell = undefined;
          return;
        case 'tr':
          if (t) t.cell = undefined;
          return;
        case 'p': {
          const p = paras.pop();
          if (!p) return;
          const text = p.take().join('\n');
          if (!text) return;
          if (t?.cell) t.cell.paras.push(text);
          else {
            bodyLines.push(text);
            sinceTable.push(text);
          }
          return;
        }
        case 'r':
          if (inRun > 0) inRun--;
          return;
        case 't':
          if (inT > 0) inT--;
          return;
      }
    },
    text(s) {
      if (skip === 0 && inT > 0) para()?.text(s);
    },
  });
  return layout(tables, file, limits, bodyLines);
}

function layout(tables: Tbl[], file: string, limits: Limits, text: string[]): TablesRead {
  const out: TablesRead = { grids: [], info: [], text, warnings: [] };
  for (const t of tables) {
    // Pass 1: positions, and row spans from vMerge chains. A continuation joins the cell above
    // it that it overlaps most — whether or not that cell said "restart", and whatever span it
    // repeats (writers differ on both).
    type Master = { row: number; col: number; span: number; rowspan: number; text: string };
    const masters: Master[] = [];
    let above: Master[] = [];
    t.rows.forEach((row, i) => {
      const here: Master[] = [];
      const taken = new Set<Master>();
      let j = 0; // `above` is in column order, and so are this row's cells: one pass over both
      let col = 1 + row.gridBefore;
      for (const tc of row.cells) {
        tc.col = col;
        const lo = col;
        const hi = col + tc.span - 1;
        const overlap = (m: Master) => Math.min(hi, m.col + m.span - 1) - Math.max(lo, m.col) + 1;
        while (j < above.length && above[j]!.col + above[j]!.span - 1 < lo) j++;
        let best: Master | undefined;
        const overlapping: Master[] = [];
        for (let k = j; k < above.length && above[k]!.col <= hi; k++) overlapping.push(above[k]!);
        if (tc.vMerge === 'continue') {
          for (const m of overlapping) {
            if (taken.has(m)) continue;
            if (!best || overlap(m) > overlap(best) || (overlap(m) === overlap(best) && m.col === lo)) best = m;
          }
        }
        if (best) {
          best.rowspan++;
          here.push(best);
          taken.add(best);
        } else {
          const m: Master = { row: i + 1, col, span: tc.span, rowspan: 1, text: tc.paras.join('\n') };
          masters.push(m);
          here.push(m);
          // A new cell in a merge's columns ends that merge.
          for (const a of overlapping) taken.add(a);
        }
        col += tc.span;
      }
      above = here;
    });
    const vis = visibleColumns(t.grid, masters);
    const b = new GridBuilder(limits.maxCells);
    for (const m of masters) {
      const left = vis(m.col);
      b.place(m.row, left, m.text, m.rowspan, vis(m.col + m.span - 1) - left + 1);
    }
    const sheet = `表${t.index + 1}`;
    out.grids.push(b.build({ file, sheet }));
    const info: GridInfo = { kind: 'table' };
    if (t.before.length) info.before = t.before;
    if (t.parent) info.parent = { grid: t.parent.table.index, row: t.parent.row, col: t.parent.cell.col ?? 1 };
    out.info.push(info);
    if (b.truncated) out.warnings.push(truncatedWarning(sheet, limits.maxCells));
  }
  return out;
}

/** Grid columns narrower than this (twips; 1 mm ≈ 57) are slivers left by misaligned borders. */
const SLIVER = 30;

/**
 * Maps grid columns to visible columns: a sliver column in which no cell starts (Word and
 * LibreOffice leave them when cell borders miss each other by a hair) is folded into its left
 * neighbour, so it does not split every span that crosses it.
 */
function visibleColumns(widths: number[], masters: { col: number }[]): (col: number) => number {
  if (!widths.some((w) => w < SLIVER)) return (c) => c;
  const starts = new Set(masters.map((m) => m.col));
  const map: number[] = [0];
  let k = 0;
  for (let c = 1; c <= widths.length; c++) {
    const w = widths[c - 1]!;
    if (!(w < SLIVER) || starts.has(c) || k === 0) k++;
    map[c] = k;
  }
  const last = widths.length;
  return (c) => (c <= last ? map[c]! : map[last]! + (c - last));
}

/** The main document part's name from [Content_Types].xml ("word/document.xml" by default). */
export function mainPartName(contentTypes: string | undefined, names: string[]): string {
  const m = contentTypes && /PartName="\/?([^"]+)"\s+ContentType="application\/vnd\.(?:openxmlformats-officedocument\.wordprocessingml\.document|ms-word\.document\.macroEnabled)\.main\+xml"/.exec(contentTypes);
  const m2 = contentTypes && /ContentType="application\/vnd\.(?:openxmlformats-officedocument\.wordprocessingml\.document|ms-word\.document\.macroEnabled)\.main\+xml"\s+PartName="\/?([^"]+)"/.exec(contentTypes);
  const name = m?.[1] ?? m2?.[1] ?? 'word/document.xml';
  if (!names.includes(name)) {
    throw new FileReadError('corrupt', { zh: 'Word 文件已损坏：找不到正文部分。', en: 'The Word file is damaged: its main document part is missing.' });
  }
  return name;
}
