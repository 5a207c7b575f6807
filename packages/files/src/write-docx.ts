/**
 * Grids → a minimal, valid WordprocessingML package ([Content_Types].xml, _rels/.rels,
 * word/document.xml): one w:tbl per grid, merges as w:gridSpan and w:vMerge (restart/continue),
 * "\n" as separate paragraphs, tabs as w:tab. Tables are separated by an empty paragraph (Word
 * would otherwise join them).
 */
import type { Cell, CellGrid } from '@jixiao/core';
import { zipSync, strToU8 } from 'fflate';
import type { WriteOptions } from './write-html.ts';
import { CellIndex, escapeXml } from './write-util.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';

function para(text: string): string {
  if (!text) return '<w:p/>';
  const runs = text
    .split('\t')
    .map((t) => (t ? `<w:t xml:space="preserve">${escapeXml(t)}</w:t>` : ''))
    .join('<w:tab/>');
  return `<w:p><w:r>${runs}</w:r></w:p>`;
}

function tc(text: string, span: number, vMerge?: 'restart' | 'continue'): string {
  let pr = '';
  if (span > 1) pr += `<w:gridSpan w:val="${span}"/>`;
  if (vMerge === 'restart') pr += '<w:vMerge w:val="restart"/>';
  else if (vMerge === 'continue') pr += '<w:vMerge/>';
  const body = vMerge === 'continue' ? '<w:p/>' : text.split('\n').map(para).join('');
  return `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${body}</w:tc>`;
}

/** One cell of a Word table row: the grid cell it shows (none for padding), its span and vertical merge. */
export interface DocxRowCell {
  cell?: Cell;
  col: number;
  span: number;
  vMerge?: 'restart' | 'continue';
}

/**
 * Lays a grid out as Word table rows: every row spans the whole grid (rows in normal form lost
 * their trailing empty cells; a short row would be drawn ragged, or stretched by the next
 * editor), column spans as gridSpan, row spans as a vMerge restart and its continuations.
 */
export function docxRows(g: CellGrid, from = 1, to?: number): DocxRowCell[][] {
  const idx = new CellIndex(g);
  const width = Math.max(1, idx.width);
  const out: DocxRowCell[][] = [];
  for (let r = from; r <= (to ?? idx.rows); r++) {
    const end = Math.max(width, idx.rowEnd(g, r));
    const cells: DocxRowCell[] = [];
    for (let c = 1; c <= end; ) {
      const cell = idx.at(r, c);
      if (cell?.merge) {
        const span = cell.merge.right - cell.merge.left + 1;
        cells.push({ cell, col: c, span, ...(cell.merge.bottom > cell.merge.top ? { vMerge: 'restart' as const } : {}) });
        c += span;
      } else if (cell?.mergedInto) {
        const top = idx.at(cell.mergedInto.row, cell.mergedInto.col);
        const m = top?.merge;
        if (m && m.top < r && m.left === c) {
          const span = m.right - m.left + 1;
          cells.push({ cell: top, col: c, span, vMerge: 'continue' });
          c += span;
        } else {
          cells.push({ col: c, span: 1 });
          c++;
        }
      } else {
        cells.push({ ...(cell ? { cell } : {}), col: c, span: 1 });
        c++;
      }
    }
    out.push(cells);
  }
  return out;
}

function table(g: CellGrid): string {
  const width = Math.max(1, new CellIndex(g).width);
  const colW = Math.max(300, Math.floor(9000 / width));
  const out: string[] = [
    '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>',
    ...['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`),
    '</w:tblBorders></w:tblPr><w:tblGrid>',
    `<w:gridCol w:w="${colW}"/>`.repeat(width),
    '</w:tblGrid>',
  ];
  for (const row of docxRows(g)) {
    out.push(`<w:tr>${row.map((x) => tc(x.vMerge === 'continue' ? '' : (x.cell?.text ?? ''), x.span, x.vMerge)).join('')}</w:tr>`);
  }
  out.push('</w:tbl>');
  return out.join('');
}

export function writeDocx(grids: CellGrid[], opts: WriteOptions = {}): Uint8Array {
  const body: string[] = [];
  grids.forEach((g, i) => {
    for (const p of opts.before?.[i] ?? []) body.push(para(p));
    body.push(table(g));
    body.push('<w:p/>');
  });
  const doc =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:document xmlns:w="${W}"><w:body>${body.join('')}<w:sectPr/></w:body></w:document>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(RELS),
      'word/document.xml': strToU8(doc),
    },
    { level: 6 },
  );
}
