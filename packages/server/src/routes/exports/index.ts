/**
 * Downloads: one table as an official document (.xlsx, .docx, PDF, print view), in the exchange
 * format or as the stored JSON; its findings report; a published table for the public; and
 * batch exports of a department or a region for a year, run as jobs whose progress the client
 * polls. Reading follows the same policies as GET /api/tables/:id; every download by a signed-in
 * user is audited (table.export).
 */
import { eq } from 'drizzle-orm';
import type { Finding, TargetTable } from '@jixiao/core';
import type { FastifyReply } from 'fastify';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { targetTables } from '../../db/schema.ts';
import { ApiError, badRequest, conflict, errorBody, notFound } from '../../errors.ts';
import { attachment, safeFileName, tableFileName } from '../../exports/formats.ts';
import { ExportJobs, type ExportJob } from '../../exports/jobs.ts';
import { rendering, renderBatch, renderFindingsReport, renderTable, type ExportItem, type RenderedFile } from '../../exports/render.ts';
import { selectForExport } from '../../exports/select.ts';
import { canReadExportJob } from '../../policies/exports.ts';
import { isPublic } from '../../policies/public.ts';
import { departmentFindings, readableTableAndRevision, selectWithCurrentRevision, STAGE_LABELS, UUID_RE, type TableRow } from '../../tables/service.ts';
import { errors, finding, findingsOut, idParams, summary, tableSummary } from '../common.ts';
import { batchBody, exportQuery, jobParams, jobView, publicExportQuery } from './schema.ts';
import { z } from 'zod';

const JOB = { zh: '导出任务', en: 'export job' };
const binary = z.any().meta({ description: 'The file (Content-Disposition names it)' });

