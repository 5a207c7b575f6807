/**
 * Monitoring and self-evaluation in the demo: last year's (2025) 工作经费 targets approved at
 * 二上, its 1–7月 monitoring with one red light (explained, approved by the department, round
 * closed), its year-end self-evaluation scored and submitted, and this year's 1–10月 monitoring
 * round open and due in a week — so `npm start` shows lights, scores, roll-ups and what is owed.
 * This year's tables stay as the import left them (submitted), for the review walk-through.
 */
import { measuredValueMeeting, type IndicatorValue, type MonitoringDocument, type SelfEvaluationDocument } from '@jixiao/core';
import { DEFAULT_RULE_SET } from '@jixiao/core';
import { closeStage, upsertStage, upsertYear } from '../administration/calendar.ts';
import type { Db } from '../db/open.ts';
import type { Actor } from '../auth/session.ts';
import { createReport, evaluate, saveReport, transitionReport, type EvalContext } from '../evaluation/reports.ts';
import { createRound, updateRound } from '../evaluation/rounds.ts';
import type { StoredDocument } from '../tables/document.ts';
import { createTable, currentRevision, tablesByIds, transition, type Context, type TableRow } from '../tables/service.ts';

const DAY = 24 * 3600 * 1000;

/** A value that meets the target, as a measurement (`96%`), never the target written again (`≥95%`); 达成 for a qualitative row. */
const meeting = (v: IndicatorValue) => measuredValueMeeting(v) ?? '达成年度指标';

