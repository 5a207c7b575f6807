/**
 * readGrids: any file a user drops → cell grids. The format is decided by the content first (zip
 * signature and its parts for .xlsx/.docx, other signatures to refuse clearly, `<table`/`<html`
 * for web pages), then by the file name (.csv, .tsv), else the text reader. Nothing but a
 * FileReadError ever leaves this function.
 */
import { binaryShare, decodeText } from './decode.ts';
import { readDocumentXml, mainPartName } from './docx.ts';
import { FileReadError, mib, type ReadWarning } from './errors.ts';
import { readHtmlTables, type TablesRead } from './html.ts';
import { parseDelimited, sniffDelimiter } from '@jixiao/core';
import { readText } from './text.ts';
import { limitsOf, type FileFormat, type Limits, type ReadOptions, type ReadResult } from './types.ts';
import { readXlsx } from './xlsx.ts';
import { isZip, listZip, scanZip } from './zip.ts';
import { Cfb, OLE_SIGNATURE } from './cfb.ts';
import { isXls, readXls } from './xls.ts';
import { isDoc, readDoc } from './doc.ts';
import { isSpreadsheetXml, readSpreadsheetXml } from './spreadsheet-xml.ts';
import { isPdf } from './official/pdf-attachment.ts';
import { readPdf } from './pdf/read-pdf.ts';
import { simplifyGrid, type Cell, type CellGrid } from '@jixiao/core';

const unsupported = (zh: string, en: string) => new FileReadError('unsupported-format', { zh, en });

function extOf(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name.trim());
  return m ? m[1]!.toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/** Signatures of formats we refuse, with what to do instead. */
function refuseKnownBinary(bytes: Uint8Array): void {
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    throw unsupported('暂不支持 RTF 文件，请另存为 .docx 后导入。', 'RTF files are not supported; save as .docx and import that.');
  }
  const images: number[][] = [[0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38], [0x42, 0x4d]];
  if (images.some((s) => startsWith(bytes, s)) && binaryShare(new TextDecoder('latin1').decode(bytes.subarray(0, 4096))) > 0.05) {
    throw unsupported('这是图片文件，无法读取其中的表格。请导入 Excel、Word、网页或文本文件。', 'This is an image; tables cannot be read from it. Import an Excel, Word, web page or text file.');
  }
  const archives: number[][] = [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], [0x1f, 0x8b]];
  if (archives.some((s) => startsWith(bytes, s))) {
    throw unsupported('这是压缩包，请先解压，再导入其中的文件。', 'This is a compressed archive; extract it and import the files inside.');
  }
}

function zipKind(bytes: Uint8Array, limits: Limits): 'xlsx' | 'docx' {
  const entries = listZip(bytes, limits);
  const names = entries.map((e) => e.name);
  if (names.some((n) => /^xl\/workbook\.xml$/i.test(n))) return 'xlsx';
  if (names.some((n) => /^word\/document\d*\.xml$/i.test(n))) return 'docx';
  if (names.includes('[Content_Types].xml')) {
    const ct = scanZip(bytes, limits, (n) => (n === '[Content_Types].xml' ? 'keep' : 'skip')).data.get('[Content_Types].xml');
    const xml = ct ? new TextDecoder().decode(ct) : '';
    if (/spreadsheetml\.sheet\.main|ms-excel\.sheet/.test(xml)) return 'xlsx';
    if (/wordprocessingml\.document\.main|ms-word\.document/.test(xml)) return 'docx';
  }
  if (names.includes('mimetype')) {
    throw unsupported(
      '这是 OpenDocument 文件（.ods / .odt），暂不支持。请另存为 .xlsx 或 .docx 后导入。',
      'This is an OpenDocument file (.ods / .odt), which is not supported. Save it as .xlsx or .docx and import that.',
    );
  }
  throw unsupported('这是一个压缩包，但不是 Excel（.xlsx）或 Word（.docx）文件。', 'This is a zip archive, but not an Excel (.xlsx) or Word (.docx) file.');
}

