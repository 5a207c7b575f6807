import { describe, expect, it } from 'vitest';
import { gridTexts, readGrids } from '../src/index.ts';
import { EXCEL_2003_XML as XML, utf8 } from './helpers.ts';



describe('Excel 2003 XML reader', () => {
  it('reads sheets, ss:Index, merges across and down, styles and rich text', async () => {
    const r = await readGrids(utf8(XML), '导出.xls');
    expect(r.format).toBe('xml-spreadsheet');
    expect(r.grids.map((g) => g.sheet)).toEqual(['项目表', '隐藏']);
    expect(r.info.map((i) => i.hidden ?? false)).toEqual([false, true]);
    const g = r.grids[0]!;
    expect(g.rows[0]![0]!.merge).toEqual({ top: 1, left: 1, bottom: 1, right: 4 });
    expect(g.rows[2]![0]!.merge).toEqual({ top: 3, left: 1, bottom: 4, right: 1 });
    expect(gridTexts(g)).toEqual([
      ['2026年县级项目支出绩效目标表', '', '', ''],
      [],
      ['产出指标', '数量指标', '8,827,620.53', '95.50%'],
      ['', '质量指标', '2023年10月13日', 'TRUE'],
    ]);
  });
});
