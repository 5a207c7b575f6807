/**
 * Lattice tables (as Camelot's "lattice" and Tabula's "spreadsheet" modes): ruling lines joined
 * into horizontal and vertical lines, lines that cross grouped into tables, the tables' distinct
 * line positions giving the grid, and a cell merged with its neighbour wherever the rule between
 * them is missing. Text runs are then placed in the cell under their centre.
 */
import type { Rule } from './pdf-rules.ts';

/** Rules closer than this (points) are one line (double borders, a border drawn per cell). */
const SNAP = 2.5;
/** A gap in a line shorter than this (points) is a joint, not a break. */
const JOIN = 3;

export interface Line {
  /** y of a horizontal line, x of a vertical one. */
  at: number;
  from: number;
  to: number;
}

export interface LatticeTable {
  /** Column boundaries, left to right (n + 1 for n columns). */
  xs: number[];
  /** Row boundaries, top to bottom. */
  ys: number[];
  /** Vertical and horizontal lines of this table. */
  v: Line[];
  h: Line[];
  /**
   * The columns' lines run on above the first rule / below the last one with no rule closing
   * them: a row cut by a page break (browsers and Writer draw no border at the cut).
   */
  openTop: boolean;
  openBottom: boolean;
}

/** Collinear segments joined: lines at (about) one position whose extents touch become one. */
function joinLines(segs: Array<{ at: number; from: number; to: number }>): Line[] {
  const sorted = [...segs].sort((a, b) => a.at - b.at || a.from - b.from);
  // Group by position (a run of positions each within SNAP of the previous).
  const groups: Array<typeof sorted> = [];
  for (const s of sorted) {
    const g = groups[groups.length - 1];
    if (g && s.at - g[g.length - 1]!.at <= SNAP) g.push(s);
    else groups.push([s]);
  }
  const out: Line[] = [];
  for (const g of groups) {
    const at = g.reduce((a, s) => a + s.at, 0) / g.length;
    const spans = g.map((s) => [s.from, s.to] as [number, number]).sort((a, b) => a[0] - b[0]);
    let [from, to] = spans[0]!;
    for (const [f, t] of spans.slice(1)) {
      if (f <= to + JOIN) to = Math.max(to, t);
      else {
        out.push({ at, from, to });
        [from, to] = [f, t];
      }
    }
    out.push({ at, from, to });
  }
  return out;
}

