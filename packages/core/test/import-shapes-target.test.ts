/**
 * Shapes of published 项目支出绩效目标表 (corpus-a, fixtures/corpus 1xx), each read from a real
 * table through the same path as `jixiao import` (readGrids → importGrids) and checked against
 * that table's hand-written expectation file.
 */
import { describe, expect, it } from 'vitest';
import { checkTable } from '../src/index.ts';
import { expectedRow, importCorpus, row, squash, type Expected } from './helpers/corpus.ts';

describe('several tables on one page, the later ones without a title (corpus 116: 天津 河北区法院 2023)', () => {
  it('an anchor label (项目名称) after an indicator block starts the next table; 绩效指标描述 is the explanation column', async () => {
    const r = await importCorpus(116);
    expect(r.tables.map((t) => t.kind)).toEqual(['project', 'project']);
    // Every visible row of each table, with its 二级 and value (not the 绩效指标描述 text).
    expect(r.tables.map((t) => t.indicators.map(row))).toEqual(r.expect.tables.map((t) => t.indicators.map(expectedRow)));
    const second = r.tables[1]!;
    if (second.kind !== 'project') throw new Error('kind');
    expect(second.projectName.raw).toBe('办案业务费(陪审员及互联网专线)');
    // The unit line above the second table's 项目名称 belongs to it, not to the first table's indicators.
    expect(r.tables[0]!.indicators.map((i) => i.name.raw)).not.toContain('207101天津市河北区人民法院');
  });
});

describe('a form with a 一级 column and no 二级 column (corpus 141: 浙江 临海 2024, 指标类型 | 指标名称 | 指标值 | 指标描述)', () => {
  it('a 二级 category name in the name column is the name as filed; the rules say it is a category, and ask no 二级 of this form', async () => {
    const r = await importCorpus(141);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0]!;
    const want = r.expect.tables[0]!.indicators;
    expect(t.indicators.slice(0, want.length).map((i) => [i.level1.name, squash(i.name.raw), squash(i.value.raw)])).toEqual(want.map((e) => [e.level1, squash(e.name), squash(e.value)]));
    expect(t.form?.columns.slice(0, 2)).toEqual(['level1', 'name']);
    const findings = checkTable(t);
    expect(findings.filter((f) => f.code === 'indicator.level3-is-category').map((f) => f.location.row)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
    expect(findings.filter((f) => f.code === 'indicator.level2-unknown')).toEqual([]);
  });
});

describe('two indicator blocks side by side under the same untagged columns (中期 | 年度 with the same names twice)', () => {
  it('corpus 127 (安徽 六安 2024): each row cut into its halves, the right block annual, the left its period value; amounts from the 年度 column', async () => {
    const r = await importCorpus(127);
    const t = r.tables[0]!;
    if (t.kind !== 'project') throw new Error('kind');
    const want = r.expect.tables[0]!.indicators as Array<Expected['tables'][number]['indicators'][number] & { periodValue?: string }>;
    expect(t.indicators.slice(0, want.length).map((i) => [...row(i), squash(i.periodValue?.raw)])).toEqual(want.map((e) => [...expectedRow(e), squash(e.periodValue)]));
    // 中期资金总额 68.50 | 年度资金总额 51.35, and under each 其中:财政拨款: the current year's is the right one.
    expect([t.currentAmount.raw, t.fiscalAmount?.raw, t.otherAmount?.raw]).toEqual(['51.35', '51.35', '0.00']);
    expect(checkTable(t).map((f) => f.code)).not.toContain('funds.sum-mismatch');
  });

  it('corpus 138 (广东 东莞 2022): the header labels one per line (实施周期指标值 … 当年度指标值) over rows of cells, blank lines between', async () => {
    const r = await importCorpus(138);
    const want = r.expect.tables[0]!.indicators as Array<Expected['tables'][number]['indicators'][number] & { periodValue?: string }>;
    expect(r.tables[0]!.indicators.slice(0, want.length).map((i) => [...row(i), squash(i.periodValue?.raw)])).toEqual(want.map((e) => [...expectedRow(e), squash(e.periodValue)]));
  });
});

describe('一级 named 项目完成指标 / 项目效益指标, its 指标 wrapped onto the next line (corpus 134: 四川 昭化区 2021)', () => {
  it('read as 产出指标 / 效益指标, the label rows are not indicators; no 一级/二级 errors for them', async () => {
    const r = await importCorpus(134);
    const t = r.tables[0]!;
    expect(t.indicators.map((i) => i.name.raw)).not.toContain('项目完成');
    expect(t.indicators.map((i) => i.name.raw)).not.toContain('项目效益');
    const byName = (n: string) => t.indicators.find((i) => i.name.raw.startsWith(n))!;
    expect(byName('每年春节慰问').level1.name).toBe('产出指标');
    expect(byName('政府对麻风村').level1.name).toBe('效益指标');
    expect(checkTable(t).filter((f) => f.code === 'indicator.level1-missing' || f.code === 'indicator.level2-unknown')).toEqual([]);
  });
});
