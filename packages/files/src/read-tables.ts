/**
 * Any file a user drops → target tables: the exchange format (JSON, the one-file CSV, or a zip
 * holding tables.csv and indicators.csv, or embedded in a PDF we exported) is read by its
 * records, every other file through
 * `readGrids` and core's layout recogniser. The server's POST /api/import and `jixiao import`
 * both read files through here, so what one accepts the other does.
 */
import {
  exchangeKind,
  ExchangeError,
  fromExchangeCsv,
  fromExchangeDocument,
  fromExchangeFlatCsv,
  importGrids,
  type ExchangeMeta,
  type Finding,
  type TargetTable,
} from '@jixiao/core';
import { decodeText } from './decode.ts';
import { FileReadError } from './errors.ts';
import { readTableData } from './official/pdf-table-data.ts';
import { PdfAttachmentError, isPdf } from './official/pdf-attachment.ts';
import { readGrids, readPdfGrids, refuseTooLarge } from './read.ts';
import { limitsOf, type FileFormat, type ReadOptions } from './types.ts';
import { isZip, scanZip } from './zip.ts';

export interface TableFileResult {
  tables: TargetTable[];
  /** Import findings (`import.*`) with the cell they point at; none for exchange files. */
  findings: Finding[];
  format: FileFormat | 'exchange-json' | 'exchange-csv' | 'exchange-csv-zip' | 'exchange-pdf';
  /** Exchange files: the keys each table carried (region, id, stage, status), same index as `tables`. */
  exchange?: ExchangeMeta[];
}

const invalid = (e: ExchangeError) => new FileReadError('corrupt', { zh: `交换格式文件有误：${e.zh}`, en: `The exchange file is not valid: ${e.en}` }, { cause: e });

function fromExchange(read: () => Array<{ table: TargetTable; meta: ExchangeMeta }>, format: TableFileResult['format']): TableFileResult {
  let r;
  try {
    r = read();
  } catch (e) {
    if (e instanceof ExchangeError) throw invalid(e);
    throw e;
  }
  return { tables: r.map((x) => x.table), findings: [], format, exchange: r.map((x) => x.meta) };
}

const LONE_PART = {
  zh: '这是交换格式 CSV 的一半（tables.csv 与 indicators.csv 须一起读）：请把两个文件打包为 zip 上传，或使用 JSON / 单文件 CSV。',
  en: 'This is one half of the exchange CSV (tables.csv and indicators.csv are read together): upload both in one zip, or use the JSON or the one-file CSV.',
};

function parseExchangeJson(text: string, format: TableFileResult['format']): TableFileResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FileReadError('corrupt', { zh: `交换格式 JSON 无法解析：${(e as Error).message}`, en: `The exchange JSON cannot be parsed: ${(e as Error).message}` }, { cause: e });
  }
  return fromExchange(() => fromExchangeDocument(doc), format);
}

/** A PDF exported by Jixiao carries its tables as exchange JSON; other PDFs are read from their text layer (readPdfTables). */
function readPdfTableData(bytes: Uint8Array, opts?: ReadOptions): TableFileResult | undefined {
  let text: string | undefined;
  try {
    text = readTableData(bytes, limitsOf(opts).maxUnzippedBytes);
  } catch (e) {
    if (!(e instanceof PdfAttachmentError)) throw e;
    throw new FileReadError('corrupt', { zh: `PDF 中嵌入的表格数据已损坏（${e.message}）。请重新从系统导出，或导入 Excel / Word 文件。`, en: `The table data embedded in this PDF is damaged (${e.message}). Export it again, or import the Excel / Word file.` }, { cause: e });
  }
  return text === undefined ? undefined : parseExchangeJson(text, 'exchange-pdf');
}

/** The exchange reading of a file, or undefined when it is not an exchange file. */
function readExchange(bytes: Uint8Array, opts?: ReadOptions): TableFileResult | undefined {
  if (isZip(bytes)) {
    const limits = limitsOf(opts);
    // Only a zip of exactly the exchange CSV parts is ours; workbooks and documents go to readGrids.
    let names: string[];
    try {
      names = scanZip(bytes, limits, () => 'skip').entries.map((e) => e.name);
    } catch {
      return undefined; // readGrids reports a damaged archive
    }
    const base = (n: string) => n.split('/').pop()!.toLowerCase();
    const tablesName = names.find((n) => base(n) === 'tables.csv');
    const indName = names.find((n) => base(n) === 'indicators.csv');
    if (!tablesName || !indName || names.some((n) => /^(xl|word|ppt)\//.test(n))) return undefined;
    const data = scanZip(bytes, limits, (n) => (n === tablesName || n === indName ? 'keep' : 'skip')).data;
    const text = (n: string) => decodeText(data.get(n)!).text;
    return fromExchange(() => fromExchangeCsv(text(tablesName), text(indName)), 'exchange-csv-zip');
  }
  // Only text can be an exchange file; look at its start before decoding all of it.
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return undefined;
  const kind = exchangeKind(decodeText(head).text);
  if (!kind) return undefined;
  const text = decodeText(bytes).text;
  switch (kind) {
    case 'json':
      return parseExchangeJson(text, 'exchange-json');
    case 'flat-csv':
      return fromExchange(() => fromExchangeFlatCsv(text), 'exchange-csv');
    default:
      throw new FileReadError('unsupported-format', LONE_PART);
  }
}

/** Reads the tables in a file. Throws only FileReadError, with a message in Chinese and English. */
export async function readTableFile(bytes: Uint8Array, fileName: string, opts?: ReadOptions): Promise<TableFileResult> {
  refuseTooLarge(bytes, limitsOf(opts).maxBytes);
  if (isPdf(bytes)) {
    // Detected once: our own attachment first (exact data), else the page text, read once.
    const ex = readPdfTableData(bytes, opts);
    if (ex) return ex;
    const read = await readPdfGrids(bytes, fileName, opts);
    const r = importGrids(read.grids, read.info);
    return { tables: r.tables, findings: r.findings, format: 'pdf' };
  }
  const ex = readExchange(bytes, opts);
  if (ex) return ex;
  const read = await readGrids(bytes, fileName, opts);
  const r = importGrids(read.grids, read.info);
  return { tables: r.tables, findings: r.findings, format: read.format };
}
