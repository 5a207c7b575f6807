/** Empty tables laid out like the 2026 Guangdong county forms, ready to fill: core's, without indicator rows (the form adds them). */
import { emptyDeptTable, emptyProjectTable, type DeptOverallTable, type ProjectTable } from '@jixiao/core';

export const blankProject = (year: number, dept = '', unit = ''): ProjectTable => emptyProjectTable(year, { department: dept, unit }, { rows: false });

export const blankDept = (year: number, deptName = ''): DeptOverallTable => emptyDeptTable(year, deptName, { rows: false });
