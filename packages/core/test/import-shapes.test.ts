/**
 * The shapes real published text takes (docs/import.md, "Shapes of real text"), each read from a
 * real table of fixtures/corpus through the same path as `jixiao import` (readGrids → importGrids),
 * and checked against that table's hand-written expectation file.
 */
import { describe, expect, it } from 'vitest';
import { importText, stripInjectedPinyin, toSimplified } from '../src/index.ts';
import { expectedRow, importCorpus, row, squash, valueText } from './helpers/corpus.ts';

describe('cells separated by single spaces, the whole table on one line (corpus 200, a .docx turned to text)', () => {
  it('every visible indicator row with its 二级, name and value, and the header fields', async () => {
    const r = await importCorpus(200);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0]!;
    expect([t.kind, t.title]).toEqual(['self-eval', '项目支出绩效自评表 (2022年度)']);
    if (t.kind !== 'self-eval') throw new Error('kind');
    expect([t.projectName.raw, t.department.raw, t.unit.raw]).toEqual([r.expect.tables[0]!.header['项目名称'], r.expect.tables[0]!.header['主管部门'], r.expect.tables[0]!.header['实施单位']]);
    const want = r.expect.tables[0]!.indicators.map(expectedRow);
    expect(t.indicators.slice(0, want.length).map(row)).toEqual(want);
    // Weights and scores from their own columns.
    expect(t.indicators.slice(0, 3).map((i) => [i.actual?.raw, i.weight?.raw, i.score?.raw])).toEqual([['50', '8', '8'], ['100', '8', '8'], ['达成预期指标', '8', '8']]);
  });
});

describe('traditional characters with injected pinyin (corpus 201, a mirror site)', () => {
  it('read in simplified characters, the pinyin dropped, the text as filed kept', async () => {
    const r = await importCorpus(201);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0]!;
    if (t.kind !== 'self-eval') throw new Error('kind');
    expect(t.title).toBe('2020年度项目支出绩效自评表');
    const header = r.expect.tables[0]!.header;
    expect(t.projectName.raw).toBe(await toSimplified((header['项目名称'] ?? header['項目名稱'])!));
    expect(t.projectName.raw).toBe('2020年省级自然资源卫片执法补助经费支出绩效自评表');
    expect(t.department.raw).toBe('丽江市自然资源和规划局');
    // The name as filed, traditional characters and injected pinyin included, stays with the cell.
    expect(t.projectName.original).toBe('2020年省級自然資源衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)支出績效自評表');
    expect(t.indicators[1]!.name.original).toBe('項(xiàng)目驗(yàn)收合格率');
    // The expectation is written as filed (traditional); compared in simplified, as the bench does.
    const inds = r.expect.tables[0]!.indicators;
    const simplified = (await toSimplified(inds.map((e) => `${squash(e.level2)}\t${squash(e.name)}`).join('\n'))).split('\n');
    const want = inds.map((e, k) => [...simplified[k]!.split('\t'), squash(e.value)]);
    expect(t.indicators.map((i) => [squash(i.level2.raw), squash(i.name.raw), valueText(i)])).toEqual(want);
    expect(t.indicators.map((i) => i.level2.name)).toEqual(['数量指标', '质量指标', '时效指标', '社会效益指标', '服务对象满意度指标']);
  });

  it('the pinyin after a character is dropped, brackets of the table are not', () => {
    expect(stripInjectedPinyin('績效目標(biāo)')).toBe('績效目標');
    expect(stripInjectedPinyin('項(xiàng)目資金 (萬元)')).toBe('項目資金 (萬元)');
    expect(stripInjectedPinyin('完成率(%)')).toBe('完成率(%)');
  });
});

describe('an untitled fragment before a titled table (corpus 204: the stored page starts inside the previous table)', () => {
  it('two tables: the fragment with its indicator, then the titled one', async () => {
    const r = await importCorpus(204);
    expect(r.tables.map((t) => [t.kind, t.title])).toEqual(r.expect.tables.map((t) => ['self-eval', t.title ?? '']));
    expect(r.tables.map((t) => t.indicators.map((i) => squash(i.name.raw)))).toEqual(r.expect.tables.map((t) => t.indicators.map((i) => squash(i.name))));
  });
});

describe('the value of 项目名称 that reads like a title is the name, not a new table', () => {
  it('one table', () => {
    const r = importText('2020年度项目支出绩效自评表\n项目名称\n2020年卫片执法补助经费支出绩效自评表\n主管部门\n丽江市自然资源局\n');
    expect(r.tables.map((t) => (t.kind === 'self-eval' ? t.projectName.raw : ''))).toEqual(['2020年卫片执法补助经费支出绩效自评表']);
  });
});

/** Every visible indicator row of the file, as [name, value text], in simplified characters. */
async function rowsOf(no: number): Promise<{ got: string[][]; want: string[][] }> {
  const r = await importCorpus(no);
  const simp = async (xs: string[][]) => (await toSimplified(xs.map((x) => x.join('\t')).join('\n') + '\n績標項產數質')).split('\n').slice(0, xs.length).map((l) => l.split('\t'));
  const got = await simp(r.tables.flatMap((t) => t.indicators.map((i) => [squash(i.name.raw), valueText(i)])));
  const want = await simp(r.expect.tables.flatMap((t) => t.indicators.map((i) => [squash(i.name), squash(i.value)])));
  return { got, want };
}

describe.each([
  [105, 'glued rows under a glued header: categories, name and value cut apart; 指标内容 as the 三级 column (湖北 青山区 2020)'],
  [106, '产出值 / 数量值 for 产出指标 / 数量指标, 年度数值, one cell per line (山东 临邑 2025)'],
  [107, 'a web table broken at every pipe with rows of different widths (重庆 荣昌 2022)'],
  [108, '数量指标 (必填硬性指标): the form\'s notes on category names (宁夏 原州区 2022)'],
])('corpus %i: %s', (no) => {
  it('gives back every visible indicator row with its value', async () => {
    const { got, want } = await rowsOf(no);
    for (const w of want) expect(got).toContainEqual(w);
  });
});

describe('indicators written as prose, no indicator header (corpus 110: 宁夏 同心县 2023 公示)', () => {
  it('cut at the category headings, at ；/。 and at each value; a value glued to its name with no operator stays in the name', async () => {
    const { got, want } = await rowsOf(110);
    const glued = want.filter(([name]) => name === '生态修复功能');
    expect(glued).toHaveLength(1);
    for (const w of want.filter((x) => !glued.includes(x))) expect(got).toContainEqual(w);
    expect(got).toContainEqual(['生态修复功能提高', '']);
  });
});
