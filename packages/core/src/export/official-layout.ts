/**
 * The official layout of the two target tables, as a cell grid with merged ranges and style
 * hints. One layout feeds every output — .xlsx, .docx, the HTML print view (and PDF from it) —
 * so they all look the same, and the importer reads any of them back to the same table.
 * Columns and labels follow the 2026 county forms in the seed, row for row.
 */
import { FRAMEWORK_2021 } from '../framework/indicator-framework.ts';
import type { CellGrid } from '../import/cell-grid.ts';
import { amountText, LayoutBuilder } from './layout-builder.ts';
import type { DeptOverallTable, Indicator, ProjectTable, TargetTable } from '../model/target-table.ts';
import { selfEvalLayout } from './self-eval-layout.ts';
import { columnText, indicatorColumns, levelText, type IndicatorColumn } from './indicator-columns.ts';

/**
 * `amount`: money in 万元 as exact decimal text (renderers print it as a number with at least two
 * decimals); `count`: a whole number such as 财政供养人数; `value`: an indicator value, always text.
 */
export type CellRole = 'title' | 'label' | 'header' | 'text' | 'amount' | 'count' | 'value' | 'note';

export interface OfficialLayout {
  title: string;
  /** The table body (title row included as row 1), merges on the top-left cells. */
  grid: CellGrid;
  /** Role of each cell, keyed `row,col`; renderers map roles to fonts, borders and alignment. */
  roles: Record<string, CellRole>;
  /**
   * The table field each filled-in cell shows, keyed `row,col`: the web form's cell keys
   * (`projectName`, `funds.basic`, `keyTasks.0.amount`, `ind:<id>:value` …), so that a finding
   * can be put beside its cell.
   */
  fields: Record<string, string>;
  /** Relative column widths (characters). */
  columnWidths: number[];
  /** Rows that belong to the bordered table (the title and the notes are outside it). */
  bodyRows: { first: number; last: number };
  notes: string[];
}

/** The form's own columns: 绩效指标 | 一级 | 二级 | 三级 | 实施周期指标值 | 当年度指标值 (部门: 指标值 over two). */
const COLS = 6;

/** Optional indicator columns before the value(s) and after them, in the order real forms print them. */
const BEFORE_VALUE = ['operatorColumn'] as const;
const AFTER_VALUE = ['unitColumn', 'valueType', 'weight', 'direction', 'standard', 'explanation', 'actual', 'score', 'deviationReason', 'note'] as const;

/** The indicator block's optional columns for a table; none for our own forms, which keep six columns. */
function optionalColumns(inds: Indicator[]): { before: IndicatorColumn[]; after: IndicatorColumn[] } {
  const named = inds.filter((i) => i.name.raw.trim());
  return { before: indicatorColumns(named, BEFORE_VALUE), after: indicatorColumns(named, AFTER_VALUE) };
}

