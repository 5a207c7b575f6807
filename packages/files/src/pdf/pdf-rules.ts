/**
 * Ruling lines from a page's drawing operators (pdf.js's operator list): stroked segments and
 * rectangles, and thin filled rectangles (Chromium draws table borders as filled bars, LibreOffice
 * strokes lines), turned into horizontal and vertical segments in display coordinates. Curves,
 * diagonal lines and filled areas (cell shading, page backgrounds) are not rules.
 */

/** A PDF matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = [number, number, number, number, number, number];

/** m1 after m2: the matrix that applies m2 first, then m1. */
export function mulMatrix(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

/** A horizontal (y0 = y1) or vertical (x0 = x1) ruling segment, x0 ≤ x1 and y0 ≤ y1. */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Thicker than this (points) a filled bar is an area, not a line. */
const BAR = 3;
/** Shorter than this (points) a segment is a tick or a glyph-like mark, not a rule. */
const MIN_LENGTH = 4;
/** How far from exactly horizontal/vertical a segment may lean (points over its length). */
const LEAN = 1;
/** Most segments taken from one page: a drawing of millions of strokes is not a table. */
const MAX_RULES = 20_000;

// DrawOPS of pdf.js's path buffers (moveTo, lineTo, curveTo, quadraticCurveTo, closePath).
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

type Pt = [number, number];

function segmentRule(a: Pt, b: Pt, out: Rule[]): void {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= LEAN && dx >= MIN_LENGTH) {
    const y = (a[1] + b[1]) / 2;
    out.push({ x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]), y0: y, y1: y });
  } else if (dx <= LEAN && dy >= MIN_LENGTH) {
    const x = (a[0] + b[0]) / 2;
    out.push({ x0: x, x1: x, y0: Math.min(a[1], b[1]), y1: Math.max(a[1], b[1]) });
  }
}

/**
 * A filled shape thin in one direction is a line: its bounding box, as a rule along the long
 * side. (Chromium fills each border as a bar, or as a trapezoid where two borders meet.)
 */
function fillRule(pts: Pt[], out: Rule[]): void {
  if (pts.length < 2) return;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of pts) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= BAR && w >= MIN_LENGTH) out.push({ x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
  else if (w <= BAR && h >= MIN_LENGTH) out.push({ x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 });
}

/** Subpaths of a pdf.js path buffer, points through `m`; a subpath with a curve is dropped (never a rule). */
function subpaths(buf: ArrayLike<number>, m: Matrix): Array<{ pts: Pt[]; closed: boolean }> {
  const out: Array<{ pts: Pt[]; closed: boolean; curved: boolean }> = [];
  let cur: { pts: Pt[]; closed: boolean; curved: boolean } | undefined;
  const at = (x: number, y: number): Pt => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  for (let k = 0; k < buf.length; ) {
    switch (buf[k++]) {
      case MOVE:
        cur = { pts: [at(buf[k]!, buf[k + 1]!)], closed: false, curved: false };
        out.push(cur);
        k += 2;
        break;
      case LINE:
        if (!cur) {
          cur = { pts: [], closed: false, curved: false };
          out.push(cur);
        }
        cur.pts.push(at(buf[k]!, buf[k + 1]!));
        k += 2;
        break;
      case CURVE:
        if (cur) cur.curved = true;
        k += 6;
        break;
      case QUAD:
        if (cur) cur.curved = true;
        k += 4;
        break;
      case CLOSE:
        if (cur) cur.closed = true;
        break;
      default:
        return out.filter((s) => !s.curved); // an unknown code: the rest cannot be decoded
    }
  }
  return out.filter((s) => !s.curved);
}

/**
 * The page's ruling lines. `base` maps the page's user space to display coordinates; the
 * operators' own transforms (cm, form XObjects) are followed from there.
 */
export function pathRules(fnArray: number[], argsArray: unknown[], base: Matrix, OPS: Record<string, number>): Rule[] {
  const out: Rule[] = [];
  const stack: Matrix[] = [];
  let ctm = base;
  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill]);
  for (let i = 0; i < fnArray.length && out.length < MAX_RULES; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = mulMatrix(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin && args) {
      stack.push(ctm);
      const fm = args[0] as Matrix | null;
      if (Array.isArray(fm) || ArrayBuffer.isView(fm)) ctm = mulMatrix(ctm, Array.from(fm as ArrayLike<number>) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath && args) {
      const paint = args[0] as number;
      const buf = (args[1] as Array<ArrayLike<number> | null> | undefined)?.[0];
      if (!buf) continue;
      const stroke = strokes.has(paint);
      const fill = fills.has(paint);
      if (!stroke && !fill) continue;
      for (const sp of subpaths(buf, ctm)) {
        if (stroke) {
          for (let j = 1; j < sp.pts.length; j++) segmentRule(sp.pts[j - 1]!, sp.pts[j]!, out);
          if (sp.closed && sp.pts.length > 2) segmentRule(sp.pts[sp.pts.length - 1]!, sp.pts[0]!, out);
        } else {
          fillRule(sp.pts, out);
        }
      }
    }
  }
  return out;
}
