/**
 * Where an official table's sheet breaks between printed pages, planned as the print view breaks
 * it (issue 20, item 8): rows bound together by a merge (a label spanning its block — 预算整体情况,
 * 绩效指标 …) stay on one page when they fit, so the department table's indicator block starts
 * page 2 instead of its header being left alone at the foot of page 1. The sheet is printed one
 * page wide (fit to width, as many pages tall as it needs); the plan uses the scale that fitting
 * gives, from the column widths as Excel and LibreOffice measure them (Calibri 11, the workbook's
 * default font: 7 px a character, 5 px padding a column, 96 px an inch).
 */
import { CellIndex } from '../write-util.ts';
import type { OfficialLayout } from '@jixiao/core';

/** A4 landscape in points, and the margins (inches) the official sheets print with. */
export const PAGE_PT = { width: 841.89, height: 595.28 };
export const MARGINS_IN = { left: 0.5, right: 0.5, top: 0.45, bottom: 0.55, header: 0.2, footer: 0.25 };
/** Room left for rounding between programs' row heights, so a planned page is never overfull. */
const SLACK = 0.97;

/** Width of a column of `chars` Excel character units, in points, as printed. */
const columnPt = (chars: number) => (Math.trunc(chars * 7 + 5) * 72) / 96;

/** The indicator block's header row (一级指标 | 二级指标 | …), repeated at the top of each page; 0 when the form has none. */
export function indicatorHeaderRow(layout: OfficialLayout): number {
  for (const row of layout.grid.rows) for (const c of row) if (c.text === '一级指标' && layout.roles[`${c.row},${c.col}`] === 'header') return c.row;
  return 0;
}

/**
 * The rows after which a page break goes: a block that does not fit in what is left of a page
 * starts the next one (as the print view's unbreakable blocks do); a block taller than a page is
 * then cut between its rows by the program, the repeated header heading each continued page.
 * `heights` is indexed by row (1-based, points at 100 %).
 */
export function planPageBreaks(layout: OfficialLayout, heights: number[], columnWidths: number[], repeatRow: number): number[] {
  const tableWidth = columnWidths.reduce((s, w) => s + columnPt(w), 0);
  const printable = { width: PAGE_PT.width - 72 * (MARGINS_IN.left + MARGINS_IN.right), height: PAGE_PT.height - 72 * (MARGINS_IN.top + MARGINS_IN.bottom) };
  const scale = Math.min(1, printable.width / tableWidth);
  const capacity = (printable.height / scale) * SLACK;
  const idx = new CellIndex(layout.grid);
  // Blocks: a row starts one unless a merge from above reaches into it. The title stays with the first block.
  const blocks: Array<{ first: number; last: number }> = [];
  let end = 0;
  for (let r = 1; r <= idx.rows; r++) {
    if (r > end && !(r === 2 && layout.roles['1,1'] === 'title')) blocks.push({ first: r, last: r });
    end = Math.max(end, r);
    for (const c of layout.grid.rows[r - 1] ?? []) if (c.merge) end = Math.max(end, c.merge.bottom);
    blocks.at(-1)!.last = r;
  }
  const sum = (a: number, b: number) => heights.slice(a, b + 1).reduce((s, h) => s + h, 0);
  const breaks: number[] = [];
  let used = 0;
  for (const b of blocks) {
    const h = sum(b.first, b.last);
    // On a page after the indicator header, the repeated header takes its room first.
    const head = repeatRow && b.first > repeatRow ? heights[repeatRow]! : 0;
    if (used > 0 && used + h > capacity) {
      breaks.push(b.first - 1);
      used = b.first === repeatRow ? 0 : head;
    }
    // A block taller than what is left is cut between rows by the program: follow it row by row.
    for (let r = b.first; r <= b.last; r++) {
      if (used + heights[r]! > capacity) used = head;
      used += heights[r]!;
    }
  }
  return breaks;
}