/** Positions within SNAP of each other as one (their mean), sorted. */
function snapPositions(xs: number[]): number[] {
  const s = [...xs].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of s) {
    const g = out[out.length - 1];
    if (g && x - g[g.length - 1]! <= SNAP) g.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

const crosses = (h: Line, v: Line) => v.at >= h.from - JOIN && v.at <= h.to + JOIN && h.at >= v.from - JOIN && h.at <= v.to + JOIN;

/** Tables of a page: groups of crossing lines with at least two rows' and two columns' worth. */
export function latticeTables(rules: Rule[]): LatticeTable[] {
  const hs = joinLines(rules.filter((r) => r.y0 === r.y1).map((r) => ({ at: r.y0, from: r.x0, to: r.x1 })));
  const vs = joinLines(rules.filter((r) => r.x0 === r.x1 && r.y0 !== r.y1).map((r) => ({ at: r.x0, from: r.y0, to: r.y1 })));
  if (hs.length < 2 || vs.length < 2) return [];
  // Union-find over lines: h i is node i, v j is node hs.length + j.
  const parent = Array.from({ length: hs.length + vs.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < hs.length; i++) {
    for (let j = 0; j < vs.length; j++) if (crosses(hs[i]!, vs[j]!)) parent[find(i)] = find(hs.length + j);
  }
  const groups = new Map<number, { h: Line[]; v: Line[] }>();
  hs.forEach((h, i) => {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    g.h.push(h);
    groups.set(find(i), g);
  });
  vs.forEach((v, j) => {
    const g = groups.get(find(hs.length + j)) ?? { h: [], v: [] };
    g.v.push(v);
    groups.set(find(hs.length + j), g);
  });
  const tables: LatticeTable[] = [];
  for (const g of groups.values()) {
    if (g.h.length < 2 || g.v.length < 2) continue;
    const ys = snapPositions(g.h.map((l) => l.at));
    const xs = snapPositions(g.v.map((l) => l.at));
    if (xs.length < 2) continue;
    // Columns running on past the first or last rule: the open row of a table cut by a page break.
    const vTop = Math.min(...g.v.map((l) => l.from));
    const vBottom = Math.max(...g.v.map((l) => l.to));
    const openTop = ys[0]! - vTop > 2 * SNAP;
    const openBottom = vBottom - ys[ys.length - 1]! > 2 * SNAP;
    if (openTop) ys.unshift(vTop);
    if (openBottom) ys.push(vBottom);
    if (ys.length < 2) continue;
    tables.push({ xs, ys, h: openTop || openBottom ? [...g.h, ...(openTop ? [{ at: vTop, from: xs[0]!, to: xs[xs.length - 1]! }] : []), ...(openBottom ? [{ at: vBottom, from: xs[0]!, to: xs[xs.length - 1]! }] : [])] : g.h, v: g.v, openTop, openBottom });
  }
  return tables.sort((a, b) => a.ys[0]! - b.ys[0]!);
}

/** Is there a line at `at` (within SNAP) covering most of [from, to]? */
function ruled(lines: Line[], at: number, from: number, to: number): boolean {
  const need = (to - from) * 0.6;
  let covered = 0;
  for (const l of lines) {
    if (Math.abs(l.at - at) > SNAP) continue;
    covered += Math.max(0, Math.min(to, l.to) - Math.max(from, l.from));
  }
  return covered >= need;
}

/** A cell of the lattice: its top-left position and span (0-based), over elementary cells. */
export interface LatticeCell {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * The table's cells: elementary cells (between consecutive row and column boundaries) joined
 * wherever no rule separates them, each joined group taken as its bounding rectangle.
 * Returns, for every elementary cell, the cell it belongs to.
 */
export function latticeCells(t: LatticeTable): { cells: LatticeCell[]; owner: number[][] } {
  const R = t.ys.length - 1;
  const C = t.xs.length - 1;
  const parent = Array.from({ length: R * C }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      if (c + 1 < C && !ruled(t.v, t.xs[c + 1]!, t.ys[r]!, t.ys[r + 1]!)) join(r * C + c, r * C + c + 1);
      if (r + 1 < R && !ruled(t.h, t.ys[r + 1]!, t.xs[c]!, t.xs[c + 1]!)) join(r * C + c, (r + 1) * C + c);
    }
  }
  const box = new Map<number, { r0: number; c0: number; r1: number; c1: number }>();
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = find(r * C + c);
      const b = box.get(k);
      if (!b) box.set(k, { r0: r, c0: c, r1: r, c1: c });
      else {
        b.r0 = Math.min(b.r0, r);
        b.c0 = Math.min(b.c0, c);
        b.r1 = Math.max(b.r1, r);
        b.c1 = Math.max(b.c1, c);
      }
    }
  }
  const owner: number[][] = Array.from({ length: R }, () => new Array<number>(C).fill(-1));
  const cells: LatticeCell[] = [];
  // Rectangles in reading order; a cell already owned (two groups' boxes overlapping) keeps its first owner.
  const boxes = [...box.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const b of boxes) {
    if (owner[b.r0]![b.c0] !== -1) continue;
    const id = cells.length;
    cells.push({ row: b.r0, col: b.c0, rows: b.r1 - b.r0 + 1, cols: b.c1 - b.c0 + 1 });
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) if (owner[r]![c] === -1) owner[r]![c] = id;
  }
  return { cells, owner };
}

/** Index of the interval of `bounds` (ascending) holding v, or −1 outside. */
export function slot(bounds: number[], v: number): number {
  if (v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
