/**
 * Dashboards (统计分析): who sees which figures. A figure counts exactly the tables the actor may
 * read (the same visibility as GET /api/tables), so every chart drills down to the very tables
 * behind it — the finance bureau does not see drafts (its progress chart shows the units that
 * have not yet handed anything in instead), a 主管部门 sees its own units' drafts too.
 */
import type { Actor } from '../auth/session.ts';

/** The finance bureau (any role there) and a 主管部门's reviewers. */
export function canViewDashboard(actor: Actor): boolean {
  if (actor.orgKind === 'finance') return actor.role === 'finance_reviewer' || actor.role === 'admin';
  return actor.orgKind === 'dept' && actor.role === 'dept_reviewer';
}

/** What a chart's bars are: departments for the finance bureau, units for a 主管部门. */
export function dashboardGrouping(actor: Actor): 'dept' | 'unit' {
  return actor.orgKind === 'finance' ? 'dept' : 'unit';
}
