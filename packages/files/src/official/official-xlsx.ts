/**
 * The official tables as .xlsx (ExcelJS behind this interface): the layout of core's
 * `officialLayout` — merged label cells, thin borders over the table body, column widths, row
 * heights sized to their wrapped text, 宋体, the title above and the 备注 below — set up to print
 * on A4 landscape, one page wide, with page numbers, on as many pages as the print view and the
 * .docx (page breaks planned in print-pages.ts; the indicator header repeated on each page). Amounts are numbers with at least two
 * decimals (万元), headcounts whole numbers; every other cell is text, so an indicator value such
 * as "-5%" or a cell starting with "=" is stored as the text it is and never becomes a formula.
 * Generic over the layout: any table kind core lays out (the self-evaluation table too) renders.
 */
import { amountDecimals, type CellRole, type OfficialLayout } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { CellIndex, xmlSafe } from '../write-util.ts';
import { sheetName } from '../write-xlsx.ts';
import { linesNeeded } from './text-metrics.ts';
import { indicatorHeaderRow, MARGINS_IN, planPageBreaks } from './print-pages.ts';

export const FONT = '宋体';
const BODY_PT = 10.5;
const LINE_PT = 14.25;
/**
 * Total width of the table in Excel character units: a little wider than A4 landscape's printable
 * width, so fitting it prints at about 95 % (10 pt), which keeps a table the print view fits on one
 * page on one page in LibreOffice Calc and Excel too.
 */
const TABLE_WIDTH = 150;

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

interface RoleStyle {
  font: Partial<ExcelJS.Font>;
  alignment: Partial<ExcelJS.Alignment>;
}
const STYLES: Record<CellRole, RoleStyle> = {
  title: { font: { name: FONT, size: 18, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } },
  label: { font: { name: FONT, size: BODY_PT }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } },
  header: { font: { name: FONT, size: BODY_PT, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } },
  text: { font: { name: FONT, size: BODY_PT }, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } },
  value: { font: { name: FONT, size: BODY_PT }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } },
  amount: { font: { name: FONT, size: BODY_PT }, alignment: { horizontal: 'right', vertical: 'middle' } },
  count: { font: { name: FONT, size: BODY_PT }, alignment: { horizontal: 'center', vertical: 'middle' } },
  note: { font: { name: FONT, size: 10 }, alignment: { horizontal: 'left', vertical: 'top', wrapText: true } },
};
const styleOf = (role: string | undefined): RoleStyle => STYLES[(role ?? 'text') as CellRole] ?? STYLES.text;

/** Most significant digits a double shows exactly as decimal text. */
const MAX_DIGITS = 15;

/**
 * The cell value a layout cell is written as: amounts and headcounts as numbers (with their
 * number format) when their text is a plain decimal a double holds exactly; everything else
 * as a string (never a formula).
 */
export function cellValue(text: string, role: string | undefined): { value: string | number; numFmt?: string } {
  const t = text.trim();
  if (role === 'amount') {
    const d = amountDecimals(t);
    if (d !== null && t.replace(/[-.]/g, '').replace(/^0+/, '').length <= MAX_DIGITS) return { value: Number(t), numFmt: `0.${'0'.repeat(d)}` };
  }
  if (role === 'count' && /^\d{1,15}$/.test(t)) return { value: Number(t), numFmt: '0' };
  return { value: xmlSafe(text), numFmt: '@' };
}

export interface SheetOptions {
  /** Sheet name (default: the layout grid's sheet). */
  name?: string;
  /** Extra columns right of the table (the findings report's 检查意见 column), width each. */
  extraColumns?: number[];
}

