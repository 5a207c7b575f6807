import { z } from 'zod';
import { tableDocument } from '../../tables/document.ts';
import { finding, kind, stage, status, tableSummary } from '../common.ts';

export const listQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  stage: stage.optional(),
  status: status.optional(),
  org: z.string().max(100).optional().meta({ description: 'Organisation id or code: its tables and, for a department, its units’ tables' }),
  kind: kind.optional(),
  owner: z.string().max(100).optional().meta({ description: 'Organisation id: only the tables it owns itself (not its units’)' }),
  finding: z.string().max(100).optional().meta({ description: 'Only tables whose current version has a finding with this code' }),
  passes: z.enum(['yes', 'no']).optional().meta({ description: 'yes: no errors (passes the filing rules); no: at least one error' }),
  projectType: z.string().max(200).optional().meta({ description: '项目类型 name as the dashboards group it (empty: not filled in)' }),
  round: z.string().max(100).optional().meta({ description: 'With light or grade: tables with a report in this monitoring / self-evaluation round' }),
  light: z.string().max(20).optional().meta({ description: 'Monitoring light of that report (red, yellow, green, blue; empty: not judged yet)' }),
  grade: z.string().max(20).optional().meta({ description: 'Self-evaluation grade of that report (优 良 中 差; empty: not scored yet)' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const listReply = z.object({ items: z.array(tableSummary), total: z.number().int() });

export const createBody = z.union([
  z.object({
    orgId: z.string().max(100),
    stage: stage.default('first'),
    year: z.number().int().min(1990).max(2200).optional(),
    document: tableDocument,
  }),
  z.object({
    from: z.string().max(100).meta({ description: 'Start from this table’s current version (二上 from 一上, next year from this year)' }),
    stage,
    year: z.number().int().min(1990).max(2200).optional(),
  }),
]);

const documentOut = z.record(z.string(), z.unknown()).meta({ description: 'The TargetTableDocument of this version' });

export const tableReply = z
  .object({
    table: tableSummary,
    document: documentOut,
    findings: z.array(finding),
    /**
     * The rule set the findings were computed with (the budget year's, else the server's
     * default): a built-in name or a region's own definition, so the form checks as the server does.
     */
    ruleSet: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  })
  .meta({ id: 'Table' });

export const putBody = tableDocument;
export const ifMatchHeaders = z.looseObject({
  'if-match': z.string().max(50).optional().meta({ description: 'The version read: "3" (the ETag of GET /api/tables/:id)' }),
});

export const findingsReply = z.object({
  version: z.number().int(),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  findings: z.array(finding),
  department: z.array(finding).meta({ description: 'Department-level checks across the department’s tables of the same year and stage' }),
});

export const revisionSummary = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  reason: z.string(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  author: z.object({ id: z.string(), login: z.string().nullable(), name: z.string().nullable() }),
});
export const revisionsReply = z.object({ items: z.array(revisionSummary) });
export const revisionReply = revisionSummary.extend({ document: documentOut, findings: z.array(finding) });

export const diffQuery = z.object({
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});
export const diffReply = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.object({
      path: z.string().meta({ description: 'e.g. projectName, funds.basic, indicators[i3].value' }),
      key: z.string().meta({ description: "the form's cell key: projectName, funds.development.0, ind:i3:value; ind:i3 for a whole row" }),
      label: z.object({ zh: z.string(), en: z.string() }).meta({ description: 'what people call the field, e.g. 第3行“培训人次” 当年度指标值' }),
      kind: z.enum(['changed', 'added', 'removed', 'moved']),
      before: z.string().optional(),
      after: z.string().optional(),
      indicatorId: z.string().optional(),
    }),
  ),
});

export const fieldComment = z.object({
  field: z.string().min(1).max(300).meta({ description: 'Field path, e.g. value, funds.project, annualGoal' }),
  indicatorId: z.string().max(100).optional(),
  comment: z.string().min(1).max(5000),
});

export const actionBody = z
  .object({
    comment: z.string().max(10_000).optional(),
    fieldComments: z.array(fieldComment).max(500).optional(),
    version: z.number().int().optional().meta({ description: 'The version the reviewer looked at; refused with 409 if it changed' }),
  })
  .default({});

export const eventOut = z.object({
  id: z.string(),
  action: z.enum(['submit', 'approve', 'return', 'publish']),
  fromStatus: z.string(),
  toStatus: z.string(),
  version: z.number().int(),
  comment: z.string(),
  fieldComments: z.array(fieldComment),
  createdAt: z.string(),
  actor: z.object({ id: z.string(), login: z.string().nullable(), name: z.string().nullable() }),
});
export const actionReply = z.object({ table: tableSummary, event: eventOut });
export const eventsReply = z.object({ items: z.array(eventOut) });
