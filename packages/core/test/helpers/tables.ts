/**
 * Builders for tables in tests: a clean department table and a clean project table that pass
 * every rule of guangdong-2026, and an indicator builder. Tests change one thing and check that
 * exactly the rule about it fires.
 */
import {
  matchLevel1,
  matchLevel2,
  parseIndicatorValue,
  parseMoney,
  type AmountField,
  type DeptOverallTable,
  type Indicator,
  type ProjectTable,
} from '../../src/index.ts';

let seq = 0;

export function ind(level1: string, level2: string, name: string, value: string, periodValue?: string): Indicator {
  const m1 = matchLevel1(level1);
  const m2 = matchLevel2(level2, level1);
  const i: Indicator = {
    id: `t${++seq}`,
    level1: m1 ? { raw: level1, name: m1.name, ...(m1.legacy ? { legacy: true } : {}) } : { raw: level1 },
    level2: m2 ? { raw: level2, name: m2.name, ...(m2.legacy ? { legacy: true } : {}) } : { raw: level2 },
    name: { raw: name },
    value: parseIndicatorValue(value, { indicatorName: name }),
  };
  if (periodValue !== undefined) i.periodValue = parseIndicatorValue(periodValue, { indicatorName: name });
  return i;
}

export function amount(raw: string): AmountField {
  return { raw, fen: raw ? (parseMoney(raw)?.fen ?? null) : null };
}

export function cleanIndicators(project = false): Indicator[] {
  const row = (l1: string, l2: string, name: string, value: string) => ind(l1, l2, name, value, project ? value : undefined);
  return [
    row('产出指标', '数量指标', '举办培训班次数', '≥4次'),
    row('产出指标', '质量指标', '培训合格率', '≥95%'),
    row('产出指标', '时效指标', '培训按期完成率', '＝100%'),
    row('效益指标', '社会效益指标', '受训企业数字化改造家数', '≥3家'),
    row('满意度指标', '服务对象满意度指标', '参训企业满意度', '≥90%'),
    row('成本指标', '经济成本指标', '人均培训成本', '≤800元/人'),
  ];
}

export function cleanDept(): DeptOverallTable {
  return {
    kind: 'dept-overall',
    title: '2026年县级部门整体预算绩效目标表',
    year: 2026,
    notes: [],
    deptName: { raw: '遂溪县科工贸和信息化局' },
    staffCount: { raw: '89', count: 89 },
    subUnitCount: { raw: '1', count: 1 },
    funds: {
      basic: amount('602.44'),
      project: amount('31.2'),
      development: [{ name: { raw: '其他事业发展性支出' }, amount: amount('13') }],
      fiscal: amount('646.64'),
      other: amount('0'),
    },
    overallGoal: { raw: '全力稳经济、抓产业、促发展，举办培训班不少于4次，新增3家以上企业完成数字化改造。' },
    keyTasks: [
      { name: { raw: '任务1' }, content: { raw: '培训' }, amount: amount('6'), expected: { raw: '完成培训' } },
    ],
    otherTasks: { raw: '' },
    indicators: cleanIndicators(),
  };
}

export function cleanProject(): ProjectTable {
  return {
    kind: 'project',
    title: '2026年县级项目支出绩效目标表',
    year: 2026,
    notes: [],
    projectName: { raw: '数字化转型培训' },
    projectType: { raw: '331-部门预算部门职能类', code: '331', name: '部门预算部门职能类' },
    projectLevel: { raw: '二级项目' },
    department: { raw: '144-遂溪县科工贸和信息化局', code: '144', name: '遂溪县科工贸和信息化局' },
    unit: { raw: '144001-遂溪县科工贸和信息化局', code: '144001', name: '遂溪县科工贸和信息化局' },
    period: { start: { raw: '2026', year: 2026 }, end: { raw: '2026', year: 2026 } },
    totalAmount: amount('20'),
    currentAmount: amount('20'),
    overview: { raw: '为企业开展数字化转型培训。' },
    periodGoal: { raw: '' },
    annualGoal: { raw: '举办培训班不少于4次，新增3家以上企业完成数字化改造。' },
    indicators: cleanIndicators(true),
  };
}
