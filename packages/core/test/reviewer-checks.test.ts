/**
 * The checks a reviewer does by hand (issue 24), on real tables of fixtures/corpus: each rule finds
 * the defect the expectation file marks, and stays silent on the rows a reader would not mark
 * (rules.test.ts has the one-defect case of every rule on the clean tables).
 */
import { describe, expect, it } from 'vitest';
import { checkTable, parseIndicatorValue, resolveRuleSet, type Finding, type SelfEvalTable } from '../src/index.ts';
import { trailingValue } from '../src/rules/template-rules.ts';
import { importCorpus } from './helpers/corpus.ts';
import { scoredSelfEval } from './helpers/exchange-sets.ts';
import { amount, cleanProject, ind } from './helpers/tables.ts';

/** The first table of a corpus file as `jixiao check` reads and judges it (its own form's rule set). */
const checked = async (no: number) => {
  const t = (await importCorpus(no)).tables[0]!;
  return { t, findings: checkTable(t, { ruleSet: 'auto' }) };
};
const rowsOf = (fs: Finding[], code: string) => fs.filter((f) => f.code === code).map((f) => f.location.row);

describe('on real tables (fixtures/corpus)', () => {
  it('placeholders left in names: every (≥**…) hint of 110 and 111, with the hint removed as the fix', async () => {
    const a = (await checked(110)).findings.filter((f) => f.code === 'indicator.name-placeholder');
    expect(a.length).toBe(8);
    expect(a.find((f) => f.location.row === 2)?.fix?.to).toBe('种植作物成活率');
    expect((await checked(111)).findings.filter((f) => f.code === 'indicator.name-placeholder')).toHaveLength(10);
  });

  it('a missed target scored in full (215: 4604 of ≥4754 people, 5830 for ≤5300 元/户), not the rows that met theirs', async () => {
    const { t, findings } = await checked(215);
    const names = rowsOf(findings, 'score.full-despite-miss').map((r) => t.indicators[r! - 1]!.actual?.raw);
    expect(names).toEqual(['4604人', '5830元/户']);
    expect(findings.filter((f) => f.code === 'score.exceeds-weight')).toEqual([]);
  });

  it('a single weight of 90 on one indicator (204); a table whose rows do not all carry a weight is not summed (200)', async () => {
    expect(rowsOf((await checked(204)).findings, 'score.weight-too-large')).toEqual([1]);
    // 200: 产出 50 + 效益 30 and a 满意度 row cut off by the excerpt (no weight read): not judged.
    expect((await checked(200)).findings.filter((f) => f.code.startsWith('score.'))).toEqual([]);
  });

  it('values written into the name: 达标率100% (111) and 新建水泥路1条 (112); names ending in a year or an ordinal are not', async () => {
    expect(rowsOf((await checked(111)).findings, 'indicator.name-ends-with-value')).toEqual([4]);
    expect(rowsOf((await checked(112)).findings, 'indicator.name-ends-with-value')).toEqual([1, 2]);
    for (const name of ['2026年度培训', '第3批次', '资金到位率', '满意度(%)', '不少于10人', '230人', '新建水泥路长度≥1条']) expect(trailingValue(name), name).toBeNull();
  });

  it('a unit column that contradicts the value (102: 28.8万元 with %), and the scaffolding rows of 218 as one finding each, not also as placeholder values', async () => {
    expect(rowsOf((await checked(102)).findings, 'value.unit-column-mismatch')).toEqual([1]);
    const { findings } = await checked(218);
    const scaffold = rowsOf(findings, 'indicator.scaffold-row');
    expect(scaffold.length).toBe(10);
    expect(findings.filter((f) => f.code === 'value.placeholder' && scaffold.includes(f.location.row))).toEqual([]);
  });
});

