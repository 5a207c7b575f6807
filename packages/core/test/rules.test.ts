/**
 * Each rule fires on a table with exactly its defect and stays silent on the clean table. The
 * case list must name every rule the registry has, so a new rule cannot ship without a test.
 */
import { describe, expect, it } from 'vitest';
import {
  ALL_RULES,
  checkTable,
  hasErrors,
  parseIndicatorValue,
  type DeptOverallTable,
  type ProjectTable,
  type CheckOptions,
  type SelfEvalTable,
  type TargetTable,
} from '../src/index.ts';
import { amount, cleanDept, cleanProject, ind } from './helpers/tables.ts';
import { scoredSelfEval } from './helpers/exchange-sets.ts';

interface Case {
  code: string;
  why: string;
  /** Which clean table to start from (selfeval: the scored self-evaluation of the clean project). */
  base: 'dept' | 'project' | 'selfeval';
  mutate: (t: any) => void;
  /** Expected fix target, when the rule offers one. */
  fixTo?: string;
  /** Expected count of findings with this code (default 1). */
  count?: number;
  /** Check options for both the clean and the defective table (history.* rules: the project's earlier years). */
  options?: () => CheckOptions;
}

const setValue = (t: TargetTable, row: number, raw: string, field: 'value' | 'periodValue' = 'value') => {
  const i = t.indicators[row]!;
  i[field] = parseIndicatorValue(raw, { indicatorName: i.name.raw });
};

