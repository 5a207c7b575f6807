/**
 * In-process text similarity for Chinese project names and overviews: TF-IDF over character
 * bigrams (Chinese has no spaces; bigrams carry most of the meaning of short administrative
 * text), cosine similarity. No external service, no model download.
 */

const STOP = /[\s\d,，。.;；:：、“”"'‘’()（）《》<>\-—_/\\|·•!！?？\[\]【】]/g;

/** Generic words that say nothing about what a project does. */
const GENERIC = /(项目|经费|资金|工作|县级|专项|支出|补助|建设|年度|\d{4}年)/g;

export function bigrams(text: string): string[] {
  const t = text.replace(GENERIC, ' ').replace(STOP, ' ');
  const out: string[] = [];
  for (const part of t.split(' ')) {
    if (part.length === 1) out.push(part);
    for (let i = 0; i + 2 <= part.length; i++) out.push(part.slice(i, i + 2));
  }
  return out;
}

export type SparseVector = Map<string, number>;

export class TfIdf {
  private readonly df = new Map<string, number>();
  private docs = 0;

  add(text: string): void {
    this.docs++;
    for (const g of new Set(bigrams(text))) this.df.set(g, (this.df.get(g) ?? 0) + 1);
  }

  /** Unit-length TF-IDF vector of a text. */
  vector(text: string): SparseVector {
    const tf = new Map<string, number>();
    for (const g of bigrams(text)) tf.set(g, (tf.get(g) ?? 0) + 1);
    const v: SparseVector = new Map();
    let norm = 0;
    for (const [g, n] of tf) {
      const idf = Math.log((1 + this.docs) / (1 + (this.df.get(g) ?? 0))) + 1;
      const w = n * idf;
      v.set(g, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [g, w] of v) v.set(g, w / norm);
    return v;
  }
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [g, w] of small) {
    const x = large.get(g);
    if (x !== undefined) s += w * x;
  }
  return s;
}