/** Indicator rows grouped for merging: the 一级 and 二级 cells span their rows. */
function indicatorBlock(b: LayoutBuilder, inds: Indicator[], project: boolean, extra: ReturnType<typeof optionalColumns>): void {
  // Every 二级 of the framework is printed, in order, as on the paper form; a 二级 with no
  // indicator keeps an empty row. A row whose 二级 does not belong to its 一级 stays in the
  // 一级's block, first, as filed; rows the framework cannot place at all follow at the end.
  // An indicator's 一级/二级 cells print its labels as filed (legacy labels included, which
  // the importer maps again); equal labels in a row merge.
  type Row = { l1: string; l2: string; ind?: Indicator };
  const rows: Row[] = [];
  const named = inds.filter((i) => i.name.raw.trim());
  const placed = new Set<Indicator>();
  const own1 = (ind: Indicator, fallback: string) => levelText(ind.level1) || fallback;
  const own2 = (ind: Indicator, fallback: string) => levelText(ind.level2) || fallback;
  for (const l1 of FRAMEWORK_2021) {
    const own = new Set<string>(l1.children.map((c) => c.name));
    for (const ind of named) {
      if (ind.level1.name !== l1.name || (ind.level2.name && own.has(ind.level2.name))) continue;
      rows.push({ l1: own1(ind, l1.name), l2: levelText(ind.level2), ind });
      placed.add(ind);
    }
    for (const l2 of l1.children) {
      const mine = named.filter((i) => i.level1.name === l1.name && i.level2.name === l2.name);
      if (mine.length === 0) rows.push({ l1: l1.name, l2: l2.name });
      for (const ind of mine) {
        rows.push({ l1: own1(ind, l1.name), l2: own2(ind, l2.name), ind });
        placed.add(ind);
      }
    }
  }
  for (const ind of named) if (!placed.has(ind)) rows.push({ l1: levelText(ind.level1), l2: levelText(ind.level2), ind });

  // Columns: 三级 at 4, then 指标性质, the value(s), then the optional columns after the value.
  let col = 5;
  const before = extra.before.map((c) => ({ ...c, col: col++ }));
  const valueCol = col;
  col += 2;
  const after = extra.after.map((c) => ({ ...c, col: col++ }));

  const header = b.row();
  b.put(header, 2, '一级指标', 'header');
  b.put(header, 3, '二级指标', 'header');
  b.put(header, 4, '三级指标', 'header');
  for (const c of [...before, ...after]) b.put(header, c.col, c.header, 'header');
  if (project) {
    b.put(header, valueCol, '实施周期指标值', 'header');
    b.put(header, valueCol + 1, '当年度指标值', 'header');
  } else b.put(header, valueCol, '指标值', 'header', { cols: 2 });

  const first = header + 1;
  rows.forEach((r) => {
    const n = b.row();
    if (r.ind) {
      const ind = r.ind;
      const id = ind.id;
      b.put(n, 4, ind.name.raw, 'text', {}, `ind:${id}:name`);
      if (project) {
        b.put(n, valueCol, ind.periodValue?.raw ?? '', 'value', {}, `ind:${id}:periodValue`);
        b.put(n, valueCol + 1, ind.value.raw, 'value', {}, `ind:${id}:value`);
      } else b.put(n, valueCol, ind.value.raw, 'value', { cols: 2 }, `ind:${id}:value`);
      for (const c of [...before, ...after]) b.put(n, c.col, columnText(ind, c.field), c.role, {}, `ind:${id}:${c.field}`);
    } else if (!project) b.merge({ top: n, left: valueCol, bottom: n, right: valueCol + 1 });
  });
  // Merge runs of equal 一级 and 二级.
  const mergeRuns = (col: number, key: (r: Row) => string, text: (r: Row) => string) => {
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && key(rows[i]!) === key(rows[start]!)) continue;
      const span = i - start;
      b.put(first + start, col, text(rows[start]!), 'label', span > 1 ? { rows: span } : {});
      start = i;
    }
  };
  mergeRuns(2, (r) => r.l1, (r) => r.l1);
  mergeRuns(3, (r) => `${r.l1}|${r.l2}`, (r) => r.l2);
  // An indicator's 一级/二级 findings point at the (merged) label cell its row falls in.
  rows.forEach((r, i) => {
    if (!r.ind) return;
    for (const [col, field] of [[2, 'level1'], [3, 'level2']] as const) {
      const cell = b.rows[first + i - 1]![col - 1]!;
      const top = cell.mergedInto ?? { row: cell.row, col: cell.col };
      b.fields[`${top.row},${top.col}:${r.ind.id}`] = `ind:${r.ind.id}:${field}`;
    }
  });
  b.put(header, 1, '绩效指标', 'label', { rows: rows.length + 1 });
}

/** Header fields the form has no place for (立项依据, 部门职能职责概述, 联系人 …), a line each, as filed. */
function extraLines(b: LayoutBuilder, t: TargetTable): void {
  (t.extraFields ?? []).forEach((x, i) => {
    const r = b.row();
    b.put(r, 1, x.label.raw, 'label', {}, `extraFields.${i}.label`);
    b.put(r, 2, x.value.raw, 'text', b.toEnd(2), `extraFields.${i}`);
  });
}

