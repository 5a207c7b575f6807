/**
 * Text → one grid, rows in reading order, every cell with its source line. Blank lines are
 * skipped. Each line is classified and consecutive lines of a kind form a block:
 *
 * - **pipe rows** `| a | b |` (a line starting with `|`, or with `|` between two non-empty parts
 *   and at its end, or with two or more `|` each between text): one row, cells split at `|`;
 *   markdown delimiter rows (`| --- | :-: |`) are skipped. A row line not ending in `|` followed by lines
 *   not starting with `|`, the next of which (within five) ends in `|`, is a cell broken over
 *   lines: they are joined with "\n".
 * - **pipe cells**, one cell per line: `text |`, a bare `|`, or runs `||…` (text followed by k
 *   pipes is that cell then k−1 empty cells; a line of k pipes is k empty cells). Plain lines
 *   between two such lines belong to the next cell (a cell broken over lines). The block is a
 *   stream of (text, |) tokens, and two shapes are told apart:
 *   - *markdown rows broken at every pipe* (sample 001): the stream starts with an empty token
 *     (the row's opening `|`) and there is a width L ≥ 3 dividing the token count such that every
 *     L-th token is empty; the smallest such L is taken and each run of L tokens is a row of L−1
 *     cells (its first token being the opener).
 *   - otherwise *a cell stream* (samples 002, 014: HTML cells with the row ends lost): a bare `|`
 *     is an empty cell, NOT a row end — in 002 `10 | (empty 得分) |` shows it — and the rows
 *     cannot be told from the text alone. Each token becomes a one-cell row and the run of rows
 *     is reported in `info.streams` (kind `pipe-cells`), for the recogniser to re-flow by
 *     vocabulary.
 * - **tab rows**: split at tabs. A file whose non-blank lines are mostly tab rows is read as TSV
 *   (quoted fields with line breaks allowed).
 * - **plain lines** (and text from PDFs): split at runs of two or more spaces (ASCII, no-break
 *   or ideographic), the way PDF-to-text tools render column gaps; a single space never splits.
 *   Six or more consecutive one-cell lines (text copied from a page or PDF whose cells came out
 *   one per line, sample 030) are reported as a stream of kind `lines`.
 */
import type { Cell, CellGrid } from '@jixiao/core';
import { parseDelimited } from '@jixiao/core';
import type { CellStream, GridInfo } from './types.ts';

type Kind = 'blank' | 'pipeRow' | 'pipes' | 'cellLine' | 'tabRow' | 'plain';
interface Line {
  kind: Kind;
  raw: string;
  no: number;
  /** cellLine: the text before the trailing pipes, and how many pipes. pipes: count. */
  text?: string;
  pipes?: number;
}

const CELL_LINE = /^(.*?)\s*((?:\|\s*)+)$/;
const MD_DELIMITER = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

function classify(raw: string, no: number): Line {
  const t = raw.trim();
  if (!t) return { kind: 'blank', raw, no };
  if (/^[|\s]+$/.test(t)) return { kind: 'pipes', raw, no, pipes: (t.match(/\|/g) ?? []).length };
  if (t.startsWith('|')) return { kind: 'pipeRow', raw: t, no };
  const m = CELL_LINE.exec(t);
  if (m) {
    const content = m[1]!;
    if (/[^|\s]\s*\|\s*[^|\s]/.test(content)) return { kind: 'pipeRow', raw: t, no };
    return { kind: 'cellLine', raw, no, text: content.trim(), pipes: (m[2]!.match(/\|/g) ?? []).length };
  }
  if (raw.includes('\t')) return { kind: 'tabRow', raw, no };
  // GitHub-style rows without outer pipes: two or more pipes, each between text.
  if (/^[^|]*[^|\s]\s*\|\s*[^|\s][^|]*\|\s*[^|\s]/.test(t)) return { kind: 'pipeRow', raw: t, no };
  return { kind: 'plain', raw: t, no };
}

/** Splits a pipe row into cells: leading and trailing pipes are borders. */
function splitPipeRow(text: string): string[] {
  let t = text.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((c) => c.trim());
}

export function splitPlain(text: string): string[] {
  return text
    .trim()
    .split(/[ \u00a0\u3000]{2,}/)
    .map((c) => c.trim())
    .filter((c, i, a) => c !== '' || a.length === 1);
}

interface Token {
  text: string;
  line: number;
  /** A bare `|` line after a row's padding (`… | |||`): the opening pipe of the next row. */
  opener?: boolean;
}

