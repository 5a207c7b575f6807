/**
 * Sign-in lockout, kept in the database (table login_throttle) so that every server process
 * sees the same count: failures are counted per login name (whether or not the account exists,
 * so a lockout tells nothing about which names are real) and per client address, within a
 * window that starts at the first failure. Reaching the limit locks the key for one window:
 * sign-in then answers 429 with Retry-After, even with the right password. A successful sign-in
 * clears the login name's count; an administrator's password reset clears it too.
 *
 * Each attempt is counted by one atomic upsert before its password is checked, so concurrent
 * attempts from several processes are all counted, no more than the limit are checked, and
 * exactly one of them is the one that locks (and is audited as auth.lockout).
 */
import { and, eq, lt, sql } from 'drizzle-orm';
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

export interface Claim {
  /** Above 0: the name or the address is locked; refuse without checking the password. */
  retryAfterSeconds: number;
  /** This attempt is the last one the window allows for the name: if it fails, the name is locked. */
  lockedLogin: boolean;
  /** Likewise for the address. */
  lockedIp: boolean;
}

export class LoginLimiter {
  constructor(readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /**
   * Counts this sign-in attempt on its login name and client address BEFORE the password is
   * checked, each in one atomic upsert: however many requests arrive at once, at most `perLogin`
   * of them get their password checked in a window; the rest are refused without a check. (Looking
   * the lock up first and counting the failure after the check let 13 of 40 parallel guesses be
   * checked.) A sign-in that then succeeds clears the name's count and gives the address back its
   * attempt (`succeed`).
   */
  async claim(db: Db | Tx, ip: string, login: string, now = new Date()): Promise<Claim> {
    const byLogin = await this.count(db, loginKey(login), this.limits.perLogin, now);
    const byIp = await this.count(db, ipKey(ip), this.limits.perIp, now);
    // Old rows go as new ones come (bounded table under a spray of made-up names).
    if (Math.random() < 0.01) await db.delete(loginThrottle).where(lt(loginThrottle.windowStartedAt, new Date(now.getTime() - 2 * this.limits.windowMs)));
    const over = [byLogin, byIp].filter((c) => c.failures > c.max && c.lockedUntil && c.lockedUntil > now);
    const retryAfterSeconds = Math.max(0, ...over.map((c) => Math.ceil((c.lockedUntil!.getTime() - now.getTime()) / 1000)));
    return { retryAfterSeconds, lockedLogin: byLogin.failures === byLogin.max, lockedIp: byIp.failures === byIp.max };
  }

  private async count(db: Db | Tx, key: string, max: number, now: Date): Promise<{ failures: number; lockedUntil: Date | null; max: number }> {
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
      .returning({ failures: loginThrottle.failures, lockedUntil: loginThrottle.lockedUntil });
    return { failures: row?.failures ?? 0, lockedUntil: row?.lockedUntil ?? null, max };
  }

  /** A sign-in succeeded: the name's count goes, and the address gets back the attempt it claimed. */
  async succeed(db: Db | Tx, ip: string, login: string): Promise<void> {
    await clearLoginLockout(db, login);
    await db
      .update(loginThrottle)
      .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
      .where(and(eq(loginThrottle.key, ipKey(ip)), sql`${loginThrottle.lockedUntil} IS NULL`));
  }
}

/** Forgets a login name's failures and lock (successful sign-in, administrator's reset). */
export async function clearLoginLockout(db: Db | Tx, login: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, loginKey(login)));
}
