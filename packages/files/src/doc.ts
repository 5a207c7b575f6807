/**
 * .doc (Word 97–2003) → grids. Text through the piece table (CLX), paragraph properties through
 * the PAPX pages: paragraphs in a table end their cells with \x07 and a row with a
 * table-terminating paragraph, whose sprmTDefTable gives the cells' borders (column spans are laid
 * out on the union of all rows' borders, as Word draws them) and their vertical-merge flags.
 * Paragraphs outside tables become `info.before` / `text`. Nested tables are read as text of
 * their outer cell. Field codes are dropped, field results kept.
 */
import type { Cfb } from './cfb.ts';
import { FileReadError } from './errors.ts';
import { GridBuilder } from './grid-builder.ts';
import { truncatedWarning, type TablesRead } from './html.ts';
import type { GridInfo, Limits } from './types.ts';

const bad = (en: string, zh: string) => new FileReadError('corrupt', { zh: `Word 文件已损坏：${zh}`, en: `The Word file is damaged: ${en}` });

const u16 = (d: Uint8Array, o: number) => (o + 2 <= d.length ? d[o]! | (d[o + 1]! << 8) : 0);
const u32 = (d: Uint8Array, o: number) => (o + 4 <= d.length ? (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0 : 0);
const i16 = (d: Uint8Array, o: number) => (u16(d, o) << 16) >> 16;

/** Windows-1252 positions 0x80–0x9F of compressed text (the rest is Latin-1). */
const CP1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

interface Piece {
  cp: number;
  cpEnd: number;
  fc: number;
  compressed: boolean;
}

interface ParaProps {
  inTable: boolean;
  ttp: boolean;
  depth: number;
  /** From sprmTDefTable on a row end: cell borders and vertical-merge flags. */
  borders?: number[];
  vert?: ('restart' | 'continue' | undefined)[];
}

interface Run {
  fc: number;
  fcEnd: number;
  props: ParaProps;
}

/** Operand size of a sprm (by its spra bits); -1: variable, size in the next byte(s). */
function operandSize(sprm: number): number {
  switch (sprm >> 13) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default:
      return -1;
  }
}

function parseGrpprl(d: Uint8Array, start: number, end: number): ParaProps {
  const p: ParaProps = { inTable: false, ttp: false, depth: 0 };
  let o = start;
  while (o + 2 <= end) {
    const sprm = u16(d, o);
    o += 2;
    let size = operandSize(sprm);
    if (size < 0) {
      if (sprm === 0xd608 || sprm === 0xd606) {
        size = u16(d, o) - 1;
        o += 2;
      } else {
        size = d[o] ?? 0;
        o += 1;
      }
    }
    if (o + size > end) break;
    switch (sprm) {
      case 0x2416:
        p.inTable = d[o] !== 0;
        if (p.inTable && p.depth === 0) p.depth = 1;
        break;
      case 0x2417:
        p.ttp = d[o] !== 0;
        break;
      case 0x6649:
        p.depth = u32(d, o);
        break;
      case 0xd608: {
        // TDefTableOperand: itcMac, rgdxaCenter[itcMac + 1], rgTc80[itcMac] (20 bytes each).
        const n = d[o] ?? 0;
        const borders: number[] = [];
        for (let k = 0; k <= n; k++) borders.push(i16(d, o + 1 + k * 2));
        const vert: ('restart' | 'continue' | undefined)[] = [];
        const tcAt = o + 1 + (n + 1) * 2;
        for (let k = 0; k < n; k++) {
          const at = tcAt + k * 20;
          if (at + 2 > o + size) break;
          const grf = u16(d, at);
          vert.push(grf & 0x0020 ? (grf & 0x0040 ? 'restart' : 'continue') : undefined);
        }
        p.borders = borders;
        p.vert = vert;
        break;
      }
    }
    o += size;
  }
  return p;
}

function readRuns(word: Uint8Array, table: Uint8Array, fc: number, lcb: number): Run[] {
  const runs: Run[] = [];
  if (lcb < 4 || fc + lcb > table.length) return runs;
  const n = Math.floor((lcb - 4) / 8);
  if (n > word.length / 512 + 1) throw bad('more paragraph pages than the file holds', '段落属性页多于文件所能容纳');
  for (let i = 0; i < n; i++) {
    const pn = u32(table, fc + (n + 1) * 4 + i * 4) & 0x3fffff;
    const page = pn * 512;
    if (page + 512 > word.length) throw bad('a paragraph page lies outside the file', '段落属性页越界');
    const crun = word[page + 511]!;
    for (let k = 0; k < crun; k++) {
      const start = u32(word, page + k * 4);
      const endFc = u32(word, page + (k + 1) * 4);
      const bOff = word[page + (crun + 1) * 4 + k * 13]! * 2;
      let props: ParaProps = { inTable: false, ttp: false, depth: 0 };
      if (bOff > 0 && bOff < 511) {
        let at = page + bOff;
        let cb = word[at++]!;
        let size: number;
        if (cb === 0) {
          cb = word[at++]!;
          size = cb * 2;
        } else size = cb * 2 - 1;
        const end = Math.min(page + 511, at + size);
        props = parseGrpprl(word, at + 2, end); // after istd
      }
      runs.push({ fc: start, fcEnd: endFc, props });
    }
  }
  runs.sort((a, b) => a.fc - b.fc);
  return runs;
}

