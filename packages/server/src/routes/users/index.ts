/** /api/users: accounts of the region (admin). */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { sessions, users } from '../../db/schema.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { badRequest, forbidden, notFound } from '../../errors.ts';
import { canAdminister } from '../../policies/admin.ts';
import { createUser, type UserRow } from '../../orgs/service.ts';
import { errors, idParams } from '../common.ts';

const role = z.enum(['filer', 'dept_reviewer', 'finance_reviewer', 'admin']);
const userOut = z
  .object({ id: z.string(), login: z.string(), displayName: z.string(), role, orgId: z.string(), disabled: z.boolean(), createdAt: z.string() })
  .meta({ id: 'User' });
const createUserBody = z.object({
  login: z.string().trim().min(2).max(100).regex(/^[\p{L}\p{N}._@-]+$/u),
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(10).max(200).meta({ description: 'At least 10 characters' }),
  orgId: z.string().max(100),
  role,
});

const view = (u: UserRow) => ({
  id: u.id,
  login: u.login,
  displayName: u.displayName,
  role: u.role,
  orgId: u.orgId,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const adminOnly = () => forbidden({ zh: '只有管理员可以管理账号', en: 'Only an administrator may manage accounts' });

  app.get(
    '/api/users',
    { schema: { tags: ['orgs'], summary: '账号列表（管理员） / accounts (admin)', response: { 200: z.object({ items: z.array(userOut) }), ...errors(401, 403) } } },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const rows = await db.select().from(users).where(eq(users.regionCode, actor.regionCode)).orderBy(asc(users.login));
      return { items: rows.map(view) };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['orgs'],
        summary: '新增账号（管理员） / add an account (admin)',
        body: createUserBody,
        response: { 201: userOut, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const row = await db.transaction(async (tx) => {
        const u = await createUser(tx, { regionCode: actor.regionCode, ...req.body });
        await auditAs(tx, actor, 'user.create', { type: 'user', id: u.id }, { login: u.login, role: u.role, orgId: u.orgId }, req.ip);
        return u;
      });
      return reply.code(201).send(view(row));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '停用/启用账号或重设密码（管理员） / disable, enable or reset the password of an account (admin)',
        description: 'Disabling an account or resetting its password ends its sessions.',
        params: idParams,
        body: z.object({ disabled: z.boolean().optional(), password: z.string().min(10).max(200).optional() }),
        response: { 200: userOut, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const { disabled, password } = req.body;
      if (disabled === undefined && password === undefined) {
        throw badRequest('nothing_to_change', { zh: '请给出 disabled 或 password', en: 'Give disabled or password' });
      }
      if (disabled === true && req.params.id === actor.id) {
        throw badRequest('cannot_disable_self', { zh: '不能停用自己的账号', en: 'You cannot disable your own account' });
      }
      const patch: Partial<UserRow> = {};
      if (disabled !== undefined) patch.disabled = disabled;
      if (password !== undefined) patch.passwordHash = await hashPassword(password);
      const row = await db.transaction(async (tx) => {
        const [u] = await tx
          .update(users)
          .set(patch)
          .where(and(eq(users.regionCode, actor.regionCode), eq(users.id, req.params.id)))
          .returning();
        if (!u) throw notFound({ zh: '账号', en: 'account' });
        if (disabled === true || password !== undefined) {
          await tx.delete(sessions).where(and(eq(sessions.regionCode, actor.regionCode), eq(sessions.userId, u.id)));
        }
        await auditAs(tx, actor, 'user.update', { type: 'user', id: u.id }, { login: u.login, disabled: disabled ?? null, passwordReset: password !== undefined }, req.ip);
        return u;
      });
      return view(row);
    },
  );
};

export default plugin;
