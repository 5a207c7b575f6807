/**
 * Open data (no session): the published tables of a region and year as downloadable data, one
 * row per indicator with its table's keys, in CSV and JSON (schema: docs/open-data.md), and the
 * years a region has published. Only published tables (policies/public.ts) are ever read here,
 * from the lag-tolerant handle.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { OPEN_DATA_COLUMNS, openDataCsv, openDataJson, openDataRows, type TargetTable } from '@jixiao/core';
import type { RoutePlugin } from '../../app.ts';
import type { Db } from '../../db/open.ts';
import { orgs, regions, tableRevisions, targetTables } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { PUBLIC_STATUS } from '../../policies/public.ts';
import { errors } from '../common.ts';

const T = targetTables;
const regionParam = z.string().regex(/^\d{6}$/).meta({ description: '6-digit region code (MOF_DIV_CODE), e.g. 440823' });
const openQuery = z.object({ region: regionParam, year: z.coerce.number().int().min(1990).max(2200) });
const REGION = { zh: '地区', en: 'region' };

async function regionOf(db: Db, code: string) {
  const [r] = await db.select().from(regions).where(eq(regions.regionCode, code));
  if (!r) throw notFound(REGION);
  return { code: r.regionCode, name: r.name };
}

async function publishedRows(db: Db, region: { code: string; name: string }, year: number) {
  const owner = alias(orgs, 'owner');
  const dept = alias(orgs, 'dept');
  const rows = await db
    .select({ t: T, document: tableRevisions.document, owner: { code: owner.code, name: owner.name }, dept: { code: dept.code, name: dept.name } })
    .from(T)
    .innerJoin(tableRevisions, and(eq(tableRevisions.regionCode, T.regionCode), eq(tableRevisions.tableId, T.id), eq(tableRevisions.version, T.version)))
    .innerJoin(owner, and(eq(owner.regionCode, T.regionCode), eq(owner.id, T.orgId)))
    .innerJoin(dept, and(eq(dept.regionCode, T.regionCode), eq(dept.id, T.deptId)))
    .where(and(eq(T.regionCode, region.code), eq(T.year, year), eq(T.status, PUBLIC_STATUS)))
    .orderBy(asc(dept.code), asc(owner.code), asc(T.kind), asc(T.stage), asc(T.name), asc(T.id));
  return openDataRows(
    rows.map((r) => ({
      table: r.document as TargetTable,
      meta: {
        regionCode: region.code,
        regionName: region.name,
        tableId: r.t.id,
        stage: r.t.stage,
        dept: r.dept,
        agency: r.owner,
        publishedAt: r.t.updatedAt.toISOString(),
      },
    })),
  );
}

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.read;

  app.get(
    '/api/open-data/regions/:region/years',
    {
      schema: {
        tags: ['open data'],
        summary: '已公开的年度（公开） / years a region has published tables for (public)',
        params: z.object({ region: regionParam }),
        response: { 200: z.object({ region: z.object({ code: z.string(), name: z.string() }), items: z.array(z.object({ year: z.number().int(), tables: z.number().int() })) }), ...errors(400, 404) },
      },
    },
    async (req) => {
      const region = await regionOf(db, req.params.region);
      const items = await db
        .select({ year: T.year, tables: sql<number>`count(*)::int` })
        .from(T)
        .where(and(eq(T.regionCode, region.code), eq(T.status, PUBLIC_STATUS)))
        .groupBy(T.year)
        .orderBy(desc(T.year));
      return { region, items };
    },
  );

  app.get(
    '/api/open-data/indicators.csv',
    {
      schema: {
        tags: ['open data'],
        summary: '公开数据 CSV（每行一个指标） / open data as CSV, one row per indicator (public)',
        querystring: openQuery,
        produces: ['text/csv'],
        response: { 200: z.string().meta({ description: 'UTF-8 CSV with a BOM; columns in docs/open-data.md' }), ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const region = await regionOf(db, req.query.region);
      const rows = await publishedRows(db, region, req.query.year);
      void reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('content-disposition', `attachment; filename="jixiao-${region.code}-${req.query.year}-indicators.csv"`);
      return openDataCsv(rows);
    },
  );

  app.get(
    '/api/open-data/indicators.json',
    {
      schema: {
        tags: ['open data'],
        summary: '公开数据 JSON（每行一个指标） / open data as JSON, one row per indicator (public)',
        querystring: openQuery,
        response: {
          200: z.object({
            format: z.literal('jixiao-open-data'),
            version: z.literal(1),
            region: z.object({ code: z.string(), name: z.string() }),
            year: z.number().int(),
            generatedAt: z.string(),
            columns: z.array(z.string()),
            rows: z.array(z.record(z.string(), z.string())).meta({ description: 'One object per indicator, keys as in columns (docs/open-data.md)' }),
          }),
          ...errors(400, 404),
        },
      },
    },
    async (req, reply) => {
      const region = await regionOf(db, req.query.region);
      const rows = await publishedRows(db, region, req.query.year);
      void reply.header('cache-control', 'public, max-age=300');
      return { ...openDataJson(region, req.query.year, rows, new Date().toISOString()), columns: [...OPEN_DATA_COLUMNS] };
    },
  );
};

export default plugin;
