/**
 * .xls (Excel 97–2003, BIFF8; BIFF5 strings through the workbook's code page) → grids: every
 * worksheet a grid at Excel's row and column numbers, merged ranges recorded, cells shown with
 * their number formats (built-in and the workbook's own), shared strings across CONTINUE records,
 * formulas as their cached results. Charts, macros and encrypted workbooks are not read.
 */
import { Cfb } from './cfb.ts';
import { FileReadError } from './errors.ts';
import { GridBuilder } from './grid-builder.ts';
import { truncatedWarning, type TablesRead } from './html.ts';
import { formatGeneral, formatNumber } from './numfmt.ts';
import type { GridInfo, Limits } from './types.ts';

const bad = (en: string, zh: string) => new FileReadError('corrupt', { zh: `Excel 文件已损坏：${zh}`, en: `The Excel file is damaged: ${en}` });

/** Built-in number formats as a Chinese Excel shows them. */
const BUILTIN: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 5: '"¥"#,##0;"¥"-#,##0', 6: '"¥"#,##0;[Red]"¥"-#,##0',
  7: '"¥"#,##0.00;"¥"-#,##0.00', 8: '"¥"#,##0.00;[Red]"¥"-#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?',
  13: '# ??/??', 14: 'yyyy/m/d', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM',
  20: 'h:mm', 21: 'h:mm:ss', 22: 'yyyy/m/d h:mm', 27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"',
  30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mm:ss.0',
  48: '##0.0E+0', 49: '@', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
  54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
};

interface Rec {
  type: number;
  data: Uint8Array;
  /** CONTINUE records that follow, in order. */
  cont: Uint8Array[];
  pos: number;
}

function records(stream: Uint8Array, from: number, to = stream.length): Rec[] {
  const out: Rec[] = [];
  let p = from;
  while (p + 4 <= to) {
    const type = stream[p]! | (stream[p + 1]! << 8);
    const len = stream[p + 2]! | (stream[p + 3]! << 8);
    const data = stream.subarray(p + 4, Math.min(p + 4 + len, stream.length));
    if (type === 0x003c && out.length) out[out.length - 1]!.cont.push(data);
    else out.push({ type, data, cont: [], pos: p });
    p += 4 + len;
    if (type === 0x000a) break; // EOF of this substream
  }
  return out;
}

