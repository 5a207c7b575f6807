/**
 * Sessions live in the database; the browser holds only a random token in an httpOnly cookie
 * (the table keeps its sha256). Each session has its own CSRF token, which the client echoes in
 * the `x-csrf-token` header on every state-changing request (double submit: the token is also
 * in a readable cookie, `jixiao_csrf`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/open.ts';
import { orgs, sessions, users } from '../db/schema.ts';
import { ApiError } from '../errors.ts';

export const SESSION_COOKIE = 'jixiao_session';
export const CSRF_COOKIE = 'jixiao_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Absolute lifetime: a session ends 12 hours after sign-in, however busy. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** Idle timeout: a session ends after 60 minutes without a request. */
export const SESSION_IDLE_MS = 60 * 60_000;
/** last_seen_at is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export type Role = 'filer' | 'dept_reviewer' | 'finance_reviewer' | 'admin';
export type OrgKind = 'finance' | 'dept' | 'unit';

/** The signed-in user as the policies see them. */
export interface Actor {
  id: string;
  regionCode: string;
  login: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgKind: OrgKind;
  orgCode: string;
  orgName: string;
  sessionId: string;
  csrfToken: string;
  /** An administrator reset the password: until it is changed only a few routes answer (policies/administration.ts). */
  mustChangePassword?: boolean;
}

export const newToken = () => randomBytes(32).toString('base64url');
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface CookieOptions {
  secure: boolean;
}

export function setSessionCookies(reply: FastifyReply, token: string, csrf: string, opts: CookieOptions): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: opts.secure, maxAge: SESSION_TTL_MS / 1000 };
  void reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export async function createSession(db: Db, user: { id: string; regionCode: string }): Promise<{ token: string; csrf: string }> {
  const token = newToken();
  const csrf = newToken();
  const now = new Date();
  await db.insert(sessions).values({
    regionCode: user.regionCode,
    id: tokenId(token),
    userId: user.id,
    csrfToken: csrf,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    lastSeenAt: now,
  });
  // Expired sessions of this region are swept as new ones are made.
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  await db
    .delete(sessions)
    .where(and(eq(sessions.regionCode, user.regionCode), or(lt(sessions.expiresAt, now), lt(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`, idleSince))));
  return { token, csrf };
}

/** The session lookup runs on every request: one prepared statement per database handle. */
const prepared = new WeakMap<Db, ReturnType<typeof prepareLoad>>();
function prepareLoad(db: Db) {
  return db
    .select({ s: sessions, u: users, o: orgs })
    .from(sessions)
    .innerJoin(users, and(eq(users.regionCode, sessions.regionCode), eq(users.id, sessions.userId)))
    .innerJoin(orgs, and(eq(orgs.regionCode, users.regionCode), eq(orgs.id, users.orgId)))
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`, sql.placeholder('idleSince')),
      ),
    )
    .limit(1)
    .prepare('jixiao_load_actor');
}

export async function loadActor(db: Db, token: string): Promise<Actor | null> {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = prepareLoad(db)));
  const now = new Date();
  const rows = await q.execute({ id: tokenId(token), now, idleSince: new Date(now.getTime() - SESSION_IDLE_MS) });
  const r = rows[0];
  if (!r || r.u.disabled) return null;
  const seen = r.s.lastSeenAt ?? r.s.createdAt;
  if (now.getTime() - seen.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.regionCode, r.s.regionCode), eq(sessions.id, r.s.id)));
  }
  return {
    id: r.u.id,
    regionCode: r.u.regionCode,
    login: r.u.login,
    displayName: r.u.displayName,
    role: r.u.role,
    orgId: r.o.id,
    orgKind: r.o.kind,
    orgCode: r.o.code,
    orgName: r.o.name,
    sessionId: r.s.id,
    csrfToken: r.s.csrfToken,
    mustChangePassword: r.u.mustChangePassword,
  };
}

/** Ends the session a cookie token names, if any (session rotation at sign-in). */
export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, tokenId(token)));
}

export async function deleteSession(db: Db, actor: Actor): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.regionCode, actor.regionCode), eq(sessions.id, actor.sessionId)));
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const UNAUTHENTICATED = () =>
  new ApiError(401, 'unauthenticated', { zh: '请先登录', en: 'Please sign in first' });

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw UNAUTHENTICATED();
  return req.actor;
}

export const CSRF_FAILED = () =>
  new ApiError(403, 'csrf_failed', {
    zh: '缺少或错误的 CSRF 令牌：请在 x-csrf-token 请求头中回传 jixiao_csrf cookie 的值',
    en: 'Missing or wrong CSRF token: echo the jixiao_csrf cookie in the x-csrf-token header',
  });
