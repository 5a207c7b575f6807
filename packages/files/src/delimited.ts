/**
 * Delimited text (CSV, TSV) per RFC 4180, leniently: a field is quoted only when it starts with
 * `"` and its closing quote is followed by the delimiter or the end of the line (`""` is a quote);
 * anything else — a stray quote, a quote closing mid-field, one not closed within 64 KB — is
 * literal text, so a bad quote never swallows the rest of the file.
 */

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
