/**
 * Public pages (no session, no CSRF): the regions, the published tables of a region and year,
 * and one published table. Anything not published answers 404, like a table that does not exist.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Finding } from '@jixiao/core';
import type { RoutePlugin } from '../../app.ts';
import { regions, targetTables } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { isPublic } from '../../policies/public.ts';
import { selectListed, selectWithCurrentRevision, UUID_RE } from '../../tables/service.ts';
import { errors, finding, findingsOut, idParams, summary, tableSummary } from '../common.ts';

const TABLE = { zh: '已公开的目标表', en: 'published table' };

const plugin: RoutePlugin = async (app, { services }) => {
  // Public pages may lag a moment behind the primary: they read from the replica when there is one.
  const db = services.database.read;

  app.get(
    '/api/public/regions',
    { schema: { tags: ['public'], summary: '地区列表（公开） / regions (public)', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }) } } },
    async () => {
      const rows = await db.select().from(regions).orderBy(asc(regions.regionCode));
      return { items: rows.map((r) => ({ code: r.regionCode, name: r.name })) };
    },
  );

  app.get(
    '/api/public/tables',
    {
      schema: {
        tags: ['public'],
        summary: '已公开的目标表（公开） / published tables of a region and year (public)',
        querystring: z.object({
          region: z.string().regex(/^\d{6}$/),
          year: z.coerce.number().int().min(1990).max(2200),
          limit: z.coerce.number().int().min(1).max(500).default(200),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(tableSummary) }), ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const where = and(eq(targetTables.regionCode, q.region), eq(targetTables.year, q.year), eq(targetTables.status, 'published'));
      const items = await selectListed(db, where, q.limit, q.offset);
      return { items: items.map(summary) };
    },
  );

  app.get(
    '/api/public/tables/:id',
    {
      schema: {
        tags: ['public'],
        summary: '一张已公开的目标表（公开） / one published table (public)',
        params: idParams,
        response: { 200: z.object({ table: tableSummary, document: z.record(z.string(), z.unknown()), findings: z.array(finding) }), ...errors(404) },
      },
    },
    async (req) => {
      if (!UUID_RE.test(req.params.id)) throw notFound(TABLE);
      const r = await selectWithCurrentRevision(db, eq(targetTables.id, req.params.id));
      if (!r || !isPublic(r.row)) throw notFound(TABLE);
      return { table: summary(r.row), document: r.rev.document as Record<string, unknown>, findings: findingsOut(r.rev.findings as Finding[]) };
    },
  );
};

export default plugin;
