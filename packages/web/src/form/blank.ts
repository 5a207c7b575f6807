/** Empty tables laid out like the 2026 Guangdong county forms, ready to fill. */
import { parseIndicatorValue, type DeptOverallTable, type ProjectTable } from '@jixiao/core';

const PROJECT_NOTES = [
  '备注: 1. 本表的填报主体是预算单位, 主管部门可进行代编。',
  '2. 本表在“一上”或“二上”环节通过系统录入, 具体字段信息以系统为准。',
  '3. 本表用于在“一上”和“二上”阶段填报项目支出绩效目标或修订完善已入库项目的绩效目标。',
  '4. 绩效指标的填报数量不少于5个, 其中: 产出指标中量化指标个数应不少于2个, 成本指标中量化指标个数应不少于1个, 效益指标和满意度指标各至少1个。',
  '5. 基建类二级项目、信息化新建类二级项目、部门职能类二级项目、事业发展性支出一级、二级项目单独编报本表。',
];

const DEPT_NOTES = [
  '备注：1. 本表的填报主体是县级一级预算单位。',
  '2. 本表在“二上”环节通过系统录入，具体字段信息以系统为准。',
  '3. 绩效指标的填报数量不少于5个，其中：产出指标中量化指标个数应不少于2个，成本指标中量化指标个数应不少于1个，效益指标和满意度指标各至少1个。',
];

const amount = () => ({ raw: '', fen: null });
const text = (raw = '') => ({ raw });

export function blankProject(year: number, dept = '', unit = ''): ProjectTable {
  return {
    kind: 'project',
    title: `${year}年县级项目支出绩效目标表`,
    year,
    notes: PROJECT_NOTES,
    indicators: [],
    projectName: text(),
    projectType: { raw: '', name: '' },
    projectLevel: text(),
    department: { raw: dept, name: dept },
    unit: { raw: unit, name: unit },
    period: { start: { raw: String(year), year }, end: { raw: String(year), year } },
    totalAmount: amount(),
    currentAmount: amount(),
    overview: text(),
    periodGoal: text(),
    annualGoal: text(),
  };
}

export function blankDept(year: number, deptName = ''): DeptOverallTable {
  return {
    kind: 'dept-overall',
    title: `${year}年县级部门整体预算绩效目标表`,
    year,
    notes: DEPT_NOTES,
    indicators: [],
    deptName: text(deptName),
    staffCount: { raw: '', count: null },
    subUnitCount: { raw: '', count: null },
    funds: { basic: amount(), project: amount(), development: [], fiscal: amount(), other: amount() },
    overallGoal: text(),
    keyTasks: [],
    otherTasks: text(),
  };
}

export { parseIndicatorValue };
