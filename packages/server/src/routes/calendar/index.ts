/**
 * /api/calendar: the budget calendar (预算日历) — managed years with their rule set, stages 一上 /
 * 二上 / 调整 with opening and deadline, closing (freezes the stage), what each organisation owes
 * in a stage and what is overdue per department. Semantics: administration/calendar.ts.
 */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { forbidden } from '../../errors.ts';
import { closeStage, gateRefusal, getYear, keepsCalendar, listYears, stageView, upsertStage, upsertYear } from '../../administration/calendar.ts';
import { STAGES } from '@jixiao/core';
import { overdueByDept, owedTables, type OwedItem } from '../../administration/projects.ts';
import { ADMIN_ONLY, canAdminister } from '../../policies/administration.ts';
import { errors, stage } from '../common.ts';
import { bilingual } from '../common.ts';

const yearParam = z.object({ year: z.coerce.number().int().min(1990).max(2200) });
const stageParams = yearParam.extend({ stage });
const stageOut = z.object({ stage, opensAt: z.string(), deadline: z.string(), closedAt: z.string().nullable(), state: z.enum(['unmanaged', 'not_set', 'scheduled', 'open', 'overdue', 'closed']) }).meta({ id: 'BudgetStage' });
const yearOut = z.object({ year: z.number().int(), ruleSet: z.string(), stages: z.array(stageOut) }).meta({ id: 'BudgetYear' });
const orgLabel = z.object({ id: z.string(), code: z.string(), name: z.string() });
const owedOut = z
  .object({
    kind: z.enum(['project', 'dept-overall']),
    org: orgLabel,
    dept: orgLabel,
    project: z.object({ id: z.string(), code: z.string(), name: z.string(), typeCode: z.string(), typeName: z.string(), level: z.number().int().nullable(), currentAmountFen: z.number().int().nullable() }).nullable(),
    needed: z.boolean().nullable(),
    reason: bilingual,
    table: z.object({ id: z.string().nullable().meta({ description: 'null when you may not read the table (a draft, for the finance bureau)' }), status: z.string(), version: z.number().int(), errorCount: z.number().int() }).nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'OwedTable' });

