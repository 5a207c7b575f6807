/**
 * The official tables as .docx, for budget disclosure documents (部门预算公开): A4 landscape,
 * 宋体 五号, the title as a centred bold paragraph above each table (as Word documents carry it),
 * the table with fixed column widths, thin borders, merged label cells and cells centred
 * vertically, the 备注 as borderless rows under it (so they stay with their table), a page
 * break between tables and "第 N 页" in the footer. Generic over core's `officialLayout`.
 */
import { printedCellText, type OfficialLayout } from '@jixiao/core';
import { strToU8, zipSync } from 'fflate';
import { escapeXml } from '../write-util.ts';
import { docxRows } from '../write-docx.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A4 landscape in twips, 2 cm margins left and right. */
// Narrow top and bottom margins (1.2 cm / 1.34 cm, near the print view's 11 mm / 14 mm) keep a one-page table on one page in Word too.
const PAGE = { w: 16838, h: 11906, left: 1134, right: 1134, top: 680, bottom: 760 };
const TABLE_TWIPS = PAGE.w - PAGE.left - PAGE.right;

const CONTENT_TYPES =
  XML +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '</Types>';

const RELS =
  XML +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

const DOC_RELS =
  XML +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>' +
  '</Relationships>';

/** Document defaults: 宋体 (Times New Roman for Latin) 五号 10.5 pt, single spacing, no space after. */
const STYLES =
  XML +
  `<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr>` +
  '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>' +
  '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>' +
  '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:before="0" w:after="160"/></w:pPr>' +
  '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>' +
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar>' +
  '<w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>' +
  '</w:tblCellMar></w:tblPr></w:style></w:styles>';

const FOOTER =
  XML +
  `<w:ftr xmlns:w="${W}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
  '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">第 </w:t></w:r>' +
  '<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>' +
  '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>';

const JC: Record<string, string> = { label: 'center', header: 'center', value: 'center', count: 'center', amount: 'right', text: 'both', note: 'left' };

function runs(text: string, bold: boolean): string {
  const rPr = bold ? '<w:rPr><w:b/></w:rPr>' : '';
  return text
    .split('\t')
    .map((t) => (t ? `<w:r>${rPr}<w:t xml:space="preserve">${escapeXml(t)}</w:t></w:r>` : ''))
    .join(`<w:r>${rPr}<w:tab/></w:r>`);
}

function paragraphs(text: string, role: string | undefined): string {
  const jc = JC[role ?? 'text'] ?? 'left';
  const bold = role === 'header';
  return text
    .split('\n')
    .map((line) => `<w:p><w:pPr><w:jc w:val="${jc}"/></w:pPr>${runs(line, bold)}</w:p>`)
    .join('');
}

const BORDER = (v: 'single' | 'nil') =>
  `<w:tcBorders>${['top', 'left', 'bottom', 'right'].map((s) => (v === 'nil' ? `<w:${s} w:val="nil"/>` : `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)).join('')}</w:tcBorders>`;

function tableXml(layout: OfficialLayout): string {
  const grid = layout.grid;
  const widths = layout.columnWidths;
  const total = widths.reduce((s, w) => s + w, 0);
  const twips = widths.map((w) => Math.floor((w / total) * TABLE_TWIPS));
  const colTwips = (col: number, span: number) => twips.slice(col - 1, col - 1 + span).reduce((s, w) => s + w, 0) || Math.floor(TABLE_TWIPS / widths.length);
  const titleRow = layout.roles['1,1'] === 'title' ? 1 : 0;
  const out: string[] = [
    `<w:tbl><w:tblPr><w:tblW w:w="${twips.reduce((s, w) => s + w, 0)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`,
    ...twips.map((w) => `<w:gridCol w:w="${w}"/>`),
    '</w:tblGrid>',
  ];
  const rows = docxRows(grid, titleRow + 1);
  rows.forEach((row, i) => {
    const r = titleRow + 1 + i;
    const inBody = r >= layout.bodyRows.first && r <= layout.bodyRows.last;
    const cells = row.map((x) => {
      const role = x.cell ? layout.roles[`${x.cell.row},${x.cell.col}`] : undefined;
      let pr = `<w:tcW w:w="${colTwips(x.col, x.span)}" w:type="dxa"/>`;
      if (x.span > 1) pr += `<w:gridSpan w:val="${x.span}"/>`;
      if (x.vMerge === 'restart') pr += '<w:vMerge w:val="restart"/>';
      else if (x.vMerge === 'continue') pr += '<w:vMerge/>';
      pr += BORDER(inBody ? 'single' : 'nil');
      pr += `<w:vAlign w:val="${role === 'note' ? 'top' : 'center'}"/>`;
      const body = x.vMerge === 'continue' || !x.cell ? '<w:p/>' : paragraphs(printedCellText(x.cell.text, role), role);
      return `<w:tc><w:tcPr>${pr}</w:tcPr>${body}</w:tc>`;
    });
    out.push(`<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.join('')}</w:tr>`);
  });
  out.push('</w:tbl>');
  return out.join('');
}

/**
 * Word ends a document with a paragraph; after a table that fills its page an ordinary one would
 * start a blank page. This one is 1 pt high.
 */
const LAST_PARAGRAPH = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>';

/** A Word document of one or more official tables, each on its own page. */
export function writeOfficialDocx(layouts: OfficialLayout[], opts: { title?: string } = {}): Uint8Array {
  const body: string[] = [];
  layouts.forEach((l, i) => {
    // The next table's title starts its page: a separate page-break paragraph after a table that
    // fills its page would spill onto a page of its own and leave it blank.
    const pageBreak = i > 0 ? '<w:pageBreakBefore/>' : '';
    if (l.roles['1,1'] === 'title') body.push(`<w:p><w:pPr><w:pStyle w:val="Title"/>${pageBreak}</w:pPr>${runs(l.title, false)}</w:p>`);
    else if (i > 0) body.push('<w:p><w:r><w:br w:type="page"/></w:r></w:p>');
    body.push(tableXml(l));
  });
  const sect =
    `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>` +
    `<w:pgSz w:w="${PAGE.w}" w:h="${PAGE.h}" w:orient="landscape"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="425" w:footer="425" w:gutter="0"/></w:sectPr>`;
  const doc = `${XML}<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body.join('')}${LAST_PARAGRAPH}${sect}</w:body></w:document>`;
  const title = escapeXml(opts.title ?? layouts[0]?.title ?? '');
  const core =
    XML +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    `<dc:title>${title}</dc:title><dc:creator>绩效 Jixiao</dc:creator></cp:coreProperties>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(RELS),
      'docProps/core.xml': strToU8(core),
      'word/_rels/document.xml.rels': strToU8(DOC_RELS),
      'word/document.xml': strToU8(doc),
      'word/styles.xml': strToU8(STYLES),
      'word/footer1.xml': strToU8(FOOTER),
    },
    { level: 6 },
  );
}
