/**
 * A linear-time, non-recursive markup event stream built on htmlparser2's Tokenizer (its Parser
 * keeps its element stack with Array#unshift, which turns deep nesting into quadratic time, so we
 * keep our own state instead). Entities are decoded; comments and declarations are dropped.
 */
import { Tokenizer } from 'htmlparser2';

export interface MarkupHandler {
  /** An opening tag. Names are lower case in HTML mode and as written in XML mode. */
  open(name: string, attrs: Record<string, string>, index: number): void;
  /** A closing tag; in XML mode also right after the open event of `<x/>`. */
  close(name: string, index: number): void;
  text(text: string, index: number): void;
}

export function tokenize(src: string, xml: boolean, h: MarkupHandler): void {
  let pending = '';
  let pendingAt = 0;
  let tagName = '';
  let tagAt = 0;
  let attrs: Record<string, string> = {};
  let attrName = '';
  let attrValue = '';
  const flush = () => {
    if (pending) h.text(pending, pendingAt);
    pending = '';
  };
  const addText = (s: string, at: number) => {
    if (!pending) pendingAt = at;
    pending += s;
  };
  const name = (start: number, end: number) => {
    const n = src.slice(start, end);
    return xml ? n : n.toLowerCase();
  };
  const tokenizer = new Tokenizer(
    { xmlMode: xml, decodeEntities: true },
    {
      ontext: (start, end) => addText(src.slice(start, end), start),
      ontextentity: (cp, end) => addText(String.fromCodePoint(cp), end),
      oncdata: (start, end, offset) => {
        if (xml) addText(src.slice(start, end - offset), start);
      },
      onopentagname: (start, end) => {
        flush();
        tagName = name(start, end);
        tagAt = start;
        attrs = {};
      },
      onattribname: (start, end) => {
        attrName = name(start, end);
        attrValue = '';
      },
      onattribdata: (start, end) => {
        attrValue += src.slice(start, end);
      },
      onattribentity: (cp) => {
        attrValue += String.fromCodePoint(cp);
      },
      onattribend: () => {
        if (!Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
        attrValue = '';
      },
      onopentagend: () => {
        h.open(tagName, attrs, tagAt);
      },
      onselfclosingtag: () => {
        h.open(tagName, attrs, tagAt);
        if (xml) h.close(tagName, tagAt);
      },
      onclosetag: (start, end) => {
        flush();
        h.close(name(start, end), start);
      },
      oncomment: () => {},
      ondeclaration: () => {},
      onprocessinginstruction: () => {},
      onend: () => flush(),
    },
  );
  tokenizer.write(src);
  tokenizer.end();
}

/** Maps string offsets to 1-based line numbers; queries must come in non-decreasing order for speed. */
export class LineCounter {
  private pos = 0;
  private line = 1;
  constructor(private readonly src: string) {}
  lineAt(index: number): number {
    if (index < this.pos) {
      this.pos = 0;
      this.line = 1;
    }
    const s = this.src;
    for (let i = this.pos; i < index && i < s.length; i++) if (s.charCodeAt(i) === 10) this.line++;
    this.pos = Math.max(this.pos, Math.min(index, s.length));
    return this.line;
  }
}
