/** Grids → one HTML page, a <table> per grid with rowspan/colspan; "\n" becomes <br>. */
import type { CellGrid } from '@jixiao/core';
import { CellIndex, escapeXml } from './write-util.ts';

/** Cell text as HTML: "\n" as <br>, runs of spaces kept with &nbsp;. */
export function cellHtml(text: string): string {
  // Runs of spaces survive as " &nbsp;…" (a browser, and our reader, would collapse them).
  return text
    .split('\n')
    .map((l) => escapeXml(l).replace(/ {2,}/g, (m) => ' ' + '&nbsp;'.repeat(m.length - 1)))
    .join('<br>');
}

export interface WriteOptions {
  /** Paragraphs to put before each grid's table (titles), by grid index. */
  before?: (string[] | undefined)[];
}

export function writeHtml(grids: CellGrid[], opts: WriteOptions = {}): Uint8Array {
  const parts: string[] = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效目标表</title></head><body>\n'];
  grids.forEach((g, i) => {
    for (const p of opts.before?.[i] ?? []) parts.push(`<p>${cellHtml(p)}</p>\n`);
    parts.push('<table border="1" cellspacing="0">\n');
    const idx = new CellIndex(g);
    g.rows.forEach((row, i) => {
      parts.push('<tr>');
      for (const c of row) {
        if (c.mergedInto) continue;
        let attrs = '';
        if (c.merge) {
          const rs = c.merge.bottom - c.merge.top + 1;
          const cs = c.merge.right - c.merge.left + 1;
          if (rs > 1) attrs += ` rowspan="${rs}"`;
          if (cs > 1) attrs += ` colspan="${cs}"`;
        }
        parts.push(`<td${attrs}>${cellHtml(c.text)}</td>`);
      }
      // Pad to the table's width, past cells covered from rows above (see write-docx).
      for (let c = idx.rowEnd(g, i + 1) + 1; c <= idx.width; c++) if (!idx.at(i + 1, c)) parts.push('<td></td>');
      parts.push('</tr>\n');
    });
    parts.push('</table>\n');
  });
  parts.push('</body></html>\n');
  return new TextEncoder().encode(parts.join(''));
}
