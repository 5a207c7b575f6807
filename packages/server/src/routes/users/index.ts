/** /api/users: accounts of the region (admin). */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { sessions, users } from '../../db/schema.ts';
import { hashAcceptedPassword } from '../../auth/password-policy.ts';
import { clearLoginLockout } from '../../auth/rate-limit.ts';
import { badRequest, forbidden, notFound } from '../../errors.ts';
import { canAdminister } from '../../policies/admin.ts';
import { createUser, type UserRow } from '../../orgs/service.ts';
import { errors, idParams } from '../common.ts';
import { assignRole, importUsers, resetPassword, USER_COLUMNS } from '../../administration/accounts.ts';
import { readList, readUpload } from '../../administration/list-import.ts';
import { dryRunQuery, isDryRun, rowResult } from '../admin-schema.ts';
import { passwordSheet } from '../../administration/password-sheet.ts';
import { attachment } from '../../exports/formats.ts';

const role = z.enum(['filer', 'dept_reviewer', 'finance_reviewer', 'admin']);
const userOut = z
  .object({ id: z.string(), login: z.string(), displayName: z.string(), role, orgId: z.string(), disabled: z.boolean(), mustChangePassword: z.boolean(), createdAt: z.string() })
  .meta({ id: 'User' });
const createUserBody = z.object({
  login: z.string().trim().min(2).max(100).regex(/^[\p{L}\p{N}._@-]+$/u),
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200).meta({ description: 'The password policy (at least 10 characters …) (400 weak_password); the account must change it at its first sign-in' }),
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
  mustChangePassword: u.mustChangePassword,
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
        // The administrator typed the password: the holder sets their own at first sign-in.
        const u = await createUser(tx, { regionCode: actor.regionCode, ...req.body, mustChange: 'new' });
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
        summary: '停用/启用账号、调整角色和所属单位、设定密码（管理员） / disable, enable, change role or organisation, set the password of an account (admin)',
        description: 'Disabling an account, setting its password or changing its role or organisation ends its sessions. A password set here follows the password policy (400 weak_password) and must be changed at the next sign-in, as after a reset. The role must fit the kind of organisation (filer: 主管部门 or 预算单位; dept_reviewer: 主管部门; finance_reviewer and admin: 财政局).',
        params: idParams,
        body: z.object({ disabled: z.boolean().optional(), password: z.string().min(1).max(200).optional(), role: role.optional(), orgId: z.string().max(100).optional() }),
        response: { 200: userOut, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const { disabled, password, role: newRole, orgId } = req.body;
      if (disabled === undefined && password === undefined && newRole === undefined && orgId === undefined) {
        throw badRequest('nothing_to_change', { zh: '请给出 disabled、password、role 或 orgId', en: 'Give disabled, password, role or orgId' });
      }
      if ((newRole !== undefined || orgId !== undefined) && req.params.id === actor.id) {
        throw badRequest('cannot_change_self', { zh: '不能调整自己的角色或单位', en: 'You cannot change your own role or organisation' });
      }
      if (disabled === true && req.params.id === actor.id) {
        throw badRequest('cannot_disable_self', { zh: '不能停用自己的账号', en: 'You cannot disable your own account' });
      }
      const patch: Partial<UserRow> = {};
      if (disabled !== undefined) patch.disabled = disabled;
      if (password !== undefined) {
        const [target] = await db.select().from(users).where(and(eq(users.regionCode, actor.regionCode), eq(users.id, req.params.id)));
        if (!target) throw notFound({ zh: '账号', en: 'account' });
        patch.passwordHash = await hashAcceptedPassword(password, target);
        // A password an administrator typed is known to them: like a reset, it is changed at the next sign-in.
        patch.mustChangePassword = true;
        patch.mustChangeReason = 'reset';
      }
      const row = await db.transaction(async (tx) => {
        if (newRole !== undefined || orgId !== undefined) {
          const before = await tx.select().from(users).where(and(eq(users.regionCode, actor.regionCode), eq(users.id, req.params.id)));
          const moved = await assignRole(tx, actor.regionCode, req.params.id, newRole, orgId);
          await auditAs(tx, actor, 'user.assign', { type: 'user', id: moved.id }, { login: moved.login, from: before[0] ? { role: before[0].role, orgId: before[0].orgId } : null, to: { role: moved.role, orgId: moved.orgId } }, req.ip);
          if (disabled === undefined && password === undefined) return moved;
        }
        const [u] = await tx
          .update(users)
          .set(patch)
          .where(and(eq(users.regionCode, actor.regionCode), eq(users.id, req.params.id)))
          .returning();
        if (!u) throw notFound({ zh: '账号', en: 'account' });
        if (disabled === true || password !== undefined) {
          await tx.delete(sessions).where(and(eq(sessions.regionCode, actor.regionCode), eq(sessions.userId, u.id)));
        }
        // A reset also lifts a sign-in lockout: the administrator has just spoken to the user.
        if (password !== undefined) await clearLoginLockout(tx, u.login);
        await auditAs(tx, actor, 'user.update', { type: 'user', id: u.id }, { login: u.login, disabled: disabled ?? null, passwordReset: password !== undefined }, req.ip);
        return u;
      });
      return view(row);
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: ['orgs'],
        summary: '重设密码：生成临时密码，仅显示一次（管理员） / reset a password: a temporary password, shown once (admin)',
        description: 'The account must change the temporary password at its next sign-in; until then only /api/me, /api/me/password and logout answer (403 password_change_required). Its sessions end.',
        params: idParams,
        response: { 200: z.object({ user: userOut, temporaryPassword: z.string() }), ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const r = await db.transaction(async (tx) => {
        const x = await resetPassword(tx, actor.regionCode, req.params.id);
        await auditAs(tx, actor, 'user.reset_password', { type: 'user', id: x.user.id }, { login: x.user.login }, req.ip);
        return x;
      });
      return { user: view(r.user), temporaryPassword: r.temporaryPassword };
    },
  );

  app.post(
    '/api/users/password-sheet',
    {
      schema: {
        tags: ['orgs'],
        summary: '临时密码表（.xlsx，管理员） / the temporary passwords as an .xlsx to hand out (admin)',
        description:
          'The page that just received temporary passwords (an import’s results, a reset) sends them back once to be laid out as a sheet with a warning; nothing is stored. Every login must be an account of the region that still has a temporary password (400 not_temporary, with the row).',
        body: z.object({ rows: z.array(z.object({ login: z.string().max(100), temporaryPassword: z.string().min(1).max(200) })).max(5000) }),
        response: { 200: z.any(), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const bytes = await passwordSheet(db, actor.regionCode, req.body.rows);
      await auditAs(db, actor, 'user.password_sheet', { type: 'user', id: '' }, { logins: req.body.rows.map((r) => r.login) }, req.ip);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`临时密码-${day}.xlsx`, `temporary-passwords-${day}.xlsx`))
        .header('cache-control', 'no-store')
        .send(Buffer.from(bytes));
    },
  );

  app.post(
    '/api/users/import',
    {
      schema: {
        tags: ['orgs'],
        summary: '批量导入账号（管理员） / import accounts in bulk (admin)',
        description:
          'multipart/form-data, field file: columns 登录名, 姓名, 单位编码, 角色 (填报人/主管部门审核人/财政审核人/管理员). Each created account gets a temporary password, returned once in its row result, to be changed at first sign-in. ?dryRun=1 previews.',
        consumes: ['multipart/form-data'],
        querystring: dryRunQuery,
        response: { 200: z.object({ dryRun: z.boolean(), summary: z.record(z.string(), z.number()), results: z.array(rowResult) }), ...errors(400, 401, 403, 413) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw adminOnly();
      const file = await readUpload(req);
      const { rows } = await readList(file.bytes, file.name, USER_COLUMNS);
      const dryRun = isDryRun(req.query);
      const r = await importUsers(db, actor.regionCode, rows, dryRun);
      if (!dryRun) await auditAs(db, actor, 'user.import', { type: 'user', id: '' }, { file: file.name, ...r.summary, logins: r.results.filter((x) => x.success).map((x) => x.key) }, req.ip);
      return r;
    },
  );
};

export default plugin;