function readDocx(bytes: Uint8Array, file: string, limits: Limits): TablesRead {
  const scan = scanZip(bytes, limits, (n) => (n === '[Content_Types].xml' || /^word\/document\d*\.xml$/i.test(n) ? 'keep' : 'skip'));
  const ct = scan.data.get('[Content_Types].xml');
  const part = mainPartName(ct ? new TextDecoder().decode(ct) : undefined, scan.entries.map((e) => e.name));
  let data = scan.data.get(part);
  if (!data) data = scanZip(bytes, limits, (n) => (n === part ? 'keep' : 'skip')).data.get(part);
  if (!data) throw new FileReadError('corrupt', { zh: 'Word 文件已损坏：找不到正文部分。', en: 'The Word file is damaged: its main document part is missing.' });
  return readDocumentXml(new TextDecoder().decode(data), file, limits);
}

/** A document without tables: its text, read as text (it may hold tab- or space-separated rows). */
function textFallback(t: TablesRead, file: string): TablesRead {
  if (t.grids.length > 0 || t.text.length === 0) return t;
  const { grid, info } = readText(t.text.join('\n'), file);
  return { ...t, grids: [grid], info: [info] };
}

/**
 * Comma-separated text under another name: at least five non-blank lines, no tabs or pipes, and
 * four in five of them with the same number (≥ 3) of quote-aware fields. (Chinese prose with a few
 * ASCII commas, as in the samples, never qualifies.)
 */
function looksCsv(text: string): boolean {
  const head = text.slice(0, 65536);
  if (/[\t|]/.test(head)) return false;
  const rows = parseDelimited(head, ',').filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length < 5) return false;
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  const [width, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return width >= 3 && n >= rows.length * 0.8;
}

function delimitedGrid(text: string, delim: string, file: string): CellGrid {
  const rows: Cell[][] = [];
  for (const r of parseDelimited(text.replace(/^\uFEFF/, ''), delim)) {
    const row = rows.length + 1;
    const cells: Cell[] = r.cells.map((t, j) => ({ row, col: j + 1, text: t, line: r.lines[j]! }));
    while (cells.length && cells[cells.length - 1]!.text === '') cells.pop();
    rows.push(cells);
  }
  while (rows.length && rows[rows.length - 1]!.length === 0) rows.pop();
  return { file, rows };
}

async function readInner(bytes: Uint8Array, file: string, opts: ReadOptions | undefined): Promise<ReadResult> {
  const limits = limitsOf(opts);
  if (!(bytes instanceof Uint8Array)) {
    throw new FileReadError('corrupt', { zh: '没有收到文件内容。', en: 'No file content was given.' });
  }
  refuseTooLarge(bytes, limits.maxBytes);
  if (bytes.length === 0) throw new FileReadError('empty', { zh: '文件是空的。', en: 'The file is empty.' });
  const ext = extOf(file);
  const decodeWarnings: ReadWarning[] = [];
  const done = (format: FileFormat, t: TablesRead, encoding?: string): ReadResult => {
    const r: ReadResult = { grids: t.grids, info: t.info, format, warnings: [...decodeWarnings, ...t.warnings] };
    if (encoding) r.encoding = encoding;
    if (format === 'html' || format === 'docx' || format === 'doc') r.text = t.text;
    return r;
  };

  if (startsWith(bytes, OLE_SIGNATURE)) {
    const cfb = new Cfb(bytes);
    if (isXls(cfb)) return done('xls', readXls(cfb, file, limits));
    if (cfb.has('EncryptedPackage')) {
      throw unsupported('文件已加密（设有密码），请取消密码后再导入。', 'The file is encrypted (password-protected); remove the password and import again.');
    }
    if (isDoc(cfb)) return done('doc', textFallback(readDoc(cfb, file, limits), file));
    throw unsupported(
      '这是旧版 Office 文件，但不是 Excel 工作簿，暂不支持。请另存为 .xlsx 或 .docx 后再导入。',
      'This is an old Office file but not an Excel workbook; save it as .xlsx or .docx and import that.',
    );
  }
  if (isPdf(bytes)) return pdfInner(bytes, file, opts);
  if (isZip(bytes)) {
    const kind = zipKind(bytes, limits);
    if (kind === 'xlsx') return done('xlsx', await readXlsx(bytes, file, limits));
    return done('docx', textFallback(readDocx(bytes, file, limits), file));
  }
  refuseKnownBinary(bytes);

  const { text, encoding } = decodeText(bytes, limits.encoding);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0) {
    decodeWarnings.push({
      code: 'text.undecodable',
      message: {
        zh: `有 ${bad} 个字符无法按 ${encoding} 解码，已显示为“\uFFFD”。如内容乱码，请将文件另存为 UTF-8 后再导入。`,
        en: `${bad} characters could not be decoded as ${encoding} and show as "\uFFFD". If the text is garbled, save the file as UTF-8 and import it again.`,
      },
    });
  }
  const head = text.slice(0, 2048);
  const looksHtml = !isSpreadsheetXml(head) && (/<table[\s>]/i.test(text) || /^\s*(<!doctype\s+html|<html[\s>])/i.test(head));
  if (!looksHtml && ['xlsx', 'xlsm', 'docx', 'docm'].includes(ext)) {
    throw new FileReadError('corrupt', {
      zh: `文件已损坏，或不是真正的 .${ext} 文件（.${ext} 文件应为 zip 压缩格式）。`,
      en: `The file is damaged or not a real .${ext} file (a .${ext} file is a zip package).`,
    });
  }
  if (binaryShare(text) > 0.1) {
    throw unsupported('无法识别的文件：内容不是文本，也不是 Excel、Word 或网页文件。', 'Unrecognised file: it is neither text nor an Excel, Word or web page file.');
  }
  if (isSpreadsheetXml(head)) return done('xml-spreadsheet', readSpreadsheetXml(text, file, limits), encoding);
  if (looksHtml || ext === 'html' || ext === 'htm') {
    return done('html', textFallback(readHtmlTables(text, file, limits), file), encoding);
  }
  if (ext === 'csv' || (ext !== 'tsv' && ext !== 'tab' && looksCsv(text))) {
    return { grids: [delimitedGrid(text, sniffDelimiter(text), file)], info: [{ kind: 'sheet' }], format: 'csv', encoding, warnings: decodeWarnings };
  }
  if (ext === 'tsv' || ext === 'tab') {
    return { grids: [delimitedGrid(text, '\t', file)], info: [{ kind: 'sheet' }], format: 'tsv', encoding, warnings: decodeWarnings };
  }
  const { grid, info } = readText(text, file);
  return { grids: [grid], info: [info], format: 'text', encoding, warnings: decodeWarnings };
}

