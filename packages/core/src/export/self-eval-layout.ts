/**
 * The official layout of the 项目支出绩效自评表 (domain.md §6.5; the 池州 2022 and 青神 2023
 * forms): header, 年度总体目标 beside its 实际完成情况, the fund block (年初预算数 / 调整后预算数 /
 * 预算执行数 / 预算执行率 / 分值 / 得分), the indicator rows (年度指标值 / 实际完成值 / 分值 / 得分 /
 * 偏差原因分析及改进措施), 总分, 评价结论, 存在问题, 改进措施. Nine columns, and the optional indicator
 * columns a table carries (指标性质, 度量单位 …: indicator-columns.ts); the importer reads it
 * back to the same SelfEvalTable (test/self-eval-layout.test.ts).
 */
import type { CellGrid } from '../import/cell-grid.ts';
import type { Indicator, SelfEvalTable } from '../model/target-table.ts';
import { amountText, LayoutBuilder } from './layout-builder.ts';
import { columnText, indicatorColumns, levelText, type IndicatorColumn } from './indicator-columns.ts';
import type { OfficialLayout } from './official-layout.ts';

/** Widths of the form's own nine columns; optional indicator columns (指标性质, 度量单位 …) widen it. */
const WIDTHS = [8, 12, 14, 24, 14, 14, 8, 8, 28];

/** Optional columns: 指标性质 before the 年度指标值, 度量单位 and 指标值类型 after it, the rest after 偏差原因. */
const BEFORE_VALUE = ['operatorColumn'] as const;
const AFTER_VALUE = ['unitColumn', 'valueType'] as const;
const AT_END = ['direction', 'standard', 'explanation', 'note'] as const;

const l1Text = (i: Indicator) => levelText(i.level1);
const l2Text = (i: Indicator) => levelText(i.level2);

/** The fund block's columns, each with the least width (characters) it needs; 得分 takes the rest. */
const FUND_COLUMNS = [
  { header: '资金来源', min: 10 },
  { header: '年初预算数', min: 12 },
  { header: '调整后预算数', min: 12 },
  { header: '预算执行数', min: 12 },
  { header: '预算执行率', min: 10 },
  { header: '分值', min: 6 },
  { header: '得分', min: 0 },
] as const;

/**
 * Lays fields side by side over columns from..last of a form whose columns are as wide as
 * `widths`: each field takes columns until it is at least its `min` wide (leaving a column for
 * each field after it), the last takes the rest. On the nine-column form every field gets one
 * column (得分 two), as printed; on a widened form narrow indicator columns (指标性质 …) are merged.
 */
function spread(widths: readonly number[], from: number, last: number, mins: readonly number[]): Array<{ col: number; cols: number }> {
  const out: Array<{ col: number; cols: number }> = [];
  let col = from;
  mins.forEach((min, i) => {
    const after = mins.length - i - 1;
    if (after === 0) {
      out.push({ col, cols: last - col + 1 });
      return;
    }
    let end = col;
    let w = widths[col - 1] ?? 0;
    while (w < min && end < last - after) w += widths[++end - 1] ?? 0;
    out.push({ col, cols: end - col + 1 });
    col = end + 1;
  });
  return out;
}

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

/**
 * The indicator block's columns: 三级 at 4, then the optional ones around the form's own
 * (年度指标值, 实际完成值, 分值, 得分, 偏差原因); a 实施周期指标值 where the indicators carry one.
 */
function indicatorLayout(inds: Indicator[]) {
  const period = inds.some((i) => i.periodValue !== undefined);
  const before = indicatorColumns(inds, BEFORE_VALUE);
  const after = indicatorColumns(inds, AFTER_VALUE);
  const atEnd = indicatorColumns(inds, AT_END);
  let col = 5;
  const place = (list: IndicatorColumn[]) => list.map((c) => ({ ...c, col: col++ }));
  const pre = place(before);
  const periodCol = period ? col++ : 0;
  const valueCol = col++;
  const post = place(after);
  const own = { actual: col++, weight: col++, score: col++, reason: col++ };
  const end = place(atEnd);
  const widths = [...WIDTHS.slice(0, 4), ...before.map((c) => c.width), ...(period ? [14] : []), WIDTHS[4]!, ...after.map((c) => c.width), ...WIDTHS.slice(5), ...atEnd.map((c) => c.width)];
  return { optional: [...pre, ...post, ...end], periodCol, valueCol, own, width: col - 1, widths };
}

