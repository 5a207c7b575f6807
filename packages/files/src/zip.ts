/**
 * A guarded zip reader. It trusts nothing in the headers: it checks the entry count and the
 * declared sizes, then inflates every entry it is asked to look at while counting the bytes that
 * come out, and stops as soon as an entry inflates past its declared size or the archive past
 * `maxUnzippedBytes` — so a zip bomb costs at most that much memory and time.
 */
import { Inflate, inflateSync } from 'fflate';
import { FileReadError, mib } from './errors.ts';
import type { Limits } from './types.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type EntryAction = 'keep' | 'verify' | 'skip';

export interface ZipScan {
  entries: ZipEntry[];
  /** Inflated contents of the entries marked 'keep'. */
  data: Map<string, Uint8Array>;
  /** Bytes inflated in all. */
  inflated: number;
}

const corrupt = (zh: string, en: string, cause?: unknown) =>
  new FileReadError('corrupt', { zh: `压缩包已损坏：${zh}`, en: `The archive is damaged: ${en}` }, { cause });

const bomb = (zh: string, en: string) =>
  new FileReadError('zip-bomb', { zh: `拒绝读取：${zh}（疑似压缩炸弹）。`, en: `Refused: ${en} (looks like a zip bomb).` });

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function u16(b: Uint8Array, o: number): number {
  if (o + 2 > b.length) throw corrupt('意外结束', 'unexpected end of data');
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  if (o + 4 > b.length) throw corrupt('意外结束', 'unexpected end of data');
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  return hi * 2 ** 32 + lo;
}

/** Lists the central directory (no inflating). */
export function listZip(bytes: Uint8Array, limits: Limits): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('找不到目录', 'no central directory found');
  let count = u16(bytes, eocd + 10);
  let cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    // Zip64: the locator sits just before the classic end record.
    const loc = eocd - 20;
    if (loc < 0 || u32(bytes, loc) !== 0x07064b50) throw corrupt('Zip64 目录无效', 'invalid Zip64 directory');
    const z = u64(bytes, loc + 8);
    if (z > bytes.length - 56 || u32(bytes, z) !== 0x06064b50) throw corrupt('Zip64 目录无效', 'invalid Zip64 directory');
    count = u64(bytes, z + 32);
    cdOffset = u64(bytes, z + 48);
  }
  if (count > limits.maxZipEntries) {
    throw bomb(`压缩包内有 ${count} 个文件，上限为 ${limits.maxZipEntries}`, `the archive holds ${count} entries, the limit is ${limits.maxZipEntries}`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (u32(bytes, p) !== 0x02014b50) throw corrupt('目录项无效', 'invalid directory entry');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    let compressedSize = u32(bytes, p + 20);
    let size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    let localOffset = u32(bytes, p + 42);
    if (p + 46 + nameLen > bytes.length) throw corrupt('意外结束', 'unexpected end of data');
    const name = new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // Zip64 extra field (id 1): the values that overflowed, in this order.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = u16(bytes, e);
        const len = u16(bytes, e + 2);
        if (id === 1) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = u64(bytes, q);
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(bytes, q);
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(bytes, q);
          break;
        }
        e += 4 + len;
      }
    }
    if (flags & 1) {
      throw new FileReadError('unsupported-format', { zh: '文件已加密（设有密码），请取消密码后再导入。', en: 'The file is encrypted (password-protected); remove the password and import again.' });
    }
    declared += size;
    if (declared > limits.maxUnzippedBytes) {
      throw bomb(`解压后将超过 ${mib(limits.maxUnzippedBytes)}`, `it would inflate to more than ${mib(limits.maxUnzippedBytes)}`);
    }
    entries.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Reads the compressed bytes of an entry (via its local header). */
function rawData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const o = e.localOffset;
  if (u32(bytes, o) !== 0x04034b50) throw corrupt(`“${e.name}”的文件头无效`, `invalid local header for "${e.name}"`);
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw corrupt(`“${e.name}”的数据不完整`, `the data of "${e.name}" is truncated`);
  return bytes.subarray(start, end);
}

class Stop extends Error {}

/** Entries whose compressed data is at most this big are inflated in one call. */
const SMALL = 64 * 1024;

