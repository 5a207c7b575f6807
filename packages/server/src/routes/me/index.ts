/** GET /api/me: the signed-in user, their role and organisation. */
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { hashAcceptedPassword } from '../../auth/password-policy.ts';
import { sessions, users } from '../../db/schema.ts';
import { ApiError } from '../../errors.ts';
import { requireActor } from '../../auth/session.ts';
import { errors } from '../common.ts';
import { meBody } from '../auth/schema.ts';
import { meView } from '../auth/index.ts';

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  app.post(
    '/api/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改自己的密码 / change your own password',
        description: 'Needs the current (or temporary) password. Ends your other sessions; clears the must-change flag an administrator’s reset set.',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200).meta({ description: 'The password policy (at least 10 characters, not common, not the login …): 400 weak_password says why' }) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { currentPassword, newPassword } = req.body;
      const [u] = await db.select().from(users).where(and(eq(users.regionCode, actor.regionCode), eq(users.id, actor.id)));
      if (!u || !(await verifyPassword(u.passwordHash, currentPassword))) {
        throw new ApiError(400, 'wrong_password', { zh: '当前密码不正确', en: 'The current password is wrong' });
      }
      if (newPassword === currentPassword) throw new ApiError(400, 'same_password', { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' });
      const passwordHash = await hashAcceptedPassword(newPassword, { login: u.login, displayName: u.displayName });
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, mustChangePassword: false, mustChangeReason: null }).where(and(eq(users.regionCode, actor.regionCode), eq(users.id, actor.id)));
        await tx.delete(sessions).where(and(eq(sessions.regionCode, actor.regionCode), eq(sessions.userId, actor.id), ne(sessions.id, actor.sessionId)));
        await auditAs(tx, actor, 'user.change_password', { type: 'user', id: actor.id }, {}, req.ip);
      });
      return { ok: true as const };
    },
  );

  app.get('/api/me', { schema: { tags: ['auth'], summary: '当前用户 / the signed-in user', response: { 200: meBody, ...errors(401) } } }, async (req) =>
    meView(db, requireActor(req)),
  );
};

export default plugin;
