/**
 * Field-level differences between two versions of a table, keyed like the form's cells so the
 * form can mark what moved (二上 against 一上, against the finance review) and the history page
 * can list it. Indicators are matched by id, so an inserted row is one change.
 */
import type { Indicator, TargetTable } from '@jixiao/core';
import { cellKey, fieldText, indicatorText, type IndicatorField } from './edit.ts';

export interface FieldDiff {
  /** Cell key (see cellKey). */
  key: string;
  label: { zh: string; en: string };
  op: 'added' | 'removed' | 'changed' | 'moved';
  from: string;
  to: string;
}

export const PROJECT_FIELDS: Array<[string, string, string]> = [
  ['title', '表名', 'Title'],
  ['projectName', '项目名称', 'Project name'],
  ['projectType', '项目类型', 'Project type'],
  ['projectLevel', '项目等级', 'Project level'],
  ['department', '主管部门', 'Supervising department'],
  ['unit', '用款单位', 'Spending unit'],
  ['period.start', '起始年度', 'Start year'],
  ['period.end', '到期年度', 'End year'],
  ['totalAmount', '总金额(万元)', 'Total (10k yuan)'],
  ['currentAmount', '当年度金额(万元)', 'This year (10k yuan)'],
  ['fiscalAmount', '其中：财政拨款(万元)', 'of which fiscal'],
  ['otherAmount', '其中：其他资金(万元)', 'of which other'],
  ['overview', '项目概述', 'Overview'],
  ['periodGoal', '实施周期总目标', 'Period goal'],
  ['annualGoal', '当年度目标', 'Annual goal'],
];

export const DEPT_FIELDS: Array<[string, string, string]> = [
  ['title', '表名', 'Title'],
  ['deptName', '部门名称', 'Department'],
  ['staffCount', '财政供养人数', 'Staff funded'],
  ['subUnitCount', '下属二级单位数', 'Sub-units'],
  ['funds.basic', '基本支出', 'Basic spending'],
  ['funds.project', '项目支出', 'Project spending'],
  ['funds.fiscal', '财政拨款', 'Fiscal funds'],
  ['funds.other', '其他资金', 'Other funds'],
  ['overallGoal', '总体绩效目标', 'Overall goal'],
  ['otherTasks', '其他需完成的任务', 'Other tasks'],
];

export const INDICATOR_FIELD_LABEL: Record<IndicatorField, { zh: string; en: string }> = {
  level1: { zh: '一级指标', en: 'Level 1' },
  level2: { zh: '二级指标', en: 'Level 2' },
  name: { zh: '三级指标', en: 'Indicator' },
  value: { zh: '指标值', en: 'Value' },
  periodValue: { zh: '实施周期指标值', en: 'Period value' },
};

export function fieldLabel(t: TargetTable, key: string): { zh: string; en: string } {
  const m = /^ind:([^:]+):(.+)$/.exec(key);
  if (m) {
    const ind = t.indicators.find((x) => x.id === m[1]);
    const row = t.indicators.findIndex((x) => x.id === m[1]) + 1;
    const f = m[2] as IndicatorField;
    const base = f === 'value' && t.kind === 'project' ? { zh: '当年度指标值', en: 'Annual value' } : (INDICATOR_FIELD_LABEL[f] ?? { zh: f, en: f });
    const name = ind?.name.raw.trim() || '（无名称）';
    return row > 0 ? { zh: `第${row}行“${name}” ${base.zh}`, en: `row ${row} "${name}" ${base.en}` } : base;
  }
  const list = t.kind === 'project' ? PROJECT_FIELDS : DEPT_FIELDS;
  const hit = list.find(([k]) => k === key);
  if (hit) return { zh: hit[1], en: hit[2] };
  const dev = /^funds\.development\.(\d+)(\.name)?$/.exec(key);
  if (dev) return { zh: `事业发展性支出第${Number(dev[1]) + 1}项${dev[2] ? '名称' : '金额'}`, en: `Development line ${Number(dev[1]) + 1}${dev[2] ? ' name' : ''}` };
  const task = /^keyTasks\.(\d+)\.(\w+)$/.exec(key);
  if (task) {
    const names: Record<string, [string, string]> = { name: ['名称', 'name'], content: ['主要实施内容', 'content'], amount: ['拟投入的资金', 'amount'], expected: ['期望达到的目标', 'expected result'] };
    const n = names[task[2]!] ?? [task[2]!, task[2]!];
    return { zh: `重点工作任务${Number(task[1]) + 1}的${n[0]}`, en: `Task ${Number(task[1]) + 1} ${n[1]}` };
  }
  return { zh: key, en: key };
}

