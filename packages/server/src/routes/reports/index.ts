/**
 * /api/reports: monitoring reports and self-evaluations — start one in a round from an approved
 * target table, read, save (If-Match; targets read-only), history, workflow steps (the target
 * tables' submit / approve / return / publish), and the 自评表 as .xlsx in the official layout.
 */
import { officialHtml, writeOfficialDocx, writeOfficialXlsx } from '@jixiao/files';
import { rendering, withTableData } from '../../exports/render.ts';
import { monitoringLayout, officialLayout, selfEvalTableOf, toExchangeDocument, toExchangeFlatCsv, type MonitoringDocument, type Finding, type ReportDocument, type ReportEvaluation, type SelfEvaluationDocument } from '@jixiao/core';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { ApiError, badRequest, errorBody } from '../../errors.ts';
import { createReport, historyKey, listReports, readableReport, readReport, saveReport, transitionReport, type EvalContext, type ListedReport, type ReportRow } from '../../evaluation/reports.ts';
import type { WorkflowAction } from '../../policies/tables.ts';
import { getRevision, listEvents, listRevisions } from '../../tables/service.ts';
import { errors, findingsOut, idParams } from '../common.ts';
import { parseIfMatch } from '../tables/index.ts';
import { actionBody, eventsReply, revisionReply, revisionsReply } from '../tables/schema.ts';
import { createBody, exportQuery, listQuery, reportDocument, reportReply, reportSummary } from './schema.ts';

