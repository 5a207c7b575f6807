/**
 * How much room text needs, for the renderers that must size rows themselves: Excel does not
 * grow a row for wrapped text in a merged cell, and Word needs no help, but a sheet whose long
 * 项目概述 is cut off at one line is not an official table.
 */

/** Display width in Excel character units: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000 ? 2 : 1.1;
  }
  return w;
}

/** Lines a text needs in a cell `width` character units wide (each "\n" starts a line). */
export function linesNeeded(text: string, width: number): number {
  if (!text) return 1;
  const usable = Math.max(2, width - 1.5);
  let lines = 0;
  for (const para of text.split('\n')) lines += Math.max(1, Math.ceil(displayWidth(para) / usable));
  return lines;
}
