/**
 * Text runs → lines → cell text. A run is what pdf.js gives for one text-showing operator (a font
 * change splits a word; Chromium splits at every fallback glyph), so runs on one baseline that
 * touch are one piece of text, and a gap of about a space is a space.
 */
import type { PdfText } from './pdf-document.ts';
import { isCjk } from './pdf-text.ts';

export interface TextLine {
  items: PdfText[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
}

/** Estimated advance of a character, in ems: pdf.js gives a run's width, not its glyphs'. */
const em = (ch: string) => (isCjk(ch) ? 1 : ch === ' ' ? 0.3 : 0.55);

/**
 * A run split at its spaces into words, each placed by its share of the run's width. pdf.js
 * joins text across a gap of up to 0.6 em with a space, so one run can hold the ends of two
 * cells ("(万元) 期望达到的"); split, each word lands in its own cell, and words of one cell are
 * joined again with a space by lineText.
 */
export function splitWords(t: PdfText): PdfText[] {
  if (!t.str.includes(' ')) return [t];
  const chars = [...t.str];
  const total = chars.reduce((a, c) => a + em(c), 0);
  const scale = total > 0 ? (t.x1 - t.x0) / total : 0;
  const out: PdfText[] = [];
  let x = t.x0;
  let word = '';
  let start = x;
  let spaced = t.spaced === true;
  const push = () => {
    if (word) out.push({ ...t, str: word, x0: start, x1: x, spaced });
  };
  for (const c of chars) {
    if (c === ' ') {
      push();
      spaced = true;
      word = '';
      x += em(c) * scale;
      start = x;
      continue;
    }
    word += c;
    x += em(c) * scale;
  }
  push();
  return out;
}

/** Joins a cell's text broken at a line or page end: nothing between CJK characters, else a space. */
export function joinWrapped(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return isCjk(a[a.length - 1]) || isCjk(b[0]) || a.endsWith('-') ? a + b : `${a} ${b}`;
}

/** Runs grouped into lines (vertical overlap of at least half the smaller run), each sorted left to right; lines top to bottom. */
export function groupLines(items: PdfText[]): TextLine[] {
  const sorted = [...items].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const lines: TextLine[] = [];
  for (const it of sorted) {
    let home: TextLine | undefined;
    // Only the last few lines can still overlap a run that starts lower down.
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 4); i--) {
      const l = lines[i]!;
      const overlap = Math.min(l.bottom, it.bottom) - Math.max(l.top, it.top);
      if (overlap >= 0.5 * Math.min(l.bottom - l.top, it.bottom - it.top)) {
        home = l;
        break;
      }
    }
    if (home) {
      home.items.push(it);
      home.x0 = Math.min(home.x0, it.x0);
      home.x1 = Math.max(home.x1, it.x1);
      home.top = Math.min(home.top, it.top);
      home.bottom = Math.max(home.bottom, it.bottom);
      home.size = Math.max(home.size, it.size);
    } else {
      lines.push({ items: [it], x0: it.x0, x1: it.x1, top: it.top, bottom: it.bottom, size: it.size });
    }
  }
  for (const l of lines) l.items.sort((a, b) => a.x0 - b.x0);
  return lines.sort((a, b) => a.top - b.top);
}

/** The runs of one line as text: touching runs joined, a gap of a space or more as one space. */
export function lineText(items: PdfText[]): string {
  let s = '';
  let end = -Infinity;
  for (const it of items) {
    const gap = it.x0 - end;
    // Writer and Word set a quarter-em gap between CJK and Latin letters or digits ("2026 年") that nobody typed.
    const autospace = gap < 0.6 * it.size && ((isCjk(s[s.length - 1]) && /^[A-Za-z0-9]/.test(it.str)) || (/[A-Za-z0-9%]$/.test(s) && isCjk(it.str[0])));
    if (s && !autospace && (it.spaced || gap > 0.15 * it.size) && !s.endsWith(' ') && !it.str.startsWith(' ')) s += ' ';
    s += it.str;
    end = Math.max(end, it.x1);
  }
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Lines of one cell as its text. A line that ends before the cell's right edge by more than the
 * next line's first word was ended on purpose (a line break, kept as "\n"); otherwise it was
 * wrapped, and joins the next with nothing between CJK characters and a space between words.
 */
export function cellText(lines: TextLine[], left: number, right: number): string {
  return cellLines(lines, left, right).text;
}

/** cellText, and whether the last line ran to the cell's edge (text that may go on in the next row part, after a page break). */
export function cellLines(lines: TextLine[], left: number, right: number): { text: string; full: boolean } {
  if (lines.length === 0) return { text: '', full: false };
  const pad = Math.max(0, Math.min(...lines.map((l) => l.x0)) - left);
  const edge = right - pad;
  let out = '';
  lines.forEach((l, i) => {
    const t = lineText(l.items);
    if (i === 0) {
      out = t;
      return;
    }
    const prev = lines[i - 1]!;
    const first = /^\S+?(?=\s|$)/.exec(t)?.[0] ?? t;
    // The next line's first word (one character when CJK) and how wide it is, from the line's own runs.
    const firstWidth = isCjk(t[0]) ? l.size : Math.min(l.x1 - l.x0, (first.length / Math.max(1, t.length)) * (l.x1 - l.x0));
    // Line breaking keeps punctuation off a line's start (、。）), pulling a character or two down with it.
    const wrapped = prev.x1 + firstWidth + 1.5 * l.size > edge;
    // A line with no space that ran out of room is one word broken for lack of room ("https://…", "8,827,620.53").
    const brokenWord = wrapped && !lineText(prev.items).includes(' ') && /[A-Za-z0-9.,:/]$/.test(out) && /^[A-Za-z0-9.,:/]/.test(t);
    out = brokenWord ? out + t : wrapped ? joinWrapped(out, t) : `${out}\n${t}`;
  });
  const last = lines[lines.length - 1]!;
  return { text: out, full: last.x1 + 2.5 * last.size > edge };
}