export async function addEvaluationDemo(db: Db, ruleSet: string | undefined, actors: Map<string, Actor>, unitId: string, imported: TableRow[]): Promise<string[]> {
  const unitFiler = actors.get('danwei')!;
  const deptFiler = actors.get('bumen')!;
  const deptReviewer = actors.get('kegongmao')!;
  const finance = actors.get('caizheng')!;
  const source = imported.find((r) => r.kind === 'project' && r.orgId === unitId && r.name === '工作经费') ?? imported.find((r) => r.kind === 'project');
  if (!source) return [];
  const ctx: Context = { db, ...(ruleSet ? { ruleSet } : {}) };
  const ectx: EvalContext = { db, ruleSet };

  // Last year's calendar (the region keeps one, so 2025 must be managed to file in it): 二上 ran
  // March–June 2025 and is closed once its table is approved.
  const admin = actors.get('admin')!;
  await upsertYear(db, source.regionCode, 2025, ruleSet ?? DEFAULT_RULE_SET, admin.id);
  await upsertStage(db, source.regionCode, 2025, 'second', { opensAt: new Date('2025-03-01T00:00:00+08:00'), deadline: new Date('2025-06-30T23:59:59+08:00') }, admin.id);
  // Last year's approved targets (二上).
  // The row as imported is version 1; the filer's corrections are the current version.
  const [current] = await tablesByIds(db, source.regionCode, [source.id]);
  const doc = structuredClone((await currentRevision(db, current!)).document) as StoredDocument;
  doc.year = 2025;
  doc.title = doc.title.replace('2026', '2025');
  const made = await createTable(ctx, deptFiler, { orgId: source.orgId, stage: 'second', year: 2025, document: doc, normalised: true });
  const tableId = made.row.id;
  await transition(ctx, source.orgId === unitId ? unitFiler : deptFiler, tableId, 'submit', {});
  await transition(ctx, deptReviewer, tableId, 'approve', { comment: '同意' });
  await transition(ctx, finance, tableId, 'approve', { comment: '同意' });
  await closeStage(db, source.regionCode, 2025, 'second', admin.id);

  // 2025年1–7月 monitoring: one indicator behind (red), explained; approved by the department.
  const mround = await createRound(db, finance, { kind: 'monitoring', year: 2025, month: 7, deadline: new Date('2025-08-10T23:59:59+08:00') });
  const m = await createReport(ectx, unitFiler, { roundId: mround.id, tableId });
  const mdoc = m.document as MonitoringDocument;
  const inds = mdoc.targets.indicators.filter((i) => i.name.raw.trim());
  let behind = false;
  mdoc.report.indicators.forEach((p, k) => {
    const v = inds[k]!.value;
    p.expectedFullYear = { raw: meeting(v) };
    if (!behind && v.quantitative && v.number !== null && (v.operator === '≥' || v.operator === '＝' || v.operator === '＞') && Number(v.number) > 0) {
      behind = true;
      const half = Math.round(Number(v.number) * 0.4 * 100) / 100;
      p.achieved = { raw: `${half}${v.unit ?? ''}` };
      p.deviationCause = '经费保障';
      p.likelihood = '有可能';
      p.measure = { raw: '第三季度资金到位后加快实施，10月底前完成' };
    } else p.achieved = { raw: meeting(v) };
  });
  const adj = mdoc.report.execution.adjustedBudget.fen ?? 0;
  mdoc.report.execution.executed = { raw: (Math.round(adj * 0.5) / 1_000_000).toFixed(6), fen: Math.round(adj * 0.5) };
  mdoc.report.execution.expectedFullYear = { raw: (adj / 1_000_000).toFixed(6), fen: adj };
  const ms = await saveReport(ectx, unitFiler, m.row.id, 1, mdoc);
  await transitionReport(ectx, unitFiler, m.row.id, 'submit', { version: ms.row.version });
  await transitionReport(ectx, deptReviewer, m.row.id, 'approve', { comment: '纠偏措施可行' });
  await updateRound(db, finance, mround.id, { status: 'closed' });

  // 2025 self-evaluation, pre-filled from the monitoring; execution 92%.
  const sround = await createRound(db, finance, { kind: 'self-evaluation', year: 2025, deadline: new Date('2026-03-31T23:59:59+08:00') });
  const s = await createReport(ectx, unitFiler, { roundId: sround.id, tableId });
  const sdoc = s.document as SelfEvaluationDocument;
  const sadj = sdoc.evaluation.execution.adjustedBudget.fen ?? 0;
  sdoc.evaluation.execution.executed = { raw: (Math.round(sadj * 0.92) / 1_000_000).toFixed(6), fen: Math.round(sadj * 0.92) };
  // One output came in at 90% of its target: scored in proportion, with its reason.
  const short = sdoc.targets.indicators.find((i) => i.value.quantitative && i.value.operator === '≥' && Number(i.value.number) > 0);
  if (short) {
    const a = sdoc.evaluation.indicators.find((x) => x.indicatorId === short.id)!;
    const n = Math.round(Number(short.value.number) * 0.9 * 100) / 100;
    a.actual = { raw: `${n}${short.value.unit ?? ''}` };
    a.reason = { raw: '部分工作因资金下达较晚顺延，已纳入次年计划' };
  }
  const firstScores = evaluate(sdoc, ruleSet).selfEvaluation!;
  for (const sc of firstScores.indicators) {
    if (sc.method === '定性' && sc.band) sdoc.evaluation.indicators.find((x) => x.indicatorId === sc.indicatorId)!.score = { raw: String(sc.band[1]) };
  }
  sdoc.evaluation.goalOutcome = { raw: '全年完成部门职能工作，主要指标基本达成。' };
  sdoc.evaluation.problems = { raw: '资金下达较晚，部分工作进度滞后。' };
  sdoc.evaluation.measures = { raw: '提前谋划，按月调度预算执行。' };
  const ss = await saveReport(ectx, unitFiler, s.row.id, 1, sdoc);
  await transitionReport(ectx, unitFiler, s.row.id, 'submit', { version: ss.row.version });

  // This year: 1–10月 monitoring, open, due in a week.
  const now = await createRound(db, finance, { kind: 'monitoring', year: 2026, month: 10, deadline: new Date(Date.now() + 7 * DAY) });
  return [
    '监控与自评 / monitoring and self-evaluation:',
    `  2025年二上“${source.name}”已批复；${mround.title}（红灯 1 个，已审）；${sround.title}（${ss.evaluation.selfEvaluation?.total ?? '—'} 分，${ss.evaluation.selfEvaluation?.grade ?? ''}，已提交）`,
    `  ${now.title}：进行中，截止 ${now.deadline.toISOString().slice(0, 10)}`,
  ];
}
