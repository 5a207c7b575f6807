/** Organisation and account administration: the region's 管理员 only. */
import type { Actor } from '../auth/session.ts';

export const canAdminister = (actor: Actor, regionCode: string) => actor.role === 'admin' && actor.regionCode === regionCode;

/** The audit log: administrators and finance reviewers of the region. */
export const canReadAudit = (actor: Actor, regionCode: string) =>
  (actor.role === 'admin' || actor.role === 'finance_reviewer') && actor.regionCode === regionCode;
