/** Accumulates the text of a cell or of the body: runs of text, hard line breaks, block breaks. */
export class TextBuf {
  private readonly lines: string[] = [];
  private cur = '';
  constructor(private readonly collapse: boolean) {}

  text(s: string): void {
    this.cur += s;
  }
  /** A hard line break (<br>, w:br): always starts a new line. */
  br(): void {
    this.lines.push(this.cur);
    this.cur = '';
  }
  /** A block boundary (</p>, <div>…): starts a new line unless the current one is empty. */
  block(): void {
    if (this.cur.trim()) this.br();
    else this.cur = '';
  }
  /** The cleaned lines so far, without consuming them. */
  peek(): string[] {
    return [...this.lines, this.cur].map((l) => clean(l, this.collapse)).filter((t) => t !== '');
  }
  /** Cleaned lines (whitespace collapsed in HTML mode, trimmed, empty ones dropped). */
  take(): string[] {
    this.br();
    const out: string[] = [];
    for (const l of this.lines) {
      const t = clean(l, this.collapse);
      if (t) out.push(t);
    }
    this.lines.length = 0;
    return out;
  }
}

export function clean(s: string, collapse: boolean): string {
  let t = s.replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '');
  // HTML: runs of ASCII whitespace collapse to one space; &nbsp; does not collapse (as in a browser).
  if (collapse) t = t.replace(/[ \t\n\r\f]+/g, ' ');
  t = t.replace(/\u00a0/g, ' ');
  return t.trim();
}
