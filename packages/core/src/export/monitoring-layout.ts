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
import type { OfficialLayout } from './official-layout.ts';

const COLS = 10;

export function monitoringLayout(doc: MonitoringDocument, result: MonitoringResult, opts: { file?: string } = {}): OfficialLayout {
  const t = doc.targets;
  const b = new LayoutBuilder(COLS);
  const title = b.row();
  b.put(title, 1, doc.title, 'title', { cols: COLS });
  let r = b.row();
  b.put(r, 1, t.kind === 'project' ? '项目名称' : '部门名称', 'label', { cols: 2 });
  b.put(r, 3, targetsName(t), 'text', { cols: 4 }, 'projectName');
  b.put(r, 7, '监控期间', 'label');
  b.put(r, 8, `1–${doc.report.month}月`, 'text', { cols: 3 });
  if (t.kind === 'project') {
    r = b.row();
    b.put(r, 1, '主管部门', 'label', { cols: 2 });
    b.put(r, 3, t.department.raw, 'text', { cols: 4 });
    b.put(r, 7, '实施单位', 'label');
    b.put(r, 8, t.unit.raw, 'text', { cols: 3 });
  }
  r = b.row();
  b.put(r, 1, '年度绩效目标', 'label', { cols: 2 });
  b.put(r, 3, t.kind === 'project' ? t.annualGoal.raw : t.overallGoal.raw, 'text', { cols: 8 });

  const e = doc.report.execution;
  const fh = b.row();
  ['调整后预算(万元)', '执行数(万元)', '执行率', '时序进度比', '预计全年执行(万元)', '预警'].forEach((h, i) => b.put(fh, i + 3, h, 'header', i === 5 ? { cols: 3 } : {}));
  const fr = b.row();
  b.put(fr, 3, amountText(e.adjustedBudget), 'amount', {}, 'execution.adjustedBudget');
  b.put(fr, 4, amountText(e.executed), 'amount', {}, 'execution.executed');
  b.put(fr, 5, result.execution.rate === null ? '' : `${result.execution.rate}%`, 'value');
  b.put(fr, 6, result.execution.progress === null ? '' : `${result.execution.progress}%`, 'value');
  b.put(fr, 7, amountText(e.expectedFullYear), 'amount', {}, 'execution.expectedFullYear');
  b.put(fr, 8, result.execution.light ? LIGHT_ZH[result.execution.light] : '', 'value', { cols: 3 });
  b.put(fh, 1, '预算执行情况', 'label', { rows: 2, cols: 2 });

  const header = b.row();
  ['一级指标', '二级指标', '三级指标', '年度指标值', '截至本期完成', '全年预计完成', '预警', '偏差原因', '完成可能性', '纠偏措施'].forEach((h, i) => b.put(header, i + 1, h, 'header'));
  const progress = new Map(doc.report.indicators.map((p) => [p.indicatorId, p]));
  const lights = new Map(result.indicators.map((l) => [l.indicatorId, l]));
  for (const ind of t.indicators.filter((i) => i.name.raw.trim())) {
    const n = b.row();
    const p = progress.get(ind.id);
    const l = lights.get(ind.id);
    b.put(n, 1, ind.level1.raw, 'label');
    b.put(n, 2, ind.level2.raw, 'label');
    b.put(n, 3, ind.name.raw, 'text', {}, `ind:${ind.id}:name`);
    b.put(n, 4, ind.value.raw, 'value', {}, `ind:${ind.id}:value`);
    b.put(n, 5, p?.achieved.raw ?? '', 'value', {}, `ind:${ind.id}:achieved`);
    b.put(n, 6, p?.expectedFullYear?.raw ?? '', 'value', {}, `ind:${ind.id}:expectedFullYear`);
    b.put(n, 7, l?.light ? `${LIGHT_ZH[l.light]}${l.progress !== undefined ? `（${l.progress}%）` : ''}` : '', 'value', {}, `ind:${ind.id}:light`);
    b.put(n, 8, p?.deviationCause ?? '', 'text', {}, `ind:${ind.id}:deviationCause`);
    b.put(n, 9, p?.likelihood ?? '', 'text', {}, `ind:${ind.id}:likelihood`);
    b.put(n, 10, p?.measure?.raw ?? '', 'text', {}, `ind:${ind.id}:measure`);
  }
  r = b.row();
  b.put(r, 1, '项目预警', 'label', { cols: 2 });
  b.put(r, 3, result.overall ? LIGHT_ZH[result.overall] : '', 'text', { cols: 8 }, 'overall');
  const grid: CellGrid = { rows: b.rows, sheet: (targetsName(t) || '运行监控').slice(0, 31) };
  if (opts.file) grid.file = opts.file;
  return {
    title: doc.title,
    grid,
    roles: b.roles,
    fields: b.fields,
    columnWidths: [10, 12, 22, 12, 12, 12, 10, 12, 10, 24],
    bodyRows: { first: 2, last: b.rows.length },
    notes: [],
  };
}