export const owedView = (it: OwedItem) => ({
  ...it,
  project: it.project ? { id: it.project.id, code: it.project.code, name: it.project.name, typeCode: it.project.typeCode, typeName: it.project.typeName, level: it.project.level, currentAmountFen: it.project.currentAmountFen } : null,
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const view = (y: { year: { year: number; ruleSet: string } | undefined; stages: Parameters<typeof stageView>[0][] }, year: number) =>
    y.year ? { year, ruleSet: y.year.ruleSet, stages: y.stages.map((s) => stageView(s)) } : { year, ruleSet: services.ruleSet ?? 'guangdong-2026', stages: [] };

  app.get(
    '/api/calendar',
    { schema: { tags: ['calendar'], summary: '预算日历：各年度及其阶段 / the budget calendar: managed years and their stages', response: { 200: z.object({ items: z.array(yearOut) }), ...errors(401) } } },
    async (req) => {
      const actor = requireActor(req);
      const ys = await listYears(db, actor.regionCode);
      return { items: ys.map((y) => view(y, y.year.year)) };
    },
  );

  app.get(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '某年度的规则集和阶段 / a year’s rule set and stages',
        description:
          'A year without a calendar: managed=false and the server’s default rule set; in a region that keeps a calendar (set up by the setup page or jixiao init, or managing any year) it is closed to filing. filing says, per stage, whether filing (create, save, submit) is allowed now, and if not the code and message the server would answer (423) — so a page can say so before anyone clicks.',
        params: yearParam,
        response: {
          200: yearOut.extend({
            managed: z.boolean(),
            filing: z.array(z.object({ stage, open: z.boolean(), code: z.string().nullable(), message: bilingual.nullable() })),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const y = await getYear(db, actor.regionCode, req.params.year);
      const kept = await keepsCalendar(db, actor.regionCode);
      const filing = STAGES.map((st) => {
        const r = gateRefusal({ year: req.params.year, stage: st, step: 'file', kept, managed: y.year !== undefined, s: y.stages.find((x) => x.stage === st) });
        return { stage: st, open: r === null, code: r?.code ?? null, message: r?.bilingual ?? null };
      });
      return { ...view(y, req.params.year), managed: y.year !== undefined, filing };
    },
  );

  app.put(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '设立预算年度、选择规则集（管理员） / manage a budget year and choose its rule set (admin)',
        params: yearParam,
        body: z.object({ ruleSet: z.string().min(1).max(100) }),
        response: { 200: yearOut.extend({ managed: z.boolean() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      await db.transaction(async (tx) => {
        const row = await upsertYear(tx, actor.regionCode, req.params.year, req.body.ruleSet, actor.id);
        await auditAs(tx, actor, 'calendar.year', { type: 'budget_year', id: String(row.year) }, { ruleSet: row.ruleSet }, req.ip);
      });
      const y = await getYear(db, actor.regionCode, req.params.year);
      return { ...view(y, req.params.year), managed: true };
    },
  );

  app.put(
    '/api/calendar/:year/stages/:stage',
    {
      schema: {
        tags: ['calendar'],
        summary: '开放阶段：开始时间与截止时间（管理员） / open a stage: opening and deadline (admin)',
        description: 'Sets (or moves) the opening and the deadline; reopen=true reopens a closed stage. The year must be managed (PUT /api/calendar/:year).',
        params: stageParams,
        body: z.object({ opensAt: z.coerce.date(), deadline: z.coerce.date(), reopen: z.boolean().optional() }),
        response: { 200: stageOut, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const row = await db.transaction(async (tx) => {
        const s = await upsertStage(tx, actor.regionCode, req.params.year, req.params.stage, req.body, actor.id);
        await auditAs(tx, actor, 'calendar.stage', { type: 'budget_stage', id: `${s.year}/${s.stage}` }, { opensAt: s.opensAt.toISOString(), deadline: s.deadline.toISOString(), reopen: req.body.reopen ?? false }, req.ip);
        return s;
      });
      return stageView(row);
    },
  );

  app.post(
    '/api/calendar/:year/stages/:stage/close',
    {
      schema: {
        tags: ['calendar'],
        summary: '关闭阶段，冻结其目标表（管理员） / close a stage and freeze its tables (admin)',
        description: 'After closing, saving, submitting, approving and returning the stage’s tables answer 423 stage_closed; publishing stays possible.',
        params: stageParams,
        response: { 200: stageOut, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const row = await db.transaction(async (tx) => {
        const s = await closeStage(tx, actor.regionCode, req.params.year, req.params.stage, actor.id);
        await auditAs(tx, actor, 'calendar.close', { type: 'budget_stage', id: `${s.year}/${s.stage}` }, { closedAt: s.closedAt?.toISOString() ?? null }, req.ip);
        return s;
      });
      return stageView(row);
    },
  );

  app.get(
    '/api/calendar/:year/stages/:stage/owed',
    {
      schema: {
        tags: ['calendar'],
        summary: '应报目标表：每个须单独编报的项目和部门整体表及其状态（按各自权限范围） / the tables owed in a stage, within your scope',
        description:
          'Each project the year’s rule set says needs its own table (and projects it cannot decide: needed=null), and each active department’s 部门整体 table, with the table that answers it if any. A filer sees their unit, a department its units, the bureau the region. all=1 also lists the projects that need no table.',
        params: stageParams,
        querystring: z.object({ all: z.enum(['0', '1']).optional() }),
        response: { 200: z.object({ year: z.number().int(), stage, ruleSet: z.string(), deadline: z.string().nullable(), state: z.string(), items: z.array(owedOut) }), ...errors(400, 401) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await owedTables(db, actor, req.params.year, req.params.stage, services.ruleSet, { includeNotNeeded: req.query.all === '1' });
      return { ...r, items: r.items.map(owedView) };
    },
  );

  app.get(
    '/api/calendar/:year/stages/:stage/overdue',
    {
      schema: {
        tags: ['calendar'],
        summary: '逾期未报，按主管部门 / overdue tables per department',
        description: 'After the deadline: owed tables that are missing or still drafts, grouped by 主管部门 (within your scope).',
        params: stageParams,
        response: {
          200: z.object({ year: z.number().int(), stage, deadline: z.string().nullable(), departments: z.array(z.object({ dept: orgLabel, missing: z.number().int(), drafts: z.number().int(), items: z.array(owedOut) })) }),
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await owedTables(db, actor, req.params.year, req.params.stage, services.ruleSet);
      return { year: r.year, stage: r.stage, deadline: r.deadline, departments: overdueByDept(r.items).map((g) => ({ ...g, items: g.items.map(owedView) })) };
    },
  );
};

export default plugin;
