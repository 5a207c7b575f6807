/**
 * Who may run the county's budget year: the organisation tree, accounts, the budget calendar,
 * the project library and the rule sets. Writes are the region's 管理员 (canAdminister, admin.ts);
 * reads follow the organisation scope of policies/tables.ts, so a 主管部门 sees its own units'
 * projects and a unit its own — the same scope as its tables.
 */
import type { Actor } from '../auth/session.ts';
import { ApiError } from '../errors.ts';
import { canAdminister } from './admin.ts';
import { canCreateFor, inOrgScope } from './tables.ts';

export { canAdminister };

/** The bureau's view of the region: administrators and finance reviewers. */
export const seesWholeRegion = (actor: Actor) => actor.orgKind === 'finance' && (actor.role === 'admin' || actor.role === 'finance_reviewer');

/** A project of the library (or what an organisation owes) is visible in the actor's organisation scope. */
export const canReadProject = (actor: Actor, p: { regionCode: string; orgId: string; deptId: string }) => inOrgScope(actor, p);

/** The region's rule sets and calendar are public knowledge inside the region: every signed-in user reads them. */
export const canReadCalendar = (actor: Actor, regionCode: string) => actor.regionCode === regionCode;

/**
 * Project tables pre-filled from the library: the administrator may create them in the unit's
 * name (项目库推送); the filers in scope may create their own as for any table.
 */
export const canCreateFromLibrary = (actor: Actor, owner: { regionCode: string; orgId: string; deptId: string }) =>
  canAdminister(actor, owner.regionCode) || canCreateFor(actor, owner);

/** While an administrator's temporary password is in force, only these routes answer. */
const WHILE_PASSWORD_MUST_CHANGE = new Set(['/api/me', '/api/me/password', '/api/auth/logout', '/api/auth/csrf', '/api/auth/login']);
export const allowedWhilePasswordMustChange = (path: string) => !path.startsWith('/api/') || WHILE_PASSWORD_MUST_CHANGE.has(path) || path.startsWith('/api/public/') || path.startsWith('/api/health');

export const ADMIN_ONLY = { zh: '只有管理员可以执行此操作', en: 'Only an administrator may do this' };

export const passwordChangeRequired = () =>
  new ApiError(403, 'password_change_required', {
    zh: '管理员重设了您的密码：请先修改密码（POST /api/me/password）',
    en: 'An administrator reset your password: change it first (POST /api/me/password)',
  });