const CASES: Case[] = [
  { code: 'field.required-missing', why: 'project name empty', base: 'project', mutate: (t: ProjectTable) => (t.projectName = { raw: '' }) },
  { code: 'period.invalid', why: 'start after end', base: 'project', mutate: (t: ProjectTable) => (t.period.start = { raw: '2027', year: 2027 }) },
  { code: 'funds.sum-mismatch', why: 'income does not reconcile', base: 'dept', mutate: (t: DeptOverallTable) => (t.funds.fiscal = amount('646.63')) },
  { code: 'funds.current-exceeds-total', why: 'annual > total', base: 'project', mutate: (t: ProjectTable) => (t.currentAmount = amount('20.01')) },
  { code: 'funds.amount-invalid', why: 'amount is words', base: 'project', mutate: (t: ProjectTable) => (t.totalAmount = amount('二十万')) },
  {
    code: 'funds.tasks-exceed-total',
    why: 'key tasks cost more than the department',
    base: 'dept',
    mutate: (t: DeptOverallTable) => (t.keyTasks[0]!.amount = amount('700')),
  },
  {
    code: 'period.total-equals-current-multiyear',
    why: 'multi-year with total = annual',
    base: 'project',
    mutate: (t: ProjectTable) => {
      t.period.start = { raw: '2025', year: 2025 };
      t.periodGoal = { raw: '两年内举办培训班不少于8次。' };
    },
  },
  {
    code: 'goal.target-uncovered',
    why: 'aim in the goal with no indicator',
    base: 'dept',
    mutate: (t: DeptOverallTable) => (t.overallGoal = { raw: '力争2026年底，规上工业增加值增长3%。' }),
  },
  {
    code: 'goal.period-equals-annual',
    why: 'multi-year, same goals',
    base: 'project',
    mutate: (t: ProjectTable) => {
      t.period.start = { raw: '2025', year: 2025 };
      t.totalAmount = amount('40');
      t.periodGoal = { raw: t.annualGoal.raw };
    },
  },
  { code: 'goal.missing', why: 'annual goal empty', base: 'project', mutate: (t: ProjectTable) => (t.annualGoal = { raw: '' }) },
  { code: 'indicators.total-min', why: 'only 4 indicators', base: 'dept', mutate: (t) => t.indicators.splice(2, 2) },
  {
    code: 'output.quantitative-min',
    why: 'two of three outputs turned qualitative',
    base: 'dept',
    mutate: (t) => {
      setValue(t, 1, '合格');
      setValue(t, 2, '按期完成');
    },
  },
  { code: 'cost.quantitative-min', why: 'cost written in words', base: 'dept', mutate: (t) => setValue(t, 5, '控制在预算内') },
  { code: 'benefit.min', why: 'benefit row removed', base: 'dept', mutate: (t) => t.indicators.splice(3, 1) },
  { code: 'satisfaction.min', why: 'satisfaction row removed', base: 'project', mutate: (t) => t.indicators.splice(4, 1) },
  { code: 'indicator.level1-missing', why: 'unknown level 1', base: 'dept', mutate: (t) => t.indicators.push(ind('投资指标', '数量指标', '投资额', '≥3万元')) },
  { code: 'indicator.level2-unknown', why: 'unknown level 2', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '规模指标', '覆盖乡镇数', '≥10个')) },
  {
    code: 'indicator.level2-invalid',
    why: '时效 under 效益',
    base: 'project',
    mutate: (t) => t.indicators.push(ind('效益指标', '时效指标', '资金支出及时程度', '及时', '及时')),
    fixTo: '产出指标',
  },
  { code: 'indicator.level3-is-category', why: '三级 holds 质量指标', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '质量指标', '≥90%')) },
  { code: 'indicator.legacy-label', why: '可持续影响指标', base: 'dept', mutate: (t) => t.indicators.push(ind('效益指标', '可持续影响指标', '工程设计使用年限', '≥20年')) },
  { code: 'indicator.category-mismatch', why: 'satisfaction under social benefit', base: 'dept', mutate: (t) => t.indicators.push(ind('效益指标', '社会效益指标', '社会公众满意度', '≥90%')) },
  { code: 'indicator.name-missing', why: 'value without a name', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '', '≥3个')) },
  { code: 'indicator.name-duplicate', why: 'same name twice', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '举办培训班次数', '≥5次')) },
  { code: 'indicator.name-too-long', why: '101 characters', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '培'.repeat(101), '≥5次')) },
  { code: 'indicator.name-contains-value', why: 'value in the name', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '培训人次≥300', '≥300人次')) },
  { code: 'indicator.value-missing', why: 'annual value empty', base: 'project', mutate: (t) => setValue(t, 0, '') },
  {
    code: 'indicator.period-value-missing',
    why: 'multi-year project without a period value',
    base: 'project',
    mutate: (t: ProjectTable) => {
      t.period.start = { raw: '2025', year: 2025 };
      t.totalAmount = amount('40');
      t.periodGoal = { raw: '两年内举办培训班不少于8次。' };
      setValue(t, 0, '', 'periodValue');
    },
  },
  { code: 'value.operator-nonstandard', why: '》 for ≥', base: 'dept', mutate: (t) => setValue(t, 4, '》90%'), fixTo: '≥90%' },
  { code: 'value.operator-missing', why: 'bare number', base: 'dept', mutate: (t) => setValue(t, 0, '4次') },
  { code: 'value.percent-as-fraction', why: '1 meaning 100%', base: 'dept', mutate: (t) => setValue(t, 2, '＝1'), fixTo: '＝100%' },
  { code: 'value.qualitative-rate', why: 'rate in words', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '时效指标', '资金发放及时率', '及时')) },
  { code: 'value.unit-missing', why: 'no unit anywhere', base: 'dept', mutate: (t) => setValue(t, 0, '≥4') },
  { code: 'value.placeholder', why: 'XX left in', base: 'dept', mutate: (t) => setValue(t, 0, 'XX次') },
  { code: 'value.vague', why: 'vague phrase', base: 'dept', mutate: (t) => t.indicators.push(ind('效益指标', '经济效益指标', '带动产业发展', '效果明显')) },
  { code: 'value.direction-mismatch', why: 'completion rate with ≤', base: 'dept', mutate: (t) => setValue(t, 2, '≤98%') },
  { code: 'indicator.money-as-output', why: 'money as an output', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '业务工作支出安排金额', '28.8万元')) },
  {
    code: 'value.annual-exceeds-period',
    why: 'annual count larger than the period count',
    base: 'project',
    mutate: (t: ProjectTable) => {
      t.period.start = { raw: '2025', year: 2025 };
      t.totalAmount = amount('40');
      t.periodGoal = { raw: '两年内举办培训班不少于8次。' };
      t.indicators[0] = ind('产出指标', '数量指标', '举办培训班次数', '≥10次', '≥8次');
    },
  },
  { code: 'value.ge-100-percent', why: '≥100%', base: 'dept', mutate: (t) => setValue(t, 2, '≥100%'), fixTo: '＝100%' },
  // Issue 24: the checks a reviewer does by hand. Rows from real tables of fixtures/corpus where there is one.
  { code: 'value.rate-not-share', why: 'a rate in working days (corpus 127)', base: 'project', mutate: (t) => t.indicators.push(ind('产出指标', '时效指标', '检测及时率', '≤7工作日')) },
  {
    code: 'value.unit-column-mismatch',
    why: '28.8万元 with the unit column % (corpus 102)',
    base: 'dept',
    mutate: (t) => {
      const i = ind('产出指标', '数量指标', '业务工作支出安排金额', '28.8万元');
      i.unitColumn = { raw: '%' };
      t.indicators.push(i);
    },
  },
  { code: 'value.percent-on-amount', why: 'an amount in %', base: 'project', mutate: (t) => t.indicators.push(ind('成本指标', '经济成本指标', '培训经费', '≤150%')) },
  { code: 'selfeval.actual-unit-mismatch', why: 'target in %, actual in pieces', base: 'selfeval', mutate: (t) => setCell(t, 1, 'actual', '1000件') },
  { code: 'indicator.name-placeholder', why: '(≥**%) left in the name (corpus 108)', base: 'project', mutate: (t) => t.indicators.push(ind('产出指标', '质量指标', '苗木成活率(≥**%)', '≥85%')), fixTo: '苗木成活率' },
  { code: 'indicator.scaffold-row', why: 'the template row …… left in (corpus 218)', base: 'dept', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '……', '……')) },
  {
    code: 'indicator.explanation-boilerplate',
    why: 'the same sentence on every row (fixtures/samples/025)',
    base: 'dept',
    mutate: (t) => t.indicators.forEach((i: TargetTable['indicators'][number]) => (i.explanation = { raw: '该指标值数据合理' })),
  },
  { code: 'indicator.name-ends-with-value', why: '村组干部230人 (fixtures/samples/006)', base: 'project', mutate: (t) => t.indicators.push(ind('产出指标', '数量指标', '村组干部230人', '230人', '230人')), fixTo: '村组干部' },
  { code: 'score.weights-sum', why: 'weights add up to 107.5', base: 'selfeval', mutate: (t) => setCell(t, 0, 'weight', '20') },
  { code: 'score.weight-too-large', why: 'one indicator weighs 60', base: 'selfeval', mutate: (t) => setCell(t, 3, 'weight', '60') },
  { code: 'score.exceeds-weight', why: 'score 13 on a weight of 12.5', base: 'selfeval', mutate: (t) => setCell(t, 1, 'score', '13') },
  { code: 'score.full-despite-miss', why: '3 of ≥4 classes scored in full', base: 'selfeval', mutate: (t) => setCell(t, 0, 'score', '12.5') },
  {
    code: 'score.missing',
    why: 'weights filled, actuals and scores blank (fixtures/samples/002)',
    base: 'selfeval',
    mutate: (t) => {
      setCell(t, 0, 'actual', '');
      setCell(t, 0, 'score', '');
    },
  },
  { code: 'funds.execution-rate-mismatch', why: '17 ÷ 20 written as 80%', base: 'selfeval', mutate: (t: SelfEvalTable) => (t.execution[0]!.rate = { raw: '80%' }), fixTo: '85.00%' },
  {
    code: 'funds.amount-unit-mixed',
    why: '元 in a 万元 column beside 17',
    base: 'selfeval',
    mutate: (t: SelfEvalTable) => (t.execution[0]!.initialBudget = amount('200000')),
  },
  {
    code: 'funds.sum-mismatch',
    why: 'self-evaluation: the total is not the sum of its sources in the executed column',
    base: 'selfeval',
    mutate: (t: SelfEvalTable) => {
      const line = (name: string, a: string, b: string, c: string) => ({ name: { raw: name }, initialBudget: amount(a), adjustedBudget: amount(b), executed: amount(c), rate: { raw: '' }, weight: { raw: '' }, score: { raw: '' } });
      t.execution.push(line('其中：财政拨款', '20', '20', '17'), line('上年结转资金', '0', '0', '0'), line('其他资金', '0', '0', '1'));
    },
  },
  // Last year's self-evaluation of the clean project held 4 classes: this year's ≥4 is not below it, ≥3 is.
  {
    code: 'history.target-below-last-actual',
    why: '≥3 classes after 4 held last year',
    base: 'project',
    options: () => {
      const last = scoredSelfEval();
      last.indicators[0]!.actual = { raw: '4次' };
      last.indicators.splice(1); // the other rows' actuals (96% against ≥95% …) would fire on the clean table too
      return { history: { years: [{ year: 2025, selfEval: last }] } };
    },
    mutate: (t) => setValue(t, 0, '≥3次'),
  },
  {
    code: 'history.targets-unchanged',
    why: 'the same indicators in 2024, 2025 and 2026',
    base: 'project',
    options: () => {
      // 2024 and 2025 set ≥3 classes; the clean 2026 table sets ≥4 (changed), the copied one ≥3 again.
      const earlier = (year: number) => {
        const t = { ...cleanProject(), year };
        setValue(t, 0, '≥3次');
        return t;
      };
      return { history: { years: [{ year: 2024, target: earlier(2024) }, { year: 2025, target: earlier(2025) }] } };
    },
    mutate: (t) => setValue(t, 0, '≥3次'),
  },
];

