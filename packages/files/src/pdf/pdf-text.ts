/**
 * Text as a PDF's text layer gives it, made to read as the table was typed. A CJK font draws
 * 门 and the radical ⻔ with one glyph, and the PDF's ToUnicode map (Chromium's, LibreOffice's,
 * Word's) often names the radical: pdftotext and pdf.js then give 部⻔, ⽬标, ⼈数. Radicals
 * are turned back into the ideographs they look like — Kangxi radicals (U+2F00–U+2FD5) by their
 * compatibility decomposition, the CJK Radicals Supplement (U+2E81–U+2EF3) by Unicode's
 * EquivalentUnifiedIdeograph.txt (⼾ as 户, the form of the simplified-Chinese fonts that map it).
 * Nothing else is normalised: full-width ％ and ≥ stay as typed.
 */

/** EquivalentUnifiedIdeograph.txt for U+2E81…U+2EF3, in order (0: no equivalent, U+2E9A). */
const SUPPLEMENT = `5382 4E5B 4E5A 4E59 4EBB 5182 20628 5200 5202 535C 353E 5C0F 5C0F 5140 5C23 5C22 21BC2 5DF3 5E7A
5F51 5F50 5FC4 5FC3 624C 6535 0 65E1 65E5 6708 6B7A 6BCD 6C11 6C35 6C3A 706C 722B 722B 4E2C 725B
72AD 738B 24D14 76EE 793A 793B 25AD7 7CF9 7E9F 7F53 7F52 34C1 5197 2626B 7F8A 2634C 2634B 8002
8080 807F 8089 26951 8279 8279 8279 864E 8864 8980 897F 89C1 89D2 278B2 8BA0 8D1D 27FB7 8F66
8FB6 8FB6 8FB6 9091 9485 9577 9578 957F 95E8 28E0F 961D 96E8 9752 97E6 9875 98CE 98DE 98DF 2967F
98E0 9963 29810 9A6C 9AA8 9B3C 9C7C 9E1F 5364 9EA6 9EC4 9EFE 6589 9F50 6B6F 9F7F 7ADC 9F99 9F9C
4E80 9F9F`
  .split(/\s+/)
  .map((h) => parseInt(h, 16));

const RADICAL = /[\u2e81-\u2ef3\u2f00-\u2fd5]/gu;

/** Radicals → ideographs, soft hyphens and zero-width characters dropped; everything else as given. */
export function tidyPdfText(s: string): string {
  return s.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(RADICAL, (ch) => {
    const cp = ch.codePointAt(0)!;
    // ⼾ decomposes to the traditional 戶, but in the Chinese mainland fonts that share its glyph it is 户.
    if (cp === 0x2f3e) return '户';
    if (cp >= 0x2f00) return ch.normalize('NFKC');
    const to = SUPPLEMENT[cp - 0x2e81] ?? 0;
    return to ? String.fromCodePoint(to) : ch;
  });
}

/** Is the character CJK (ideographs, radicals, CJK punctuation, full-width forms)? Wrapped CJK text joins with no space. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[\u{20000}-\u{3134f}]/u.test(ch);
}
