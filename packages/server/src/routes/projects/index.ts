/**
 * /api/projects and /api/project-types: the project library (项目库) and the bureau's 项目类型
 * dictionary. Reading follows the organisation scope (a unit its own projects, a department its
 * units', the bureau all); writing is the administrator's. Which projects need their own table is
 * the year's rule set's decision (core projectNeedsTable).
 */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { badRequest, forbidden } from '../../errors.ts';
import { readList, readUpload } from '../../administration/list-import.ts';
import { createProject, generateTables, importProjects, listProjects, listTypes, PROJECT_COLUMNS, updateProject, upsertType, type ProjectRow } from '../../administration/projects.ts';
import { ADMIN_ONLY, canAdminister } from '../../policies/administration.ts';
import { bilingual, errors, idParams, stage } from '../common.ts';
import { dryRunQuery, isDryRun, locked, rowResult } from '../admin-schema.ts';

const year = z.coerce.number().int().min(1990).max(2200);
const typeOut = z.object({ code: z.string(), name: z.string(), active: z.boolean() }).meta({ id: 'ProjectType' });
const projectOut = z
  .object({
    id: z.string(),
    year: z.number().int(),
    orgId: z.string(),
    orgCode: z.string().optional(),
    orgName: z.string().optional(),
    code: z.string(),
    name: z.string(),
    typeCode: z.string(),
    typeName: z.string(),
    level: z.number().int().nullable(),
    parentCode: z.string().nullable(),
    startYear: z.number().int().nullable(),
    endYear: z.number().int().nullable(),
    totalAmountFen: z.number().int().nullable(),
    currentAmountFen: z.number().int().nullable(),
    source: z.enum(['manual', 'import']),
    removed: z.boolean(),
    needsTable: z.boolean().nullable().optional(),
    reason: bilingual.optional(),
    raw: z.record(z.string(), z.string()),
  })
  .meta({ id: 'Project', description: 'A project of the library; amounts in 分; raw keeps the fields as imported.' });
const projectIn = z.object({
  orgId: z.string().max(100),
  code: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(300),
  typeCode: z.string().trim().max(30),
  typeName: z.string().trim().max(100).optional(),
  level: z.union([z.literal(1), z.literal(2)]).nullable(),
  parentCode: z.string().max(60).nullable().optional(),
  startYear: z.number().int().min(1990).max(2200).nullable().optional(),
  endYear: z.number().int().min(1990).max(2200).nullable().optional(),
  totalAmountFen: z.number().int().min(0).nullable().optional(),
  currentAmountFen: z.number().int().min(0).nullable().optional(),
});

