/** Blank tables for a new filing: every section present, every indicator category offered. */
import { FRAMEWORK_2021 } from '../framework/indicator-framework.ts';
import type { DeptOverallTable, Indicator, ProjectTable } from '../model/target-table.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';

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

export function emptyDeptTable(year: number, deptName = ''): DeptOverallTable {
  return {
    kind: 'dept-overall',
    title: `${year}年县级部门整体预算绩效目标表`,
    year,
    notes: [],
    deptName: text(deptName),
    staffCount: { raw: '', count: null },
    subUnitCount: { raw: '', count: null },
    funds: { basic: amount(), project: amount(), development: [], fiscal: amount(), other: amount() },
    overallGoal: text(),
    keyTasks: [],
    otherTasks: text(),
    indicators: frameworkRows(false),
  };
}

export function emptyProjectTable(year: number, init: { projectName?: string; department?: string; unit?: string } = {}): ProjectTable {
  const codeName = (raw = '') => {
    const m = /^\s*([0-9A-Za-z]+)\s*[-－]\s*(.+)$/.exec(raw);
    return m ? { raw, code: m[1]!, name: m[2]! } : { raw, name: raw };
  };
  return {
    kind: 'project',
    title: `${year}年县级项目支出绩效目标表`,
    year,
    notes: [],
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
    indicators: frameworkRows(true),
  };
}
