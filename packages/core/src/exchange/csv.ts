/** RFC 4180 CSV: quotes, doubled quotes, embedded newlines. Pure, for the exchange format. */

export function encodeCsv(rows: string[][]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

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