const view = (p: ProjectRow, extra: Record<string, unknown> = {}) => ({
  id: p.id,
  year: p.year,
  orgId: p.orgId,
  code: p.code,
  name: p.name,
  typeCode: p.typeCode,
  typeName: p.typeName,
  level: p.level,
  parentCode: p.parentCode,
  startYear: p.startYear,
  endYear: p.endYear,
  totalAmountFen: p.totalAmountFen,
  currentAmountFen: p.currentAmountFen,
  source: p.source,
  removed: p.removed,
  raw: p.raw as Record<string, string>,
  ...extra,
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const ctx = (ip: string) => ({ db, ip, ...(services.ruleSet ? { ruleSet: services.ruleSet } : {}) });

  app.get(
    '/api/project-types',
    { schema: { tags: ['projects'], summary: '项目类型字典 / the 项目类型 dictionary', response: { 200: z.object({ items: z.array(typeOut) }), ...errors(401) } } },
    async (req) => {
      const actor = requireActor(req);
      return { items: (await listTypes(db, actor.regionCode)).map((t) => ({ code: t.code, name: t.name, active: t.active })) };
    },
  );

  app.put(
    '/api/project-types/:code',
    {
      schema: {
        tags: ['projects'],
        summary: '新增或修改项目类型（管理员） / add or change a 项目类型 (admin)',
        params: z.object({ code: z.string().trim().min(1).max(30).regex(/^[0-9A-Za-z_.-]+$/) }),
        body: z.object({ name: z.string().trim().min(1).max(100), active: z.boolean().optional() }),
        response: { 200: typeOut, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const t = await db.transaction(async (tx) => {
        const row = await upsertType(tx, actor.regionCode, req.params.code, req.body.name, req.body.active ?? true);
        await auditAs(tx, actor, 'project_type.update', { type: 'project_type', id: row.code }, { name: row.name, active: row.active }, req.ip);
        return row;
      });
      return { code: t.code, name: t.name, active: t.active };
    },
  );

  app.get(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: '项目库：某年度的项目（按权限范围） / the project library of a year, within your scope',
        description: 'Each project carries needsTable and the reason, from the year’s rule set (projectTables).',
        querystring: z.object({ year }),
        response: { 200: z.object({ items: z.array(projectOut) }), ...errors(400, 401) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await listProjects(db, actor, req.query.year, services.ruleSet);
      return { items: rows.map((r) => view(r.project, { orgCode: r.org.code, orgName: r.org.name, needsTable: r.decision.needed, reason: r.decision.reason })) };
    },
  );

  app.post(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: '新增项目（管理员） / add a project (admin)',
        querystring: z.object({ year }),
        body: projectIn,
        response: { 201: projectOut, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const row = await db.transaction(async (tx) => {
        const { row } = await createProject(tx, actor, req.query.year, req.body);
        await auditAs(tx, actor, 'project.create', { type: 'project', id: row.id }, { year: row.year, code: row.code, name: row.name }, req.ip);
        return row;
      });
      return reply.code(201).send(view(row));
    },
  );

  app.patch(
    '/api/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: '修改或移出项目（管理员） / change or remove a project (admin)',
        params: idParams,
        body: projectIn.partial().extend({ removed: z.boolean().optional() }),
        response: { 200: projectOut, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const row = await db.transaction(async (tx) => {
        const r = await updateProject(tx, actor, req.params.id, req.body);
        await auditAs(tx, actor, 'project.update', { type: 'project', id: r.id }, { ...req.body }, req.ip);
        return r;
      });
      return view(row);
    },
  );

  app.post(
    '/api/projects/import',
    {
      schema: {
        tags: ['projects'],
        summary: '从预算系统导出文件导入项目库（管理员） / import the budget system’s project export (admin)',
        description:
          'multipart/form-data, field file (.xlsx/.xls/.csv/.tsv/.html), form field or query year. Columns: 项目编码, 项目名称, 单位编码 (or 用款单位 “144001-名称”), 项目类型 (“331-部门预算部门职能类” or code + 项目类型名称), 项目等级, 实施期限 (or 起始/到期年度), 总金额, 当年度金额 (万元 unless the header says 元). ?dryRun=1 previews. One result per row, with needsTable.',
        consumes: ['multipart/form-data'],
        querystring: dryRunQuery.extend({ year: year.optional() }),
        response: { 200: z.object({ dryRun: z.boolean(), year: z.number().int(), summary: z.record(z.string(), z.number()), results: z.array(rowResult) }), ...errors(400, 401, 403, 413) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const file = await readUpload(req);
      const y = year.safeParse(req.query.year ?? file.fields.year);
      if (!y.success) throw badRequest('year_required', { zh: '请给出预算年度（year）', en: 'Give the budget year (year)' });
      const { rows } = await readList(file.bytes, file.name, PROJECT_COLUMNS);
      const dryRun = isDryRun(req.query);
      const r = await importProjects(db, actor, y.data, rows, dryRun, services.ruleSet);
      if (!dryRun) await auditAs(db, actor, 'project.import', { type: 'project', id: String(y.data) }, { file: file.name, ...r.summary }, req.ip);
      return r;
    },
  );

  app.post(
    '/api/projects/generate',
    {
      schema: {
        tags: ['projects'],
        summary: '为须单独编报的项目生成预填的目标表（管理员） / create the missing tables of the projects that need one, pre-filled (admin)',
        description:
          'For each project the year’s rule set says needs a table and that has none in the stage: a draft owned by its unit, the header filled from the library (from the earlier stage’s table where there is one); for each active 主管部门 without its 部门整体 table in the stage: a blank one owned by the department. The stage must be open (423 otherwise). One result per table; deptsWithoutFiler lists the departments with no filer of their own (nobody could file their 部门整体 table).',
        body: z.object({ year: z.number().int().min(1990).max(2200), stage, orgId: z.string().max(100).optional() }),
        response: { 200: z.object({ year: z.number().int(), stage, created: z.number().int(), failed: z.number().int(), results: z.array(rowResult), deptsWithoutFiler: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) }), ...errors(400, 401, 403), ...locked },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const r = await generateTables(ctx(req.ip), actor, req.body.year, req.body.stage, req.body.orgId);
      await auditAs(db, actor, 'project.generate', { type: 'budget_stage', id: `${r.year}/${r.stage}` }, { created: r.created, failed: r.failed }, req.ip);
      return r;
    },
  );
};

export default plugin;
