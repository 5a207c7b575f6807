/**
 * Who may do what with a target table. Pure functions of the actor and the table's owner,
 * dept and status — no database access — so every route asks the same questions the same way.
 *
 * Organisation scope: a 财政局 user (finance reviewer, admin) sees the whole region; a 主管部门
 * user sees the department and its 预算单位; a 预算单位 user sees the unit.
 * Drafts are the filers' work in progress: only filers (and the department's reviewers, who may
 * 代编 on a unit's behalf) in scope may read them. A table the actor may not read is answered
 * with 404, exactly like a table that does not exist (no leak); one they may read but not
 * change is answered with 403.
 */
import type { Actor } from '../auth/session.ts';

import type { TableStatus } from '@jixiao/core';

export type { TableStatus };

export interface TableRef {
  regionCode: string;
  orgId: string;
  deptId: string;
  status: TableStatus;
}

export const STATUS_LABELS: Record<TableStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已提交', en: 'submitted' },
  dept_approved: { zh: '主管部门已审', en: 'approved by the department' },
  finance_approved: { zh: '财政已审', en: 'approved by the finance bureau' },
  published: { zh: '已公开', en: 'published' },
};

export const ROLE_LABELS: Record<Actor['role'], { zh: string; en: string }> = {
  filer: { zh: '填报人', en: 'filer' },
  dept_reviewer: { zh: '主管部门审核人', en: 'department reviewer' },
  finance_reviewer: { zh: '财政审核人', en: 'finance reviewer' },
  admin: { zh: '管理员', en: 'administrator' },
};

/** The organisation scope: is the table's owner within the actor's organisation? */
export function inOrgScope(actor: Actor, t: { regionCode: string; orgId: string; deptId: string }): boolean {
  if (actor.regionCode !== t.regionCode) return false;
  switch (actor.orgKind) {
    case 'finance':
      return true;
    case 'dept':
      return t.deptId === actor.orgId;
    case 'unit':
      return t.orgId === actor.orgId;
  }
}

export function canRead(actor: Actor, t: TableRef): boolean {
  if (!inOrgScope(actor, t)) return false;
  if (t.status === 'draft') return actor.role === 'filer' || actor.role === 'dept_reviewer';
  return true;
}

/** May the actor create a table owned by this organisation? */
export function canCreateFor(actor: Actor, owner: { regionCode: string; orgId: string; deptId: string }): boolean {
  return (actor.role === 'filer' || actor.role === 'dept_reviewer') && inOrgScope(actor, owner);
}

export function canEdit(actor: Actor, t: TableRef): boolean {
  return t.status === 'draft' && (actor.role === 'filer' || actor.role === 'dept_reviewer') && inOrgScope(actor, t);
}

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'publish';

/** Transitions: from status → the role that may take it and where it goes. */
export const TRANSITIONS: Record<WorkflowAction, Partial<Record<TableStatus, { role: Actor['role']; to: TableStatus }>>> = {
  submit: { draft: { role: 'filer', to: 'submitted' } },
  approve: {
    submitted: { role: 'dept_reviewer', to: 'dept_approved' },
    dept_approved: { role: 'finance_reviewer', to: 'finance_approved' },
  },
  return: {
    submitted: { role: 'dept_reviewer', to: 'draft' },
    dept_approved: { role: 'finance_reviewer', to: 'draft' },
    finance_approved: { role: 'finance_reviewer', to: 'draft' },
  },
  publish: { finance_approved: { role: 'finance_reviewer', to: 'published' } },
};

export type Decision = { ok: true; to: TableStatus } | { ok: false; reason: 'state' | 'role' };

export function decide(actor: Actor, action: WorkflowAction, t: TableRef): Decision {
  const step = TRANSITIONS[action][t.status];
  if (!step) return { ok: false, reason: 'state' };
  if (actor.role !== step.role || !inOrgScope(actor, t)) return { ok: false, reason: 'role' };
  // A department reviewer reviews only for their own department (not at a unit).
  if (actor.role === 'dept_reviewer' && actor.orgKind !== 'dept') return { ok: false, reason: 'role' };
  return { ok: true, to: step.to };
}

/** Which roles may sit at which kind of organisation. */
export const ROLE_ORG_KINDS: Record<Actor['role'], Array<Actor['orgKind']>> = {
  filer: ['dept', 'unit'],
  dept_reviewer: ['dept'],
  finance_reviewer: ['finance'],
  admin: ['finance'],
};
