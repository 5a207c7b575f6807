/**
 * Roll-ups of monitoring lights and self-evaluation scores: per department and for the region.
 * A department's light is the worst light among its projects (the vendor rule for a project's
 * light, domain.md §5, applied one level up); its score is the mean of its self-evaluations.
 * Pure functions of the per-report figures, so the server, the dashboards and the tests share
 * them.
 */
import type { Grade } from './scoring-params.ts';
import { worstLight, type Light } from './monitoring.ts';

/** What one report contributes: its department, its light (monitoring) or total and grade (self-evaluation). */
export interface ReportFigure {
  deptId: string;
  deptName: string;
  light?: Light | null;
  total?: number | null;
  grade?: Grade | null;
  /** Reports not yet filed count as owed, not as a light. */
  filed: boolean;
}

export type LightCounts = Record<Light | 'none', number>;
export type GradeCounts = Record<Grade, number>;

export interface Rollup {
  reports: number;
  filed: number;
  lights: LightCounts;
  /** The worst light among the filed reports. */
  light: Light | null;
  grades: GradeCounts;
  /** Mean of the filed totals, two decimals; null when none is scored. */
  meanScore: number | null;
}

export interface DepartmentRollup extends Rollup {
  deptId: string;
  deptName: string;
}

const emptyLights = (): LightCounts => ({ red: 0, yellow: 0, blue: 0, green: 0, none: 0 });
const emptyGrades = (): GradeCounts => ({ 优: 0, 良: 0, 中: 0, 差: 0 });

function rollup(figs: ReportFigure[]): Rollup {
  const lights = emptyLights();
  const grades = emptyGrades();
  let sum = 0;
  let scored = 0;
  let filed = 0;
  for (const f of figs) {
    if (!f.filed) continue;
    filed++;
    lights[f.light ?? 'none']++;
    if (f.grade) grades[f.grade]++;
    if (typeof f.total === 'number') {
      sum += f.total;
      scored++;
    }
  }
  return {
    reports: figs.length,
    filed,
    lights,
    light: worstLight(figs.filter((f) => f.filed).map((f) => f.light ?? null)),
    grades,
    meanScore: scored ? Math.round((sum / scored) * 100) / 100 : null,
  };
}

/** Per department (sorted: worst light first, then by name) and for the whole region. */
export function rollUp(figs: ReportFigure[]): { departments: DepartmentRollup[]; region: Rollup } {
  const byDept = new Map<string, ReportFigure[]>();
  for (const f of figs) byDept.set(f.deptId, [...(byDept.get(f.deptId) ?? []), f]);
  const order: Array<Light | null> = ['red', 'yellow', 'blue', 'green', null];
  const departments = [...byDept.entries()]
    .map(([deptId, list]) => ({ deptId, deptName: list[0]!.deptName, ...rollup(list) }))
    .sort((a, b) => order.indexOf(a.light) - order.indexOf(b.light) || a.deptName.localeCompare(b.deptName, 'zh'));
  return { departments, region: rollup(figs) };
}
