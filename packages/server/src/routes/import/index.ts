/** POST /api/import: upload a file (multipart/form-data, field `file`); each table becomes a draft. */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { requireActor } from '../../auth/session.ts';
import { badRequest } from '../../errors.ts';
import { receiveUpload } from '../../lib/upload.ts';
import { AUTO_RULE_SET, checkTable, judgingRuleSetName } from '@jixiao/core';
import { yearRuleSet } from '../../administration/calendar.ts';
import { importFile, readTables } from '../../tables/import.ts';
import { bilingual, errors, finding, findingsOut, stage as stageSchema, summary, tableSummary } from '../common.ts';

const fields = z.object({
  stage: stageSchema.default('first'),
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  orgId: z.string().max(100).optional(),
});

const plugin: RoutePlugin = async (app, { services }) => {
  app.post(
    '/api/import',
    {
      schema: {
        tags: ['tables'],
        summary: '导入文件 / import a file (multipart/form-data: file, and optional stage, year, orgId)',
        consumes: ['multipart/form-data'],
        querystring: z.object({ dryRun: z.enum(['1', 'true', '0', 'false']).optional().meta({ description: '1: only recognise and check, store nothing' }) }),
        response: {
          201: z.object({
            created: z.array(tableSummary),
            skipped: z.array(z.object({ index: z.number().int(), title: z.string(), reason: bilingual })),
            findings: z.array(finding),
          }),
          200: z.object({
            dryRun: z.literal(true),
            tables: z.array(
              z.object({
                document: z.record(z.string(), z.unknown()),
                ruleSet: z.string().meta({ description: 'the rule set that judged this table: the region\'s for that year, else the table\'s own form\'s (auto)' }),
                findings: z.array(finding),
              }),
            ),
            findings: z.array(finding),
          }),
          ...errors(400, 401, 403, 413),
          415: errors(400)[400]!,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { fields: raw, ...file } = await receiveUpload(req, 'upload.txt');
      const parsed = fields.safeParse(raw);
      if (!parsed.success) {
        throw badRequest('invalid_request', { zh: '表单字段不符合要求（stage/year/orgId）', en: 'Form fields are not valid (stage/year/orgId)' }, parsed.error.issues);
      }
      if (req.query.dryRun === '1' || req.query.dryRun === 'true') {
        const { tables, findings } = await readTables(file.bytes, file.name);
        // Each table is judged by the rule set of the year it would be filed in, as the import itself
        // does; where the region has not chosen one for that year, by its own form's (a 2018 Hunan
        // table is not held to Guangdong's 2026 thresholds), and the answer names which.
        const fallback = services.ruleSet ?? AUTO_RULE_SET;
        const checked = [];
        for (const t of tables) {
          const year = parsed.data.year ?? t.year;
          const ruleSet = (year === undefined ? undefined : await yearRuleSet(services.database.db, actor.regionCode, year)) ?? fallback;
          checked.push({
            document: t as unknown as Record<string, unknown>,
            ruleSet: judgingRuleSetName(t, ruleSet),
            findings: findingsOut(checkTable(t, { ruleSet })),
          });
        }
        return reply.code(200).send({ dryRun: true as const, tables: checked, findings: findingsOut(findings) });
      }
      const ctx = { db: services.database.db, ip: req.ip, ...(services.ruleSet ? { ruleSet: services.ruleSet } : {}) };
      const r = await importFile(ctx, actor, file.bytes, file.name, parsed.data);
      return reply.code(201).send({ created: r.created.map(summary), skipped: r.skipped, findings: findingsOut(r.findings) });
    },
  );
};

export default plugin;
