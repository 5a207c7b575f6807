/**
 * Compound File Binary (OLE2) — the container of .xls/.doc — just enough to list its streams and
 * read one. Every chain is followed with a step limit, every offset bounds-checked, so a damaged
 * or hostile file ends in a FileReadError, never a loop.
 */
import { FileReadError } from './errors.ts';

export const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;

const bad = (en: string, zh: string) => new FileReadError('corrupt', { zh: `文件已损坏：${zh}`, en: `The file is damaged: ${en}` });

export interface CfbEntry {
  name: string;
  type: number;
  start: number;
  size: number;
}

export class Cfb {
  private readonly sectorSize: number;
  private readonly miniSectorSize: number;
  private readonly miniCutoff: number;
  private readonly fat: Uint32Array;
  private readonly miniFat: Uint32Array;
  readonly entries: CfbEntry[];
  private miniStream?: Uint8Array;
  private readonly dv: DataView;

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length < 512) throw bad('the OLE header is truncated', 'OLE 文件头不完整');
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shift = this.u16(0x1e);
    const miniShift = this.u16(0x20);
    if (shift !== 9 && shift !== 12) throw bad('unsupported sector size', '扇区大小无效');
    if (miniShift !== 6) throw bad('unsupported mini sector size', '小扇区大小无效');
    this.sectorSize = 1 << shift;
    this.miniSectorSize = 1 << miniShift;
    this.miniCutoff = this.u32(0x38) || 4096;
    const maxSectors = Math.ceil(bytes.length / this.sectorSize) + 1;

    // FAT sectors: 109 in the header, then the DIFAT chain.
    const fatSectors: number[] = [];
    const nFat = this.u32(0x2c);
    if (nFat > maxSectors) throw bad('FAT larger than the file', 'FAT 大于文件');
    for (let i = 0; i < 109 && fatSectors.length < nFat; i++) fatSectors.push(this.u32(0x4c + i * 4));
    let difat = this.u32(0x44);
    let guard = 0;
    const per = this.sectorSize / 4 - 1;
    while (fatSectors.length < nFat && difat !== ENDOFCHAIN && difat !== FREESECT) {
      if (++guard > maxSectors) throw bad('DIFAT chain loops', 'DIFAT 链循环');
      const off = this.offset(difat);
      for (let i = 0; i < per && fatSectors.length < nFat; i++) fatSectors.push(this.u32(off + i * 4));
      difat = this.u32(off + per * 4);
    }
    const fat = new Uint32Array(fatSectors.length * (this.sectorSize / 4));
    fatSectors.forEach((s, k) => {
      const off = this.offset(s);
      for (let i = 0; i < this.sectorSize / 4; i++) fat[k * (this.sectorSize / 4) + i] = this.u32(off + i * 4);
    });
    this.fat = fat;

    const dir = this.chain(this.u32(0x30), this.fat, Infinity, false);
    this.entries = [];
    for (let p = 0; p + 128 <= dir.length; p += 128) {
      const nameLen = Math.min(64, dir[p + 0x40]! | (dir[p + 0x41]! << 8));
      let name = '';
      for (let i = 0; i + 1 < nameLen - 1; i += 2) name += String.fromCharCode(dir[p + i]! | (dir[p + i + 1]! << 8));
      const ddv = new DataView(dir.buffer, dir.byteOffset + p, 128);
      this.entries.push({ name, type: dir[p + 0x42]!, start: ddv.getUint32(0x74, true), size: ddv.getUint32(0x78, true) });
    }
    const root = this.entries.find((e) => e.type === 5);
    const miniFatStart = this.u32(0x3c);
    this.miniFat = new Uint32Array(0);
    if (root && miniFatStart !== ENDOFCHAIN && miniFatStart !== FREESECT) {
      const mf = this.chain(miniFatStart, this.fat, Infinity, false);
      this.miniFat = new Uint32Array(mf.buffer.slice(mf.byteOffset, mf.byteOffset + (mf.length & ~3)));
    }
    if (root) this.miniStream = this.chain(root.start, this.fat, root.size, false);
  }

  private u16(o: number): number {
    if (o + 2 > this.bytes.length) throw bad('unexpected end of file', '意外结束');
    return this.dv.getUint16(o, true);
  }
  private u32(o: number): number {
    if (o + 4 > this.bytes.length) throw bad('unexpected end of file', '意外结束');
    return this.dv.getUint32(o, true);
  }
  private offset(sector: number): number {
    const o = (sector + 1) * this.sectorSize;
    if (o + this.sectorSize > this.bytes.length + this.sectorSize) throw bad('sector out of range', '扇区越界');
    return o;
  }

  /** Follows a chain in the FAT (or the mini FAT), reading at most `size` bytes. */
  private chain(start: number, fat: Uint32Array, size: number, mini: boolean): Uint8Array {
    const unit = mini ? this.miniSectorSize : this.sectorSize;
    const parts: Uint8Array[] = [];
    let total = 0;
    let s = start;
    let steps = 0;
    // A chain cannot be longer than the sectors there are.
    const maxSteps = (mini ? (this.miniStream?.length ?? 0) / unit : this.bytes.length / unit) + 1;
    while (s !== ENDOFCHAIN && total < size) {
      if (s === FREESECT || s >= fat.length || ++steps > maxSteps) {
        if (Number.isFinite(size)) throw bad('broken sector chain', '扇区链断裂');
        break;
      }
      let chunk: Uint8Array;
      if (mini) {
        const o = s * unit;
        if (!this.miniStream || o + unit > this.miniStream.length + unit) throw bad('mini sector out of range', '小扇区越界');
        chunk = this.miniStream.subarray(o, o + unit);
      } else {
        const o = this.offset(s);
        chunk = this.bytes.subarray(o, Math.min(o + unit, this.bytes.length));
      }
      parts.push(chunk);
      total += chunk.length;
      s = fat[s]!;
    }
    const n = Number.isFinite(size) ? Math.min(size, total) : total;
    if (Number.isFinite(size) && total < size) throw bad('stream shorter than its directory entry', '数据流短于目录所记');
    const out = new Uint8Array(n);
    let p = 0;
    for (const c of parts) {
      if (p >= n) break;
      out.set(c.subarray(0, n - p), p);
      p += c.length;
    }
    return out;
  }

  /** A stream by name (case-insensitive), or undefined. */
  stream(name: string): Uint8Array | undefined {
    const e = this.entries.find((x) => x.type === 2 && x.name.toLowerCase() === name.toLowerCase());
    if (!e) return undefined;
    if (e.size > this.bytes.length * 2 + 4096) throw bad('stream larger than the file', '数据流大于文件');
    if (e.size < this.miniCutoff) return this.chain(e.start, this.miniFat, e.size, true);
    return this.chain(e.start, this.fat, e.size, false);
  }

  has(name: string): boolean {
    return this.entries.some((x) => x.name.toLowerCase() === name.toLowerCase());
  }
}
