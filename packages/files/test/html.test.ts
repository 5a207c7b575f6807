import { describe, expect, it } from 'vitest';
import { gridShape, gridTexts, readGrids } from '../src/index.ts';
import { MERGED_TABLE_HTML, utf8 } from './helpers.ts';

describe('html reader', () => {
  it('lays rowspan/colspan out into real positions and records merges', async () => {
    const r = await readGrids(utf8(MERGED_TABLE_HTML), 'a.html');
    expect(r.format).toBe('html');
    expect(r.grids).toHaveLength(1);
    const g = r.grids[0]!;
    expect(g.sheet).toBe('表1');
    expect(g.file).toBe('a.html');
    expect(g.rows).toHaveLength(11);
    // Title across six columns.
    expect(g.rows[0]![0]!.merge).toEqual({ top: 1, left: 1, bottom: 1, right: 6 });
    expect(g.rows[0]![5]!.mergedInto).toEqual({ row: 1, col: 1 });
    expect(g.rows[0]![5]!.text).toBe('');
    // "本年度 绩效指标" down eight rows; <br> becomes "\n".
    expect(g.rows[2]![0]).toMatchObject({ text: '本年度\n绩效指标', merge: { top: 3, left: 1, bottom: 10, right: 1 } });
    // Row 5 starts under two rowspans: its first own cell lands in column 4.
    expect(gridTexts(g)[4]).toEqual(['', '', '', '雾炮车风炮射程', '≥80M', '计划标准']);
    expect(g.rows[4]![1]!.mergedInto).toEqual({ row: 4, col: 2 });
    expect(g.rows[4]![2]!.mergedInto).toEqual({ row: 4, col: 3 });
    // Row 6: 数量指标 ended, so 质量指标 sits in column 3.
    expect(g.rows[5]![2]!.text).toBe('质量指标');
    // Empty merged cell at the end is kept as a merge.
    expect(g.rows[10]![1]).toMatchObject({ text: '', merge: { top: 11, left: 2, bottom: 11, right: 6 } });
    // Provenance: the line of the <td>.
    expect(g.rows[1]![0]!.line).toBe(5);
    // Text before the table.
    expect(r.info[0]).toMatchObject({ kind: 'table', before: ['2023年项目支出绩效目标申报表'] });
  });

  it('decodes entities, collapses whitespace, skips script/style, keeps nested tables apart', async () => {
    const html = `<html><head><title>页面标题</title><style>td{color:red}</style></head><body>
      <h1>某县&nbsp;2026年部门整体绩效目标表</h1><script>var x = "<table><tr><td>no</td></tr></table>";</script>
      <table><caption>表 一</caption>
        <tr><th>名称</th><th>金额&#65288;万元&#xFF09;</th></tr>
        <tr><td>  A &amp; B
             C </td><td><p>1</p><p>2</p></td></tr>
        <tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table></td><td>&lt;x&gt;</td></tr>
      </table><div>表后文字</div>
      <table><tr><td>第二张</td></tr></table>`;
    const r = await readGrids(utf8(html), 'b.htm');
    expect(r.grids.map((g) => g.sheet)).toEqual(['表1', '表2', '表3']);
    expect(gridTexts(r.grids[0]!)).toEqual([
      ['名称', '金额（万元）'],
      ['A & B C', '1\n2'],
      ['外', '<x>'],
    ]);
    expect(gridTexts(r.grids[1]!)).toEqual([['内1', '内2']]);
    expect(r.info[1]!.parent).toEqual({ grid: 0, row: 3, col: 1 });
    expect(r.info[0]).toMatchObject({ caption: '表 一', before: ['某县 2026年部门整体绩效目标表'] });
    expect(r.info[2]).toMatchObject({ before: ['表后文字'] });
    expect(r.text).toEqual(['某县 2026年部门整体绩效目标表', '表后文字']);
  });

  it('gives a table nested in a layout table the title above it in its cell', async () => {
    const r = await readGrids(utf8('<table><tr><td>导航</td><td><p>首页</p><h2>2023年项目支出绩效目标表</h2><table><tr><td>项目名称</td></tr></table></td></tr></table>'), 'l.html');
    expect(r.info[1]).toMatchObject({ before: ['首页', '2023年项目支出绩效目标表'], parent: { grid: 0, row: 1, col: 2 } });
  });

  it('tolerates missing tags: no <tr>, unclosed cells, rowspan past the end, huge colspan', async () => {
    const r = await readGrids(utf8('<table><td>a<td rowspan=9>b<tr><td>c<td colspan="99999">d</table>'), 'c.html');
    const g = r.grids[0]!;
    expect(g.rows[0]![1]!.merge).toEqual({ top: 1, left: 2, bottom: 2, right: 2 });
    expect(g.rows[1]![0]!.text).toBe('c');
    expect(g.rows[1]![2]!.merge).toEqual({ top: 2, left: 3, bottom: 2, right: 1002 });
  });

  it('reads GBK pages by their <meta charset>', async () => {
    const head = utf8('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table><tr><td>');
    const gbk = new Uint8Array([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6]); // 项目名称
    const tail = utf8('</td></tr></table>');
    const r = await readGrids(new Uint8Array([...head, ...gbk, ...tail]), 'gbk.html');
    expect(r.encoding).toBe('gb18030');
    expect(gridTexts(r.grids[0]!)).toEqual([['项目名称']]);
  });

  it('reads a page without tables as text', async () => {
    const r = await readGrids(utf8('<html><body><p>项目名称&nbsp;&nbsp;某项目</p><p>一级指标&nbsp;&nbsp;&nbsp;二级指标</p></body></html>'), 'd.html');
    expect(r.format).toBe('html');
    expect(r.info[0]!.kind).toBe('text');
    expect(gridTexts(r.grids[0]!)).toEqual([
      ['项目名称', '某项目'],
      ['一级指标', '二级指标'],
    ]);
  });

  it('reads a .xls file that is really an HTML table (as provincial systems export)', async () => {
    const r = await readGrids(utf8('<table><tr><td>一级指标</td></tr></table>'), '导出.xls');
    expect(r.format).toBe('html');
    expect(gridShape(r.grids[0]!)).toEqual([['一级指标']]);
  });
});
