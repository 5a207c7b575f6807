/**
 * Sign-in lockout, kept in the database (table login_throttle) so that every server process
 * sees the same count: failures are counted per login name (whether or not the account exists,
 * so a lockout tells nothing about which names are real) and per client address, within a
 * window that starts at the first failure. Reaching the limit locks the key for one window:
 * sign-in then answers 429 with Retry-After, even with the right password. A successful sign-in
 * clears the login name's count; an administrator's password reset clears it too.
 *
 * Each failure is one atomic upsert, so concurrent failures from several processes are all
 * counted and exactly one of them is the one that locks (and is audited as auth.lockout).
 */
import { eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { loginThrottle } from '../db/schema.ts';

export interface LoginLimits {
  /** Failures allowed per login name per window (default 5). */
  perLogin: number;
  /** Failures allowed per client address per window (default 100: a whole office may share one address). */
  perIp: number;
  /** Window and lock duration in milliseconds (default 15 minutes). */
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perLogin: 5, perIp: 100, windowMs: 15 * 60_000 };

export const loginKey = (login: string) => `login:${login.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export interface FailureOutcome {
  /** This failure is the one that locked the login name. */
  lockedLogin: boolean;
  /** This failure is the one that locked the address. */
  lockedIp: boolean;
}

export class LoginLimiter {
  constructor(readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Seconds to wait, or 0 when an attempt is allowed now. */
  async retryAfter(db: Db, ip: string, login: string, now = new Date()): Promise<number> {
    const rows = await db
      .select({ lockedUntil: loginThrottle.lockedUntil })
      .from(loginThrottle)
      .where(sql`${loginThrottle.key} IN (${loginKey(login)}, ${ipKey(ip)})`);
    let wait = 0;
    for (const r of rows) if (r.lockedUntil && r.lockedUntil > now) wait = Math.max(wait, Math.ceil((r.lockedUntil.getTime() - now.getTime()) / 1000));
    return wait;
  }

  private async count(db: Db | Tx, key: string, max: number, now: Date): Promise<boolean> {
    const windowStart = new Date(now.getTime() - this.limits.windowMs);
    const lockUntil = new Date(now.getTime() + this.limits.windowMs);
    // A new window when the old one is over or its lock has run out.
    const fresh = sql`(${loginThrottle.windowStartedAt} < ${windowStart} OR (${loginThrottle.lockedUntil} IS NOT NULL AND ${loginThrottle.lockedUntil} <= ${now}))`;
    const [row] = await db
      .insert(loginThrottle)
      .values({ key, failures: 1, windowStartedAt: now, lockedUntil: max <= 1 ? lockUntil : null })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`CASE WHEN ${fresh} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${fresh} THEN ${now} ELSE ${loginThrottle.windowStartedAt} END`,
          lockedUntil: sql`CASE WHEN (CASE WHEN ${fresh} THEN 1 ELSE ${loginThrottle.failures} + 1 END) >= ${max} THEN coalesce(CASE WHEN ${fresh} THEN NULL ELSE ${loginThrottle.lockedUntil} END, ${lockUntil}) ELSE NULL END`,
        },
      })
      .returning({ failures: loginThrottle.failures });
    return row?.failures === max;
  }

  async fail(db: Db | Tx, ip: string, login: string, now = new Date()): Promise<FailureOutcome> {
    const lockedLogin = await this.count(db, loginKey(login), this.limits.perLogin, now);
    const lockedIp = await this.count(db, ipKey(ip), this.limits.perIp, now);
    // Old rows go as new ones come (bounded table under a spray of made-up names).
    if (Math.random() < 0.01) await db.delete(loginThrottle).where(lt(loginThrottle.windowStartedAt, new Date(now.getTime() - 2 * this.limits.windowMs)));
    return { lockedLogin, lockedIp };
  }

  async succeed(db: Db | Tx, login: string): Promise<void> {
    await clearLoginLockout(db, login);
  }
}

/** Forgets a login name's failures and lock (successful sign-in, administrator's reset). */
export async function clearLoginLockout(db: Db | Tx, login: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, loginKey(login)));
}
