/** /api/orgs: the region's organisations; admins add departments and units; department checks. */
import { eq } from 'drizzle-orm';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { regions } from '../../db/schema.ts';
import { forbidden, notFound } from '../../errors.ts';
import { canAdminister } from '../../policies/admin.ts';
import { inOrgScope } from '../../policies/tables.ts';
import { createOrg, listOrgs, type OrgRow } from '../../orgs/service.ts';
import { departmentFindings } from '../../tables/service.ts';
import { errors, findingsOut, idParams } from '../common.ts';
import { checksQuery, checksReply, createOrgBody, orgOut, orgsReply } from './schema.ts';

const view = (o: OrgRow) => ({ id: o.id, regionCode: o.regionCode, kind: o.kind, code: o.code, name: o.name, parentId: o.parentId });

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
        await auditAs(tx, actor, 'org.create', { type: 'org', id: o.id }, { kind: o.kind, code: o.code, name: o.name }, req.ip);
        return o;
      });
      return reply.code(201).send(view(row));
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