function propsAt(runs: Run[], fc: number): ParaProps | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid]!;
    if (fc < r.fc) hi = mid - 1;
    else if (fc >= r.fcEnd) lo = mid + 1;
    else return r.props;
  }
  return undefined;
}

/** Removes field instructions (\x13 … \x14) and marks; keeps field results; maps special characters. */
function cleanText(s: string): string {
  let out = '';
  let depth = 0;
  const inInstr: boolean[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c === 0x13) {
      depth++;
      inInstr.push(true);
      continue;
    }
    if (c === 0x14) {
      if (inInstr.length) inInstr[inInstr.length - 1] = false;
      continue;
    }
    if (c === 0x15) {
      if (depth > 0) depth--;
      inInstr.pop();
      continue;
    }
    if (inInstr.some(Boolean)) continue;
    if (c === 0x0b) out += '\n';
    else if (c === 0x09) out += '\t';
    else if (c === 0x1e) out += '-';
    else if (c === 0xa0) out += ' ';
    else if (c < 0x20 || c === 0x1f) continue;
    else out += ch;
  }
  return out.replace(/[ \t]+\n/g, '\n').trim();
}

export function isDoc(cfb: Cfb): boolean {
  return cfb.has('WordDocument');
}

export function readDoc(cfb: Cfb, file: string, limits: Limits): TablesRead {
  const word = cfb.stream('WordDocument');
  if (!word || word.length < 0x1aa) throw bad('no document stream', '找不到正文数据');
  if (u16(word, 0) !== 0xa5ec) throw bad('no Word signature', '缺少 Word 标识');
  const flags = u16(word, 0x0a);
  if (flags & 0x0100) {
    throw new FileReadError('unsupported-format', { zh: '文件已加密（设有密码），请取消密码后再导入。', en: 'The file is encrypted (password-protected); remove the password and import again.' });
  }
  if (u16(word, 2) < 0x00c1) {
    throw new FileReadError('unsupported-format', { zh: '这是 Word 97 之前的旧格式，请另存为 .docx 后导入。', en: 'This is a pre-Word 97 file; save it as .docx and import that.' });
  }
  const table = cfb.stream(flags & 0x0200 ? '1Table' : '0Table');
  if (!table) throw bad('no table stream', '找不到表格数据流');
  const ccpText = u32(word, 0x4c);
  const fcClx = u32(word, 0x1a2);
  const lcbClx = u32(word, 0x1a6);
  if (fcClx + lcbClx > table.length) throw bad('the piece table lies outside the file', '文本片段表越界');

  // CLX: skip Prc entries, then the piece table.
  let o = fcClx;
  const end = fcClx + lcbClx;
  while (o < end && table[o] === 0x01) o += 3 + u16(table, o + 1);
  if (table[o] !== 0x02) throw bad('no piece table', '缺少文本片段表');
  const lcb = u32(table, o + 1);
  const plc = o + 5;
  const n = Math.floor((lcb - 4) / 12);
  if (plc + lcb > table.length || n < 1) throw bad('the piece table is truncated', '文本片段表不完整');
  const pieces: Piece[] = [];
  for (let i = 0; i < n; i++) {
    const cp = u32(table, plc + i * 4);
    const cpEnd = u32(table, plc + (i + 1) * 4);
    const raw = u32(table, plc + (n + 1) * 4 + i * 8 + 2);
    const compressed = (raw & 0x40000000) !== 0;
    const fc = compressed ? (raw & 0x3fffffff) / 2 : raw & 0x3fffffff;
    if (cpEnd > cp) pieces.push({ cp, cpEnd, fc, compressed });
  }

  // The main text, character by character with each character's FC. Pieces never hold more
  // characters than the stream has bytes, which bounds the work on a hostile piece table.
  let total = 0;
  for (const p of pieces) if (p.cp < ccpText) total += Math.min(p.cpEnd, ccpText) - p.cp;
  if (total > word.length) throw bad('the text is longer than the file', '文本长于文件');
  const codes = new Uint16Array(total);
  const fcs = new Uint32Array(total);
  let at = 0;
  for (const p of pieces) {
    if (p.cp >= ccpText) break;
    const len = Math.min(p.cpEnd, ccpText) - p.cp;
    for (let k = 0; k < len; k++, at++) {
      if (p.compressed) {
        const b = word[p.fc + k];
        if (b === undefined) throw bad('a text piece lies outside the file', '文本片段越界');
        codes[at] = CP1252[b] ?? b;
        fcs[at] = p.fc + k;
      } else {
        const o = p.fc + k * 2;
        if (o + 2 > word.length) throw bad('a text piece lies outside the file', '文本片段越界');
        codes[at] = u16(word, o);
        fcs[at] = o;
      }
    }
  }
  const runs = readRuns(word, table, u32(word, 0x102), u32(word, 0x106));

  // Paragraphs: text up to \r (paragraph) or \x07 (cell / row end), with the end's properties.
  type Para = { text: string; end: string; props: ParaProps };
  const paras: Para[] = [];
  let from = 0;
  const slice = (a: number, b: number) => {
    let t = '';
    for (let i = a; i < b; i += 4096) t += String.fromCharCode(...codes.subarray(i, Math.min(b, i + 4096)));
    return t;
  };
  for (let i = 0; i < total; i++) {
    const c = codes[i]!;
    if (c === 13 || c === 7) {
      paras.push({ text: slice(from, i), end: c === 13 ? '\r' : '\x07', props: propsAt(runs, fcs[i]!) ?? { inTable: false, ttp: false, depth: 0 } });
      from = i + 1;
    }
  }
  if (from < total) paras.push({ text: slice(from, total), end: '\r', props: { inTable: false, ttp: false, depth: 0 } });

  // Tables: runs of in-table paragraphs; a cell ends at \x07 (depth 1), a row at its TTP.
  interface RawRow {
    cells: string[][];
    borders?: number[];
    vert?: ('restart' | 'continue' | undefined)[];
  }
  const tables: { rows: RawRow[]; before: string[] }[] = [];
  const body: string[] = [];
  let since: string[] = [];
  let cur: { rows: RawRow[]; before: string[] } | undefined;
  let row: RawRow = { cells: [] };
  let cell: string[] = [];
  for (const p of paras) {
    const text = cleanText(p.text);
    if (!p.props.inTable && p.props.depth < 1) {
      if (cur) {
        if (row.cells.length || cell.length) cur.rows.push({ ...row, cells: [...row.cells, ...(cell.length ? [cell] : [])] });
        cur = undefined;
        since = [];
        row = { cells: [] };
        cell = [];
      }
      if (text) {
        body.push(text);
        since.push(text);
      }
      continue;
    }
    if (!cur) {
      cur = { rows: [], before: since };
      tables.push(cur);
    }
    if (p.props.ttp && p.props.depth <= 1) {
      if (cell.length) row.cells.push(cell);
      if (p.props.borders) row.borders = p.props.borders;
      if (p.props.vert) row.vert = p.props.vert;
      cur.rows.push(row);
      row = { cells: [] };
      cell = [];
      continue;
    }
    if (text) cell.push(text);
    if (p.end === '\x07' && p.props.depth <= 1) {
      row.cells.push(cell);
      cell = [];
    }
  }
  if (cur && (row.cells.length || cell.length)) cur.rows.push({ ...row, cells: [...row.cells, ...(cell.length ? [cell] : [])] });

  const out: TablesRead = { grids: [], info: [], text: body, warnings: [] };
  tables.forEach((t, ti) => {
    // Columns: the union of all rows' cell borders (within 20 twips counts as the same border).
    const all: number[] = [];
    for (const r of t.rows) for (const x of r.borders ?? []) all.push(x);
    all.sort((a, b) => a - b);
    const edges: number[] = [];
    for (const x of all) if (!edges.length || x - edges[edges.length - 1]! > 20) edges.push(x);
    const colOf = (x: number) => {
      let lo = 0;
      let hi = edges.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edges[mid]! < x - 20) lo = mid + 1;
        else hi = mid;
      }
      return lo + 1;
    };
    const b = new GridBuilder(limits.maxCells);
    type M = { row: number; col: number; span: number; rowspan: number; text: string };
    const masters: M[] = [];
    let above = new Map<number, M>();
    t.rows.forEach((r, i) => {
      const here = new Map<number, M>();
      r.cells.forEach((c, k) => {
        const hasBorders = r.borders && r.borders.length > k + 1 && edges.length > 1;
        const col = hasBorders ? colOf(r.borders![k]!) : k + 1;
        const span = hasBorders ? Math.max(1, colOf(r.borders![k + 1]!) - col) : 1;
        const v = r.vert?.[k];
        const prev = v === 'continue' ? above.get(col) : undefined;
        if (prev) {
          prev.rowspan++;
          here.set(col, prev);
        } else {
          const m = { row: i + 1, col, span, rowspan: 1, text: c.join('\n') };
          masters.push(m);
          here.set(col, m);
        }
      });
      above = here;
    });
    for (const m of masters) if (!b.isTaken(m.row, m.col)) b.place(m.row, m.col, m.text, m.rowspan, m.span);
    const sheet = `表${ti + 1}`;
    out.grids.push(b.build({ file, sheet }));
    const info: GridInfo = { kind: 'table' };
    if (t.before.length) info.before = t.before;
    out.info.push(info);
    if (b.truncated) out.warnings.push(truncatedWarning(sheet, limits.maxCells));
  });
  return out;
}
