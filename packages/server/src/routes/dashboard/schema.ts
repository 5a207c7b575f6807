import { z } from 'zod';
import { bilingual, stage, status } from '../common.ts';

export const dashboardQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2200).optional().meta({ description: 'Default: the newest year with tables' }),
  stage: stage.optional().meta({ description: 'Default: every stage' }),
});

const group = z.object({ id: z.string(), code: z.string(), name: z.string(), orgCount: z.number().int(), orgsFiled: z.number().int() });

const evaluation = z.object({ roundId: z.string(), title: z.string(), counts: z.array(z.object({ groupId: z.string(), value: z.string(), count: z.number().int() })) });

export const dashboardReply = z
  .object({
    year: z.number().int().nullable(),
    stage: stage.nullable(),
    years: z.array(z.number().int()),
    stages: z.array(stage),
    groupBy: z.enum(['dept', 'unit']).meta({ description: 'Bars are departments (finance bureau) or units (主管部门)' }),
    groups: z.array(group),
    totals: z.object({ tables: z.number().int(), passing: z.number().int(), projectTables: z.number().int(), amountFen: z.number().int() }),
    progress: z.array(z.object({ groupId: z.string(), stage, status, count: z.number().int() })),
    findings: z.array(
      z.object({ code: z.string(), tables: z.number().int(), occurrences: z.number().int(), severity: z.string().nullable(), description: bilingual.nullable() }),
    ),
    passing: z.array(z.object({ groupId: z.string(), tables: z.number().int(), passing: z.number().int() })),
    funds: z.array(z.object({ groupId: z.string(), projectType: z.string(), amountFen: z.number().int(), tables: z.number().int() })),
    monitoring: evaluation.nullable().meta({ description: 'Lights of the year’s latest monitoring round (value: red, yellow, green, blue; "" not judged yet)' }),
    selfEvaluation: evaluation.nullable().meta({ description: 'Grades of the year’s latest self-evaluation round (value: 优 良 中 差; "" not scored yet)' }),
    notFiled: z.array(z.object({ groupId: z.string(), orgs: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) })),
  })
  .meta({ id: 'Dashboard' });
