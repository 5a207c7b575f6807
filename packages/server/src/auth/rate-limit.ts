/**
 * Login rate limiting: failed attempts are counted per login name and per client address in a
 * sliding window; past the limit, login answers 429 with Retry-After until the window moves on.
 * A successful login clears the login name's count.
 */
export interface LoginLimits {
  /** Failures allowed per login name per window (default 5). */
  perLogin: number;
  /** Failures allowed per client address per window (default 20). */
  perIp: number;
  /** Window in milliseconds (default 15 minutes). */
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perLogin: 5, perIp: 20, windowMs: 15 * 60_000 };

export class LoginLimiter {
  private failures = new Map<string, number[]>();
  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds to wait, or 0 when an attempt is allowed now. */
  retryAfter(ip: string, login: string, now = Date.now()): number {
    const checks: Array<[string, number]> = [
      [`login:${login.toLowerCase()}`, this.limits.perLogin],
      [`ip:${ip}`, this.limits.perIp],
    ];
    let wait = 0;
    for (const [key, max] of checks) {
      const list = this.recent(key, now);
      if (list.length >= max) wait = Math.max(wait, Math.ceil((list[list.length - max]! + this.limits.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(ip: string, login: string, now = Date.now()): void {
    for (const key of [`login:${login.toLowerCase()}`, `ip:${ip}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a spray attack
  }

  succeed(login: string): void {
    this.failures.delete(`login:${login.toLowerCase()}`);
  }
}
