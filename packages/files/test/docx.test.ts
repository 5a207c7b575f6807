import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gridTexts, readGrids } from '../src/index.ts';

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

function docx(body: string, part = 'word/document.xml', ct = CT): Uint8Array {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}</w:body></w:document>`;
  return zipSync({ '[Content_Types].xml': strToU8(ct), [part]: strToU8(xml) });
}
const p = (...runs: string[]) => `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>${runs.map((t) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`).join('')}</w:p>`;
const tc = (inner: string, pr = '') => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${inner}</w:tc>`;

describe('docx reader', () => {
  it('reads tables with gridSpan, vMerge, gridBefore and multi-paragraph cells; keeps the title', async () => {
    const body =
      p('附件2') +
      p('2026年县级', '项目支出绩效目标表') +
      '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>' +
      `<w:tr>${tc(p('项目名称'))}${tc(p('工作经费'), '<w:gridSpan w:val="2"/>')}</w:tr>` +
      `<w:tr>${tc(p('产出指标'), '<w:vMerge w:val="restart"/>')}${tc(p('数量指标'))}${tc(p('第一段') + p('第二段') + '<w:p/>')}</w:tr>` +
      `<w:tr>${tc('<w:p/>', '<w:vMerge/>')}${tc(p('质量指标'))}${tc('<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>')}</w:tr>` +
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc(p('右'), '<w:gridSpan w:val="2"/>')}</w:tr>` +
      '</w:tbl>' +
      p('备注：1. 本表的填报主体是县级一级预算单位。');
    const r = await readGrids(docx(body), '表.docx');
    expect(r.format).toBe('docx');
    expect(r.grids).toHaveLength(1);
    const g = r.grids[0]!;
    expect(g.sheet).toBe('表1');
    expect(gridTexts(g)).toEqual([
      ['项目名称', '工作经费', ''],
      ['产出指标', '数量指标', '第一段\n第二段'],
      ['', '质量指标', 'A\tB\nC'],
      ['', '右', ''],
    ]);
    expect(g.rows[0]![1]!.merge).toEqual({ top: 1, left: 2, bottom: 1, right: 3 });
    expect(g.rows[1]![0]!.merge).toEqual({ top: 2, left: 1, bottom: 3, right: 1 });
    expect(g.rows[2]![0]!.mergedInto).toEqual({ row: 2, col: 1 });
    expect(g.rows[3]![0]!.merge).toBeUndefined(); // gridBefore: an empty position, not a merge
    expect(g.rows[3]![1]!.merge).toEqual({ top: 4, left: 2, bottom: 4, right: 3 });
    expect(r.info[0]!.before).toEqual(['附件2', '2026年县级项目支出绩效目标表']);
    expect(r.text).toEqual(['附件2', '2026年县级项目支出绩效目标表', '备注：1. 本表的填报主体是县级一级预算单位。']);
  });

  it('reads nested tables as their own grids and skips deleted text, field codes and fallbacks', async () => {
    const inner = `<w:tbl><w:tr>${tc(p('内1'))}${tc(p('内2'))}</w:tr></w:tbl>`;
    const body =
      '<w:tbl>' +
      `<w:tr>${tc(p('外') + inner)}${tc('<w:p><w:r><w:instrText>PAGE</w:instrText></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:r><w:t>留</w:t></w:r></w:p>')}</w:tr>` +
      `<w:tr>${tc('<w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>框</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>')}</w:tr>` +
      '</w:tbl>' +
      `<w:tbl><w:tr>${tc(p('第二张'))}</w:tr></w:tbl>`;
    const r = await readGrids(docx(body), 'n.docx');
    expect(r.grids.map((g) => g.sheet)).toEqual(['表1', '表2', '表3']);
    expect(gridTexts(r.grids[0]!)).toEqual([['外', '留'], ['框']]);
    expect(gridTexts(r.grids[1]!)).toEqual([['内1', '内2']]);
    expect(r.info[1]!.parent).toEqual({ grid: 0, row: 1, col: 1 });
    expect(r.info[1]!.before).toEqual(['外']);
    expect(gridTexts(r.grids[2]!)).toEqual([['第二张']]);
  });

  it('folds sliver grid columns and joins continuations to the cell above even without "restart"', async () => {
    // Grid: 1500 | 1 | 1500 twips. The title spans all three; "A" spans the first two (with the
    // sliver); the continuation below "B" (which has no vMerge) repeats a different span.
    const body =
      '<w:tbl><w:tblGrid><w:gridCol w:w="1500"/><w:gridCol w:w="1"/><w:gridCol w:w="1500"/></w:tblGrid>' +
      `<w:tr>${tc(p('标题'), '<w:gridSpan w:val="3"/>')}</w:tr>` +
      `<w:tr>${tc(p('A'), '<w:gridSpan w:val="2"/>')}${tc(p('B'))}</w:tr>` +
      `<w:tr>${tc(p('C'))}${tc('<w:p/>', '<w:gridSpan w:val="2"/><w:vMerge w:val="continue"/>')}</w:tr>` +
      '</w:tbl>';
    const g = (await readGrids(docx(body), 's.docx')).grids[0]!;
    expect(gridTexts(g)).toEqual([['标题', ''], ['A', 'B'], ['C', '']]);
    expect(g.rows[0]![0]!.merge).toEqual({ top: 1, left: 1, bottom: 1, right: 2 });
    expect(g.rows[1]![1]!.merge).toEqual({ top: 2, left: 2, bottom: 3, right: 2 });
    expect(g.rows[2]![1]!.mergedInto).toEqual({ row: 2, col: 2 });
  });

  it('finds the main part through [Content_Types].xml', async () => {
    const ct = CT.replace('/word/document.xml', '/word/document2.xml');
    const r = await readGrids(docx(`<w:tbl><w:tr>${tc(p('x'))}</w:tr></w:tbl>`, 'word/document2.xml', ct), 'x.docx');
    expect(gridTexts(r.grids[0]!)).toEqual([['x']]);
  });

  it('reads a document without tables as text (tab- or space-separated paragraphs)', async () => {
    const body = '<w:p><w:r><w:t>一级指标</w:t><w:tab/><w:t>二级指标</w:t></w:r></w:p>' + p('产出指标    数量指标');
    const r = await readGrids(docx(body), 't.docx');
    expect(r.info[0]!.kind).toBe('text');
    expect(gridTexts(r.grids[0]!)).toEqual([
      ['一级指标', '二级指标'],
      ['产出指标', '数量指标'],
    ]);
  });
});