async function pdfInner(bytes: Uint8Array, fileName: string, opts?: ReadOptions): Promise<ReadResult> {
  const limits = limitsOf(opts);
  const t = await readPdf(bytes, fileName, { maxPages: limits.maxPdfPages, maxMs: limits.maxPdfMs });
  return { grids: t.grids, info: t.info, format: 'pdf', warnings: t.warnings };
}

/** A PDF's page text as a grid (no attachment check, no sniffing: the caller knows it is a PDF), as readGrids gives it. Throws only FileReadError. */
export async function readPdfGrids(bytes: Uint8Array, fileName: string, opts?: ReadOptions): Promise<ReadResult> {
  try {
    const r = await pdfInner(bytes, fileName, opts);
    r.grids = await Promise.all(r.grids.map(simplifyGrid));
    return r;
  } catch (err) {
    throw asFileReadError(err);
  }
}

export function refuseTooLarge(bytes: Uint8Array, maxBytes: number): void {
  if (bytes.length > maxBytes) {
    throw new FileReadError('too-large', {
      zh: `文件过大（${mib(bytes.length)}），上限为 ${mib(maxBytes)}。请只导入包含绩效目标表的文件。`,
      en: `The file is too large (${mib(bytes.length)}); the limit is ${mib(maxBytes)}. Import only the file that holds the target tables.`,
    });
  }
}

/**
 * Reads any file into cell grids. Throws only FileReadError (too large, zip bomb, unsupported
 * format, damaged file, empty file), with a message in Chinese and English.
 */
export async function readGrids(bytes: Uint8Array, fileName: string, opts?: ReadOptions): Promise<ReadResult> {
  try {
    const r = await readInner(bytes, fileName, opts);
    // Traditional characters (mirror sites): cells in simplified, each keeping its text as filed.
    r.grids = await Promise.all(r.grids.map(simplifyGrid));
    return r;
  } catch (err) {
    throw asFileReadError(err);
  }
}

function asFileReadError(err: unknown): FileReadError {
  if (err instanceof FileReadError) return err;
  if (err instanceof RangeError) {
    return new FileReadError('too-complex', { zh: '文件结构过于复杂，无法读取。', en: 'The file is too complex to read.' }, { cause: err });
  }
  return new FileReadError('corrupt', { zh: '文件已损坏或格式无法识别，无法读取。', en: 'The file is damaged or its format is not recognised; it cannot be read.' }, { cause: err });
}