function send(reply: FastifyReply, file: RenderedFile, fallback: string) {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', attachment(file.name, fallback))
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

const itemOf = (row: TableRow, document: unknown, findings: unknown): ExportItem => ({
  table: document as TargetTable,
  meta: { regionCode: row.regionCode, tableId: row.id, stage: row.stage, status: row.status },
  findings: findings as Finding[],
});


const jobOut = (j: ExportJob) => ({
  id: j.id,
  format: j.format,
  title: j.title,
  phase: j.phase,
  done: j.done,
  total: j.total,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
  file: j.file ? { name: j.file.name, bytes: j.file.bytes, url: `/api/exports/${j.id}/file` } : null,
  error: j.error ?? null,
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const pdf = services.pdf;
  const jobs = new ExportJobs(db);
  // Before the app's own onClose closes the shared PDF renderer (hooks run in order of registration, plugins' first).
  app.addHook('onClose', async () => jobs.idle());

  app.get(
    '/api/tables/:id/export',
    {
      schema: {
        tags: ['exports'],
        summary: '导出目标表 / download a table: official .xlsx/.docx/PDF, print view, exchange JSON/CSV, or the stored JSON',
        description: 'format=json (default) answers { table, document, findings }; every other format is a file download. Audited as table.export.',
        params: idParams,
        querystring: exportQuery,
        response: { 200: z.union([z.object({ table: tableSummary, document: z.record(z.string(), z.unknown()), findings: z.array(finding) }), binary]), ...errors(400, 401, 404), 503: errorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { row, rev } = await readableTableAndRevision(db, actor, req.params.id);
      const format = req.query.format;
      const fallback = `table-${row.id}-v${row.version}`;
      if (format === 'json') {
        await auditAs(db, actor, 'table.export', { type: 'table', id: row.id }, { version: row.version, format }, req.ip);
        void reply.header('content-disposition', attachment(`${tableFileName(rev.document as TargetTable)}.json`, `${fallback}.json`));
        return { table: summary(row), document: rev.document as Record<string, unknown>, findings: findingsOut(rev.findings as Finding[]) };
      }
      const file = await rendering(() => renderTable(itemOf(row, rev.document, rev.findings), format, pdf));
      await auditAs(db, actor, 'table.export', { type: 'table', id: row.id }, { version: row.version, format }, req.ip);
      return send(reply, file, `${fallback}.${file.name.split('.').pop()}`);
    },
  );

  app.get(
    '/api/tables/:id/findings-report',
    {
      schema: {
        tags: ['exports'],
        summary: '检查意见表 / findings report (.xlsx): the table with each finding beside its cell, and a sheet of all findings',
        description: 'The findings of the current version, and the department-level checks of its department, year and stage.',
        params: idParams,
        response: { 200: binary, ...errors(401, 404) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { row, rev } = await readableTableAndRevision(db, actor, req.params.id);
      const dept = await departmentFindings(db, actor, row.deptId, row.year, row.stage);
      const item = itemOf(row, rev.document, [...(rev.findings as Finding[]), ...dept]);
      const file = await renderFindingsReport([item], `${tableFileName(item.table)} 检查意见（第 ${row.version} 版）`);
      await auditAs(db, actor, 'table.export', { type: 'table', id: row.id }, { version: row.version, format: 'findings' }, req.ip);
      return send(reply, file, `findings-${row.id}-v${row.version}.xlsx`);
    },
  );

  app.get(
    '/api/public/tables/:id/export',
    {
      schema: {
        tags: ['public'],
        summary: '下载已公开的目标表（公开） / download a published table (public)',
        params: idParams,
        querystring: publicExportQuery,
        response: { 200: binary, ...errors(400, 404), 503: errorBody },
      },
    },
    async (req, reply) => {
      const r = UUID_RE.test(req.params.id) ? await selectWithCurrentRevision(services.database.read, eq(targetTables.id, req.params.id)) : undefined;
      if (!r || !isPublic(r.row)) throw notFound({ zh: '已公开的目标表', en: 'published table' });
      // The public gets the table as published, not the reviewers' findings.
      const file = await rendering(() => renderTable(itemOf(r.row, r.rev.document, []), req.query.format, pdf));
      void reply.header('cache-control', 'public, max-age=300');
      return reply
        .header('content-type', file.type)
        .header('content-disposition', attachment(file.name, `table-${r.row.id}.${file.name.split('.').pop()}`))
        .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    },
  );

  app.post(
    '/api/exports',
    {
      schema: {
        tags: ['exports'],
        summary: '批量导出 / start a batch export of a department’s or the region’s tables for a year',
        description:
          'Takes the tables of the year (and stage, status, kind, organisation) that you may read, as GET /api/tables would list them. Answers 202 with the job; poll GET /api/exports/:id, then download file.url.',
        body: batchBody,
        response: { 202: jobView, ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      const { items, scopeName } = await selectForExport(db, actor, b);
      if (items.length === 0) {
        throw badRequest('no_tables', { zh: '没有符合条件、您可以查看的目标表', en: 'No table you may read matches' });
      }
      const title = b.title?.trim() || [`${b.year}年`, scopeName, b.stage ? STAGE_LABELS[b.stage].zh : '', b.format === 'findings' ? '检查意见' : '绩效目标表'].filter(Boolean).join(' ');
      const job = await jobs.start({ regionCode: actor.regionCode, actorId: actor.id, format: b.format, title: safeFileName(title), total: items.length }, (progress) =>
        rendering(() => renderBatch(items, b.format, title, pdf, (done, _total, phase) => progress(done, phase))),
      );
      await auditAs(
        db,
        actor,
        'table.export',
        { type: 'batch', id: job.id },
        { format: b.format, year: b.year, stage: b.stage ?? null, org: b.org ?? null, tables: items.map((x) => x.meta.tableId) },
        req.ip,
      );
      void reply.header('location', `/api/exports/${job.id}`);
      return reply.code(202).send(jobOut(job));
    },
  );

  const ownJob = async (req: { params: { id: string } }, actor: Parameters<typeof canReadExportJob>[0]) => {
    const j = await jobs.get(req.params.id);
    if (!j || !canReadExportJob(actor, j)) throw notFound(JOB);
    return j;
  };

  app.get(
    '/api/exports/:id',
    { schema: { tags: ['exports'], summary: '批量导出进度 / progress of a batch export', params: jobParams, response: { 200: jobView, ...errors(401, 404) } } },
    async (req) => jobOut(await ownJob(req, requireActor(req))),
  );

  app.get(
    '/api/exports/:id/file',
    {
      schema: {
        tags: ['exports'],
        summary: '下载批量导出的文件 / download the file of a finished batch export',
        params: jobParams,
        response: { 200: binary, ...errors(401, 404, 409) },
      },
    },
    async (req, reply) => {
      const j = await ownJob(req, requireActor(req));
      if (j.phase === 'failed') throw conflict('export_failed', { zh: j.error!.zh, en: j.error!.en }, { code: j.error!.code });
      const file = j.file && (await jobs.file(j.id));
      if (!file) {
        throw conflict('export_not_ready', { zh: `导出尚未完成（${j.done}/${j.total}）`, en: `The export is not finished yet (${j.done}/${j.total})` }, { done: j.done, total: j.total });
      }
      return send(reply, file, `export-${j.id}.${file.name.split('.').pop()}`);
    },
  );
};

export default plugin;
