/**
 * The print view of the official tables: one self-contained HTML page (no script, inline CSS)
 * that Chromium prints to PDF and a browser prints as is — A4 landscape, 宋体-like serif (Noto
 * Serif CJK, installed by the project's setup), the title above each table, thin black borders,
 * merged label cells as rowspan/colspan, the 备注 as borderless rows under the table, each table
 * starting on a new page. Generic over core's `officialLayout`.
 */
import { printedCellText, type OfficialLayout } from '@jixiao/core';
import { CellIndex, escapeXml } from '../write-util.ts';
import { cellHtml } from '../write-html.ts';

/** Fonts in order of preference: the Noto CJK fonts of Debian's fonts-noto-cjk, then Windows' and macOS' own. */
export const SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", "Songti SC", serif';
export const SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

const CSS = `
@page { size: A4 landscape; margin: 11mm 14mm 14mm 14mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: ${SERIF}; font-size: 10.5pt; line-height: 1.25; }
section.sheet { break-after: page; }
section.sheet:last-child { break-after: auto; }
h1.title { font-family: ${SERIF}; font-weight: 700; font-size: 17pt; letter-spacing: 0.5pt; text-align: center; margin: 0 0 3mm; }
table.official { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.official td { border: 0.75pt solid #000; padding: 0.5mm 1.5mm; vertical-align: middle; overflow-wrap: anywhere; }
td.label, td.header, td.value, td.count { text-align: center; }
td.header { font-weight: 700; }
td.text { text-align: left; }
td.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.official tr.note td { border: none; padding: 0.2mm 0; font-size: 9pt; line-height: 1.25; text-align: left; vertical-align: top; }
/* A row left empty (no 事业发展性支出 yet, an unfilled 二级) is as tall as a line of text, not a sliver. */
table.official tr.body { height: 5.6mm; }
table.official tbody { break-inside: avoid; }
table.official tr.note td { padding-top: 0.2mm; }
table.official tbody:has(tr.body) + tbody > tr.note:first-child td { padding-top: 1.5mm; }
@media screen { body { background: #f3f3f3; } section.sheet { background: #fff; width: 269mm; margin: 8mm auto; padding: 10mm 12mm; box-shadow: 0 1px 4px rgba(0,0,0,.2); } }
`;

function tableHtml(l: OfficialLayout): string {
  const idx = new CellIndex(l.grid);
  const titleRow = l.roles['1,1'] === 'title' ? 1 : 0;
  const total = l.columnWidths.reduce((s, w) => s + w, 0) || 1;
  const out: string[] = [];
  if (titleRow) out.push(`<h1 class="title">${cellHtml(l.title)}</h1>`);
  out.push('<table class="official"><colgroup>');
  for (const w of l.columnWidths) out.push(`<col style="width:${((w / total) * 100).toFixed(2)}%">`);
  out.push('</colgroup>');
  // Rows bound together by a merge (a label spanning its block: 预算整体情况, 绩效指标 …) form one
  // <tbody> that the printer keeps on one page when it fits, so a block is not cut after its first rows.
  let blockEnd = 0;
  for (let r = titleRow + 1; r <= idx.rows; r++) {
    if (r > blockEnd) {
      if (blockEnd) out.push('</tbody>');
      out.push('<tbody>');
    }
    blockEnd = Math.max(blockEnd, r);
    for (const c of l.grid.rows[r - 1] ?? []) if (c.merge) blockEnd = Math.max(blockEnd, c.merge.bottom);
    const inBody = r >= l.bodyRows.first && r <= l.bodyRows.last;
    out.push(`<tr class="${inBody ? 'body' : 'note'}">`);
    for (const c of l.grid.rows[r - 1] ?? []) {
      if (c.mergedInto) continue;
      const role = l.roles[`${c.row},${c.col}`] ?? 'text';
      let attrs = ` class="${role}"`;
      if (c.merge) {
        const rs = c.merge.bottom - c.merge.top + 1;
        const cs = c.merge.right - c.merge.left + 1;
        if (rs > 1) attrs += ` rowspan="${rs}"`;
        if (cs > 1) attrs += ` colspan="${cs}"`;
      }
      out.push(`<td${attrs}>${cellHtml(printedCellText(c.text, role))}</td>`);
    }
    // Pad to the table's width past cells covered from rows above.
    for (let c = idx.rowEnd(l.grid, r) + 1; c <= idx.width; c++) if (!idx.at(r, c)) out.push('<td class="text"></td>');
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  return out.join('');
}

/** The print view of one or more tables, each on its own A4 landscape page(s). */
export function officialHtml(layouts: OfficialLayout[], opts: { title?: string } = {}): string {
  const title = opts.title ?? layouts[0]?.title ?? '绩效目标表';
  return (
    `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${CSS}</style></head><body>\n` +
    layouts.map((l) => `<section class="sheet">${tableHtml(l)}</section>\n`).join('') +
    '</body></html>\n'
  );
}
