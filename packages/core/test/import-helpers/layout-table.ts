/**
 * Reference layouts of the project and department-wide tables as the Guangdong 2026 forms print
 * them (the seed's layout), with 一级/二级 as merged cells over consecutive rows. This is what an exporter must
 * write for the importer to read the table back unchanged (docs/import.md, "Round trip"); the
 * bench and the round-trip test use it.
 */
import type { DeptOverallTable, Indicator, ProjectTable, SelfEvalTable } from '../../src/index.ts';
import type { PCell, PRows } from './published.ts';

const s = (t: string, cs: number): PCell => ({ t, cs });

/** Runs of equal keys in a list: [start, length]. */
function runs<T>(list: T[], key: (x: T) => string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  list.forEach((x, i) => {
    const last = out[out.length - 1];
    if (last && key(list[last[0]]!) === key(x)) last[1]++;
    else out.push([i, 1]);
  });
  return out;
}

const l1Text = (i: Indicator) => i.level1.raw || i.level1.name || '';
const l2Text = (i: Indicator) => i.level2.raw || i.level2.name || '';

/** The indicator block: 绩效指标 merged down the first column, 一级/二级 merged over their runs. */
function indicatorRows(inds: Indicator[], values: (i: Indicator) => PCell[], headers: PCell[]): PRows {
  const rows: PRows = [[{ t: '绩效指标', rs: inds.length + 1 }, '一级指标', '二级指标', '三级指标', ...headers]];
  const l1Runs = new Map(runs(inds, l1Text).map(([i, n]) => [i, n]));
  const l2Runs = new Map(runs(inds, (i) => `${l1Text(i)}/${l2Text(i)}`).map(([i, n]) => [i, n]));
  inds.forEach((ind, i) => {
    const row: PCell[] = [];
    if (l1Runs.has(i)) row.push({ t: l1Text(ind), rs: l1Runs.get(i)! });
    if (l2Runs.has(i)) row.push({ t: l2Text(ind), rs: l2Runs.get(i)! });
    row.push(ind.name.raw, ...values(ind));
    rows.push(row);
  });
  return rows;
}

export function deptTableRows(t: DeptOverallTable): PRows {
  const dev = t.funds.development;
  const rows: PRows = [
    [s(t.title, 6)],
    ['部门名称', s(t.deptName.raw, 5)],
    ['基本信息', '财政供养人数', t.staffCount.raw, '下属二级单位数', s(t.subUnitCount.raw, 2)],
    [{ t: '预算整体情况', rs: 4 + dev.length }, '部门预算支出', '预算金额(万元)', '收入来源', s('预算金额(万元)', 2)],
    ['基本支出', t.funds.basic.raw, '财政拨款', s(t.funds.fiscal.raw, 2)],
    ['项目支出', t.funds.project.raw, '其他资金', s(t.funds.other.raw, 2)],
    ['事业发展性支出', s('预算金额(万元)', 4)],
    ...dev.map((l): PCell[] => [l.name.raw, s(l.amount.raw, 4)]),
    ['总体绩效目标', s(t.overallGoal.raw, 5)],
    [{ t: '年度重点工作任务', rs: t.keyTasks.length + 1 }, '名称', '主要实施内容', '拟投入的资金(万元)', s('期望达到的目标(概述)', 2)],
    ...t.keyTasks.map((k): PCell[] => [k.name.raw, k.content.raw, k.amount.raw, s(k.expected.raw, 2)]),
    ['其他需完成的任务(可选填)', s(t.otherTasks.raw, 5)],
    ...indicatorRows(t.indicators, (i) => [s(i.value.raw, 2)], [s('指标值', 2)]),
  ];
  for (const n of t.notes) rows.push([s(n, 6)]);
  return rows;
}

export function projectTableRows(t: ProjectTable): PRows {
  const inds = t.indicators;
  const rows: PRows = [
    [s(t.title, 6)],
    ['项目名称', s(t.projectName.raw, 5)],
    ['项目类型', s(t.projectType.raw, 5)],
    ['项目等级', s(t.projectLevel.raw, 5)],
    ['主管部门', s(t.department.raw, 2), '用款单位', s(t.unit.raw, 2)],
    ['实施期限', '起始年度', t.period.start.raw, '到期年度', s(t.period.end.raw, 2)],
    ['预算金额', '总金额(万元)', t.totalAmount.raw, '当年度金额(万元)', s(t.currentAmount.raw, 2)],
    ['项目概述', s(t.overview.raw, 5)],
    [{ t: '总体绩效目标', rs: 2 }, s('实施周期总目标(跨年度项目需填写)', 2), s('当年度目标', 3)],
    [s(t.periodGoal.raw, 2), s(t.annualGoal.raw, 3)],
    ...indicatorRows(inds, (ind) => [ind.periodValue?.raw ?? '', ind.value.raw], ['实施周期指标值', '当年度指标值']),
  ];
  return rows;
}

/** The self-evaluation table (the 青神/池州 layout): fund lines, goal and outcome, indicators with their split columns. */
export function selfEvalTableRows(t: SelfEvalTable): PRows {
  const tf = (f: { raw: string } | undefined) => f?.raw ?? '';
  return [
    [s(t.title, 11)],
    [s('项目名称', 2), s(t.projectName.raw, 9)],
    [s('主管部门', 2), s(t.department.raw, 4), s('实施单位', 2), s(t.unit.raw, 3)],
    [{ t: '年度总体目标', rs: 2 }, s('预期目标', 5), s('实际完成情况', 5)],
    [s(t.annualGoal.raw, 5), s(t.goalOutcome.raw, 5)],
    [{ t: '预算执行情况', rs: t.execution.length + 1 }, '资金来源', '年初预算', '调整后预算数', '预算执行数', '预算执行率', '权重', s('得分', 4)],
    ...t.execution.map((l): PCell[] => [l.name.raw, l.initialBudget.raw, l.adjustedBudget.raw, l.executed.raw, l.rate.raw, l.weight.raw, s(l.score.raw, 4)]),
    ...indicatorRows(
      t.indicators,
      (i) => [tf(i.operatorColumn), i.value.raw, tf(i.unitColumn), tf(i.actual), tf(i.weight), tf(i.score), tf(i.deviationReason)],
      ['指标性质', '指标值', '度量单位', '完成值', '权重', '得分', '未完成原因分析'],
    ),
    [s('评价结论', 2), s(t.conclusion.raw, 9)],
    [s('存在问题', 2), s(t.problems.raw, 9)],
    [s('改进措施', 2), s(t.measures.raw, 9)],
  ];
}
