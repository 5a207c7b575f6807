/**
 * The project's one CSV codec. Every CSV it writes — the exchange files, the one-file export,
 * open data, reports — goes through `writeCsv`; every CSV it reads goes through `decodeCsv`
 * (strict: our own files, an unclosed quote is an error) or `parseDelimited` (lenient: whatever a
 * user uploads, with the line of each cell).
 *
 * Writing (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the Chinese right): a
 * cell a spreadsheet would run as a formula — starting with = + - @, a tab or a carriage return —
 * is written with a leading apostrophe, as spreadsheets themselves mark text, and a cell that
 * really starts with an apostrophe gets a second one; `unescapeFormulaCell` strips one, so every
 * value (an indicator value "-5%" too) reads back exactly. One writer, so no CSV can forget it:
 * the open-data CSV had its own call without the escaping (issue 19).
 */

export interface WriteCsvOptions {
  /** Start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
}

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (and one starting with an apostrophe a second one). */
export function escapeFormulaCell(s: string): string {
  return /^[=+\-@\t\r']/.test(s) ? `'${s}` : s;
}
export const unescapeFormulaCell = (s: string) => (s.startsWith("'") ? s.slice(1) : s);

const quoteCell = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Rows to CSV text: formula-leading cells escaped, quoted where needed, CRLF line ends. */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<string>>, opts: WriteCsvOptions = {}): string {
  const body = rows.map((r) => r.map((c) => quoteCell(escapeFormulaCell(c))).join(',')).join('\r\n') + '\r\n';
  return (opts.bom ?? true) ? `\uFEFF${body}` : body;
}

// ---------------------------------------------------------------------------------------------
// Reading, strict (our own files)

export class CsvError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly line: number,
  ) {
    super(`${zh} / ${en}`);
  }
}

export function decodeCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      row.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (ch === '\r' && s[i + 1] === '\n') i++;
      i++;
      line++;
      continue;
    }
    cell += ch;
    i++;
  }
  if (quoted) throw new CsvError(`第 ${line} 行的引号没有闭合`, `unclosed quote at line ${line}`, line);
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Reading, lenient (uploads): a field is quoted only when it starts with `"` and its closing
// quote is followed by the delimiter or the end of the line (`""` is a quote); anything else — a
// stray quote, a quote closing mid-field, one not closed within 64 KB — is literal text, so a bad
// quote never swallows the rest of the file.

export interface DelimitedRow {
  cells: string[];
  /** Line where each cell starts (1-based). */
  lines: number[];
}

const MAX_QUOTED = 65536;

export function parseDelimited(text: string, delim: string): DelimitedRow[] {
  const rows: DelimitedRow[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let row: DelimitedRow = { cells: [], lines: [] };
  const isEol = (c: string | undefined) => c === '\n' || c === '\r';
  while (i <= n) {
    const startLine = line;
    let value: string | undefined;
    if (text[i] === '"') {
      // Find the closing quote.
      let j = i + 1;
      while (j < n && j - i <= MAX_QUOTED) {
        const k = text.indexOf('"', j);
        if (k < 0 || k - i > MAX_QUOTED) break;
        if (text[k + 1] === '"') {
          j = k + 2;
          continue;
        }
        const after = text[k + 1];
        if (after === undefined || after === delim || isEol(after)) {
          const raw = text.slice(i + 1, k);
          for (let p = raw.indexOf('\n'); p >= 0; p = raw.indexOf('\n', p + 1)) line++;
          if (!raw.includes('\n')) for (let p = raw.indexOf('\r'); p >= 0; p = raw.indexOf('\r', p + 1)) line++;
          value = raw.replace(/""/g, '"').replace(/\r\n?/g, '\n');
          i = k + 1;
        }
        break;
      }
    }
    if (value === undefined) {
      let j = i;
      while (j < n && text[j] !== delim && !isEol(text[j])) j++;
      value = text.slice(i, j);
      i = j;
    }
    row.cells.push(value.trim());
    row.lines.push(startLine);
    const c = text[i];
    if (c === delim) {
      i++;
      continue;
    }
    // End of line or of text.
    rows.push(row);
    row = { cells: [], lines: [] };
    if (c === '\r' && text[i + 1] === '\n') i += 2;
    else i++;
    line++;
    if (i >= n) break;
  }
  return rows;
}

/** Guesses the delimiter of a .csv: the one of , ; \t most frequent on the first lines. */
export function sniffDelimiter(text: string): string {
  const head = text.slice(0, 8192);
  const count = (ch: string) => head.split(ch).length - 1;
  const c = count(',');
  const s = count(';');
  const t = count('\t');
  if (t > c && t >= s) return '\t';
  if (s > c) return ';';
  return ',';
}
