/**
 * Department-level checks across the tables of one 主管部门, budget year and stage:
 *  - dept.project-sum: the project tables' 当年度金额 add up to the department table's
 *    项目支出 plus its 事业发展性支出 lines (in the seed: 13 + 31.2 = 31.2 + 13 = 44.2 万元);
 *  - dept.task-without-table: every 年度重点工作任务 with money has a project table of the same
 *    name (task prefixes such as “任务2：” are ignored);
 *  - dept.missing-dept-table: project tables exist but the department table does not.
 * These are warnings: the tables of a department are filed one by one, and a missing table must
 * not lock the ones already filed.
 */
import { formatWan, type DeptOverallTable, type Finding, type ProjectTable } from '@jixiao/core';

export interface ProjectEntry {
  id: string;
  document: ProjectTable;
}

export interface DeptEntry {
  id: string;
  document: DeptOverallTable;
}

const normName = (s: string) =>
  s
    .replace(/^\s*任务\s*[0-9一二三四五六七八九十]+\s*[：:、.．]\s*/, '')
    .replace(/\s+/g, '')
    .trim();

function namesMatch(task: string, project: string): boolean {
  const a = normName(task);
  const b = normName(project);
  return a !== '' && b !== '' && (a === b || a.includes(b) || b.includes(a));
}

export function checkDepartment(dept: DeptEntry | null, projects: ProjectEntry[]): Finding[] {
  const out: Finding[] = [];
  if (!dept) {
    if (projects.length > 0) {
      out.push({
        code: 'dept.missing-dept-table',
        severity: 'warning',
        message: {
          zh: `本部门已有 ${projects.length} 张项目支出绩效目标表，但还没有部门整体预算绩效目标表`,
          en: `The department has ${projects.length} project tables but no department-wide table yet`,
        },
        location: { section: 'table' },
      });
    }
    return out;
  }
  const d = dept.document;
  const projectFen = d.funds?.project?.fen ?? null;
  const devLines = d.funds?.development ?? [];
  const devFen = devLines.reduce((s, l) => s + (l.amount?.fen ?? 0), 0);
  const withAmount = projects.filter((p) => typeof p.document.currentAmount?.fen === 'number');
  const sum = withAmount.reduce((s, p) => s + (p.document.currentAmount.fen as number), 0);
  if (projectFen !== null) {
    const expected = projectFen + devFen;
    if (sum !== expected) {
      const list = withAmount.map((p) => `${p.document.projectName?.raw ?? p.id} ${formatWan(p.document.currentAmount.fen as number)}`).join('，');
      out.push({
        code: 'dept.project-sum',
        severity: 'warning',
        message: {
          zh: `项目支出表当年度金额合计 ${formatWan(sum)} 万元（${list || '无'}），与部门整体表项目支出 ${formatWan(projectFen)} 万元加事业发展性支出 ${formatWan(devFen)} 万元之和 ${formatWan(expected)} 万元不一致`,
          en: `The project tables' current-year amounts add up to ${formatWan(sum)} (10k yuan), but the department table's project spending ${formatWan(projectFen)} plus development spending ${formatWan(devFen)} is ${formatWan(expected)}`,
        },
        location: { section: 'funds', field: 'funds.project' },
      });
    }
  }
  (d.keyTasks ?? []).forEach((task, i) => {
    const fen = task.amount?.fen ?? 0;
    if (!fen || fen <= 0) return;
    const name = task.name?.raw ?? '';
    if (projects.some((p) => namesMatch(name, p.document.projectName?.raw ?? ''))) return;
    out.push({
      code: 'dept.task-without-table',
      severity: 'warning',
      message: {
        zh: `重点工作任务“${normName(name)}”拟投入 ${formatWan(fen)} 万元，但本部门没有同名的项目支出绩效目标表`,
        en: `Key task "${normName(name)}" plans ${formatWan(fen)} (10k yuan) but the department has no project table of that name`,
      },
      location: { section: 'tasks', row: i + 1, field: `keyTasks[${i}].name` },
    });
  });
  return out;
}
