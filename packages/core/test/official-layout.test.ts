/** The official layout: merged label cells as on the paper form, and it reads back to the same table. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateProjectTables, importText, officialLayout, recogniseTables, type TargetTable } from '../src/index.ts';
import { withoutProvenance } from './helpers/table-data.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;

/** The table without provenance and ids: what must survive a round trip. */
const data = (t: TargetTable) => withoutProvenance(t);

describe('official layout', () => {
  it('project: title across the table, 一级 and 二级 merged over their rows, every 二级 printed', () => {
    const L = officialLayout(seed[1]!);
    const rows = L.grid.rows;
    expect(rows[0]![0]!.merge).toEqual({ top: 1, left: 1, bottom: 1, right: 6 });
    expect(rows[0]![0]!.text).toBe('2026年县级项目支出绩效目标表');
    const header = rows.findIndex((r) => r[3]!.text === '三级指标');
    expect(rows[header]!.map((c) => c.text)).toEqual(['绩效指标', '一级指标', '二级指标', '三级指标', '实施周期指标值', '当年度指标值']);
    const l2 = rows.slice(header + 1).map((r) => r[2]!.text).filter(Boolean);
    expect(l2).toEqual(['数量指标', '质量指标', '时效指标', '经济效益指标', '社会效益指标', '生态效益指标', '服务对象满意度指标', '经济成本指标', '社会成本指标', '生态环境成本指标']);
    const output = rows[header + 1]![1]!;
    expect(output.text).toBe('产出指标');
    expect(output.merge).toEqual({ top: header + 2, left: 2, bottom: header + 4, right: 2 });
    expect(L.roles[`${header + 2},4`]).toBe('text');
    expect(L.notes).toHaveLength(5);
  });

  it('department: funds block and key tasks as on the form', () => {
    const L = officialLayout(seed[0]!);
    const texts = L.grid.rows.map((r) => r.map((c) => c.text));
    expect(texts).toContainEqual(['', '基本支出', '602.44', '财政拨款', '', '646.64']);
    expect(texts).toContainEqual(['', '其他事业发展性支出', '13', '', '', '']);
    const funds = L.grid.rows.find((r) => r[0]!.text === '预算整体情况')![0]!;
    expect(funds.merge!.bottom - funds.merge!.top + 1).toBe(5);
  });

  it.each([0, 1, 2])('seed table %i reads back to the same data', (i) => {
    const back = recogniseTables(officialLayout(seed[i]!).grid);
    expect(back.tables).toHaveLength(1);
    expect(data(back.tables[0]!)).toEqual(data(seed[i]!));
  });

  it('generated tables read back to the same data', () => {
    for (const t of generateProjectTables(50, 11)) {
      // The layout groups rows by category, as the paper form does; generated rows may come in any order.
      const order = (x: TargetTable) => data(x).indicators.map((i: any) => `${i.level1.name}|${i.level2.name}|${i.name.raw}|${i.value.raw}`).sort();
      const back = recogniseTables(officialLayout(t).grid).tables[0]!;
      const { indicators: a, ...fa } = data(back);
      const { indicators: b, ...fb } = data(t);
      expect(fa).toEqual(fb);
      expect(order(back)).toEqual(order(t));
      expect(a.length).toBe(b.length);
    }
  });
});
