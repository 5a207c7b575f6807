/**
 * .xlsx → grids, through ExcelJS (kept behind this file: no ExcelJS type leaves it). Every
 * worksheet becomes one grid whose row and column numbers are Excel's; merged ranges are
 * recorded; each cell's text is what Excel shows (number formats applied, rich text flattened,
 * formulas as their cached result, dates formatted).
 *
 * Before ExcelJS sees the file, the guarded zip scan inflates every entry with a byte budget (zip
 * bombs) and the merged ranges are counted (ExcelJS touches every cell of a merge, and checks
 * merges pairwise).
 */
import ExcelJS from 'exceljs';
import { FileReadError, type ReadWarning } from './errors.ts';
import { GridBuilder } from './grid-builder.ts';
import { truncatedWarning, type TablesRead } from './html.ts';
import { formatDate, formatGeneral, formatNumber } from './numfmt.ts';
import type { GridInfo, Limits } from './types.ts';
import { scanZip } from './zip.ts';

const MAX_MERGES = 20_000;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Refuses sheets whose merged ranges would make ExcelJS touch too many cells. */
function checkMerges(sheets: Map<string, Uint8Array>, limits: Limits): void {
  let count = 0;
  let area = 0;
  const re = /<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?"/g;
  for (const bytes of sheets.values()) {
    const xml = new TextDecoder('latin1').decode(bytes);
    if (!xml.includes('mergeCell')) continue;
    for (const m of xml.matchAll(re)) {
      count++;
      const r1 = Number(m[2]);
      const c1 = colNumber(m[1]!);
      const r2 = m[4] ? Number(m[4]) : r1;
      const c2 = m[3] ? colNumber(m[3]) : c1;
      area += (Math.abs(r2 - r1) + 1) * (Math.abs(c2 - c1) + 1);
    }
  }
  if (count > MAX_MERGES || area > limits.maxCells) {
    throw new FileReadError('too-complex', {
      zh: `工作簿的合并单元格过多（${count} 处，覆盖 ${area} 个单元格），无法读取。`,
      en: `The workbook has too many merged cells (${count} ranges covering ${area} cells) to read.`,
    });
  }
}

type CellValue = ExcelJS.CellValue;

function richText(v: unknown): string | undefined {
  if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text?: unknown }[] }).richText.map((r) => String(r.text ?? '')).join('');
  }
  return undefined;
}

function valueText(v: CellValue | undefined, numFmt: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v, numFmt);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return formatDate(v, numFmt);
  if (typeof v === 'object') {
    const rt = richText(v);
    if (rt !== undefined) return rt;
    const o = v as unknown as Record<string, unknown>;
    if ('error' in o) return String(o.error ?? '');
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      if (r === undefined || r === null) return '';
      return valueText(r as CellValue, numFmt);
    }
    if ('text' in o) return richText(o.text) ?? String(o.text ?? '');
  }
  return typeof v === 'bigint' ? formatGeneral(Number(v)) : '';
}

function cellText(cell: ExcelJS.Cell): string {
  let numFmt: string | undefined;
  try {
    numFmt = cell.numFmt || undefined;
  } catch {
    numFmt = undefined;
  }
  return valueText(cell.value, numFmt).replace(/\r\n?/g, '\n').trim();
}

interface RangeLike {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export async function readXlsx(bytes: Uint8Array, file: string, limits: Limits): Promise<TablesRead> {
  const scan = scanZip(bytes, limits, (name) => (/^xl\/worksheets\/[^/]+\.xml$/i.test(name) ? 'keep' : 'verify'));
  if (!scan.entries.some((e) => /^xl\/workbook\.xml$/i.test(e.name))) {
    throw new FileReadError('corrupt', { zh: 'Excel 文件已损坏：找不到工作簿。', en: 'The Excel file is damaged: no workbook part.' });
  }
  checkMerges(scan.data, limits);
  scan.data.clear();

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    throw new FileReadError(
      'corrupt',
      { zh: 'Excel 文件已损坏，无法读取。', en: 'The Excel file is damaged and cannot be read.' },
      { cause: err },
    );
  }
  const out: TablesRead = { grids: [], info: [], text: [], warnings: [] };
  for (const ws of wb.worksheets) {
    const b = new GridBuilder(limits.maxCells);
    const merges = Object.values((ws as unknown as { _merges?: Record<string, RangeLike> })._merges ?? {});
    const texts: { r: number; c: number; text: string }[] = [];
    const textAt = new Map<string, string>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const text = cellText(cell);
        if (!text) return;
        texts.push({ r, c, text });
        textAt.set(`${r},${c}`, text);
      });
    });
    for (const m of merges) {
      b.place(m.top, m.left, textAt.get(`${m.top},${m.left}`) ?? '', m.bottom - m.top + 1, m.right - m.left + 1);
    }
    for (const t of texts) if (!b.isTaken(t.r, t.c)) b.place(t.r, t.c, t.text);
    const sheet = ws.name;
    out.grids.push(b.build({ file, sheet }));
    const info: GridInfo = { kind: 'sheet' };
    if (ws.state === 'hidden' || ws.state === 'veryHidden') info.hidden = true;
    out.info.push(info);
    if (b.truncated) out.warnings.push(truncatedWarning(sheet, limits.maxCells));
  }
  if (out.grids.length === 0) out.warnings.push(noSheets());
  return out;
}

function noSheets(): ReadWarning {
  return { code: 'xlsx.no-sheets', message: { zh: '工作簿中没有工作表。', en: 'The workbook has no worksheets.' } };
}
