/**
 * Bytes → text. Order: a byte-order mark (UTF-8, UTF-16LE/BE); UTF-16 without a mark (many zero
 * bytes at odd or even positions); valid UTF-8; a charset the HTML declares; else GB18030 (a
 * superset of GBK and GB2312, which is what Chinese Windows tools write).
 */

export interface Decoded {
  text: string;
  encoding: string;
}

function tryDecode(bytes: Uint8Array, label: string, fatal: boolean): string | undefined {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function looksUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.3 && evenZero < half * 0.05) return 'utf-16le';
  if (evenZero > half * 0.3 && oddZero < half * 0.05) return 'utf-16be';
  return undefined;
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  // Only ASCII matters for the <meta> declaration; latin1 never fails.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

export function decodeText(bytes: Uint8Array, forced?: string): Decoded {
  if (forced) {
    const t = tryDecode(bytes, forced, false);
    if (t !== undefined) return { text: t.replace(/^\uFEFF/, ''), encoding: forced };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: tryDecode(bytes.subarray(3), 'utf-8', false) ?? '', encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: tryDecode(bytes.subarray(2), 'utf-16le', false) ?? '', encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: tryDecode(bytes.subarray(2), 'utf-16be', false) ?? '', encoding: 'utf-16be' };
  const u16 = looksUtf16(bytes);
  if (u16) return { text: tryDecode(bytes, u16, false) ?? '', encoding: u16 };
  const utf8 = tryDecode(bytes, 'utf-8', true);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const declared = declaredCharset(bytes);
  if (declared && !/^utf-?8$/.test(declared)) {
    const label = /^(gb2312|gbk|x-gbk|gb_2312-80|cp936|gb18030)$/.test(declared) ? 'gb18030' : declared;
    const t = tryDecode(bytes, label, false);
    if (t !== undefined) return { text: t, encoding: label };
  }
  return { text: tryDecode(bytes, 'gb18030', false) ?? tryDecode(bytes, 'latin1', false) ?? '', encoding: 'gb18030' };
}

/** Share of characters that no text file has (NUL, C0 controls other than tab/CR/LF/FF, U+FFFD). */
export function binaryShare(text: string): number {
  const n = Math.min(text.length, 65536);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad / n;
}
