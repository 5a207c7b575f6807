/**
 * /api/rule-sets: the rule sets a year may use — the built-in ones and the region's own copies —
 * with every rule and its description; copying, changing thresholds and severities in a copy
 * (versioned, with who changed what), and a preview of which tables would change status.
 */
import { builtInRuleSets, type RuleSetDefinition } from '@jixiao/core';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { auditAs } from '../../audit/audit.ts';
import { requireActor } from '../../auth/session.ts';
import { budgetYears, ruleSetVersions, users } from '../../db/schema.ts';
import { forbidden } from '../../errors.ts';
import { applyChanges, copyRuleSet, describeRules, isBuiltIn, loadRuleSet, previewImpact, resolve, saveRuleSetVersion } from '../../administration/rule-sets.ts';
import { ADMIN_ONLY, canAdminister, seesWholeRegion } from '../../policies/administration.ts';
import { bilingual, errors } from '../common.ts';

const nameParam = z.object({ name: z.string().min(1).max(100) });
const change = z.object({
  rule: z.string().max(100),
  enabled: z.boolean().optional(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())])).optional(),
});
const ruleOut = z.object({
  code: z.string(),
  kinds: z.array(z.string()),
  enabled: z.boolean(),
  severity: z.string(),
  params: z.record(z.string(), z.unknown()),
  defaultSeverity: z.string(),
  defaultParams: z.record(z.string(), z.unknown()),
  description: bilingual.meta({ description: 'with this rule set’s thresholds' }),
  title: bilingual.meta({ description: 'the rule’s name people read (规则名称)' }),
  paramNames: z.record(z.string(), bilingual).meta({ description: 'each threshold’s name (最少指标数 for min)' }),
});
const summaryOut = z.object({ name: z.string(), title: bilingual, builtIn: z.boolean(), extends: z.string().nullable(), version: z.number().int().nullable(), years: z.array(z.number().int()) }).meta({ id: 'RuleSetSummary' });
const impactOut = z.object({
  year: z.number().int(),
  tables: z.number().int(),
  statusChanges: z.number().int(),
  items: z.array(
    z.object({
      tableId: z.string(),
      title: z.string(),
      name: z.string(),
      orgName: z.string(),
      stage: z.string(),
      status: z.string(),
      before: z.object({ errors: z.number().int(), warnings: z.number().int(), passes: z.boolean() }),
      after: z.object({ errors: z.number().int(), warnings: z.number().int(), passes: z.boolean() }),
      changesStatus: z.boolean(),
    }),
  ),
});

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;
  const manage = (actor: ReturnType<typeof requireActor>) => {
    if (!canAdminister(actor, actor.regionCode)) throw forbidden(ADMIN_ONLY);
  };

  app.get(
    '/api/rule-sets',
    { schema: { tags: ['rule sets'], summary: '可用的规则集（内置与本地副本） / rule sets: built-in and the region’s copies', response: { 200: z.object({ items: z.array(summaryOut) }), ...errors(401) } } },
    async (req) => {
      const actor = requireActor(req);
      const years = await db.select().from(budgetYears).where(eq(budgetYears.regionCode, actor.regionCode));
      const usedBy = (name: string) => years.filter((y) => y.ruleSet === name).map((y) => y.year);
      const own = await db.select().from(ruleSetVersions).where(eq(ruleSetVersions.regionCode, actor.regionCode)).orderBy(asc(ruleSetVersions.name), asc(ruleSetVersions.version));
      const latest = new Map<string, (typeof own)[number]>();
      for (const r of own) latest.set(r.name, r);
      return {
        items: [
          ...builtInRuleSets().map((d) => ({ name: d.name, title: d.title, builtIn: true, extends: d.extends ?? null, version: null, years: usedBy(d.name) })),
          ...[...latest.values()].map((r) => {
            const d = r.definition as RuleSetDefinition;
            return { name: r.name, title: d.title, builtIn: false, extends: d.extends ?? null, version: r.version, years: usedBy(r.name) };
          }),
        ],
      };
    },
  );

  app.get(
    '/api/rule-sets/:name',
    {
      schema: {
        tags: ['rule sets'],
        summary: '规则集的每条规则及说明、版本记录 / every rule of a rule set with its description, and its versions',
        params: nameParam,
        response: {
          200: z.object({
            name: z.string(),
            title: bilingual,
            description: bilingual.nullable(),
            builtIn: z.boolean(),
            chain: z.array(z.string()),
            version: z.number().int().nullable(),
            projectTables: z.unknown(),
            rules: z.array(ruleOut),
            versions: z.array(z.object({ version: z.number().int(), changes: z.unknown(), comment: z.string(), by: z.string().nullable(), at: z.string() })),
          }),
          ...errors(401, 404),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const ref = await loadRuleSet(db, actor.regionCode, req.params.name);
      const rs = resolve(ref);
      const versions = isBuiltIn(req.params.name)
        ? []
        : await db
            .select({ v: ruleSetVersions, by: users.login })
            .from(ruleSetVersions)
            .leftJoin(users, and(eq(users.regionCode, ruleSetVersions.regionCode), eq(users.id, ruleSetVersions.createdBy)))
            .where(and(eq(ruleSetVersions.regionCode, actor.regionCode), eq(ruleSetVersions.name, req.params.name)))
            .orderBy(asc(ruleSetVersions.version));
      return {
        name: rs.name,
        title: rs.title,
        description: rs.description ?? null,
        builtIn: isBuiltIn(req.params.name),
        chain: rs.chain,
        version: versions.at(-1)?.v.version ?? null,
        projectTables: rs.projectTables ?? null,
        rules: describeRules(rs).map((r) => ({ ...r, kinds: [...r.kinds] })),
        versions: versions.map((x) => ({ version: x.v.version, changes: x.v.changes, comment: x.v.comment, by: x.by, at: x.v.createdAt.toISOString() })),
      };
    },
  );

  app.post(
    '/api/rule-sets',
    {
      schema: {
        tags: ['rule sets'],
        summary: '复制规则集（管理员） / copy a rule set (admin)',
        body: z.object({ base: z.string().min(1).max(100), name: z.string().trim().min(2).max(60).regex(/^[0-9A-Za-z._-]+$/), title: bilingual.optional() }),
        response: { 201: summaryOut, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      manage(actor);
      const row = await db.transaction(async (tx) => {
        const r = await copyRuleSet(tx, actor.regionCode, actor.id, req.body);
        await auditAs(tx, actor, 'rule_set.copy', { type: 'rule_set', id: r.name }, { base: req.body.base, version: 1 }, req.ip);
        return r;
      });
      const d = row.definition as RuleSetDefinition;
      return reply.code(201).send({ name: row.name, title: d.title, builtIn: false, extends: d.extends ?? null, version: row.version, years: [] });
    },
  );

  app.post(
    '/api/rule-sets/:name/preview',
    {
      schema: {
        tags: ['rule sets'],
        summary: '预览修改的影响：哪些目标表的检查结果会变（管理员、财政） / preview a change: which tables would change status (admin, finance)',
        description: 'Checks the current version of every table of the year with the rule set as it is and as it would be; lists the tables whose pass/fail or error/warning counts change. Stores nothing.',
        params: nameParam,
        body: z.object({ year: z.number().int().min(1990).max(2200), changes: z.array(change).max(200) }),
        response: { 200: impactOut.extend({ changes: z.array(z.object({ rule: z.string(), field: z.string(), from: z.unknown(), to: z.unknown() })) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!seesWholeRegion(actor)) throw forbidden({ zh: '只有财政局可以预览规则修改', en: 'Only the finance bureau may preview rule changes' });
      const before = await loadRuleSet(db, actor.regionCode, req.params.name);
      const def: RuleSetDefinition = typeof before === 'string' ? { name: `${before}*`, title: resolve(before).title, extends: before, rules: {} } : before;
      const { definition, records } = applyChanges(def, req.body.changes);
      const impact = await previewImpact(services.database.read, actor.regionCode, req.body.year, before, definition);
      return { ...impact, changes: records };
    },
  );

  app.put(
    '/api/rule-sets/:name',
    {
      schema: {
        tags: ['rule sets'],
        summary: '保存规则集的新版本（管理员；仅本地副本） / save a new version of a copy (admin)',
        description: 'expectedVersion guards against crossing edits (409 version_conflict). Built-in rule sets are read-only (409 built_in_read_only). Years using this rule set use the new version from now on.',
        params: nameParam,
        body: z.object({ expectedVersion: z.number().int().min(1), changes: z.array(change).min(1).max(200), comment: z.string().trim().min(1).max(500) }),
        response: { 200: z.object({ name: z.string(), version: z.number().int(), changes: z.unknown() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      manage(actor);
      const row = await saveRuleSetVersion(db, actor.regionCode, actor.id, req.params.name, req.body);
      await auditAs(db, actor, 'rule_set.save', { type: 'rule_set', id: row.name }, { version: row.version, changes: row.changes, comment: row.comment }, req.ip);
      return { name: row.name, version: row.version, changes: row.changes };
    },
  );

};

export default plugin;
