/**
 * /api/tables: list, create (or derive), read, save with If-Match, findings, revisions, diff,
 * workflow events and steps (submit, approve, return, publish), browser exports recorded.
 */
import { countBySeverity, diffTables, type Finding, type TargetTable } from '@jixiao/core';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { libraryCache } from '../../library/library-cache.ts';
import { yearRuleSet } from '../../administration/calendar.ts';
import { requireActor } from '../../auth/session.ts';
import { ApiError } from '../../errors.ts';
import type { WorkflowAction } from '../../policies/tables.ts';
import {
  createTable,
  departmentFindings,
  deriveTable,
  getRevision,
  listEvents,
  listRevisions,
  listTables,
  readableTable,
  readableTableAndRevision,
  saveTable,
  transition,
  type Context,
} from '../../tables/service.ts';
import { errors, finding, findingsOut, idParams, summary, tableSummary } from '../common.ts';
import {
  actionBody,
  actionReply,
  createBody,
  diffQuery,
  diffReply,
  eventsReply,
  findingsReply,
  ifMatchHeaders,
  listQuery,
  listReply,
  putBody,
  revisionReply,
  revisionsReply,
  tableReply,
} from './schema.ts';

/** Parses If-Match: "3", W/"3" or 3. */
export function parseIfMatch(h: string | undefined): number | undefined {
  if (h === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(h);
  if (!m) {
    throw new ApiError(400, 'bad_if_match', { zh: 'If-Match 请求头应为读取到的版本号，如 "3"', en: 'If-Match must be the version read, e.g. "3"' });
  }
  return Number(m[1]);
}

type EventRow = Awaited<ReturnType<typeof listEvents>>[number];
const eventView = (e: EventRow) => ({
  id: e.id,
  action: e.action,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  version: e.version,
  comment: e.comment,
  fieldComments: e.fieldComments as Array<{ field: string; indicatorId?: string; comment: string }>,
  createdAt: e.createdAt.toISOString(),
  actor: { id: e.actorId, login: e.actorLogin, name: e.actorName },
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const library = libraryCache(services.database);
  const ctx = (ip: string): Context => ({
    db,
    ip,
    library: async (region) => (await library.get(region)).library,
    ...(services.ruleSet ? { ruleSet: services.ruleSet } : {}),
  });

  app.get(
    '/api/tables',
    {
      schema: {
        tags: ['tables'],
        summary: '目标表列表 / list the tables you may read',
        querystring: listQuery,
        response: { 200: listReply, ...errors(400, 401) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await listTables(db, actor, req.query);
      return { items: r.items.map(summary), total: r.total };
    },
  );

  app.post(
    '/api/tables',
    {
      schema: {
        tags: ['tables'],
        summary: '新建目标表 / create a table (or start one from another: 二上 from 一上, next year)',
        body: createBody,
        response: { 201: tableReply, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const body = req.body;
      const r =
        'from' in body
          ? await deriveTable(ctx(req.ip), actor, body.from, { stage: body.stage, year: body.year })
          : await createTable(ctx(req.ip), actor, { orgId: body.orgId, stage: body.stage, year: body.year, document: body.document });
      void reply.header('etag', `"${r.row.version}"`).header('location', `/api/tables/${r.row.id}`);
      return reply.code(201).send({ table: summary(r.row), document: r.document as unknown as Record<string, unknown>, findings: findingsOut(r.findings) });
    },
  );

  app.get(
    '/api/tables/:id',
    {
      schema: {
        tags: ['tables'],
        summary: '读取目标表（当前版本） / read a table at its current version',
        description: 'The ETag header is the version; send it back as If-Match when saving.',
        params: idParams,
        response: { 200: tableReply, ...errors(401, 404) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { row, rev } = await readableTableAndRevision(db, actor, req.params.id);
      const ruleSet = await yearRuleSet(db, row.regionCode, row.year, services.ruleSet);
      void reply.header('etag', `"${row.version}"`);
      return {
        table: summary(row),
        document: rev.document as Record<string, unknown>,
        findings: findingsOut(rev.findings as Finding[]),
        ...(ruleSet ? { ruleSet: ruleSet as string | Record<string, unknown> } : {}),
      };
    },
  );

  app.put(
    '/api/tables/:id',
    {
      schema: {
        tags: ['tables'],
        summary: '保存目标表（新版本） / save a table as a new revision',
        description:
          'Requires If-Match with the version read. A stale version gets 409 version_conflict with details.currentVersion; a missing If-Match gets 428. The findings are computed on every save.',
        params: idParams,
        headers: ifMatchHeaders,
        body: putBody,
        response: { 200: tableReply, ...errors(400, 401, 403, 404, 409, 428) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const expected = parseIfMatch(req.headers['if-match'] as string | undefined);
      if (expected === undefined) {
        // Say nothing about the table to someone who may not read it.
        await readableTable(db, actor, req.params.id);
        throw new ApiError(428, 'if_match_required', {
          zh: '保存时须在 If-Match 请求头中给出读取到的版本号',
          en: 'Saving requires the If-Match header with the version read',
        });
      }
      const r = await saveTable(ctx(req.ip), actor, req.params.id, expected, req.body);
      void reply.header('etag', `"${r.row.version}"`);
      return { table: summary(r.row), document: r.document as unknown as Record<string, unknown>, findings: findingsOut(r.findings) };
    },
  );

  app.get(
    '/api/tables/:id/findings',
    {
      schema: {
        tags: ['tables'],
        summary: '检查结果 / findings of the current version, and the department-level checks',
        params: idParams,
        response: { 200: findingsReply, ...errors(401, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { row, rev } = await readableTableAndRevision(db, actor, req.params.id);
      const findings = rev.findings as Finding[];
      const department = await departmentFindings(db, actor, row.deptId, row.year, row.stage);
      return { version: row.version, counts: countBySeverity(findings), findings: findingsOut(findings), department: findingsOut(department) };
    },
  );

  app.get(
    '/api/tables/:id/revisions',
    { schema: { tags: ['tables'], summary: '历史版本 / revision history', params: idParams, response: { 200: revisionsReply, ...errors(401, 404) } } },
    async (req) => {
      const actor = requireActor(req);
      const row = await readableTable(db, actor, req.params.id);
      const items = await listRevisions(db, row);
      return {
        items: items.map((r) => ({
          version: r.version,
          createdAt: r.createdAt.toISOString(),
          reason: r.reason,
          errorCount: r.errorCount,
          warningCount: r.warningCount,
          author: { id: r.authorId, login: r.authorLogin, name: r.authorName },
        })),
      };
    },
  );

  app.get(
    '/api/tables/:id/revisions/:version',
    {
      schema: {
        tags: ['tables'],
        summary: '某一版本 / one revision with its document and findings',
        params: idParams.extend({ version: z.coerce.number().int().min(1) }),
        response: { 200: revisionReply, ...errors(401, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await readableTable(db, actor, req.params.id);
      const rev = await getRevision(db, row, req.params.version);
      const author = (await listRevisions(db, row)).find((r) => r.version === rev.version);
      return {
        version: rev.version,
        createdAt: rev.createdAt.toISOString(),
        reason: rev.reason,
        errorCount: rev.errorCount,
        warningCount: rev.warningCount,
        author: { id: rev.authorId, login: author?.authorLogin ?? null, name: author?.authorName ?? null },
        document: rev.document as Record<string, unknown>,
        findings: findingsOut(rev.findings as Finding[]),
      };
    },
  );

  app.get(
    '/api/tables/:id/diff',
    {
      schema: {
        tags: ['tables'],
        summary: '两个版本的逐字段差异 / field-level diff between two revisions',
        description: 'Defaults: to = current version, from = to − 1.',
        params: idParams,
        querystring: diffQuery,
        response: { 200: diffReply, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await readableTable(db, actor, req.params.id);
      const to = req.query.to ?? row.version;
      const from = req.query.from ?? Math.max(1, to - 1);
      const [a, b] = await Promise.all([getRevision(db, row, from), getRevision(db, row, to)]);
      return { from, to, changes: diffTables(a.document as TargetTable, b.document as TargetTable) };
    },
  );

  app.get(
    '/api/tables/:id/events',
    {
      schema: {
        tags: ['workflow'],
        summary: '审核记录与意见 / workflow steps and review comments',
        params: idParams,
        response: { 200: eventsReply, ...errors(401, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await readableTable(db, actor, req.params.id);
      return { items: (await listEvents(db, row)).map(eventView) };
    },
  );

  const steps: Array<[WorkflowAction, string]> = [
    ['submit', '提交（草稿 → 已提交；有错误时拒绝） / submit (refused with the findings while errors remain)'],
    ['approve', '审核通过（已提交 → 主管部门已审 → 财政已审） / approve'],
    ['return', '退回（附意见，可针对字段） / return with comments, optionally on fields'],
    ['publish', '公开（财政已审 → 已公开） / publish'],
  ];
  for (const [action, title] of steps) {
    app.post(
      `/api/tables/:id/${action}`,
      {
        schema: {
          tags: ['workflow'],
          summary: title,
          params: idParams,
          body: actionBody,
          response: { 200: actionReply, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const actor = requireActor(req);
        const r = await transition(ctx(req.ip), actor, req.params.id, action, req.body ?? {});
        const ev = (await listEvents(db, r.row)).find((e) => e.id === r.event.id);
        if (!ev) throw new Error('event just written cannot be read');
        return { table: summary(r.row), event: eventView(ev) };
      },
    );
  }

  app.post(
    '/api/tables/:id/exported',
    {
      schema: {
        tags: ['tables'],
        summary: '记录浏览器端导出 / record an export made in the browser (e.g. .xlsx), for the audit log',
        params: idParams,
        body: z.object({ format: z.enum(['xlsx', 'docx', 'pdf', 'print', 'csv', 'json']), version: z.number().int().min(1).optional() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await readableTable(db, actor, req.params.id);
      await auditAs(db, actor, 'table.export', { type: 'table', id: row.id }, { version: req.body.version ?? row.version, format: req.body.format, where: 'browser' }, req.ip);
      return { ok: true as const };
    },
  );
  // GET /api/tables/:id/export (every format) lives with the other downloads in routes/exports.
};

export default plugin;
