/**
 * A file embedded in a PDF (an "attachment", PDF 1.7 §7.11.4; the way Factur-X/ZUGFeRD invoices
 * carry their data): our PDFs carry the tables they show as exchange JSON, so that the importer
 * reads a PDF we made back to exactly the same data — text copied out of a PDF loses the cell
 * boundaries of wrapped text, the attachment does not.
 *
 * Written as an incremental update (new objects, a new catalog, an xref section pointing back to
 * the previous one) so the bytes Chromium printed stay untouched. Read back by following the
 * catalog's /Names /EmbeddedFiles tree to the named file's stream. Both sides handle the classic
 * cross-reference tables Chromium writes; a PDF with only xref streams is refused on writing and
 * simply has no attachment on reading.
 */
import { Unzlib, zlibSync } from 'fflate';

export interface PdfAttachment {
  /** File name inside the PDF, ASCII (e.g. jixiao-exchange.json). */
  name: string;
  /** MIME type, e.g. application/json. */
  mimeType: string;
  data: Uint8Array;
  /** What the file is, shown by PDF readers in their attachments panel. */
  description?: string;
}

export class PdfAttachmentError extends Error {}

const latin1 = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** A PDF literal string of ASCII text (names and descriptions we write ourselves). */
function pdfString(s: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new PdfAttachmentError(`not ASCII: ${s}`);
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A PDF name for a MIME type: `application/json` → `/application#2Fjson`. */
const pdfName = (s: string) => `/${s.replace(/[^A-Za-z0-9.\-_]/g, (c) => `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}`;

interface Trailer {
  size: number;
  root: number;
  info?: string;
  /** Byte offset of the last cross-reference section. */
  startxref: number;
}

function lastTrailer(text: string): Trailer {
  const sx = text.lastIndexOf('startxref');
  const t = text.lastIndexOf('trailer');
  if (sx < 0 || t < 0 || t > sx) throw new PdfAttachmentError('no classic trailer (cross-reference streams are not supported)');
  const dict = text.slice(t, sx);
  const size = /\/Size\s+(\d+)/.exec(dict);
  const root = /\/Root\s+(\d+)\s+0\s+R/.exec(dict);
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(dict);
  const start = /startxref\s+(\d+)/.exec(text.slice(sx));
  if (!size || !root || !start) throw new PdfAttachmentError('trailer without /Size, /Root or startxref');
  return { size: Number(size[1]), root: Number(root[1]), ...(info ? { info: info[1]! } : {}), startxref: Number(start[1]) };
}

/** The text of the last definition of object `n` (between `n 0 obj` and `endobj`). */
function objectText(text: string, n: number): string | undefined {
  const re = new RegExp(`(?:^|[\\r\\n\\s])${n}\\s+0\\s+obj\\b`, 'g');
  let at = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) at = m.index + m[0].length;
  if (at < 0) return undefined;
  const end = text.indexOf('endobj', at);
  return end < 0 ? undefined : text.slice(at, end).trim();
}

/** Returns the PDF with `file` embedded (an incremental update; the original bytes come first, unchanged). */
export function attachToPdf(pdf: Uint8Array, file: PdfAttachment): Uint8Array {
  const text = latin1(pdf);
  if (!text.startsWith('%PDF-')) throw new PdfAttachmentError('not a PDF');
  const tr = lastTrailer(text);
  const catalog = objectText(text, tr.root);
  if (!catalog || !catalog.startsWith('<<') || !catalog.endsWith('>>')) throw new PdfAttachmentError('catalog not found');
  if (/\/Names\b|\/AF\b/.test(catalog)) throw new PdfAttachmentError('the catalog already has a name tree or associated files');

  // /FlateDecode is the zlib format (RFC 1950: header and Adler-32 around the deflate data).
  const packed = zlibSync(file.data, { level: 6 });
  const stream = tr.size;
  const spec = tr.size + 1;
  const name = pdfString(file.name);
  const parts: Array<string | Uint8Array> = [];
  const offsets = new Map<number, number>();
  let at = pdf.length;
  const push = (x: string | Uint8Array) => {
    parts.push(x);
    at += x.length; // strings here are ASCII: one byte a character
  };
  push('\n');
  offsets.set(stream, at);
  push(`${stream} 0 obj\n<</Type /EmbeddedFile /Subtype ${pdfName(file.mimeType)} /Params <</Size ${file.data.length}>> /Filter /FlateDecode /Length ${packed.length}>> stream\n`);
  push(packed);
  push('\nendstream\nendobj\n');
  offsets.set(spec, at);
  const desc = file.description ? ` /Desc ${pdfString(file.description)}` : '';
  push(`${spec} 0 obj\n<</Type /Filespec /F ${name} /UF ${name} /AFRelationship /Data${desc} /EF <</F ${stream} 0 R /UF ${stream} 0 R>>>>\nendobj\n`);
  offsets.set(tr.root, at);
  push(`${tr.root} 0 obj\n${catalog.slice(0, -2)}\n/Names <</EmbeddedFiles <</Names [${name} ${spec} 0 R]>>>>\n/AF [${spec} 0 R]>>\nendobj\n`);
  const xref = at;
  const entry = (n: number) => `${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`;
  push(`xref\n0 1\n0000000000 65535 f \n${tr.root} 1\n${entry(tr.root)}${stream} 2\n${entry(stream)}${entry(spec)}`);
  push(`trailer\n<</Size ${spec + 1} /Root ${tr.root} 0 R${tr.info ? ` /Info ${tr.info}` : ''} /Prev ${tr.startxref}>>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(at);
  out.set(pdf, 0);
  let pos = pdf.length;
  for (const p of parts) {
    const b = typeof p === 'string' ? bytesOf(p) : p;
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

/** Is this a PDF (by its signature)? */
export const isPdf = (bytes: Uint8Array) => bytes.length >= 5 && latin1(bytes.subarray(0, 5)) === '%PDF-';

/**
 * The embedded file called `name` (a /FlateDecode stream, as attachToPdf writes it), or undefined when the PDF has none (a PDF we did not make, or
 * one saved again by a program that dropped it). Throws PdfAttachmentError when the file is there
 * but damaged, or inflates past `maxBytes`.
 */
export function readPdfAttachment(pdf: Uint8Array, name: string, maxBytes = 200 * 1024 * 1024): Uint8Array | undefined {
  if (!isPdf(pdf)) return undefined;
  const text = latin1(pdf);
  let root: number;
  try {
    root = lastTrailer(text).root;
  } catch {
    return undefined;
  }
  const catalog = objectText(text, root) ?? '';
  // The name tree is written inline by attachToPdf: /Names [(name) spec 0 R …].
  const tree = /\/EmbeddedFiles\s*<<\s*\/Names\s*\[([^\]]*)\]/.exec(catalog);
  if (!tree) return undefined;
  const entries = [...tree[1]!.matchAll(/\(((?:\\.|[^\\)])*)\)\s*(\d+)\s+0\s+R/g)];
  const hit = entries.find((m) => m[1]!.replace(/\\(.)/g, '$1') === name);
  if (!hit) return undefined;
  const spec = objectText(text, Number(hit[2])) ?? '';
  const ef = /\/EF\s*<<[^>]*\/F\s+(\d+)\s+0\s+R/.exec(spec);
  if (!ef) throw new PdfAttachmentError(`file specification of ${name} has no embedded stream`);
  const streamNo = Number(ef[1]);
  const re = new RegExp(`(?:^|[\\r\\n\\s])${streamNo}\\s+0\\s+obj\\b`, 'g');
  let start = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) start = m.index + m[0].length;
  if (start < 0) throw new PdfAttachmentError(`embedded stream of ${name} is missing`);
  const head = /^\s*<<([\s\S]*?)>>\s*stream\r?\n/.exec(text.slice(start, start + 4096));
  if (!head) throw new PdfAttachmentError(`embedded stream of ${name} is damaged`);
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(head[1]!);
  if (!length) throw new PdfAttachmentError(`embedded stream of ${name} has no length`);
  const from = start + head[0].length;
  const raw = pdf.subarray(from, from + Number(length[1]));
  if (raw.length !== Number(length[1])) throw new PdfAttachmentError(`embedded stream of ${name} is cut short`);
  const size = /\/Params\s*<<[^>]*\/Size\s+(\d+)/.exec(head[1]!);
  // Only what attachToPdf writes is read: /FlateDecode, whose zlib checksum vouches for the bytes.
  // A stream stored as is has nothing to tell damage from data.
  const filter = /\/Filter\s*(\/[^\s/<>[\]]*)/.exec(head[1]!)?.[1];
  if (filter !== '/FlateDecode') throw new PdfAttachmentError(`embedded stream of ${name} is ${filter ? `encoded ${filter}` : 'not compressed'}, not as Jixiao writes it`);
  const out = inflateCapped(raw, maxBytes, name);
  // fflate does not check zlib's Adler-32; a damaged stream must not pass as data.
  const want = raw.length >= 4 ? ((raw[raw.length - 4]! << 24) | (raw[raw.length - 3]! << 16) | (raw[raw.length - 2]! << 8) | raw[raw.length - 1]!) >>> 0 : -1;
  if (adler32(out) !== want) throw new PdfAttachmentError(`embedded stream of ${name} fails its checksum`);
  if (size && Number(size[1]) !== out.length) throw new PdfAttachmentError(`embedded file ${name} is ${out.length} bytes, not the ${size[1]} it declares`);
  return out;
}

/** zlib's Adler-32 (RFC 1950 §8). */
function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; ) {
    const end = Math.min(b.length, i + 5552); // the largest run whose sums cannot overflow before the modulo
    for (; i < end; i++) {
      a += b[i]!;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/** Inflates in steps, stopping as soon as the output passes `max` (a small stream can inflate 1000-fold). */
function inflateCapped(raw: Uint8Array, max: number, name: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let n = 0;
  const inf = new Unzlib((chunk) => {
    n += chunk.length;
    if (n > max) throw new PdfAttachmentError(`embedded file ${name} inflates past ${max} bytes`);
    chunks.push(chunk);
  });
  try {
    const STEP = 16 * 1024;
    if (raw.length === 0) inf.push(raw, true);
    for (let i = 0; i < raw.length; i += STEP) inf.push(raw.subarray(i, i + STEP), i + STEP >= raw.length);
  } catch (e) {
    if (e instanceof PdfAttachmentError) throw e;
    throw new PdfAttachmentError(`embedded stream of ${name} does not inflate: ${(e as Error).message}`);
  }
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
