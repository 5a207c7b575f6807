/**
 * A monitoring report printed as the 绩效运行监控表 (the 136号-style table, domain.md §5): header,
 * budget execution (调整后预算 / 执行数 / 执行率 / 时序进度比 / 预计全年执行 / 预警), and per indicator
 * the target, what was achieved so far, the expected full-year value, the light, the deviation
 * cause, the likelihood of meeting the target and the corrective measure. Printed and exported
 * like the other official forms; it is a report, not an input form, so there is no importer for it.
 */
import type { CellGrid } from '../import/cell-grid.ts';
import { LIGHT_ZH, type MonitoringResult } from '../scoring/monitoring.ts';
import { targetsName, type MonitoringDocument } from '../scoring/report-documents.ts';
import { amountText, LayoutBuilder } from './layout-builder.ts';
import { columnText, indicatorColumns, levelText } from './indicator-columns.ts';
import type { OfficialLayout } from './official-layout.ts';

/**
 * The form's ten columns; a target table with 指标性质 / 度量单位 columns gets them beside the
 * 年度指标值 (the value alone, `100` without its `%`, would not say what the target is).
 */
const WIDTHS = [10, 12, 22, 12, 12, 12, 10, 12, 10, 24];

export function monitoringLayout(doc: MonitoringDocument, result: MonitoringResult, opts: { file?: string } = {}): OfficialLayout {
  const t = doc.targets;
  const inds = t.indicators.filter((i) => i.name.raw.trim());
  const before = indicatorColumns(inds, ['operatorColumn']);
  const after = indicatorColumns(inds, ['unitColumn']);
  const b = new LayoutBuilder(WIDTHS.length + before.length + after.length);
  const title = b.row();
  b.put(title, 1, doc.title, 'title', b.toEnd(1));
  let r = b.row();
  b.put(r, 1, t.kind === 'project' ? '项目名称' : '部门名称', 'label', { cols: 2 });
  b.put(r, 3, targetsName(t), 'text', { cols: 4 }, 'projectName');
  b.put(r, 7, '监控期间', 'label');
  b.put(r, 8, `1–${doc.report.month}月`, 'text', b.toEnd(8));
  if (t.kind === 'project') {
    r = b.row();
    b.put(r, 1, '主管部门', 'label', { cols: 2 });
    b.put(r, 3, t.department.raw, 'text', { cols: 4 });
    b.put(r, 7, '实施单位', 'label');
    b.put(r, 8, t.unit.raw, 'text', b.toEnd(8));
  }
  r = b.row();
  b.put(r, 1, '年度绩效目标', 'label', { cols: 2 });
  b.put(r, 3, t.kind === 'project' ? t.annualGoal.raw : t.overallGoal.raw, 'text', b.toEnd(3));

  const e = doc.report.execution;
  const fh = b.row();
  ['调整后预算(万元)', '执行数(万元)', '执行率', '时序进度比', '预计全年执行(万元)', '预警'].forEach((h, i) => b.put(fh, i + 3, h, 'header', i === 5 ? b.toEnd(8) : {}));
  const fr = b.row();
  b.put(fr, 3, amountText(e.adjustedBudget), 'amount', {}, 'execution.adjustedBudget');
  b.put(fr, 4, amountText(e.executed), 'amount', {}, 'execution.executed');
  b.put(fr, 5, result.execution.rate === null ? '' : `${result.execution.rate}%`, 'value');
  b.put(fr, 6, result.execution.progress === null ? '' : `${result.execution.progress}%`, 'value');
  b.put(fr, 7, amountText(e.expectedFullYear), 'amount', {}, 'execution.expectedFullYear');
  b.put(fr, 8, result.execution.light ? LIGHT_ZH[result.execution.light] : '', 'value', b.toEnd(8));
  b.put(fh, 1, '预算执行情况', 'label', { rows: 2, cols: 2 });

  const header = b.row();
  const heads = ['一级指标', '二级指标', '三级指标', ...before.map((c) => c.header), '年度指标值', ...after.map((c) => c.header), '截至本期完成', '全年预计完成', '预警', '偏差原因', '完成可能性', '纠偏措施'];
  heads.forEach((h, i) => b.put(header, i + 1, h, 'header'));
  const progress = new Map(doc.report.indicators.map((p) => [p.indicatorId, p]));
  const lights = new Map(result.indicators.map((l) => [l.indicatorId, l]));
  for (const ind of inds) {
    const n = b.row();
    const p = progress.get(ind.id);
    const l = lights.get(ind.id);
    const id = ind.id;
    // Cells in the order of `heads`: the optional columns around the 年度指标值.
    const cells: Array<[string, 'label' | 'text' | 'value', string?]> = [
      [levelText(ind.level1), 'label'],
      [levelText(ind.level2), 'label'],
      [ind.name.raw, 'text', 'name'],
      ...before.map((c): [string, 'value', string] => [columnText(ind, c.field), 'value', c.field]),
      [ind.value.raw, 'value', 'value'],
      ...after.map((c): [string, 'value', string] => [columnText(ind, c.field), 'value', c.field]),
      [p?.achieved.raw ?? '', 'value', 'achieved'],
      [p?.expectedFullYear?.raw ?? '', 'value', 'expectedFullYear'],
      [l?.light ? `${LIGHT_ZH[l.light]}${l.progress !== undefined ? `（${l.progress}%）` : ''}` : '', 'value', 'light'],
      [p?.deviationCause ?? '', 'text', 'deviationCause'],
      [p?.likelihood ?? '', 'text', 'likelihood'],
      [p?.measure?.raw ?? '', 'text', 'measure'],
    ];
    cells.forEach(([text, role, field], i) => b.put(n, i + 1, text, role, {}, field ? `ind:${id}:${field}` : undefined));
  }
  r = b.row();
  b.put(r, 1, '项目预警', 'label', { cols: 2 });
  b.put(r, 3, result.overall ? LIGHT_ZH[result.overall] : '', 'text', b.toEnd(3), 'overall');
  const grid: CellGrid = { rows: b.rows, sheet: (targetsName(t) || '运行监控').slice(0, 31) };
  if (opts.file) grid.file = opts.file;
  return {
    title: doc.title,
    grid,
    roles: b.roles,
    fields: b.fields,
    columnWidths: [...WIDTHS.slice(0, 3), ...before.map((c) => c.width), WIDTHS[3]!, ...after.map((c) => c.width), ...WIDTHS.slice(4)],
    bodyRows: { first: 2, last: b.rows.length },
    notes: [],
  };
}