/**
 * Markdown rows broken at every pipe, rows of different widths (web pages whose rows are padded
 * unevenly): each row opens with a bare `|` line right after the previous row's padding pipes.
 * Returns the rows (tokens after each opener), or undefined when the stream is not of that shape.
 */
export function openedRows(tokens: Token[]): Token[][] | undefined {
  if (tokens.length < 6 || !tokens[0]!.opener) return undefined;
  const rows: Token[][] = [];
  for (const t of tokens) {
    if (t.opener) rows.push([]);
    else rows[rows.length - 1]!.push(t);
  }
  const filled = rows.filter((r) => r.some((t) => t.text !== ''));
  if (filled.length < 3 || filled.length * 2 < rows.length) return undefined;
  return filled;
}

/** The smallest row length L ≥ 3 under which the stream reads as markdown rows (see above). */
export function markdownWidth(tokens: Token[]): number | undefined {
  const T = tokens.length;
  if (T < 6 || tokens[0]!.text !== '') return undefined;
  for (let L = 3; L <= Math.min(256, T / 2); L++) {
    if (T % L !== 0) continue;
    let ok = true;
    for (let k = 0; k < T && ok; k += L) if (tokens[k]!.text !== '') ok = false;
    if (ok) return L;
  }
  return undefined;
}

export interface TextRead {
  grid: CellGrid;
  info: GridInfo;
}

class Rows {
  readonly rows: Cell[][] = [];
  readonly streams: CellStream[] = [];
  /** Rows that came from plain lines (candidates for a `lines` stream). */
  readonly plain = new Set<number>();
  add(texts: string[], lines: number[] | number, trim = true, plain = false): void {
    if (plain) this.plain.add(this.rows.length + 1);
    const r = this.rows.length + 1;
    const cells: Cell[] = texts.map((text, j) => ({ row: r, col: j + 1, text, line: typeof lines === 'number' ? lines : lines[j]! }));
    if (trim) while (cells.length > 0 && cells[cells.length - 1]!.text === '') cells.pop();
    this.rows.push(cells);
  }
}

function mostlyTabs(lines: string[]): boolean {
  let nonBlank = 0;
  let tabs = 0;
  for (const l of lines) {
    if (!l.trim()) continue;
    nonBlank++;
    if (l.includes('\t')) tabs++;
  }
  return tabs >= 2 && tabs * 2 >= nonBlank;
}

export function readText(text: string, file?: string): TextRead {
  const src = text.replace(/^\uFEFF/, '');
  const rawLines = src.split(/\r\n|\r|\n/);
  const out = new Rows();
  if (mostlyTabs(rawLines)) {
    for (const r of parseDelimited(src, '\t')) {
      if (r.cells.every((c) => c === '')) continue;
      out.add(r.cells, r.lines);
    }
  } else {
    readLines(rawLines.map((l, i) => classify(l, i + 1)), out);
  }
  markLineStreams(out);
  const grid: CellGrid = { rows: out.rows };
  if (file !== undefined) grid.file = file;
  const info: GridInfo = { kind: 'text' };
  if (out.streams.length) info.streams = out.streams;
  return { grid, info };
}

function readLines(lines: Line[], out: Rows): void {
  let i = 0;
  const n = lines.length;
  const nextNonBlank = (from: number) => {
    let j = from;
    while (j < n && lines[j]!.kind === 'blank') j++;
    return j;
  };
  while (i < n) {
    const l = lines[i]!;
    switch (l.kind) {
      case 'blank':
        i++;
        break;
      case 'tabRow':
        out.add(l.raw.split('\t').map((c) => c.trim()), l.no);
        i++;
        break;
      case 'plain':
        out.add(splitPlain(l.raw), l.no, true, true);
        i++;
        break;
      case 'pipeRow': {
        let text = l.raw;
        i++;
        if (MD_DELIMITER.test(text)) break; // | --- | :---: | under a markdown header
        // A cell broken over lines: when one of the next (at most 5) lines ends the row with a
        // pipe, the lines up to it belong to this row.
        if (!text.trimEnd().endsWith('|')) {
          let j = i;
          while (j < n && j - i < 5 && (lines[j]!.kind === 'plain' || lines[j]!.kind === 'tabRow')) j++;
          const end = lines[j];
          if (end && (end.kind === 'cellLine' || (end.kind === 'pipeRow' && !end.raw.startsWith('|')))) {
            for (let k = i; k <= j; k++) text += '\n' + lines[k]!.raw.trim();
            i = j + 1;
          }
        }
        out.add(splitPipeRow(text).map((c) => c.split('\n').map((s) => s.trim()).join('\n')), l.no);
        break;
      }
      case 'pipes':
      case 'cellLine': {
        // A lone run of pipes between pipe rows is a row of empty cells.
        if (l.kind === 'pipes' && (lines[i - 1]?.kind === 'pipeRow' || lines[nextNonBlank(i + 1)]?.kind === 'pipeRow')) {
          out.add([], l.no);
          i++;
          break;
        }
        i = readStream(lines, i, out, nextNonBlank);
        break;
      }
    }
  }
}