function projectLayout(t: ProjectTable): LayoutBuilder {
  const extra = optionalColumns(t.indicators);
  const b = new LayoutBuilder(COLS + extra.before.length + extra.after.length);
  b.titleRows(t.title || `${t.year ?? ''}年县级项目支出绩效目标表`, t.year);
  const line = (label: string, value: string, field: string) => {
    const r = b.row();
    b.put(r, 1, label, 'label');
    b.put(r, 2, value, 'text', b.toEnd(2), field);
  };
  line('项目名称', t.projectName.raw, 'projectName');
  if (t.projectCode) line('项目代码', t.projectCode.raw, 'projectCode');
  line('项目类型', t.projectType.raw, 'projectType');
  line('项目等级', t.projectLevel.raw, 'projectLevel');
  let r = b.row();
  b.put(r, 1, '主管部门', 'label');
  b.put(r, 2, t.department.raw, 'text', { cols: 2 }, 'department');
  b.put(r, 4, '用款单位', 'label');
  b.put(r, 5, t.unit.raw, 'text', b.toEnd(5), 'unit');
  r = b.row();
  b.put(r, 1, '实施期限', 'label');
  b.put(r, 2, '起始年度', 'label');
  b.put(r, 3, t.period.start.raw, 'text', {}, 'period.start');
  b.put(r, 4, '到期年度', 'label');
  b.put(r, 5, t.period.end.raw, 'text', b.toEnd(5), 'period.end');
  r = b.row();
  b.put(r, 2, '总金额(万元)', 'label');
  b.put(r, 3, amountText(t.totalAmount), 'amount', {}, 'totalAmount');
  b.put(r, 4, '当年度金额(万元)', 'label');
  b.put(r, 5, amountText(t.currentAmount), 'amount', b.toEnd(5), 'currentAmount');
  // 其中：财政拨款 / 其他资金, where the filed form had them.
  if (t.fiscalAmount || t.otherAmount) {
    const sub = b.row();
    b.put(sub, 2, '其中：财政拨款', 'label');
    b.put(sub, 3, amountText(t.fiscalAmount), 'amount', {}, 'fiscalAmount');
    b.put(sub, 4, '其他资金', 'label');
    b.put(sub, 5, amountText(t.otherAmount), 'amount', b.toEnd(5), 'otherAmount');
  }
  b.put(r, 1, '预算金额', 'label', { rows: b.rows.length - r + 1 });
  line('项目概述', t.overview.raw, 'overview');
  extraLines(b, t);
  r = b.row();
  const goals = b.row();
  b.put(r, 1, '总体绩效目标', 'label', { rows: 2 });
  b.put(r, 2, '实施周期总目标(跨年度项目需填写)', 'header', { cols: 2 });
  b.put(r, 4, '当年度目标', 'header', b.toEnd(4));
  b.put(goals, 2, t.periodGoal.raw, 'text', { cols: 2 }, 'periodGoal');
  b.put(goals, 4, t.annualGoal.raw, 'text', b.toEnd(4), 'annualGoal');
  indicatorBlock(b, t.indicators, true, extra);
  return b;
}

