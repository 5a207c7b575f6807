/**
 * What people call each field of a table, in Chinese and English — one list for the form, the
 * history and every diff, so the web and the server name a field the same way. Keys are the
 * form's cell keys: a header field by its path (`period.start`, `funds.development.0` for a
 * development line's amount), an indicator cell as `ind:<id>:<field>`.
 */
import type { TargetTable } from './target-table.ts';

export type Label = { zh: string; en: string };

/** Header fields of a project table, in the form's order: [key, zh, en]. */
export const PROJECT_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
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

/** Header fields of a department table, in the form's order. */
export const DEPT_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
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

/** Fields any table may carry besides its form's own header. */
const COMMON_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
  ['year', '年度', 'Year'],
  ['notes', '备注', 'Notes'],
  ['projectCode', '项目代码', 'Project code'],
  ['deptCode', '部门编码', 'Department code'],
];

/** The indicator cells a person edits, in the form's column order. */
export const INDICATOR_FIELDS = ['level1', 'level2', 'name', 'periodValue', 'value'] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

export const INDICATOR_FIELD_LABEL: Record<IndicatorField, Label> = {
  level1: { zh: '一级指标', en: 'Level 1' },
  level2: { zh: '二级指标', en: 'Level 2' },
  name: { zh: '三级指标', en: 'Indicator' },
  value: { zh: '指标值', en: 'Value' },
  periodValue: { zh: '实施周期指标值', en: 'Period value' },
};

/** Other texts an indicator row may carry (columns of some forms), for diffs and findings. */
export const INDICATOR_EXTRA_FIELDS = ['operatorColumn', 'unitColumn', 'valueType', 'weight', 'direction', 'standard', 'explanation', 'note', 'actual', 'score', 'deviationReason'] as const;
export type IndicatorExtraField = (typeof INDICATOR_EXTRA_FIELDS)[number];

const INDICATOR_EXTRA_LABEL: Record<IndicatorExtraField, Label> = {
  operatorColumn: { zh: '指标性质', en: 'Operator' },
  unitColumn: { zh: '度量单位', en: 'Unit' },
  valueType: { zh: '指标值类型', en: 'Value type' },
  weight: { zh: '权重', en: 'Weight' },
  direction: { zh: '指标方向', en: 'Direction' },
  standard: { zh: '评(扣)分标准', en: 'Scoring standard' },
  explanation: { zh: '指标值说明', en: 'Explanation' },
  note: { zh: '备注', en: 'Note' },
  actual: { zh: '实际完成值', en: 'Actual' },
  score: { zh: '得分', en: 'Score' },
  deviationReason: { zh: '偏差原因', en: 'Reason for deviation' },
};

/** Key of a form cell: header fields by path, indicator cells as `ind:<id>:<field>`. */
export const cellKey = (indicatorId: string | undefined, field: string) => (indicatorId ? `ind:${indicatorId}:${field}` : field);

const TASK_PARTS: Record<string, [string, string]> = { name: ['名称', 'name'], content: ['主要实施内容', 'content'], amount: ['拟投入的资金', 'amount'], expected: ['期望达到的目标', 'expected result'] };

/** A row of the indicator block as people refer to it: 第3行“培训人次”. */
export function indicatorRowLabel(t: TargetTable, indicatorId: string): Label {
  const row = t.indicators.findIndex((x) => x.id === indicatorId) + 1;
  const name = t.indicators[row - 1]?.name.raw.trim();
  return { zh: `第${row}行“${name || '（无名称）'}”`, en: `row ${row} "${name || '(no name)'}"` };
}

/** The label of a cell key in this table; a key it does not know is given back as it is. */
export function fieldLabel(t: TargetTable, key: string): Label {
  const m = /^ind:([^:]+):(.+)$/.exec(key);
  if (m) {
    const f = m[2] as IndicatorField;
    const base =
      f === 'value' && t.kind === 'project'
        ? { zh: '当年度指标值', en: 'Annual value' }
        : (INDICATOR_FIELD_LABEL[f] ?? INDICATOR_EXTRA_LABEL[m[2] as IndicatorExtraField] ?? { zh: m[2]!, en: m[2]! });
    if (!t.indicators.some((x) => x.id === m[1])) return base;
    const row = indicatorRowLabel(t, m[1]!);
    return { zh: `${row.zh} ${base.zh}`, en: `${row.en} ${base.en}` };
  }
  const hit = [...(t.kind === 'project' ? PROJECT_FIELDS : DEPT_FIELDS), ...COMMON_FIELDS].find(([k]) => k === key);
  if (hit) return { zh: hit[1], en: hit[2] };
  const dev = /^funds\.development\.(\d+)(\.name)?$/.exec(key);
  if (dev) return { zh: `事业发展性支出第${Number(dev[1]) + 1}项${dev[2] ? '名称' : '金额'}`, en: `Development line ${Number(dev[1]) + 1}${dev[2] ? ' name' : ''}` };
  const task = /^keyTasks\.(\d+)\.(\w+)$/.exec(key);
  if (task) {
    const n = TASK_PARTS[task[2]!] ?? [task[2]!, task[2]!];
    return { zh: `重点工作任务${Number(task[1]) + 1}的${n[0]}`, en: `Task ${Number(task[1]) + 1} ${n[1]}` };
  }
  const extra = /^extraFields\.(\d+)\.(label|value)$/.exec(key);
  if (extra) return { zh: `其他栏目${Number(extra[1]) + 1}${extra[2] === 'label' ? '的名称' : ''}`, en: `Other field ${Number(extra[1]) + 1}${extra[2] === 'label' ? ' label' : ''}` };
  return { zh: key, en: key };
}
