/**
 * The official layout of the 项目支出绩效自评表 (domain.md §6.5; the 池州 2022 and 青神 2023
 * forms): header, 年度总体目标 beside its 实际完成情况, the fund block (年初预算数 / 调整后预算数 /
 * 预算执行数 / 预算执行率 / 分值 / 得分), the indicator rows (年度指标值 / 实际完成值 / 分值 / 得分 /
 * 偏差原因分析及改进措施), 总分, 评价结论, 存在问题, 改进措施. Nine columns; the importer reads it
 * back to the same SelfEvalTable (test/self-eval-layout.test.ts).
 */
import type { CellGrid } from '../import/cell-grid.ts';
import type { Indicator, SelfEvalTable } from '../model/target-table.ts';
import { amountText, LayoutBuilder } from './layout-builder.ts';
import type { OfficialLayout } from './official-layout.ts';

const COLS = 9;

const l1Text = (i: Indicator) => i.level1.raw || i.level1.name || '';
const l2Text = (i: Indicator) => i.level2.raw || i.level2.name || '';

/** Runs of equal keys: [start, length]. */
function runs<T>(list: T[], key: (x: T) => string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  list.forEach((x, i) => {
    const last = out[out.length - 1];
    if (last && key(list[last[0]]!) === key(x)) last[1]++;
    else out.push([i, 1]);
  });
  return out;
}

export function selfEvalLayout(t: SelfEvalTable, opts: { file?: string } = {}): OfficialLayout {
  const b = new LayoutBuilder(COLS);
  const title = b.row();
  b.put(title, 1, t.title || `${t.year ?? ''}年度项目支出绩效自评表`, 'title', { cols: COLS });
  let r = b.row();
  b.put(r, 1, '项目名称', 'label', { cols: 2 });
  b.put(r, 3, t.projectName.raw, 'text', { cols: 7 }, 'projectName');
  r = b.row();
  b.put(r, 1, '主管部门', 'label', { cols: 2 });
  b.put(r, 3, t.department.raw, 'text', { cols: 3 }, 'department');
  b.put(r, 6, '实施单位', 'label');
  b.put(r, 7, t.unit.raw, 'text', { cols: 3 }, 'unit');

  r = b.row();
  const goals = b.row();
  b.put(r, 1, '年度总体目标', 'label', { rows: 2 });
  b.put(r, 2, '预期目标', 'header', { cols: 4 });
  b.put(r, 6, '实际完成情况', 'header', { cols: 4 });
  b.put(goals, 2, t.annualGoal.raw, 'text', { cols: 4 }, 'annualGoal');
  b.put(goals, 6, t.goalOutcome.raw, 'text', { cols: 4 }, 'goalOutcome');

  const fundsHeader = b.row();
  ['资金来源', '年初预算数', '调整后预算数', '预算执行数', '预算执行率', '分值'].forEach((h, i) => b.put(fundsHeader, i + 2, h, 'header'));
  b.put(fundsHeader, 8, '得分', 'header', { cols: 2 });
  t.execution.forEach((line, i) => {
    const lr = b.row();
    const f = i === 0 ? 'execution' : `execution.${i}`;
    b.put(lr, 2, line.name.raw, 'label');
    b.put(lr, 3, amountText(line.initialBudget), 'amount', {}, `${f}.initialBudget`);
    b.put(lr, 4, amountText(line.adjustedBudget), 'amount', {}, `${f}.adjustedBudget`);
    b.put(lr, 5, amountText(line.executed), 'amount', {}, `${f}.executed`);
    b.put(lr, 6, line.rate.raw, 'value', {}, `${f}.rate`);
    b.put(lr, 7, line.weight.raw, 'value', {}, `${f}.weight`);
    b.put(lr, 8, line.score.raw, 'value', { cols: 2 }, `${f}.score`);
  });
  b.put(fundsHeader, 1, '预算执行情况(万元)', 'label', { rows: t.execution.length + 1 });

  const inds = t.indicators.filter((i) => i.name.raw.trim());
  const header = b.row();
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach((h, i) => b.put(header, i + 2, h, 'header'));
  const first = header + 1;
  for (const ind of inds) {
    const n = b.row();
    const id = ind.id;
    b.put(n, 4, ind.name.raw, 'text', {}, `ind:${id}:name`);
    b.put(n, 5, ind.value.raw, 'value', {}, `ind:${id}:value`);
    b.put(n, 6, ind.actual?.raw ?? '', 'value', {}, `ind:${id}:actual`);
    b.put(n, 7, ind.weight?.raw ?? '', 'value', {}, `ind:${id}:weight`);
    b.put(n, 8, ind.score?.raw ?? '', 'value', {}, `ind:${id}:score`);
    b.put(n, 9, ind.deviationReason?.raw ?? '', 'text', {}, `ind:${id}:reason`);
  }
  for (const [start, len] of runs(inds, l1Text)) b.put(first + start, 2, l1Text(inds[start]!), 'label', len > 1 ? { rows: len } : {});
  for (const [start, len] of runs(inds, (i) => `${l1Text(i)}|${l2Text(i)}`)) b.put(first + start, 3, l2Text(inds[start]!), 'label', len > 1 ? { rows: len } : {});
  b.put(header, 1, '绩效指标', 'label', { rows: inds.length + 1 });

  const totalWeight = (t.execution[0] ? Number(t.execution[0].weight.raw) || 0 : 0) + inds.reduce((s, i) => s + (Number(i.weight?.raw) || 0), 0);
  const totalScore = (t.execution[0] ? Number(t.execution[0].score.raw) || 0 : 0) + inds.reduce((s, i) => s + (Number(i.score?.raw) || 0), 0);
  r = b.row();
  b.put(r, 1, '总分', 'label', { cols: 6 });
  b.put(r, 7, String(Math.round(totalWeight * 100) / 100), 'value');
  b.put(r, 8, String(Math.round(totalScore * 100) / 100), 'value', { cols: 2 }, 'total');
  for (const [label, text, field] of [
    ['评价结论', t.conclusion.raw, 'conclusion'],
    ['存在问题', t.problems.raw, 'problems'],
    ['改进措施', t.measures.raw, 'measures'],
  ] as const) {
    r = b.row();
    b.put(r, 1, label, 'label', { cols: 2 });
    b.put(r, 3, text, 'text', { cols: 7 }, field);
  }
  const bodyLast = b.rows.length;
  for (const note of t.notes) {
    const nr = b.row();
    b.put(nr, 1, note, 'note', { cols: COLS });
  }
  const grid: CellGrid = { rows: b.rows, sheet: (t.projectName.raw || '绩效自评').slice(0, 31) };
  if (opts.file) grid.file = opts.file;
  return {
    title: b.rows[0]![0]!.text,
    grid,
    roles: b.roles,
    fields: b.fields,
    columnWidths: [8, 12, 14, 24, 14, 14, 8, 8, 28],
    bodyRows: { first: 2, last: bodyLast },
    notes: t.notes,
  };
}