function deptLayout(t: DeptOverallTable): LayoutBuilder {
  const extra = optionalColumns(t.indicators);
  const b = new LayoutBuilder(COLS + extra.before.length + extra.after.length);
  b.titleRows(t.title || `${t.year ?? ''}年县级部门整体预算绩效目标表`, t.year);
  let r = b.row();
  b.put(r, 1, '部门名称', 'label');
  b.put(r, 2, t.deptName.raw, 'text', b.toEnd(2), 'deptName');
  if (t.deptCode) {
    r = b.row();
    b.put(r, 1, '部门编码', 'label');
    b.put(r, 2, t.deptCode.raw, 'text', b.toEnd(2), 'deptCode');
  }
  extraLines(b, t);
  r = b.row();
  b.put(r, 1, '基本信息', 'label');
  b.put(r, 2, '财政供养人数', 'label');
  b.put(r, 3, t.staffCount.raw, 'count', {}, 'staffCount');
  b.put(r, 4, '下属二级单位数', 'label');
  b.put(r, 5, t.subUnitCount.raw, 'count', b.toEnd(5), 'subUnitCount');

  const fundsStart = b.row();
  b.put(fundsStart, 2, '部门预算支出', 'header');
  b.put(fundsStart, 3, '预算金额(万元)', 'header');
  b.put(fundsStart, 4, '收入来源', 'header', { cols: 2 });
  b.put(fundsStart, 6, '预算金额(万元)', 'header', b.toEnd(6));
  r = b.row();
  b.put(r, 2, '基本支出', 'label');
  b.put(r, 3, amountText(t.funds.basic), 'amount', {}, 'funds.basic');
  b.put(r, 4, '财政拨款', 'label', { cols: 2 });
  b.put(r, 6, amountText(t.funds.fiscal), 'amount', b.toEnd(6), 'funds.fiscal');
  r = b.row();
  b.put(r, 2, '项目支出', 'label');
  b.put(r, 3, amountText(t.funds.project), 'amount', {}, 'funds.project');
  b.put(r, 4, '其他资金', 'label', { cols: 2 });
  b.put(r, 6, amountText(t.funds.other), 'amount', b.toEnd(6), 'funds.other');
  r = b.row();
  b.put(r, 2, '事业发展性支出', 'label');
  b.put(r, 3, '预算金额(万元)', 'header');
  const devLines = t.funds.development.length ? t.funds.development : [{ name: { raw: '' }, amount: { raw: '', fen: null } }];
  devLines.forEach((line, i) => {
    const lr = b.row();
    b.put(lr, 2, line.name.raw, 'label', {}, `funds.development.${i}.name`);
    b.put(lr, 3, amountText(line.amount), 'amount', {}, `funds.development.${i}`);
  });
  b.merge({ top: r, left: 4, bottom: b.rows.length, right: b.cols });
  const fundsEnd = b.rows.length;
  b.put(fundsStart, 1, '预算整体情况', 'label', { rows: fundsEnd - fundsStart + 1 });

  r = b.row();
  b.put(r, 1, '总体绩效目标', 'label');
  b.put(r, 2, t.overallGoal.raw, 'text', b.toEnd(2), 'overallGoal');

  const tasksStart = b.row();
  b.put(tasksStart, 2, '名称', 'header');
  b.put(tasksStart, 3, '主要实施内容', 'header');
  b.put(tasksStart, 4, '拟投入的资金(万元)', 'header');
  b.put(tasksStart, 5, '期望达到的目标(概述)', 'header', b.toEnd(5));
  t.keyTasks.forEach((task, i) => {
    const tr = b.row();
    b.put(tr, 2, task.name.raw, 'text', {}, `keyTasks.${i}.name`);
    b.put(tr, 3, task.content.raw, 'text', {}, `keyTasks.${i}.content`);
    b.put(tr, 4, amountText(task.amount), 'amount', {}, `keyTasks.${i}.amount`);
    b.put(tr, 5, task.expected.raw, 'text', b.toEnd(5), `keyTasks.${i}.expected`);
  });
  b.put(tasksStart, 1, '年度重点工作任务', 'label', { rows: b.rows.length - tasksStart + 1 });
  r = b.row();
  b.put(r, 1, '其他需完成的任务(可选填)', 'label');
  b.put(r, 2, t.otherTasks.raw, 'text', b.toEnd(2), 'otherTasks');
  indicatorBlock(b, t.indicators, false, extra);
  return b;
}

/** The form's six widths, with the optional indicator columns' own inserted after 三级 and appended. */
function columnWidths(table: DeptOverallTable | ProjectTable): number[] {
  const base = table.kind === 'project' ? [14, 16, 18, 30, 16, 16] : [12, 16, 27, 24, 15, 15];
  const extra = optionalColumns(table.indicators);
  return [...base.slice(0, 4), ...extra.before.map((c) => c.width), ...base.slice(4), ...extra.after.map((c) => c.width)];
}

/** Lays out a target table (or a self-evaluation table: self-eval-layout.ts) in its official form. */
export function officialLayout(table: TargetTable, opts: { file?: string } = {}): OfficialLayout {
  if (table.kind === 'self-eval') return selfEvalLayout(table, opts);
  const b = table.kind === 'project' ? projectLayout(table) : deptLayout(table);
  const bodyLast = b.rows.length;
  const notes = table.notes.length ? table.notes : [];
  for (const note of notes) {
    const r = b.row();
    b.put(r, 1, note, 'note', b.toEnd(1));
  }
  const grid: CellGrid = { rows: b.rows, sheet: table.kind === 'project' ? (table.projectName.raw || '项目支出').slice(0, 31) : '部门整体' };
  if (opts.file) grid.file = opts.file;
  return {
    title: b.rows[0]![0]!.text,
    grid,
    roles: b.roles,
    fields: b.fields,
    columnWidths: columnWidths(table),
    bodyRows: { first: b.bodyFirst, last: bodyLast },
    notes,
  };
}