/**
 * Inflates one entry, never producing more than min(declared size, budget) bytes.
 * `keep` false: only counts (the bytes are verified and dropped).
 */
function inflateEntry(bytes: Uint8Array, e: ZipEntry, budget: number, keep: boolean): { out?: Uint8Array; n: number } {
  const raw = rawData(bytes, e);
  if (e.method === 0) {
    if (raw.length !== e.size) throw corrupt(`“${e.name}”的大小与目录不符`, `the size of "${e.name}" does not match the directory`);
    return keep ? { out: raw, n: raw.length } : { n: raw.length };
  }
  if (e.method !== 8) {
    throw new FileReadError('unsupported-format', { zh: `压缩包使用了不支持的压缩方式（${e.method}）。`, en: `The archive uses an unsupported compression method (${e.method}).` });
  }
  const cap = Math.min(e.size, budget);
  if (raw.length <= SMALL) {
    // Small entries in one call, into a buffer one byte longer than declared (fflate never grows a
    // given buffer): filling it means the entry inflates past its header. Deflate expands at most
    // 1032:1, so the work is bounded too.
    let out: Uint8Array;
    try {
      out = inflateSync(raw, { out: new Uint8Array(cap + 1) });
    } catch (err) {
      throw corrupt(`无法解压“${e.name}”`, `cannot inflate "${e.name}"`, err);
    }
    if (out.length > cap && cap < e.size) throw bomb(`解压后超过 ${mib(budget)}`, `it inflates to more than ${mib(budget)}`);
    if (out.length > e.size) throw bomb(`“${e.name}”解压后超过其声明的大小`, `"${e.name}" inflates past the size its header declares`);
    if (out.length !== e.size) throw corrupt(`“${e.name}”的大小与目录不符`, `the size of "${e.name}" does not match the directory`);
    return keep ? { out, n: out.length } : { n: out.length };
  }
  const chunks: Uint8Array[] = [];
  let n = 0;
  let overflow = false;
  const inf = new Inflate((chunk) => {
    n += chunk.length;
    if (n > cap) {
      overflow = true;
      throw new Stop();
    }
    if (keep) chunks.push(chunk);
  });
  const STEP = 16 * 1024;
  try {
    if (raw.length === 0) inf.push(new Uint8Array(0), true);
    for (let i = 0; i < raw.length; i += STEP) inf.push(raw.subarray(i, i + STEP), i + STEP >= raw.length);
  } catch (err) {
    if (!overflow) throw corrupt(`无法解压“${e.name}”`, `cannot inflate "${e.name}"`, err);
  }
  if (overflow) {
    if (n > budget) throw bomb(`解压后超过 ${mib(budget)}`, `it inflates to more than ${mib(budget)}`);
    throw bomb(`“${e.name}”解压后超过其声明的大小`, `"${e.name}" inflates past the size its header declares`);
  }
  if (n !== e.size) throw corrupt(`“${e.name}”的大小与目录不符`, `the size of "${e.name}" does not match the directory`);
  if (!keep) return { n };
  if (chunks.length === 1) return { out: chunks[0]!, n };
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return { out, n };
}

export function scanZip(bytes: Uint8Array, limits: Limits, action: (name: string) => EntryAction): ZipScan {
  const entries = listZip(bytes, limits);
  const data = new Map<string, Uint8Array>();
  let inflated = 0;
  for (const e of entries) {
    const a = action(e.name);
    if (a === 'skip' || e.name.endsWith('/')) continue;
    const r = inflateEntry(bytes, e, limits.maxUnzippedBytes - inflated, a === 'keep');
    inflated += r.n;
    if (r.out) data.set(e.name, r.out);
  }
  if (inflated > 10 * 1024 * 1024 && inflated / Math.max(1, bytes.length) > limits.maxZipRatio) {
    throw bomb(`压缩比为 ${Math.round(inflated / bytes.length)}:1，上限为 ${limits.maxZipRatio}:1`, `the compression ratio is ${Math.round(inflated / bytes.length)}:1, the limit is ${limits.maxZipRatio}:1`);
  }
  return { entries, data, inflated };
}
