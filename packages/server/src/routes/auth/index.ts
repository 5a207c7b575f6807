/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/csrf.
 * Login is rate limited per login name and per address; a wrong name and a wrong password get
 * the same answer in the same time.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { appendAudit, type AuditAction } from '../../audit/audit.ts';
import { dummyHash, verifyPassword } from '../../auth/passwords.ts';
import {
  clearSessionCookies,
  createSession,
  CSRF_COOKIE,
  deleteSession,
  deleteSessionByToken,
  loadActor,
  newToken,
  requireActor,
  SESSION_COOKIE,
  setSessionCookies,
  type Actor,
} from '../../auth/session.ts';
import { orgs, regions, users } from '../../db/schema.ts';
import type { Db } from '../../db/open.ts';
import { ApiError } from '../../errors.ts';
import { ROLE_LABELS } from '../../policies/tables.ts';
import { errors } from '../common.ts';
import { csrfReply, loginBody, loginReply, meBody } from './schema.ts';

/** The signed-in user, with their region's name and level (one small read; /api/me and sign-in only). */
export async function meView(db: Db, a: Actor): Promise<z.infer<typeof meBody>> {
  const [region] = await db.select().from(regions).where(eq(regions.regionCode, a.regionCode));
  let reason: 'new' | 'reset' | undefined;
  if (a.mustChangePassword) {
    const [u] = await db.select({ r: users.mustChangeReason }).from(users).where(and(eq(users.regionCode, a.regionCode), eq(users.id, a.id)));
    reason = u?.r ?? 'reset';
  }
  return {
    id: a.id,
    login: a.login,
    displayName: a.displayName,
    role: a.role,
    roleLabel: ROLE_LABELS[a.role],
    regionCode: a.regionCode,
    org: { id: a.orgId, kind: a.orgKind, code: a.orgCode, name: a.orgName },
    ...(a.mustChangePassword ? { mustChangePassword: true, mustChangeReason: reason ?? 'reset' } : {}),
    ...(region ? { region: { code: region.regionCode, name: region.name, level: region.level } } : {}),
  };
}

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;

  app.get(
    '/api/auth/csrf',
    { schema: { tags: ['auth'], summary: '取得登录用的 CSRF 令牌 / get a CSRF token for the login form', response: { 200: csrfReply } } },
    async (req, reply) => {
      const existing = req.cookies[CSRF_COOKIE];
      const token = req.actor?.csrfToken ?? (existing && existing.length >= 32 ? existing : newToken());
      void reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'lax', secure: services.secureCookies, httpOnly: false });
      return { csrfToken: token };
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录 / sign in',
        description: 'Needs the x-csrf-token header equal to the jixiao_csrf cookie (GET /api/auth/csrf sets it).',
        body: loginBody,
        response: { 200: loginReply, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const { login, password } = req.body;
      const tooMany = (wait: number) =>
        new ApiError(
          429,
          'too_many_attempts',
          { zh: `登录失败次数过多，账号已临时锁定，请 ${Math.ceil(wait / 60)} 分钟后再试`, en: `Too many failed sign-ins: locked for now; try again in ${Math.ceil(wait / 60)} minutes` },
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
      const outcome = await services.limiter.claim(db, req.ip, login);
      if (outcome.retryAfterSeconds > 0) throw tooMany(outcome.retryAfterSeconds);
      const [user] = await db.select().from(users).where(eq(users.login, login)).limit(1);
      const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash(), password), false);
      if (!user || !ok || user.disabled) {
        const regionCode = user?.regionCode ?? '000000';
        await appendAudit(db, {
          regionCode,
          action: 'auth.login_failed',
          actorId: user?.id ?? null,
          actorLogin: login,
          details: { reason: !user ? 'unknown_login' : user.disabled ? 'disabled' : 'wrong_password' },
          ip: req.ip,
        });
        if (outcome.lockedLogin || outcome.lockedIp) {
          await appendAudit(db, {
            regionCode,
            action: 'auth.lockout' as AuditAction,
            actorId: user?.id ?? null,
            actorLogin: login,
            targetType: outcome.lockedLogin ? 'login' : 'ip',
            targetId: outcome.lockedLogin ? login : req.ip,
            details: { failures: outcome.lockedLogin ? services.limiter.limits.perLogin : services.limiter.limits.perIp, lockSeconds: services.limiter.limits.windowMs / 1000 },
            ip: req.ip,
          });
        }
        throw new ApiError(401, 'invalid_credentials', { zh: '用户名或密码错误', en: 'Wrong login name or password' });
      }
      await services.limiter.succeed(db, req.ip, login);
      // Session rotation: whatever session this browser had before ends here; the new one has a
      // new id and a new CSRF token (a fixated or stolen pre-login id is worth nothing).
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await deleteSessionByToken(db, previous);
      const [org] = await db.select().from(orgs).where(and(eq(orgs.regionCode, user.regionCode), eq(orgs.id, user.orgId)));
      if (!org) throw new Error(`user ${user.id} has no organisation`);
      const { token, csrf } = await createSession(db, user);
      await appendAudit(db, {
        regionCode: user.regionCode,
        action: 'auth.login',
        actorId: user.id,
        actorLogin: user.login,
        targetType: 'user',
        targetId: user.id,
        ip: req.ip,
      });
      setSessionCookies(reply, token, csrf, { secure: services.secureCookies });
      const actor = await loadActor(db, token);
      if (!actor) throw new Error('session just created cannot be read');
      return { user: await meView(db, actor), csrfToken: csrf };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出 / sign out', response: { 200: z.object({ ok: z.literal(true) }), ...errors(401, 403) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await deleteSession(db, actor);
      await appendAudit(db, {
        regionCode: actor.regionCode,
        action: 'auth.logout',
        actorId: actor.id,
        actorLogin: actor.login,
        targetType: 'user',
        targetId: actor.id,
        ip: req.ip,
      });
      clearSessionCookies(reply);
      return { ok: true as const };
    },
  );
};

export default plugin;
