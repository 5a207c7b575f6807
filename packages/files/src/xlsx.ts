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
import { zipSync } from 'fflate';
import { scanZip } from './zip.ts';

const MAX_MERGES = 20_000;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Removes elements (with their content) that ExcelJS expands cell by cell and we never need:
 * a data validation or defined name over a whole sheet would make it loop 17 billion times.
 * Linear: indexOf only. An element left open runs to the end of the part, which is then cut.
 */
export function stripElements(xml: string, names: string[]): string {
  let out = xml;
  for (const name of names) {
    if (!out.includes(`<${name}`)) continue;
    const parts: string[] = [];
    let from = 0;
    for (;;) {
      let start = out.indexOf(`<${name}`, from);
      while (start >= 0 && !/[\s/>]/.test(out[start + name.length + 1] ?? '')) start = out.indexOf(`<${name}`, start + 1);
      if (start < 0) {
        parts.push(out.slice(from));
        break;
      }
      parts.push(out.slice(from, start));
      const tagEnd = out.indexOf('>', start);
      if (tagEnd < 0) break;
      if (out[tagEnd - 1] === '/') {
        from = tagEnd + 1;
        continue;
      }
      const close = out.indexOf(`</${name}`, tagEnd);
      const closeEnd = close < 0 ? -1 : out.indexOf('>', close);
      if (closeEnd < 0) break;
      from = closeEnd + 1;
    }
    out = parts.join('');
  }
  return out;
}

/**
 * Counts the merged ranges ExcelJS will apply (it touches every cell of each and checks them
 * pairwise) and refuses past the limits. Every <mergeCell> must carry a ref we can read, so that
 * nothing ExcelJS would expand escapes the count.
 */
function checkMerges(xml: string, limits: Limits, state: { count: number; area: number }): void {
  if (!xml.includes('<mergeCell')) return;
  const tags = xml.match(/<mergeCell[\s/>]/g)?.length ?? 0;
  let parsed = 0;
  for (const m of xml.matchAll(/<mergeCell[\s/][^>]*?\bref\s*=\s*["']\s*\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?\s*["']/g)) {
    parsed++;
    const r1 = Number(m[2]);
    const c1 = colNumber(m[1]!);
    const r2 = m[4] ? Number(m[4]) : r1;
    const c2 = m[3] ? colNumber(m[3]) : c1;
    state.count++;
    state.area += (Math.abs(r2 - r1) + 1) * (Math.abs(c2 - c1) + 1);
  }
  if (parsed !== tags) {
    throw new FileReadError('corrupt', { zh: 'Excel 文件已损坏：合并单元格的范围无法识别。', en: 'The Excel file is damaged: a merged range cannot be read.' });
  }
  if (state.count > MAX_MERGES || state.area > limits.maxCells) {
    throw new FileReadError('too-complex', {
      zh: `工作簿的合并单元格过多（${state.count} 处，覆盖 ${state.area} 个单元格），无法读取。`,
      en: `The workbook has too many merged cells (${state.count} ranges covering ${state.area} cells) to read.`,
    });
  }
}

/**
 * Inflates the package (guarded), removes what ExcelJS would expand without bound (data
 * validations, column ranges, table parts, extension lists, defined names), checks the merges,
 * and, when anything was removed, stores the parts again (uncompressed) for ExcelJS.
 */
function sanitise(bytes: Uint8Array, limits: Limits): Uint8Array {
  const scan = scanZip(bytes, limits, () => 'keep');
  const names = [...scan.data.keys()].map((n) => n.replace(/^\/+/, ''));
  if (!names.includes('xl/workbook.xml')) {
    throw new FileReadError('corrupt', { zh: 'Excel 文件已损坏：找不到工作簿。', en: 'The Excel file is damaged: no workbook part.' });
  }
  const files: Record<string, Uint8Array> = {};
  let changed = false;
  const merges = { count: 0, area: 0 };
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  for (const [raw, data] of scan.data) {
    const name = raw.replace(/^\/+/, '');
    let out = data;
    const sheet = /worksheets\/[^/]*\.xml$/i.test(name);
    if (sheet || name === 'xl/workbook.xml') {
      if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
        throw new FileReadError('unsupported-format', { zh: '不支持以 UTF-16 编码的 Excel 部件。', en: 'Excel parts encoded as UTF-16 are not supported.' });
      }
      const xml = dec.decode(data);
      if (sheet) checkMerges(xml, limits, merges);
      const cleaned = sheet ? stripElements(xml, ['dataValidations', 'cols', 'tableParts', 'extLst']) : stripElements(xml, ['definedNames']);
      if (cleaned !== xml) {
        out = enc.encode(cleaned);
        changed = true;
      }
    }
    files[name] = out;
  }
  // Unchanged: ExcelJS reads the very entries just verified; changed: the cleaned parts, stored.
  return changed ? zipSync(files, { level: 0 }) : bytes;
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
  const clean = sanitise(bytes, limits);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(clean as never);
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
