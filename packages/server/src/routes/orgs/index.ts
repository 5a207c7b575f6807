/** /api/orgs: the region's organisations; admins add departments and units; department checks. */
import { eq } from 'drizzle-orm';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { regions } from '../../db/schema.ts';
import { forbidden, notFound } from '../../errors.ts';
import { canAdminister, canReadAudit } from '../../policies/admin.ts';
import { inOrgScope } from '../../policies/tables.ts';
import { createOrg, listOrgs, type OrgRow } from '../../orgs/service.ts';
import { departmentFindings } from '../../tables/service.ts';
import { errors, findingsOut, idParams } from '../common.ts';
import { checksQuery, checksReply, createOrgBody, orgEventOut, orgOut, orgsReply, patchOrgBody } from './schema.ts';
import { z } from 'zod';
import { changeOrg, importOrgTree, ORG_COLUMNS, orgHistory, recordOrgEvent, setOrgActive } from '../../administration/org-tree.ts';
import { readList, readUpload } from '../../administration/list-import.ts';
import { ADMIN_ONLY } from '../../policies/administration.ts';
import { dryRunQuery, isDryRun, rowResult } from '../admin-schema.ts';

const view = (o: OrgRow) => ({ id: o.id, regionCode: o.regionCode, kind: o.kind, code: o.code, name: o.name, parentId: o.parentId, active: o.active });

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;

  app.get(
    '/api/orgs',
    { schema: { tags: ['orgs'], summary: '本地区单位 / organisations of your region', response: { 200: orgsReply, ...errors(401) } } },
    async (req) => {
      const actor = requireActor(req);
      const [region] = await db.select().from(regions).where(eq(regions.regionCode, actor.regionCode));
      const items = await listOrgs(db, actor.regionCode);
      return { region: { code: actor.regionCode, name: region?.name ?? '' }, items: items.map(view) };
    },
  );

  app.post(
    '/api/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '新增主管部门或预算单位（管理员） / add a department or unit (admin)',
        body: createOrgBody,
        response: { 201: orgOut, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden({ zh: '只有管理员可以新增单位', en: 'Only an administrator may add organisations' });
      const row = await db.transaction(async (tx) => {
        const o = await createOrg(tx, { regionCode: actor.regionCode, ...req.body });
        await recordOrgEvent(tx, actor, o, 'create', null);
        await auditAs(tx, actor, 'org.create', { type: 'org', id: o.id }, { kind: o.kind, code: o.code, name: o.name }, req.ip);
        return o;
      });
      return reply.code(201).send(view(row));
    },
  );

  app.patch(
    '/api/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '改名、改编码、调整所属主管部门、停用/启用（管理员） / rename, recode, move, deactivate or reactivate (admin)',
        description: 'Each change is kept in the organisation history (GET /api/orgs/history). Moving a unit moves its tables to the new department. Deactivation is refused (409 org_in_use) while the organisation has active accounts or units.',
        params: idParams,
        body: patchOrgBody,
        response: { 200: orgOut.extend({ tablesMoved: z.number().int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const { active, ...change } = req.body;
      const r = await db.transaction(async (tx) => {
        if (active === true) await setOrgActive(tx, actor, req.params.id, true);
        const c = await changeOrg(tx, actor, req.params.id, change);
        const org = active === false ? await setOrgActive(tx, actor, req.params.id, false) : c.org;
        const actions = [...c.actions, ...(active !== undefined ? [active ? 'reactivate' : 'deactivate'] : [])];
        await auditAs(tx, actor, 'org.update', { type: 'org', id: org.id }, { actions, ...req.body, tablesMoved: c.tablesMoved }, req.ip);
        return { org, tablesMoved: c.tablesMoved };
      });
      return { ...view(r.org), tablesMoved: r.tablesMoved };
    },
  );

  app.get(
    '/api/orgs/history',
    {
      schema: {
        tags: ['orgs'],
        summary: '单位变更记录（管理员、财政） / history of the organisation tree (admin, finance)',
        querystring: z.object({ org: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: { 200: z.object({ items: z.array(orgEventOut) }), ...errors(401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canReadAudit(actor, actor.regionCode)) throw forbidden({ zh: '只有管理员和财政审核人可以查看单位变更记录', en: 'Only administrators and finance reviewers may read the organisation history' });
      const rows = await orgHistory(db, actor.regionCode, req.query.org, req.query.limit);
      return {
        items: rows.map((r) => ({ id: r.e.id, orgId: r.e.orgId, orgCode: r.orgCode, orgName: r.orgName, action: r.e.action, before: r.e.before, after: r.e.after, batchId: r.e.batchId, actor: r.actorLogin, at: r.e.createdAt.toISOString() })),
      };
    },
  );

  app.post(
    '/api/orgs/import',
    {
      schema: {
        tags: ['orgs'],
        summary: '从名单导入单位树（管理员） / import the organisation tree from a list (admin)',
        description:
          'multipart/form-data, field file: .xlsx/.xls/.csv/.tsv/.html with columns 单位编码, 单位名称 and optionally 单位类型 (主管部门/预算单位), 上级编码, 状态. Matched by code: new codes are created, known ones renamed/moved/(de)activated. ?dryRun=1 previews. One result per row.',
        consumes: ['multipart/form-data'],
        querystring: dryRunQuery,
        response: {
          200: z.object({
            dryRun: z.boolean(),
            batchId: z.string().nullable(),
            summary: z.record(z.string(), z.number()),
            results: z.array(rowResult),
            notInFile: z.array(z.object({ code: z.string(), name: z.string() })),
          }),
          ...errors(400, 401, 403, 413),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
      const file = await readUpload(req);
      const { rows } = await readList(file.bytes, file.name, ORG_COLUMNS);
      const dryRun = isDryRun(req.query);
      const r = await importOrgTree(db, actor, rows, dryRun);
      if (!dryRun) await auditAs(db, actor, 'org.import', { type: 'org', id: r.batchId ?? '' }, { file: file.name, ...r.summary }, req.ip);
      return r;
    },
  );

  app.get(
    '/api/orgs/:id/checks',
    {
      schema: {
        tags: ['orgs'],
        summary: '部门层面检查 / department-level checks across its tables',
        params: idParams,
        querystring: checksQuery,
        response: { 200: checksReply, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const orgsList = await listOrgs(db, actor.regionCode);
      const org = orgsList.find((o) => o.id === req.params.id || o.code === req.params.id);
      if (!org || org.kind !== 'dept' || !inOrgScope(actor, { regionCode: actor.regionCode, orgId: org.id, deptId: org.id })) {
        throw notFound({ zh: '主管部门', en: 'department' });
      }
      const findings = await departmentFindings(db, actor, org.id, req.query.year, req.query.stage);
      return { deptId: org.id, year: req.query.year, stage: req.query.stage, findings: findingsOut(findings) };
    },
  );
};

export default plugin;
