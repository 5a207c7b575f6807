/** /api/audit: the region's audit log (admin, finance reviewer) and a check of its hash chain. */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { verifyAuditChain } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { auditLog } from '../../db/schema.ts';
import { forbidden } from '../../errors.ts';
import { canReadAudit } from '../../policies/admin.ts';
import { errors } from '../common.ts';

const entry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorLogin: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    details: z.unknown(),
    ip: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const deny = () => forbidden({ zh: '只有管理员和财政审核人可以查看审计日志', en: 'Only administrators and finance reviewers may read the audit log' });

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（新的在前） / audit log, newest first',
        querystring: z.object({
          action: z.string().max(50).optional(),
          target: z.string().max(100).optional(),
          before: z.coerce.number().int().min(1).optional().meta({ description: 'Entries with seq below this (paging)' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(entry) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canReadAudit(actor, actor.regionCode)) throw deny();
      const conds: Array<SQL | undefined> = [eq(auditLog.regionCode, actor.regionCode)];
      if (req.query.action) conds.push(eq(auditLog.action, req.query.action));
      if (req.query.target) conds.push(eq(auditLog.targetId, req.query.target));
      if (req.query.before) conds.push(lt(auditLog.seq, req.query.before));
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...conds))
        .orderBy(desc(auditLog.seq))
        .limit(req.query.limit);
      return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验审计日志的哈希链 / verify the audit hash chain',
        response: {
          200: z.object({ ok: z.boolean(), entries: z.number().int(), brokenAt: z.number().int().optional(), reason: z.string().optional() }),
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canReadAudit(actor, actor.regionCode)) throw deny();
      return verifyAuditChain(db, actor.regionCode);
    },
  );
};

export default plugin;