function readStream(lines: Line[], start: number, out: Rows, nextNonBlank: (from: number) => number): number {
  const tokens: Token[] = [];
  let pending: string[] = [];
  let i = start;
  const n = lines.length;
  while (i < n) {
    const l = lines[i]!;
    if (l.kind === 'cellLine') {
      const text = [...pending, l.text!].join('\n');
      pending = [];
      tokens.push({ text, line: l.no });
      for (let k = 1; k < l.pipes!; k++) tokens.push({ text: '', line: l.no });
      i++;
    } else if (l.kind === 'pipes') {
      let k = 0;
      // The opening pipe of a row: a bare `|` first, or after a line ending a row with padding pipes.
      // (After a run of bare pipes, the last one opens a row when a cell with text follows.)
      const prev = lines[i - 1];
      const next = lines[i + 1];
      const afterPadding = prev?.pipes !== undefined && (prev.pipes >= 2 || (prev.kind === 'pipes' && next?.kind === 'cellLine' && Boolean(next.text)));
      // In a stream that opened with one, every bare pipe opens a row: empty cells are written as
      // extra pipes on the cell's own line (`3500 | |`).
      if (l.pipes === 1 && !pending.length && (tokens.length === 0 || afterPadding || tokens[0]!.opener)) {
        tokens.push({ text: '', line: l.no, opener: true });
        i++;
        continue;
      }
      if (pending.length) {
        tokens.push({ text: pending.join('\n'), line: l.no });
        pending = [];
        k = 1;
      }
      for (; k < l.pipes!; k++) tokens.push({ text: '', line: l.no });
      i++;
    } else if (l.kind === 'blank') {
      const j = nextNonBlank(i);
      if (j < n && (lines[j]!.kind === 'cellLine' || lines[j]!.kind === 'pipes') && !pending.length) i = j;
      else break;
    } else if (l.kind === 'plain' || l.kind === 'tabRow') {
      // Part of the next cell only if a cell line with text follows directly (after at most 5 lines).
      let j = i;
      while (j < n && j - i < 5 && (lines[j]!.kind === 'plain' || lines[j]!.kind === 'tabRow')) j++;
      if (j < n && lines[j]!.kind === 'cellLine' && lines[j]!.text) {
        for (let k = i; k < j; k++) pending.push(lines[k]!.raw.trim());
        i = j;
      } else break;
    } else break;
  }
  if (tokens.length === 0) return Math.max(i, start + 1);
  const L = markdownWidth(tokens);
  const opened = openedRows(tokens);
  // A constant width wins when it is a table's (≤ 20 columns); a wider one is an accident of padding.
  if (opened && (L === undefined || L > 21)) {
    for (const row of opened) out.add(row.map((t) => t.text), row.map((t) => t.line));
  } else if (L !== undefined) {
    for (let k = 0; k < tokens.length; k += L) {
      const row = tokens.slice(k + 1, k + L);
      out.add(row.map((t) => t.text), row.map((t) => t.line));
    }
  } else if (new Set(tokens.map((t) => t.line)).size === 1) {
    // All on one line ("浏览量:1 | | | |"): a row, not a stream.
    out.add(tokens.map((t) => t.text), tokens.map((t) => t.line));
  } else {
    const from = out.rows.length + 1;
    for (const t of tokens) out.add([t.text], t.line, false);
    out.streams.push({ kind: 'pipe-cells', fromRow: from, toRow: out.rows.length });
  }
  return i;
}

/** Runs of ≥ 6 one-cell rows from plain lines are reported as `lines` streams. */
function markLineStreams(out: Rows): void {
  const found: CellStream[] = [];
  let from = 0;
  const flush = (to: number) => {
    if (from && to - from + 1 >= 6) found.push({ kind: 'lines', fromRow: from, toRow: to });
    from = 0;
  };
  out.rows.forEach((row, i) => {
    const r = i + 1;
    if (row.length === 1 && out.plain.has(r)) {
      if (!from) from = r;
    } else flush(r - 1);
  });
  flush(out.rows.length);
  out.streams.push(...found);
  out.streams.sort((a, b) => a.fromRow - b.fromRow);
}
