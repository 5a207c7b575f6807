/** Schemas of /api/reports: monitoring reports and self-evaluations of approved target tables. */
import { z } from 'zod';
import { finding, status } from '../common.ts';
import { reportKind } from '../rounds/schema.ts';

const light = z.enum(['red', 'yellow', 'blue', 'green']).nullable();
const grade = z.enum(['优', '良', '中', '差']).nullable();

export const reportSummary = z
  .object({
    id: z.string(),
    kind: reportKind,
    roundId: z.string(),
    orgId: z.string(),
    deptId: z.string(),
    year: z.number().int(),
    status,
    name: z.string(),
    title: z.string(),
    version: z.number().int(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    basedOnId: z.string(),
    basedOnVersion: z.number().int(),
    light,
    total: z.number().nullable(),
    grade,
    createdAt: z.string(),
    updatedAt: z.string(),
    orgName: z.string().optional(),
    roundTitle: z.string().optional(),
    deadline: z.string().optional(),
    lastAction: z.string().nullable().optional(),
  })
  .meta({ id: 'ReportSummary' });

/**
 * The stored document: `targets` (the approved table, read-only) and either `report`
 * (monitoring) or `evaluation` (self-evaluation). Amounts may be sent as text only (`raw`).
 */
export const reportDocument = z
  .looseObject({
    kind: reportKind,
    title: z.string().max(500),
    year: z.number().int(),
    basedOn: z.looseObject({ tableId: z.string(), version: z.number().int() }),
    targets: z.looseObject({ kind: z.enum(['project', 'dept-overall']), indicators: z.array(z.looseObject({ id: z.string() })).max(1000) }),
    report: z.looseObject({ indicators: z.array(z.looseObject({ indicatorId: z.string(), achieved: z.looseObject({ raw: z.string().max(2000) }) })).max(1000) }).optional(),
    evaluation: z.looseObject({ indicators: z.array(z.looseObject({ indicatorId: z.string(), actual: z.looseObject({ raw: z.string().max(2000) }) })).max(1000) }).optional(),
  })
  .refine((d) => (d.kind === 'monitoring' ? d.report !== undefined : d.evaluation !== undefined), { message: 'monitoring needs report, self-evaluation needs evaluation / 监控须有 report，自评须有 evaluation' })
  .meta({ id: 'ReportDocument' });

export const reportReply = z.object({
  report: reportSummary,
  document: z.record(z.string(), z.unknown()),
  /** Lights (monitoring) or scores (self-evaluation) of this version. */
  evaluation: z.record(z.string(), z.unknown()),
  findings: z.array(finding),
});

export const listQuery = z.object({
  year: z.coerce.number().int().optional(),
  kind: reportKind.optional(),
  roundId: z.string().max(100).optional(),
  status: status.optional(),
  basedOnId: z.string().max(100).optional(),
});

export const createBody = z.object({ roundId: z.string().max(100), tableId: z.string().max(100).meta({ description: 'The approved target table' }) });

export const exportQuery = z.object({
  format: z
    .enum(['xlsx', 'docx', 'pdf', 'json', 'exchange', 'csv'])
    .default('xlsx')
    .meta({ description: 'xlsx/docx/pdf: the official form (a 自评表’s PDF carries the table as embedded exchange data); json: the 自评表 as stored; exchange: the exchange-format JSON; csv: the exchange format’s one-file CSV (docs/exchange.md)' }),
});
