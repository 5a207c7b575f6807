/**
 * /api/rounds — monitoring and self-evaluation rounds opened by the finance bureau — and
 * /api/evaluation — what each unit owes (due soon, overdue, reminders, reports to review) and the
 * department and region roll-ups of lights and grades.
 */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { requireActor } from '../../auth/session.ts';
import { badRequest } from '../../errors.ts';
import { obligations, reminders } from '../../evaluation/obligations.ts';
import { listReports } from '../../evaluation/reports.ts';
import { evaluationRollup } from '../../evaluation/rollup.ts';
import { createRound, listRounds, readRound, updateRound, type RoundRow } from '../../evaluation/rounds.ts';
import { errors, idParams } from '../common.ts';
import { owedReply, rollupQuery, rollupReply, roundCreate, roundOut, roundPatch, roundsQuery } from './schema.ts';

export const roundView = (r: RoundRow): z.infer<typeof roundOut> => ({
  id: r.id,
  kind: r.kind,
  year: r.year,
  title: r.title,
  month: r.month,
  deadline: r.deadline.toISOString(),
  status: r.status,
  createdAt: r.createdAt.toISOString(),
});

/** A deadline as sent: a date means the end of that day in China (UTC+8), which is when people expect it to close. */
export function parseDeadline(text: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? new Date(`${text.trim()}T23:59:59+08:00`) : new Date(text);
  if (Number.isNaN(d.getTime())) throw badRequest('bad_deadline', { zh: `截止日期“${text}”无效，应为 2026-08-10 这样的日期`, en: `The deadline "${text}" is not a date such as 2026-08-10` });
  return d;
}

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;

  app.get('/api/rounds', { schema: { tags: ['evaluation'], summary: '监控/自评批次 / monitoring and self-evaluation rounds', querystring: roundsQuery, response: { 200: z.object({ items: z.array(roundOut) }), ...errors(400, 401) } } }, async (req) => {
    const actor = requireActor(req);
    return { items: (await listRounds(db, actor, req.query)).map(roundView) };
  });

  app.post(
    '/api/rounds',
    { schema: { tags: ['evaluation'], summary: '开启批次（财政局） / open a round (finance bureau)', body: roundCreate, response: { 201: roundOut, ...errors(400, 401, 403) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await createRound(db, actor, { ...req.body, deadline: parseDeadline(req.body.deadline) }, req.ip);
      return reply.code(201).send(roundView(r));
    },
  );

  app.get('/api/rounds/:id', { schema: { tags: ['evaluation'], summary: '一个批次 / one round', params: idParams, response: { 200: roundOut, ...errors(401, 404) } } }, async (req) => {
    return roundView(await readRound(db, requireActor(req), req.params.id));
  });

  app.patch(
    '/api/rounds/:id',
    { schema: { tags: ['evaluation'], summary: '关闭、重开或延期（财政局） / close, reopen or move the deadline (finance bureau)', params: idParams, body: roundPatch, response: { 200: roundOut, ...errors(400, 401, 403, 404) } } },
    async (req) => {
      const actor = requireActor(req);
      const r = await updateRound(db, actor, req.params.id, { status: req.body.status, title: req.body.title, deadline: req.body.deadline ? parseDeadline(req.body.deadline) : undefined }, req.ip);
      return roundView(r);
    },
  );

  app.get(
    '/api/evaluation/owed',
    {
      schema: {
        tags: ['evaluation'],
        summary: '待填报与待审核 / what is owed: reports due soon or overdue, reminders, reports to review',
        querystring: z.object({ roundId: z.string().max(100).optional(), year: z.coerce.number().int().optional() }),
        response: { 200: owedReply, ...errors(401) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const items = await obligations(db, actor, { roundId: req.query.roundId, year: req.query.year });
      const mine = await listReports(db, actor, { year: req.query.year, roundId: req.query.roundId });
      const returned = new Set(mine.filter((r) => r.status === 'draft' && r.lastAction === 'return').map((r) => r.id));
      const waiting = actor.role === 'dept_reviewer' ? 'submitted' : actor.role === 'finance_reviewer' ? 'dept_approved' : null;
      const lastAction = new Map(mine.map((r) => [r.id, r.lastAction]));
      return {
        items: items.map((o) => ({
          round: roundView(o.round),
          table: { id: o.table.id, kind: o.table.kind, name: o.table.name, title: o.table.title, stage: o.table.stage, version: o.table.version, orgId: o.table.orgId, orgName: o.table.orgName, deptId: o.table.deptId, deptName: o.table.deptName },
          report: o.report
            ? { id: o.report.id, status: o.report.status, version: o.report.version, errorCount: o.report.errorCount, light: o.report.light as 'red' | null, total: o.report.scoreCenti === null ? null : o.report.scoreCenti / 100, grade: o.report.grade as '优' | null, lastAction: lastAction.get(o.report.id) ?? null }
            : null,
          due: o.due,
          daysLeft: o.daysLeft,
        })),
        reminders: reminders(items, returned),
        toReview: waiting
          ? mine
              .filter((r) => r.status === waiting)
              .map((r) => ({ id: r.id, kind: r.kind, name: r.name, title: r.title, orgName: r.orgName, roundTitle: r.roundTitle, status: r.status, light: r.light as 'red' | null, total: r.scoreCenti === null ? null : r.scoreCenti / 100, grade: r.grade as '优' | null }))
          : [],
      };
    },
  );

  app.get(
    '/api/evaluation/rollup',
    {
      schema: {
        tags: ['evaluation'],
        summary: '按部门、全区汇总的预警灯与自评等级 / lights and grades rolled up per department and for the region',
        querystring: rollupQuery,
        response: { 200: rollupReply, ...errors(400, 401) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rounds = await evaluationRollup(db, actor, req.query);
      return { rounds: rounds.map((r) => ({ ...r, round: { ...r.round, deadline: r.round.deadline.toISOString() } })) };
    },
  );
};

export default plugin;