export function selfEvalLayout(t: SelfEvalTable, opts: { file?: string } = {}): OfficialLayout {
  const inds = t.indicators.filter((i) => i.name.raw.trim());
  const cols = indicatorLayout(inds);
  const b = new LayoutBuilder(cols.width);
  b.titleRows(t.title || `${t.year ?? ''}年度项目支出绩效自评表`, t.year);
  let r = b.row();
  b.put(r, 1, '项目名称', 'label', { cols: 2 });
  b.put(r, 3, t.projectName.raw, 'text', b.toEnd(3), 'projectName');
  r = b.row();
  b.put(r, 1, '主管部门', 'label', { cols: 2 });
  b.put(r, 3, t.department.raw, 'text', { cols: 3 }, 'department');
  b.put(r, 6, '实施单位', 'label');
  b.put(r, 7, t.unit.raw, 'text', b.toEnd(7), 'unit');

  r = b.row();
  const goals = b.row();
  b.put(r, 1, '年度总体目标', 'label', { rows: 2 });
  // The goal and its outcome share the width; on the widened form the fund block spreads over it too.
  const half = cols.widths.slice(1).reduce((a, w) => a + w, 0) / 2;
  const [goal, outcome] = spread(cols.widths, 2, cols.width, [half, 0]);
  b.put(r, goal!.col, '预期目标', 'header', { cols: goal!.cols });
  b.put(r, outcome!.col, '实际完成情况', 'header', { cols: outcome!.cols });
  b.put(goals, goal!.col, t.annualGoal.raw, 'text', { cols: goal!.cols }, 'annualGoal');
  b.put(goals, outcome!.col, t.goalOutcome.raw, 'text', { cols: outcome!.cols }, 'goalOutcome');

  const fundsHeader = b.row();
  const fund = spread(cols.widths, 2, cols.width, FUND_COLUMNS.map((c) => c.min));
  FUND_COLUMNS.forEach((c, i) => b.put(fundsHeader, fund[i]!.col, c.header, 'header', { cols: fund[i]!.cols }));
  t.execution.forEach((line, i) => {
    const lr = b.row();
    const f = i === 0 ? 'execution' : `execution.${i}`;
    const cells: Array<[string, 'label' | 'amount' | 'value', string | undefined]> = [
      [line.name.raw, 'label', undefined],
      [amountText(line.initialBudget), 'amount', `${f}.initialBudget`],
      [amountText(line.adjustedBudget), 'amount', `${f}.adjustedBudget`],
      [amountText(line.executed), 'amount', `${f}.executed`],
      [line.rate.raw, 'value', `${f}.rate`],
      [line.weight.raw, 'value', `${f}.weight`],
      [line.score.raw, 'value', `${f}.score`],
    ];
    cells.forEach(([text, role, field], k) => b.put(lr, fund[k]!.col, text, role, { cols: fund[k]!.cols }, field));
  });
  b.put(fundsHeader, 1, '预算执行情况(万元)', 'label', { rows: t.execution.length + 1 });

  const header = b.row();
  const { own } = cols;
  ['一级指标', '二级指标', '三级指标'].forEach((h, i) => b.put(header, i + 2, h, 'header'));
  if (cols.periodCol) b.put(header, cols.periodCol, '实施周期指标值', 'header');
  b.put(header, cols.valueCol, '年度指标值', 'header');
  b.put(header, own.actual, '实际完成值', 'header');
  b.put(header, own.weight, '分值', 'header');
  b.put(header, own.score, '得分', 'header');
  b.put(header, own.reason, '偏差原因分析及改进措施', 'header');
  for (const c of cols.optional) b.put(header, c.col, c.header, 'header');
  const first = header + 1;
  for (const ind of inds) {
    const n = b.row();
    const id = ind.id;
    b.put(n, 4, ind.name.raw, 'text', {}, `ind:${id}:name`);
    if (cols.periodCol) b.put(n, cols.periodCol, ind.periodValue?.raw ?? '', 'value', {}, `ind:${id}:periodValue`);
    b.put(n, cols.valueCol, ind.value.raw, 'value', {}, `ind:${id}:value`);
    b.put(n, own.actual, ind.actual?.raw ?? '', 'value', {}, `ind:${id}:actual`);
    b.put(n, own.weight, ind.weight?.raw ?? '', 'value', {}, `ind:${id}:weight`);
    b.put(n, own.score, ind.score?.raw ?? '', 'value', {}, `ind:${id}:score`);
    b.put(n, own.reason, ind.deviationReason?.raw ?? '', 'text', {}, `ind:${id}:reason`);
    for (const c of cols.optional) b.put(n, c.col, columnText(ind, c.field), c.role, {}, `ind:${id}:${c.field}`);
  }
  for (const [start, len] of runs(inds, l1Text)) b.put(first + start, 2, l1Text(inds[start]!), 'label', len > 1 ? { rows: len } : {});
  for (const [start, len] of runs(inds, (i) => `${l1Text(i)}|${l2Text(i)}`)) b.put(first + start, 3, l2Text(inds[start]!), 'label', len > 1 ? { rows: len } : {});
  b.put(header, 1, '绩效指标', 'label', { rows: inds.length + 1 });

  const totalWeight = (t.execution[0] ? Number(t.execution[0].weight.raw) || 0 : 0) + inds.reduce((s, i) => s + (Number(i.weight?.raw) || 0), 0);
  const totalScore = (t.execution[0] ? Number(t.execution[0].score.raw) || 0 : 0) + inds.reduce((s, i) => s + (Number(i.score?.raw) || 0), 0);
  r = b.row();
  b.put(r, 1, '总分', 'label', { cols: own.weight - 1 });
  b.put(r, own.weight, String(Math.round(totalWeight * 100) / 100), 'value');
  b.put(r, own.score, String(Math.round(totalScore * 100) / 100), 'value', b.toEnd(own.score), 'total');
  for (const [label, text, field] of [
    ['评价结论', t.conclusion.raw, 'conclusion'],
    ['存在问题', t.problems.raw, 'problems'],
    ['改进措施', t.measures.raw, 'measures'],
  ] as const) {
    r = b.row();
    b.put(r, 1, label, 'label', { cols: 2 });
    b.put(r, 3, text, 'text', b.toEnd(3), field);
  }
  const bodyLast = b.rows.length;
  for (const note of t.notes) {
    const nr = b.row();
    b.put(nr, 1, note, 'note', b.toEnd(1));
  }
  const grid: CellGrid = { rows: b.rows, sheet: (t.projectName.raw || '绩效自评').slice(0, 31) };
  if (opts.file) grid.file = opts.file;
  return {
    title: b.rows[0]![0]!.text,
    grid,
    roles: b.roles,
    fields: b.fields,
    columnWidths: cols.widths,
    bodyRows: { first: b.bodyFirst, last: bodyLast },
    notes: t.notes,
  };
}
