/**
 * Lists the bureau already has — the organisation tree, accounts, the budget system's project
 * export — read from .xlsx/.xls/.csv/.tsv/.html through packages/files (readGrids) into rows keyed by
 * column. The header row is found by its labels (any of the synonyms, units in brackets ignored);
 * every row keeps its row number so that each result can say where it came from.
 */
import { isFileReadError, readGrids } from '@jixiao/files';
import { ApiError, badRequest } from '../errors.ts';
import { receiveUpload } from '../lib/upload.ts';

const STATUS: Record<string, number> = { 'too-large': 413, 'zip-bomb': 413, 'too-complex': 422, 'unsupported-format': 415, corrupt: 400, empty: 400, 'no-text': 422 };

export type ColumnSpec<K extends string> = Record<K, { labels: string[]; required?: boolean; zh: string }>;

export interface ListRow<K extends string> {
  /** 1-based row in the sheet, as the user sees it. */
  row: number;
  cells: Partial<Record<K, string>>;
  /** Unit of money columns as the header says (元 or 万元). */
  units: Partial<Record<K, '元' | '万元'>>;
}

const norm = (s: string) =>
  s
    .replace(/[\s\u3000]/g, '')
    .replace(/[（(][^）)]*[)）]/g, '')
    .replace(/[*＊:：]/g, '')
    .toLowerCase();

export async function readList<K extends string>(bytes: Uint8Array, fileName: string, spec: ColumnSpec<K>): Promise<{ rows: Array<ListRow<K>>; sheet: string | undefined; headerRow: number }> {
  let read;
  try {
    read = await readGrids(bytes, fileName);
  } catch (err) {
    if (isFileReadError(err)) throw new ApiError(STATUS[err.code] ?? 400, `file_${err.code.replace(/-/g, '_')}`, err.message as unknown as { zh: string; en: string });
    throw err;
  }
  const keys = Object.keys(spec) as K[];
  const required = keys.filter((k) => spec[k].required);
  for (const grid of read.grids) {
    for (let r = 0; r < Math.min(grid.rows.length, 15); r++) {
      const header = grid.rows[r] ?? [];
      const colOf = new Map<K, number>();
      const unitOf: Partial<Record<K, '元' | '万元'>> = {};
      for (const cell of header) {
        const h = norm(cell.text);
        if (!h) continue;
        // Exact label first; then the longest label the header starts with.
        let best: K | undefined;
        let bestLen = 0;
        for (const k of keys) {
          if (colOf.has(k)) continue;
          for (const l of spec[k].labels) {
            const nl = norm(l);
            const score = h === nl ? 1000 : h.startsWith(nl) ? nl.length : 0;
            if (score > bestLen) {
              best = k;
              bestLen = score;
            }
          }
        }
        if (best !== undefined) {
          colOf.set(best, cell.col);
          if (/万元/.test(cell.text)) unitOf[best] = '万元';
          else if (/[（(]\s*元\s*[)）]/.test(cell.text)) unitOf[best] = '元';
        }
      }
      if (required.every((k) => colOf.has(k)) && colOf.size >= 2) {
        const rows: Array<ListRow<K>> = [];
        for (let i = r + 1; i < grid.rows.length; i++) {
          const line = grid.rows[i] ?? [];
          const cells: Partial<Record<K, string>> = {};
          let any = false;
          for (const [k, col] of colOf) {
            const t = (line.find((c) => c.col === col)?.text ?? '').trim();
            if (t) any = true;
            cells[k] = t;
          }
          if (any) rows.push({ row: i + 1, cells, units: unitOf });
        }
        return { rows, sheet: grid.sheet, headerRow: r + 1 };
      }
    }
  }
  const want = required.map((k) => spec[k].zh).join('、');
  throw badRequest('header_not_found', {
    zh: `文件中找不到表头：须有 ${want} 等列（前 15 行内）`,
    en: `No header row found: the file needs the columns ${required.join(', ')} (within the first 15 rows)`,
  });
}

/** Splits "331-部门预算部门职能类" / "331 部门预算部门职能类" into code and name. */
export function splitCodeName(raw: string): { code: string; name: string } {
  const m = /^\s*([0-9A-Za-z_.]+)\s*[-－—\s]\s*(.+?)\s*$/.exec(raw);
  return m ? { code: m[1]!, name: m[2]! } : /^[0-9A-Za-z_.]+$/.test(raw.trim()) ? { code: raw.trim(), name: '' } : { code: '', name: raw.trim() };
}

/** Per-row outcome of an import (one item per row, as the file had them). */
export interface RowResult {
  [k: string]: unknown;
  row: number;
  key: string;
  action: string;
  success: boolean;
  error?: { code: string; message: { zh: string; en: string } } | undefined;
  note?: { zh: string; en: string } | undefined;
}

export const rowError = (row: number, key: string, code: string, zh: string, en: string): RowResult => ({ row, key, action: 'none', success: false, error: { code, message: { zh: `第 ${row} 行：${zh}`, en: `Row ${row}: ${en}` } } });

/** The uploaded list of a multipart request (field `file`), with the other form fields. */
export const readUpload = (req: import('fastify').FastifyRequest) => receiveUpload(req, 'upload.csv');