function build(base: Case['base']): TargetTable {
  return base === 'dept' ? cleanDept() : base === 'project' ? cleanProject() : scoredSelfEval();
}

/** Sets a self-evaluation row's column (actual, weight, score …) as filed. */
const setCell = (t: SelfEvalTable, row: number, field: 'actual' | 'weight' | 'score' | 'explanation', raw: string) => {
  t.indicators[row]![field] = { raw };
};

describe('clean tables', () => {
  it('the clean department table has no findings', () => {
    expect(checkTable(cleanDept())).toEqual([]);
  });
  it('the clean project table has no findings', () => {
    expect(checkTable(cleanProject())).toEqual([]);
  });
  it('the scored self-evaluation of the clean project has no findings', () => {
    expect(checkTable(scoredSelfEval())).toEqual([]);
  });
});

describe('every rule fires on its defect and not on the clean table', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.why}`, () => {
      const clean = build(c.base);
      expect(checkTable(clean, c.options?.()).filter((f) => f.code === c.code)).toEqual([]);
      const t = build(c.base);
      c.mutate(t);
      const findings = checkTable(t, { ...c.options?.(), tableIndex: 0 });
      const mine = findings.filter((f) => f.code === c.code);
      expect(mine, JSON.stringify(findings.map((f) => f.code))).toHaveLength(c.count ?? 1);
      const f = mine[0]!;
      expect(f.message.zh.length).toBeGreaterThan(5);
      expect(f.message.en.length).toBeGreaterThan(5);
      expect(f.location.section).toBeTruthy();
      expect(f.location.table).toBe(0);
      if (c.fixTo) expect(f.fix?.to).toBe(c.fixTo);
    });
  }

  it('the cases cover every rule in the registry', () => {
    const covered = new Set(CASES.map((c) => c.code));
    expect(ALL_RULES.map((r) => r.code).filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe('severities and submission', () => {
  it('errors block, warnings do not', () => {
    const t = cleanDept();
    setValue(t, 4, '》90%');
    const fs = checkTable(t);
    expect(fs.map((f) => f.severity)).toEqual(['warning']);
    expect(hasErrors(fs)).toBe(false);
    t.indicators.splice(3, 1);
    expect(hasErrors(checkTable(t))).toBe(true);
  });

  it('reports every finding at once instead of stopping at the first', () => {
    const t = cleanProject();
    t.projectName = { raw: '' };
    t.currentAmount = amount('30');
    setValue(t, 4, '》90%');
    t.indicators.splice(3, 1);
    const codes = checkTable(t).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['field.required-missing', 'funds.current-exceeds-total', 'value.operator-nonstandard', 'benefit.min']));
  });

  it('a rule that meets malformed data is reported, not thrown', () => {
    const t = cleanProject() as any;
    t.indicators = [{ id: 'x' }];
    const fs = checkTable(t);
    expect(fs.some((f) => f.code === 'checker.rule-failed')).toBe(true);
  });
});