const u16 = (d: Uint8Array, o: number) => (o + 2 <= d.length ? d[o]! | (d[o + 1]! << 8) : 0);
const u32 = (d: Uint8Array, o: number) => (o + 4 <= d.length ? (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0 : 0);
const f64 = (d: Uint8Array, o: number) => (o + 8 <= d.length ? new DataView(d.buffer, d.byteOffset + o, 8).getFloat64(0, true) : NaN);

function rk(v: number): number {
  let n: number;
  if (v & 2) n = (v | 0) >> 2;
  else {
    const b = new DataView(new ArrayBuffer(8));
    b.setUint32(0, 0, true);
    b.setUint32(4, v & 0xfffffffc, true);
    n = b.getFloat64(0, true);
  }
  return v & 1 ? n / 100 : n;
}

/** Reads strings that may run over CONTINUE records (each continuation restarts with a flags byte). */
class Cursor {
  private seg = 0;
  private pos: number;
  constructor(
    private readonly segs: Uint8Array[],
    start: number,
    private readonly decoder: Decoder,
  ) {
    this.pos = start;
  }
  private cur(): Uint8Array | undefined {
    while (this.seg < this.segs.length && this.pos >= this.segs[this.seg]!.length) {
      this.seg++;
      this.pos = 0;
    }
    return this.segs[this.seg];
  }
  get done(): boolean {
    return this.cur() === undefined;
  }
  byte(): number {
    const s = this.cur();
    if (!s) throw bad('string past the end of its record', '字符串超出记录');
    return s[this.pos++]!;
  }
  u16(): number {
    return this.byte() | (this.byte() << 8);
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  skip(n: number): void {
    for (let left = n; left > 0; ) {
      const s = this.cur();
      if (!s) throw bad('string past the end of its record', '字符串超出记录');
      const k = Math.min(left, s.length - this.pos);
      this.pos += k;
      left -= k;
    }
  }
  /** `cch` characters, 8- or 16-bit as the flags say; a continuation brings its own flags byte. */
  chars(cch: number, high: boolean): string {
    let out = '';
    let left = cch;
    let wide = high;
    while (left > 0) {
      let s = this.segs[this.seg];
      if (!s) throw bad('string past the end of its record', '字符串超出记录');
      if (this.pos >= s.length) {
        this.seg++;
        this.pos = 0;
        s = this.segs[this.seg];
        if (!s || s.length === 0) throw bad('string past the end of its record', '字符串超出记录');
        wide = (s[this.pos++]! & 1) === 1;
        continue;
      }
      const per = wide ? 2 : 1;
      const n = Math.min(left, Math.floor((s.length - this.pos) / per));
      if (n <= 0) {
        this.pos = s.length;
        continue;
      }
      const bytes = s.subarray(this.pos, this.pos + n * per);
      out += wide ? utf16(bytes) : this.decoder.decode(bytes);
      this.pos += n * per;
      left -= n;
    }
    return out;
  }
}

interface Decoder {
  decode(b: Uint8Array): string;
}

/** BIFF8's 8-bit strings are UTF-16 code units with the high byte dropped (not windows-1252). */
const LATIN1: Decoder = {
  decode(b) {
    let s = '';
    for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
    return s;
  },
};

function utf16(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
  return s;
}

/** XLUnicodeRichExtendedString (SST entries). */
function sstString(c: Cursor): string {
  const cch = c.u16();
  const flags = c.byte();
  const runs = flags & 0x08 ? c.u16() : 0;
  const ext = flags & 0x04 ? c.u32() : 0;
  const s = c.chars(cch, (flags & 1) === 1);
  c.skip(runs * 4 + ext);
  return s;
}

/** XLUnicodeString (BIFF8: u16 count, flags, chars) or BIFF5 (u16 count, code-page bytes). */
function xlString(d: Uint8Array, o: number, biff8: boolean, dec: Decoder, shortCount = false): string {
  const cch = shortCount ? d[o] ?? 0 : u16(d, o);
  let p = o + (shortCount ? 1 : 2);
  if (!biff8) return dec.decode(d.subarray(p, Math.min(d.length, p + cch)));
  const flags = d[p++] ?? 0;
  if (flags & 0x08) p += 2;
  if (flags & 0x04) p += 4;
  return flags & 1 ? utf16(d.subarray(p, Math.min(d.length, p + cch * 2))) : dec.decode(d.subarray(p, Math.min(d.length, p + cch)));
}

function codePageDecoder(cp: number): Decoder {
  const label: Record<number, string> = { 936: 'gb18030', 950: 'big5', 1252: 'windows-1252', 65001: 'utf-8', 1200: 'utf-16le', 932: 'shift_jis', 949: 'euc-kr' };
  try {
    return label[cp] ? new TextDecoder(label[cp]) : LATIN1;
  } catch {
    return LATIN1;
  }
}

export function isXls(cfb: Cfb): boolean {
  return cfb.has('Workbook') || cfb.has('Book');
}

export function readXls(cfb: Cfb, file: string, limits: Limits): TablesRead {
  const stream = cfb.stream('Workbook') ?? cfb.stream('Book');
  if (!stream) throw bad('no workbook stream', '找不到工作簿数据');
  const globals = records(stream, 0);
  const bof = globals[0];
  if (!bof || (bof.type & 0xff) !== 0x09) throw bad('no BIFF header', '缺少 BIFF 文件头');
  const version = u16(bof.data, 0);
  const biff8 = version === 0x0600;
  if (!biff8 && version !== 0x0500) {
    throw new FileReadError('unsupported-format', {
      zh: '这是 Excel 5.0 之前的旧格式，请在 Excel 或 WPS 中另存为 .xlsx 后导入。',
      en: 'This is a pre-Excel 5.0 file; save it as .xlsx in Excel or WPS and import that.',
    });
  }
  let dec: Decoder = LATIN1;
  let date1904 = false;
  const formats = new Map<number, string>();
  const xfs: number[] = [];
  const sheets: { name: string; pos: number; hidden: boolean }[] = [];
  let sst: string[] = [];
  for (const r of globals) {
    const d = r.data;
    switch (r.type) {
      case 0x002f:
        throw new FileReadError('unsupported-format', { zh: '文件已加密（设有密码），请取消密码后再导入。', en: 'The file is encrypted (password-protected); remove the password and import again.' });
      case 0x0042:
        if (!biff8) dec = codePageDecoder(u16(d, 0));
        break;
      case 0x0022:
        date1904 = u16(d, 0) === 1;
        break;
      case 0x041e:
        formats.set(u16(d, 0), xlString(d, 2, biff8, dec, !biff8));
        break;
      case 0x00e0:
        xfs.push(u16(d, 2));
        break;
      case 0x0085:
        if (d[5] === 0) sheets.push({ name: xlString(d, 6, biff8, dec, true), pos: u32(d, 0), hidden: (d[4] ?? 0) !== 0 });
        break;
      case 0x00fc: {
        const total = u32(d, 4);
        const c = new Cursor([d, ...r.cont], 8, dec);
        sst = [];
        for (let i = 0; i < total && !c.done; i++) sst.push(sstString(c));
        break;
      }
    }
  }

  const show = (value: number, xf: number): string => {
    const ifmt = xfs[xf] ?? 0;
    const fmt = formats.get(ifmt) ?? BUILTIN[ifmt] ?? 'General';
    const v = date1904 && fmt !== 'General' ? value + 1462 : value;
    return fmt === 'General' ? formatGeneral(value) : formatNumber(v, fmt);
  };

  const out: TablesRead = { grids: [], info: [], text: [], warnings: [] };
  // Substreams do not overlap: each sheet is read up to the next one, so the whole stream is read
  // at most once however many sheets the workbook claims.
  if (sheets.length > 10_000) {
    throw new FileReadError('too-complex', { zh: `工作簿有 ${sheets.length} 个工作表，无法读取。`, en: `The workbook has ${sheets.length} sheets, too many to read.` });
  }
  const starts = [...new Set(sheets.map((s) => s.pos))].sort((a, b) => a - b);
  if (starts.length !== sheets.length) throw bad('two sheets share one place', '两个工作表位置相同');
  const nextOf = new Map(starts.map((p, i) => [p, starts[i + 1] ?? stream.length]));
  for (const sh of sheets) {
    if (sh.pos >= stream.length) throw bad('a sheet lies outside the file', '工作表位置越界');
    const recs = records(stream, sh.pos, nextOf.get(sh.pos));
    const b = new GridBuilder(limits.maxCells);
    const cells = new Map<number, string>();
    const merges: { top: number; left: number; bottom: number; right: number }[] = [];
    const put = (row: number, col: number, text: string) => {
      const t = text.replace(/\r\n?/g, '\n').trim();
      if (t) cells.set((row + 1) * 65536 + col + 1, t);
    };
    let pendingString: { row: number; col: number } | undefined;
    for (const r of recs) {
      const d = r.data;
      const row = u16(d, 0);
      const col = u16(d, 2);
      const xf = u16(d, 4);
      switch (r.type) {
        case 0x00fd:
          put(row, col, sst[u32(d, 6)] ?? '');
          break;
        case 0x0204:
        case 0x00d6:
          put(row, col, xlString(d, 6, biff8, dec));
          break;
        case 0x0203:
          put(row, col, show(f64(d, 6), xf));
          break;
        case 0x027e:
          put(row, col, show(rk(u32(d, 6)), xf));
          break;
        case 0x00bd: {
          const last = u16(d, d.length - 2);
          for (let c = col, p = 4; c <= last && p + 6 <= d.length - 2; c++, p += 6) put(row, c, show(rk(u32(d, p + 2)), u16(d, p)));
          break;
        }
        case 0x0205:
          put(row, col, d[7] ? '' : d[6] ? 'TRUE' : 'FALSE');
          break;
        case 0x0006: {
          pendingString = undefined;
          if (u16(d, 12) === 0xffff) {
            const kind = d[6];
            if (kind === 0) pendingString = { row, col };
            else if (kind === 1) put(row, col, d[8] ? 'TRUE' : 'FALSE');
          } else put(row, col, show(f64(d, 6), xf));
          break;
        }
        case 0x0207:
          if (pendingString) put(pendingString.row, pendingString.col, xlString(d, 0, biff8, dec));
          pendingString = undefined;
          break;
        case 0x00e5: {
          const n = u16(d, 0);
          for (let i = 0, p = 2; i < n && p + 8 <= d.length; i++, p += 8) {
            const top = u16(d, p) + 1;
            const bottom = u16(d, p + 2) + 1;
            const left = u16(d, p + 4) + 1;
            const right = u16(d, p + 6) + 1;
            if (bottom >= top && right >= left) merges.push({ top, left, bottom, right });
          }
          break;
        }
      }
    }
    for (const m of merges) b.place(m.top, m.left, cells.get(m.top * 65536 + m.left) ?? '', m.bottom - m.top + 1, m.right - m.left + 1);
    for (const [k, text] of cells) {
      const r = Math.floor(k / 65536);
      const c = k % 65536;
      if (!b.isTaken(r, c)) b.place(r, c, text);
    }
    out.grids.push(b.build({ file, sheet: sh.name }));
    const info: GridInfo = { kind: 'sheet' };
    if (sh.hidden) info.hidden = true;
    out.info.push(info);
    if (b.truncated) out.warnings.push(truncatedWarning(sh.name, limits.maxCells));
  }
  return out;
}
