/**
 * Who may do what with monitoring rounds and reports (运行监控, 绩效自评). Reports are owned like
 * the target table they evaluate (the same 预算单位 or 主管部门) and follow the target tables'
 * statuses and steps, so reading, editing and the workflow use policies/tables.ts unchanged; what
 * is new is who opens a round and who may start a report in it.
 */
import type { Actor } from '../auth/session.ts';
import { canCreateFor, inOrgScope } from './tables.ts';

/** Only the finance bureau (财政局绩效科: finance reviewers and administrators) opens, closes or moves a round. */
export function canManageRounds(actor: Actor): boolean {
  return actor.orgKind === 'finance' && (actor.role === 'finance_reviewer' || actor.role === 'admin');
}

/** Everyone in the region sees the rounds (and their deadlines). */
export function canSeeRound(actor: Actor, round: { regionCode: string }): boolean {
  return actor.regionCode === round.regionCode;
}

/** A report on a table is started by those who may file for its owner: its filers and its department's reviewers (代编). */
export function canStartReport(actor: Actor, owner: { regionCode: string; orgId: string; deptId: string }): boolean {
  return canCreateFor(actor, owner);
}

/** Whose obligations (due and overdue reports) the actor sees: the same organisation scope as tables. */
export function seesObligationsOf(actor: Actor, owner: { regionCode: string; orgId: string; deptId: string }): boolean {
  return inOrgScope(actor, owner);
}