export function reportView(r: ReportRow & Partial<Pick<ListedReport, 'orgName' | 'roundTitle' | 'deadline' | 'lastAction'>>): z.infer<typeof reportSummary> {
  return {
    id: r.id,
    kind: r.kind,
    roundId: r.roundId,
    orgId: r.orgId,
    deptId: r.deptId,
    year: r.year,
    status: r.status,
    name: r.name,
    title: r.title,
    version: r.version,
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    basedOnId: r.basedOnId,
    basedOnVersion: r.basedOnVersion,
    light: (r.light as 'red' | null) ?? null,
    total: r.scoreCenti === null ? null : r.scoreCenti / 100,
    grade: (r.grade as '优' | null) ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    ...(r.orgName !== undefined ? { orgName: r.orgName } : {}),
    ...(r.roundTitle !== undefined ? { roundTitle: r.roundTitle } : {}),
    ...(r.deadline !== undefined ? { deadline: r.deadline.toISOString() } : {}),
    ...(r.lastAction !== undefined ? { lastAction: r.lastAction } : {}),
  };
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

const out = (r: { row: ReportRow; document: ReportDocument; evaluation: ReportEvaluation }) => ({
  report: reportView(r.row),
  document: r.document as unknown as Record<string, unknown>,
  evaluation: r.evaluation as unknown as Record<string, unknown>,
  findings: findingsOut(r.evaluation.findings),
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const ctx = (ip: string): EvalContext => ({ db, ip, ruleSet: services.ruleSet });

  app.get('/api/reports', { schema: { tags: ['evaluation'], summary: '监控与自评报告列表 / list the reports you may read', querystring: listQuery, response: { 200: z.object({ items: z.array(reportSummary) }), ...errors(400, 401) } } }, async (req) => {
    const actor = requireActor(req);
    return { items: (await listReports(db, actor, req.query)).map(reportView) };
  });

  app.post(
    '/api/reports',
    {
      schema: {
        tags: ['evaluation'],
        summary: '开始填报（从批复的目标表复制目标） / start a report in a round from an approved target table',
        description: 'The targets are copied from the approved revision and are read-only; the form opens pre-filled with the budget execution already known. 409 report_exists (details.id) when the table already has a report in the round.',
        body: createBody,
        response: { 201: reportReply, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await createReport(ctx(req.ip), actor, req.body);
      void reply.header('etag', `"${r.row.version}"`).header('location', `/api/reports/${r.row.id}`);
      return reply.code(201).send(out(r));
    },
  );

  app.get('/api/reports/:id', { schema: { tags: ['evaluation'], summary: '读取报告（当前版本） / read a report', params: idParams, response: { 200: reportReply, ...errors(401, 404) } } }, async (req, reply) => {
    const r = await readReport(ctx(req.ip), requireActor(req), req.params.id);
    void reply.header('etag', `"${r.row.version}"`);
    return out(r);
  });

  app.put(
    '/api/reports/:id',
    {
      schema: {
        tags: ['evaluation'],
        summary: '保存报告（新版本；目标只读） / save a report as a new revision (targets read-only)',
        description: 'If-Match with the version read (409 version_conflict when stale, 428 when missing). A changed target is refused with 422 targets_read_only and the findings naming it.',
        params: idParams,
        body: reportDocument,
        response: { 200: reportReply, ...errors(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const expected = parseIfMatch(req.headers['if-match'] as string | undefined);
      if (expected === undefined) {
        await readableReport(db, actor, req.params.id);
        throw new ApiError(428, 'if_match_required', { zh: '保存时须在 If-Match 请求头中给出读取到的版本号', en: 'Saving requires the If-Match header with the version read' });
      }
      const r = await saveReport(ctx(req.ip), actor, req.params.id, expected, req.body as unknown as ReportDocument);
      void reply.header('etag', `"${r.row.version}"`);
      return out(r);
    },
  );

  app.get('/api/reports/:id/revisions', { schema: { tags: ['evaluation'], summary: '报告历史版本 / revision history', params: idParams, response: { 200: revisionsReply, ...errors(401, 404) } } }, async (req) => {
    const row = await readableReport(db, requireActor(req), req.params.id);
    const items = await listRevisions(db, historyKey(row));
    return { items: items.map((r) => ({ version: r.version, createdAt: r.createdAt.toISOString(), reason: r.reason, errorCount: r.errorCount, warningCount: r.warningCount, author: { id: r.authorId, login: r.authorLogin, name: r.authorName } })) };
  });

  app.get(
    '/api/reports/:id/revisions/:version',
    { schema: { tags: ['evaluation'], summary: '报告的某一版本 / one revision', params: idParams.extend({ version: z.coerce.number().int().min(1) }), response: { 200: revisionReply, ...errors(401, 404) } } },
    async (req) => {
      const row = await readableReport(db, requireActor(req), req.params.id);
      const rev = await getRevision(db, historyKey(row), req.params.version);
      const author = (await listRevisions(db, historyKey(row))).find((r) => r.version === rev.version);
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

  app.get('/api/reports/:id/events', { schema: { tags: ['evaluation'], summary: '报告审核记录 / workflow steps and review comments', params: idParams, response: { 200: eventsReply, ...errors(401, 404) } } }, async (req) => {
    const row = await readableReport(db, requireActor(req), req.params.id);
    return { items: (await listEvents(db, historyKey(row))).map(eventView) };
  });

  const steps: Array<[WorkflowAction, string]> = [
    ['submit', '提交报告（有错误时拒绝） / submit (refused with the findings while errors remain)'],
    ['approve', '审核通过报告 / approve'],
    ['return', '退回报告（附意见） / return with comments'],
    ['publish', '公开报告 / publish'],
  ];
  for (const [action, title] of steps) {
    app.post(
      `/api/reports/:id/${action}`,
      {
        schema: {
          tags: ['evaluation'],
          summary: title,
          params: idParams,
          body: actionBody,
          response: { 200: z.object({ report: reportSummary, event: eventsReply.shape.items.element }), ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const r = await transitionReport(ctx(req.ip), requireActor(req), req.params.id, action, req.body ?? {});
        const ev = (await listEvents(db, historyKey(r.row))).find((e) => e.id === r.event.id);
        if (!ev) throw new Error('event just written cannot be read');
        return { report: reportView(r.row), event: eventView(ev) };
      },
    );
  }

  app.get(
    '/api/reports/:id/export',
    {
      schema: {
        tags: ['evaluation'],
        summary: '导出自评表或监控表（官方格式 .xlsx / .docx / PDF） / the 自评表 or the 绩效运行监控表 as .xlsx, .docx or PDF (the 自评表 also as json and in the exchange format)',
        description: 'A self-evaluation’s file reads back through POST /api/import to the same 自评表; a monitoring report prints as the 绩效运行监控表. Audited as report.export.',
        params: idParams,
        querystring: exportQuery,
        response: { 200: z.union([z.object({ table: z.record(z.string(), z.unknown()) }), z.any().meta({ description: 'the .xlsx file' })]), ...errors(400, 401, 404), 503: errorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await readReport(ctx(req.ip), actor, req.params.id);
      await auditAs(db, actor, 'report.export', { type: 'report', id: r.row.id }, { version: r.row.version, format: req.query.format }, req.ip);
      const self = r.document.kind === 'self-evaluation' && r.evaluation.selfEvaluation ? selfEvalTableOf(r.document as SelfEvaluationDocument, r.evaluation.selfEvaluation) : null;
      const format = req.query.format;
      if (!self && (format === 'json' || format === 'exchange' || format === 'csv')) {
        throw badRequest('not_self_evaluation', { zh: 'JSON 与交换格式导出只适用于绩效自评表；监控表请导出 .xlsx 或 .docx', en: 'JSON and exchange-format exports are for self-evaluations; export a monitoring report as .xlsx or .docx' });
      }
      if (format === 'json') return reply.send({ table: self as unknown as Record<string, unknown> });
      const name = `${r.document.title}-${r.row.name || r.document.title}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);
      if (self && (format === 'exchange' || format === 'csv')) {
        // The exchange format reads back through POST /api/import (docs/exchange.md); the report's id and status ride along.
        const one = [{ table: self, meta: { regionCode: r.row.regionCode, tableId: r.row.id, status: r.row.status } }];
        const csv = format === 'csv';
        const ext = csv ? 'csv' : 'exchange.json';
        return reply
          .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="self-evaluation.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}.${ext}`)
          .send(Buffer.from(csv ? toExchangeFlatCsv(one) : JSON.stringify(toExchangeDocument(one), null, 1)));
      }
      // The official renderers (packages/files/src/official) print amounts and styles as every other official document.
      const layout = self ? officialLayout(self) : monitoringLayout(r.document as MonitoringDocument, r.evaluation.monitoring!);
      if (format === 'pdf') {
        // The print view in headless Chromium; a 自评表 carries its table (read back by POST /api/import / readTableFile).
        const printed = await rendering(() => services.pdf.render(officialHtml([layout], { title: r.document.title })));
        const bytes = self ? withTableData(printed, [{ table: self, meta: { regionCode: r.row.regionCode, tableId: r.row.id, status: r.row.status } }]) : printed;
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="report.pdf"; filename*=UTF-8''${encodeURIComponent(name)}.pdf`)
          .send(Buffer.from(bytes));
      }
      const docx = format === 'docx';
      const bytes = docx ? writeOfficialDocx([layout], { title: r.document.title }) : await writeOfficialXlsx([layout], { title: r.document.title });
      return reply
        .header('content-type', docx ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="self-evaluation.${docx ? 'docx' : 'xlsx'}"; filename*=UTF-8''${encodeURIComponent(name)}.${docx ? 'docx' : 'xlsx'}`)
        .send(Buffer.from(bytes));
    },
  );
};

export default plugin;