describe('what the rules leave alone', () => {
  it('a self-evaluation weighted 90 whose 10 execution points are not on the table agrees; so does 100 with them', () => {
    const t = scoredSelfEval();
    expect(checkTable(t).filter((f) => f.code === 'score.weights-sum')).toEqual([]);
    t.execution = [];
    expect(checkTable(t).filter((f) => f.code === 'score.weights-sum')).toEqual([]);
  });

  it('an execution rate rounded as written: 46 ÷ 148 is 31% or 31.1%, not 31.00% (corpus 219); a bare number is not read as a rate', () => {
    const t = scoredSelfEval();
    const line = t.execution[0]!;
    line.adjustedBudget = amount('148');
    line.executed = amount('46');
    const rate = (raw: string) => {
      line.rate = { raw };
      return checkTable(t).filter((f) => f.code === 'funds.execution-rate-mismatch').length;
    };
    expect([rate('31%'), rate('31.1%'), rate('31.08%'), rate('31.00%'), rate('10')]).toEqual([0, 0, 0, 1, 0]);
    line.adjustedBudget = amount('0');
    line.executed = amount('0');
    expect([rate('100%'), rate('0%')]).toEqual([1, 0]); // corpus 234: budget 0, rate 100%
  });

  it('a self-evaluation total is summed only over the standard breakdown of its sources (a partial breakdown is not judged)', () => {
    const t = scoredSelfEval() as SelfEvalTable;
    const line = (name: string, v: string) => ({ name: { raw: name }, initialBudget: amount(v), adjustedBudget: amount(v), executed: amount(v), rate: { raw: '' }, weight: { raw: '' }, score: { raw: '' } });
    t.execution.push(line('其中：财政拨款', '5'));
    expect(checkTable(t).filter((f) => f.code === 'funds.sum-mismatch')).toEqual([]);
  });

  it('rates in %, amounts in 元, and a rate whose unit is in its name are not unit defects', () => {
    const t = cleanProject();
    t.indicators.push(ind('产出指标', '质量指标', '资金到位率', '＝100%', '＝100%'), ind('成本指标', '经济成本指标', '培训经费', '≤20万元', '≤20万元'), ind('产出指标', '质量指标', '支出率(%)', '≥90', '≥90'));
    const codes = checkTable(t).map((f) => f.code);
    for (const c of ['value.rate-not-share', 'value.percent-on-amount', 'value.unit-column-mismatch']) expect(codes).not.toContain(c);
  });

  it('explanations written for each row, and one stock phrase among them, are told apart', () => {
    const t = cleanProject();
    t.indicators.forEach((i, n) => (i.explanation = { raw: `第${n}项依据上年完成数确定` }));
    expect(checkTable(t).filter((f) => f.code === 'indicator.explanation-boilerplate')).toEqual([]);
    t.indicators[2]!.explanation = { raw: '该指标值数据合理。' };
    expect(checkTable(t).filter((f) => f.code === 'indicator.explanation-boilerplate').map((f) => f.location.row)).toEqual([3]);
  });
});

describe('self-evaluations are judged by the value rules with their own severity', () => {
  it('a target without a unit is an error on a target table and a warning on a self-evaluation (national-2021 severityByKind)', () => {
    const p = cleanProject();
    p.indicators[0]!.value = parseIndicatorValue('≥4', { indicatorName: p.indicators[0]!.name.raw });
    const s = scoredSelfEval();
    s.indicators[0]!.value = parseIndicatorValue('≥4', { indicatorName: s.indicators[0]!.name.raw });
    const sev = (fs: Finding[]) => fs.filter((f) => f.code === 'value.unit-missing').map((f) => f.severity);
    expect(sev(checkTable(p, { ruleSet: 'national-2021' }))).toEqual(['error']);
    expect(sev(checkTable(s, { ruleSet: 'national-2021' }))).toEqual(['warning']);
  });

  it('a rule set may set severityByKind; a wrong kind or severity there is refused with a message', () => {
    const rs = resolveRuleSet({ name: 'x', title: { zh: 'x', en: 'x' }, extends: 'national-2021', rules: { 'value.unit-missing': { severityByKind: { 'self-eval': 'error' } } } });
    expect(rs.rules['value.unit-missing']!.severityByKind).toEqual({ 'self-eval': 'error' });
    expect(() => resolveRuleSet({ name: 'y', title: { zh: 'y', en: 'y' }, rules: { 'value.unit-missing': { severityByKind: { monitoring: 'error' } } } } as never)).toThrow(/severityByKind/);
  });
});

describe('year over year (history passed by the caller)', () => {
  const lastYear = (actual: string) => {
    const s = scoredSelfEval();
    s.indicators[0]!.actual = { raw: actual };
    s.indicators.splice(1);
    return s;
  };
  const below = (t: ReturnType<typeof cleanProject>, history?: Parameters<typeof checkTable>[1]) => checkTable(t, history).filter((f) => f.code === 'history.target-below-last-actual');

  it('a table without history gets no year-over-year finding', () => {
    const t = cleanProject();
    t.indicators[0]!.value = parseIndicatorValue('≥1次');
    expect(checkTable(t).filter((f) => f.code.startsWith('history.'))).toEqual([]);
    expect(checkTable(t, { history: { years: [] } }).filter((f) => f.code.startsWith('history.'))).toEqual([]);
  });

  it('only a more-is-better target is judged, against the latest earlier self-evaluation, in its unit', () => {
    const t = cleanProject();
    t.indicators[0]!.value = parseIndicatorValue('≥4次');
    expect(below(t, { history: { years: [{ year: 2024, selfEval: lastYear('9次') }, { year: 2025, selfEval: lastYear('4次') }] } })).toEqual([]);
    expect(below(t, { history: { years: [{ year: 2025, selfEval: lastYear('5次') }] } }).map((f) => f.message.zh)).toEqual(['第1行“举办培训班次数”目标“≥4次”低于本项目 2025 年实际完成的“5次”。']);
    // A cost ceiling (≤) below last year's spending is a saving, not a lowered target; an actual in another unit is not compared.
    t.indicators[0]!.value = parseIndicatorValue('≤4次');
    expect(below(t, { history: { years: [{ year: 2025, selfEval: lastYear('5次') }] } })).toEqual([]);
    t.indicators[0]!.value = parseIndicatorValue('≥4次');
    expect(below(t, { history: { years: [{ year: 2025, selfEval: lastYear('5场') }] } })).toEqual([]);
  });
});