/** Renders one layout on a new worksheet; returns it with the rows it used. */
export function renderLayoutSheet(wb: ExcelJS.Workbook, layout: OfficialLayout, used: Set<string>, opts: SheetOptions = {}): { ws: ExcelJS.Worksheet; width: number; rows: number } {
  const grid = layout.grid;
  const idx = new CellIndex(grid);
  const width = Math.max(idx.width, layout.columnWidths.length);
  const ws = wb.addWorksheet(sheetName(opts.name ?? grid.sheet, wb.worksheets.length, used), {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: MARGINS_IN,
    },
    headerFooter: { oddFooter: '&C&"宋体"&9第 &P 页，共 &N 页' },
  });
  const given = layout.columnWidths.reduce((s, w) => s + w, 0) || width;
  const colWidths = Array.from({ length: width }, (_, i) => ((layout.columnWidths[i] ?? given / width) * TABLE_WIDTH) / given);
  colWidths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.round(w * 10) / 10));
  (opts.extraColumns ?? []).forEach((w, i) => (ws.getColumn(width + i + 1).width = w));

  const { first, last } = layout.bodyRows;
  const heights = new Array<number>(idx.rows + 1).fill(0);
  const tall: Array<{ top: number; bottom: number; need: number }> = [];
  for (let r = 1; r <= idx.rows; r++) {
    const inBody = r >= first && r <= last;
    for (let c = 1; c <= width; c++) {
      const cell = idx.at(r, c);
      const cover = cell?.mergedInto ? idx.at(cell.mergedInto.row, cell.mergedInto.col) : cell;
      const coverRole = cover ? layout.roles[`${cover.row},${cover.col}`] : undefined;
      const x = ws.getCell(r, c);
      if (cell && !cell.mergedInto) {
        const role = layout.roles[`${r},${c}`];
        const st = styleOf(role);
        if (cell.text !== '') {
          const v = cellValue(cell.text, role);
          x.value = v.value;
          if (v.numFmt) x.numFmt = v.numFmt;
        }
        x.font = st.font;
        x.alignment = st.alignment;
        const m = cell.merge;
        if (m && (m.bottom > m.top || m.right > m.left)) ws.mergeCells(m.top, m.left, m.bottom, m.right);
        const span = m ? colWidths.slice(m.left - 1, m.right).reduce((s, w) => s + w, 0) : colWidths[c - 1]!;
        const pt = role === 'title' ? 24 : role === 'note' ? 13 : LINE_PT;
        const need = linesNeeded(cell.text, span) * pt + 3;
        if (!m || m.bottom === m.top) heights[r] = Math.max(heights[r]!, need);
        else tall.push({ top: m.top, bottom: m.bottom, need });
      } else if (cover) {
        // Covered cells carry the style of their range, so the range's borders draw whole.
        x.font = styleOf(coverRole).font;
      }
      if (inBody) x.border = BORDER;
    }
  }
  for (let r = 1; r <= idx.rows; r++) {
    const role = layout.roles[`${r},1`];
    // As tall as the print view's rows (a line of text and its padding), so the sheet prints on as many pages.
    heights[r] = Math.max(heights[r]!, role === 'title' ? 32 : role === 'note' ? 15 : 16.5);
  }
  // A cell merged down several rows gets its room from the rows it spans.
  for (const t of tall) {
    const have = heights.slice(t.top, t.bottom + 1).reduce((s, h) => s + h, 0);
    if (have < t.need) {
      const add = (t.need - have) / (t.bottom - t.top + 1);
      for (let r = t.top; r <= t.bottom; r++) heights[r] = heights[r]! + add;
    }
  }
  for (let r = 1; r <= idx.rows; r++) heights[r] = Math.min(409, Math.round(heights[r]! * 4) / 4);
  for (let r = 1; r <= idx.rows; r++) ws.getRow(r).height = heights[r]!;
  ws.pageSetup.printArea = `A1:${colLetter(width + (opts.extraColumns?.length ?? 0))}${idx.rows}`;
  const header = indicatorHeaderRow(layout);
  if (header) ws.pageSetup.printTitlesRow = `${header}:${header}`;
  for (const r of planPageBreaks(layout, heights, [...colWidths, ...(opts.extraColumns ?? [])], header)) ws.getRow(r).addPageBreak();
  return { ws, width, rows: idx.rows };
}

export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** One workbook, a sheet per layout (a batch of a department or region is one file). */
export async function writeOfficialXlsx(layouts: OfficialLayout[], opts: { title?: string; index?: { header: string[]; rows: string[][] }; onSheet?: (done: number) => void } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效 Jixiao';
  wb.title = opts.title ?? layouts[0]?.title ?? '';
  const used = new Set<string>();
  let indexSheet: ExcelJS.Worksheet | undefined;
  if (opts.index) {
    used.add('目录');
    indexSheet = wb.addWorksheet('目录', { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  }
  const names: string[] = [];
  for (const [i, l] of layouts.entries()) {
    names.push(renderLayoutSheet(wb, l, used).ws.name);
    opts.onSheet?.(i + 1);
  }
  if (indexSheet && opts.index) writeIndex(indexSheet, opts.title ?? '目录', opts.index, names);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** The 目录 sheet: a row per table with a link to its sheet. */
function writeIndex(ws: ExcelJS.Worksheet, title: string, index: { header: string[]; rows: string[][] }, sheets: string[]): void {
  const cols = index.header.length + 1;
  ws.mergeCells(1, 1, 1, cols);
  const t = ws.getCell(1, 1);
  t.value = xmlSafe(title);
  t.font = { name: FONT, size: 14, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ['序号', ...index.header].forEach((h, i) => {
    const c = ws.getCell(2, i + 1);
    c.value = h;
    c.font = { name: FONT, size: BODY_PT, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = BORDER;
  });
  index.rows.forEach((row, r) => {
    const n = ws.getCell(r + 3, 1);
    n.value = r + 1;
    n.border = BORDER;
    n.font = { name: FONT, size: BODY_PT };
    n.alignment = { horizontal: 'center' };
    row.forEach((text, i) => {
      const c = ws.getCell(r + 3, i + 2);
      const sheet = sheets[r];
      c.value = i === 0 && sheet ? { text: xmlSafe(text), hyperlink: `#'${sheet.replace(/'/g, "''")}'!A1` } : xmlSafe(text);
      c.numFmt = '@';
      c.border = BORDER;
      c.font = i === 0 && sheet ? { name: FONT, size: BODY_PT, color: { argb: 'FF0563C1' }, underline: true } : { name: FONT, size: BODY_PT };
      c.alignment = { vertical: 'middle', wrapText: true };
    });
  });
  ws.getColumn(1).width = 6;
  index.header.forEach((h, i) => (ws.getColumn(i + 2).width = i === 0 ? 48 : Math.max(12, h.length * 2 + 4)));
}
