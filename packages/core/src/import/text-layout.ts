/**
 * Text to a cell grid, line by line, for the text forms tables are copied in: tab-separated
 * (Word or the provincial system), pipe tables (`| a | b |`), web pages flattened to one cell
 * per line (`text |`, with `|` alone for an empty cell and `||…` between rows), and PDF text
 * (columns as runs of spaces). One row per
 * line, so row numbers are line numbers. (The files package reads the other formats.)
 */
import type { Cell, CellGrid } from './cell-grid.ts';

export function textToGrid(text: string, file?: string): CellGrid {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const rows: Cell[][] = lines.map((line, i) => splitLine(line).map((t, j) => ({ row: i + 1, col: j + 1, text: t, line: i + 1 })));
  const grid: CellGrid = { rows };
  if (file !== undefined) grid.file = file;
  return grid;
}

function splitLine(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map((t) => t.trim());
  const t = line.trim();
  if (/^\|+$/.test(t)) return t.length === 1 ? [''] : [];
  if (t.startsWith('|') && t.indexOf('|', 1) > 0) {
    const inner = t.replace(/^\|/, '').replace(/\|\s*$/, '');
    return inner.split('|').map((c) => c.trim());
  }
  if (t.endsWith('|')) return [t.replace(/\s*\|+$/, '').trim()];
  // Text from a PDF: columns are runs of two or more spaces (or an ideographic space); one space never splits.
  const cells = t.split(/[ \u00a0\u3000]{2,}|\u3000/).map((c) => c.trim()).filter((c) => c !== '');
  return cells.length ? cells : [t];
}