const IND_FIELDS: IndicatorField[] = ['level1', 'level2', 'name', 'periodValue', 'value'];

function headerKeys(t: TargetTable): string[] {
  const base = (t.kind === 'project' ? PROJECT_FIELDS : DEPT_FIELDS).map(([k]) => k);
  if (t.kind === 'dept-overall') {
    t.funds.development.forEach((_, i) => base.push(`funds.development.${i}.name`, `funds.development.${i}`));
    t.keyTasks.forEach((_, i) => base.push(`keyTasks.${i}.name`, `keyTasks.${i}.content`, `keyTasks.${i}.amount`, `keyTasks.${i}.expected`));
  }
  return base;
}

function headerValue(t: TargetTable, key: string): string {
  if (key === 'title') return t.title;
  return fieldText(t, key);
}

/** Differences from `a` (older) to `b` (newer). */
export function diffTables(a: TargetTable, b: TargetTable): FieldDiff[] {
  const out: FieldDiff[] = [];
  const keys = new Set([...headerKeys(a), ...headerKeys(b)]);
  for (const k of keys) {
    const x = headerValue(a, k);
    const y = headerValue(b, k);
    if (x.trim() !== y.trim()) out.push({ key: k, label: fieldLabel(b, k), op: !x.trim() ? 'added' : !y.trim() ? 'removed' : 'changed', from: x, to: y });
  }
  const ia = new Map(a.indicators.map((x) => [x.id, x]));
  const ib = new Map(b.indicators.map((x) => [x.id, x]));
  const label = (t: TargetTable, ind: Indicator) => {
    const row = t.indicators.indexOf(ind) + 1;
    return { zh: `第${row}行“${ind.name.raw || '（无名称）'}”`, en: `row ${row} "${ind.name.raw || '(no name)'}"` };
  };
  const summary = (ind: Indicator) => [ind.level1.raw, ind.level2.raw, ind.name.raw, ind.periodValue?.raw, ind.value.raw].filter((s) => s && s.trim()).join(' / ');
  for (const ind of b.indicators) {
    const old = ia.get(ind.id);
    if (!old) {
      const l = label(b, ind);
      out.push({ key: cellKey(ind.id, 'name'), label: { zh: `${l.zh} 新增`, en: `${l.en} added` }, op: 'added', from: '', to: summary(ind) });
      for (const f of IND_FIELDS) out.push({ key: cellKey(ind.id, f), label: fieldLabel(b, cellKey(ind.id, f)), op: 'added', from: '', to: indicatorText(ind, f) });
      continue;
    }
    for (const f of IND_FIELDS) {
      const x = indicatorText(old, f);
      const y = indicatorText(ind, f);
      if (x.trim() !== y.trim()) out.push({ key: cellKey(ind.id, f), label: fieldLabel(b, cellKey(ind.id, f)), op: 'changed', from: x, to: y });
    }
  }
  for (const ind of a.indicators) {
    if (ib.has(ind.id)) continue;
    const l = label(a, ind);
    out.push({ key: cellKey(ind.id, 'name'), label: { zh: `${l.zh} 已删除`, en: `${l.en} removed` }, op: 'removed', from: summary(ind), to: '' });
  }
  const orderA = a.indicators.filter((x) => ib.has(x.id)).map((x) => x.id);
  const orderB = b.indicators.filter((x) => ia.has(x.id)).map((x) => x.id);
  if (orderA.join() !== orderB.join()) out.push({ key: 'indicators', label: { zh: '指标顺序', en: 'Indicator order' }, op: 'moved', from: '', to: '' });
  // Drop the per-field "added" rows when listing (they are kept for marking cells).
  return out;
}

/** Changed cells, for marking the form. */
export function changedKeys(a: TargetTable, b: TargetTable): Set<string> {
  return new Set(diffTables(a, b).map((d) => d.key));
}

/** A list for people: added rows once, not once per cell. */
export function diffForPeople(a: TargetTable, b: TargetTable): FieldDiff[] {
  const all = diffTables(a, b);
  const addedRows = new Set(all.filter((d) => d.op === 'added' && d.key.endsWith(':name') && /新增|added/.test(d.label.zh + d.label.en)).map((d) => d.key.split(':')[1]));
  return all.filter((d) => !(d.op === 'added' && addedRows.has(d.key.split(':')[1]) && !/新增/.test(d.label.zh)));
}
