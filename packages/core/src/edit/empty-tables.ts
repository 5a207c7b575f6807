/** Blank tables for a new filing: every section present, every indicator category offered. */
import { FRAMEWORK_2021 } from '../framework/indicator-framework.ts';
import type { DeptOverallTable, Indicator, ProjectTable } from '../model/target-table.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';

/** The 备注 printed under the 2026 county project form (the seed's tables), for a new filing. */
export const PROJECT_FORM_NOTES: readonly string[] = [
  '备注: 1. 本表的填报主体是预算单位, 主管部门可进行代编。',
  '2. 本表在“一上”或“二上”环节通过系统录入, 具体字段信息以系统为准。',
  '3. 本表用于在“一上”和“二上”阶段填报项目支出绩效目标或修订完善已入库项目的绩效目标。',
  '4. 绩效指标的填报数量不少于5个, 其中: 产出指标中量化指标个数应不少于2个, 成本指标中量化指标个数应不少于1个, 效益指标和满意度指标各至少1个。',
  '5. 基建类二级项目、信息化新建类二级项目、部门职能类二级项目、事业发展性支出一级、二级项目单独编报本表。',
];

/** The 备注 printed under the 2026 county department-wide form. */
export const DEPT_FORM_NOTES: readonly string[] = [
  '备注：1. 本表的填报主体是县级一级预算单位。',
  '2. 本表在“二上”环节通过系统录入，具体字段信息以系统为准。',
  '3. 绩效指标的填报数量不少于5个，其中：产出指标中量化指标个数应不少于2个，成本指标中量化指标个数应不少于1个，效益指标和满意度指标各至少1个。',
];

const text = (raw = '') => ({ raw });
const amount = () => ({ raw: '', fen: null });

/** One empty indicator row under the given categories. */
export function emptyIndicator(id: string, level1 = '', level2 = '', withPeriod = false): Indicator {
  const l1 = FRAMEWORK_2021.find((n) => n.name === level1);
  const l2 = l1?.children.find((c) => c.name === level2);
  const ind: Indicator = {
    id,
    level1: l1 ? { raw: l1.name, name: l1.name } : { raw: level1 },
    level2: l2 ? { raw: l2.name, name: l2.name } : { raw: level2 },
    name: text(),
    value: parseIndicatorValue(''),
  };
  if (withPeriod) ind.periodValue = parseIndicatorValue('');
  return ind;
}

/** One empty row per 二级 of the framework, in the official order, as the paper form prints them. */
function frameworkRows(withPeriod: boolean): Indicator[] {
  let n = 0;
  return FRAMEWORK_2021.flatMap((l1) => l1.children.map((l2) => emptyIndicator(`i${++n}`, l1.name, l2.name, withPeriod)));
}

/** `rows: false`: no indicator rows yet (the web form adds them as the filer types). */
export interface EmptyTableOptions {
  rows?: boolean;
}

export function emptyDeptTable(year: number, deptName = '', opts: EmptyTableOptions = {}): DeptOverallTable {
  return {
    kind: 'dept-overall',
    title: `${year}年县级部门整体预算绩效目标表`,
    year,
    notes: [...DEPT_FORM_NOTES],
    deptName: text(deptName),
    staffCount: { raw: '', count: null },
    subUnitCount: { raw: '', count: null },
    funds: { basic: amount(), project: amount(), development: [], fiscal: amount(), other: amount() },
    overallGoal: text(),
    keyTasks: [],
    otherTasks: text(),
    indicators: opts.rows === false ? [] : frameworkRows(false),
  };
}

export function emptyProjectTable(year: number, init: { projectName?: string; department?: string; unit?: string } = {}, opts: EmptyTableOptions = {}): ProjectTable {
  const codeName = (raw = '') => {
    const m = /^\s*([0-9A-Za-z]+)\s*[-－]\s*(.+)$/.exec(raw);
    return m ? { raw, code: m[1]!, name: m[2]! } : { raw, name: raw };
  };
  return {
    kind: 'project',
    title: `${year}年县级项目支出绩效目标表`,
    year,
    notes: [...PROJECT_FORM_NOTES],
    projectName: text(init.projectName),
    projectType: codeName(),
    projectLevel: text(),
    department: codeName(init.department),
    unit: codeName(init.unit),
    period: { start: { raw: String(year), year }, end: { raw: String(year), year } },
    totalAmount: amount(),
    currentAmount: amount(),
    overview: text(),
    periodGoal: text(),
    annualGoal: text(),
    indicators: opts.rows === false ? [] : frameworkRows(true),
  };
}
