/** Schemas of /api/rounds and /api/evaluation: monitoring and self-evaluation rounds, obligations, roll-ups. */
import { z } from 'zod';

export const reportKind = z.enum(['monitoring', 'self-evaluation']).meta({ description: 'monitoring 绩效运行监控 / self-evaluation 绩效自评' });

export const roundOut = z
  .object({
    id: z.string(),
    kind: reportKind,
    year: z.number().int(),
    title: z.string(),
    month: z.number().int().meta({ description: 'The last month covered (7 for 1–7月; 12 for a self-evaluation)' }),
    deadline: z.string(),
    status: z.enum(['open', 'closed']),
    createdAt: z.string(),
  })
  .meta({ id: 'EvaluationRound' });

export const roundsQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  kind: reportKind.optional(),
  status: z.enum(['open', 'closed']).optional(),
});

export const roundCreate = z.object({
  kind: reportKind,
  year: z.number().int().min(1990).max(2200),
  title: z.string().max(200).optional(),
  month: z.number().int().min(1).max(12).optional().meta({ description: 'Monitoring: the last month covered (default 7, i.e. 1–7月)' }),
  deadline: z.string().max(40).meta({ description: 'ISO date or date-time (报送截止日期)' }),
});

export const roundPatch = z.object({
  status: z.enum(['open', 'closed']).optional(),
  deadline: z.string().max(40).optional(),
  title: z.string().max(200).optional(),
});

const light = z.enum(['red', 'yellow', 'blue', 'green']).nullable();
const grade = z.enum(['优', '良', '中', '差']).nullable();

export const obligationOut = z.object({
  round: roundOut,
  table: z.object({ id: z.string(), kind: z.string(), name: z.string(), title: z.string(), stage: z.string(), version: z.number().int(), orgId: z.string(), orgName: z.string(), deptId: z.string(), deptName: z.string() }),
  report: z
    .object({ id: z.string(), status: z.string(), version: z.number().int(), errorCount: z.number().int(), light, total: z.number().nullable(), grade, lastAction: z.string().nullable() })
    .nullable(),
  due: z.enum(['done', 'overdue', 'due-soon', 'upcoming']),
  daysLeft: z.number().int(),
});

export const owedReply = z.object({
  items: z.array(obligationOut),
  reminders: z.array(z.object({ level: z.enum(['error', 'warning', 'info']), roundId: z.string(), message: z.object({ zh: z.string(), en: z.string() }) })),
  toReview: z.array(z.object({ id: z.string(), kind: reportKind, name: z.string(), title: z.string(), orgName: z.string(), roundTitle: z.string(), status: z.string(), light, total: z.number().nullable(), grade })),
});

const lightCounts = z.object({ red: z.number().int(), yellow: z.number().int(), blue: z.number().int(), green: z.number().int(), none: z.number().int() });
const gradeCounts = z.object({ 优: z.number().int(), 良: z.number().int(), 中: z.number().int(), 差: z.number().int() });
const rollup = z.object({ reports: z.number().int(), filed: z.number().int(), lights: lightCounts, light, grades: gradeCounts, meanScore: z.number().nullable() });

export const rollupQuery = z.object({ year: z.coerce.number().int().min(1990).max(2200).optional(), roundId: z.string().max(100).optional(), kind: reportKind.optional() });
export const rollupReply = z.object({
  rounds: z.array(
    z.object({
      round: roundOut.omit({ createdAt: true }),
      departments: z.array(rollup.extend({ deptId: z.string(), deptName: z.string() })),
      region: rollup,
      projects: z.array(z.object({ tableId: z.string(), name: z.string(), orgName: z.string(), deptName: z.string(), reportId: z.string().nullable(), status: z.string().nullable(), light, total: z.number().nullable(), grade, due: z.string() })),
    }),
  ),
});
