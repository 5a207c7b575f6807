/**
 * The two documents that carry an approved target table through the year: a monitoring report
 * (运行监控, one per monitoring round) and a self-evaluation (绩效自评, one per year). Each holds a
 * read-only copy of the approved targets (`targets`) and the version it was copied from; only
 * the unit's actuals and explanations are new. The server stores them as revisions and runs
 * them through the same review workflow as target tables.
 */
import { FRAMEWORK_2021 } from '../framework/indicator-framework.ts';
import { formatWan } from '../money/money.ts';
import type { AmountField, DeptOverallTable, ProjectTable, SelfEvalTable, TextField } from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { evaluateMonitoring, type IndicatorProgress, type MonitoringReport, type MonitoringResult } from './monitoring.ts';
import type { DeepPartial, MonitoringParams, ScoringParams } from './scoring-params.ts';
import { scoreSelfEvaluation, type IndicatorActual, type SelfEvaluation, type SelfEvaluationResult } from './self-evaluation.ts';

/** A table whose targets can be monitored and self-evaluated. */
export type ApprovedTargets = ProjectTable | DeptOverallTable;

export interface BasedOn {
  tableId: string;
  version: number;
}

export interface MonitoringDocument {
  kind: 'monitoring';
  title: string;
  year: number;
  round: { id: string; title: string; month: number };
  basedOn: BasedOn;
  /** The approved targets, copied unchanged. */
  targets: ApprovedTargets;
  report: MonitoringReport;
}

export interface SelfEvaluationDocument {
  kind: 'self-evaluation';
  title: string;
  year: number;
  basedOn: BasedOn;
  targets: ApprovedTargets;
  evaluation: SelfEvaluation;
}

export type ReportDocument = MonitoringDocument | SelfEvaluationDocument;

const empty = (): TextField => ({ raw: '' });
const amount = (fen: number | null | undefined): AmountField => (fen === null || fen === undefined ? { raw: '', fen: null } : { raw: formatWan(fen), fen });

/** The name the targets are known by: the project, or the department for a department-wide table. */
export function targetsName(t: ApprovedTargets): string {
  return t.kind === 'project' ? t.projectName.raw : t.deptName.raw;
}

/** Budget execution already known when a form is opened (from the budget system or an earlier report). */
export interface KnownExecution {
  adjustedBudgetFen?: number | null;
  executedFen?: number | null;
  expectedFullYearFen?: number | null;
}

/** The budget a form starts from: the known adjusted budget, else the table's 当年度金额 / 项目支出 total. */
function startingBudget(t: ApprovedTargets, known: KnownExecution): number | null {
  if (known.adjustedBudgetFen !== undefined && known.adjustedBudgetFen !== null) return known.adjustedBudgetFen;
  if (t.kind === 'project') return t.currentAmount.fen;
  const parts = [t.funds.basic.fen, t.funds.project.fen, ...t.funds.development.map((d) => d.amount.fen)];
  return parts.every((p) => p === null) ? null : parts.reduce<number>((s, p) => s + (p ?? 0), 0);
}

/** A monitoring report opened pre-filled: every indicator of the approved targets, the budget known so far. */
export function newMonitoringDocument(targets: ApprovedTargets, basedOn: BasedOn, round: MonitoringDocument['round'], known: KnownExecution = {}): MonitoringDocument {
  const year = targets.year ?? new Date().getFullYear();
  return {
    kind: 'monitoring',
    title: `${year}年绩效运行监控表（${round.title}）`,
    year,
    round,
    basedOn,
    targets: JSON.parse(JSON.stringify(targets)) as ApprovedTargets,
    report: {
      month: round.month,
      execution: {
        adjustedBudget: amount(startingBudget(targets, known)),
        executed: amount(known.executedFen),
        ...(known.expectedFullYearFen !== undefined ? { expectedFullYear: amount(known.expectedFullYearFen) } : {}),
      },
      indicators: targets.indicators.filter((i) => i.name.raw.trim()).map((i): IndicatorProgress => ({ indicatorId: i.id, achieved: empty() })),
    },
  };
}

/**
 * A self-evaluation opened pre-filled: every indicator, and from the latest monitoring report
 * (when there is one) the expected full-year values as a first guess at the actuals.
 */
export function newSelfEvaluationDocument(targets: ApprovedTargets, basedOn: BasedOn, known: KnownExecution = {}, lastMonitoring?: MonitoringReport): SelfEvaluationDocument {
  const year = targets.year ?? new Date().getFullYear();
  const guess = new Map((lastMonitoring?.indicators ?? []).map((p) => [p.indicatorId, p.expectedFullYear?.raw ?? '']));
  const fromMonitoring = lastMonitoring?.execution.adjustedBudget.fen;
  const adjusted = startingBudget(targets, known.adjustedBudgetFen == null && fromMonitoring != null ? { ...known, adjustedBudgetFen: fromMonitoring } : known);
  return {
    kind: 'self-evaluation',
    title: `${year}年度${targets.kind === 'project' ? '项目支出' : '部门整体支出'}绩效自评表`,
    year,
    basedOn,
    targets: JSON.parse(JSON.stringify(targets)) as ApprovedTargets,
    evaluation: {
      execution: { adjustedBudget: amount(adjusted), executed: amount(known.executedFen), initialBudget: amount(targets.kind === 'project' ? targets.currentAmount.fen : adjusted) },
      indicators: targets.indicators.filter((i) => i.name.raw.trim()).map((i): IndicatorActual => ({ indicatorId: i.id, actual: { raw: guess.get(i.id) ?? '' } })),
      goalOutcome: empty(),
      conclusion: empty(),
      problems: empty(),
      measures: empty(),
    },
  };
}

/** The targets as canonical JSON (keys sorted, provenance left out): equal when nothing that matters changed, whatever the key order of the copy. */
function frozen(t: ApprovedTargets): string {
  return JSON.stringify(t, (k, v: unknown) => {
    if (k === 'source') return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((key) => [key, (v as Record<string, unknown>)[key]]));
    return v;
  });
}

/**
 * Findings when the targets in a report differ from the approved version (domain.md §8 #15:
 * 年度指标值 changed since approval): per indicator whose name, operator or value changed, one
 * for an added or removed indicator, and one for any other change to the copied table.
 */
export function targetChanges(approved: ApprovedTargets, copy: ApprovedTargets, prefix: 'monitor' | 'selfeval'): Finding[] {
  if (frozen(approved) === frozen(copy)) return [];
  const out: Finding[] = [];
  const code = `${prefix}.target-changed`;
  const byId = new Map(copy.indicators.map((i) => [i.id, i]));
  approved.indicators.forEach((a, idx) => {
    const c = byId.get(a.id);
    const row = idx + 1;
    if (!c) {
      out.push({ code, severity: 'error', message: { zh: `第${row}行指标“${a.name.raw}”已被删除；目标须与批复的版本一致`, en: `Row ${row} "${a.name.raw}" was removed; the targets must stay as approved` }, location: { section: 'indicators', indicatorId: a.id, row, field: 'name' } });
      return;
    }
    for (const [field, zh] of [['name', '指标名称'], ['value', '年度指标值'], ['periodValue', '实施周期指标值']] as const) {
      const before = (a[field] as { raw: string } | undefined)?.raw ?? '';
      const after = (c[field] as { raw: string } | undefined)?.raw ?? '';
      if (before !== after) {
        out.push({
          code,
          severity: 'error',
          message: { zh: `第${row}行“${a.name.raw}”的${zh}与批复的不同（批复“${before}”，现为“${after}”）`, en: `Row ${row} "${a.name.raw}": ${field} differs from the approved "${before}" (now "${after}")` },
          location: { section: 'indicators', indicatorId: a.id, row, field },
          fix: { field, from: after, to: before, description: { zh: '恢复为批复的目标', en: 'Restore the approved target' } },
        });
      }
    }
  });
  const known = new Set(approved.indicators.map((i) => i.id));
  for (const c of copy.indicators) {
    if (!known.has(c.id)) out.push({ code, severity: 'error', message: { zh: `指标“${c.name.raw}”不在批复的目标表中`, en: `Indicator "${c.name.raw}" is not in the approved targets` }, location: { section: 'indicators', indicatorId: c.id, field: 'name' } });
  }
  if (out.length === 0) out.push({ code, severity: 'error', message: { zh: '目标表内容与批复的版本不同；目标只读，只能填写完成情况', en: 'The targets differ from the approved version; targets are read-only, only actuals may be entered' }, location: { section: 'table' } });
  return out;
}

export interface ReportEvaluation {
  monitoring?: MonitoringResult;
  selfEvaluation?: SelfEvaluationResult;
  findings: Finding[];
}

/** Lights or scores of a report, with its findings (the targets as approved are passed to check they are unchanged). */
export function evaluateReport(
  doc: ReportDocument,
  params: { scoring?: DeepPartial<ScoringParams>; monitoring?: DeepPartial<MonitoringParams> } = {},
  approved?: ApprovedTargets,
): ReportEvaluation {
  const changes = approved ? targetChanges(approved, doc.targets, doc.kind === 'monitoring' ? 'monitor' : 'selfeval') : [];
  if (doc.kind === 'monitoring') {
    const r = evaluateMonitoring(doc.targets, doc.report, params.monitoring);
    return { monitoring: r, findings: [...changes, ...r.findings] };
  }
  const r = scoreSelfEvaluation(doc.targets, doc.evaluation, params.scoring);
  return { selfEvaluation: r, findings: [...changes, ...r.findings] };
}

/** The form prints the indicators grouped by 一级, in the framework's order. */
const L1_ORDER: string[] = FRAMEWORK_2021.map((n) => n.name);
const fmt2 = (n: number) => String(Math.round(n * 100) / 100);

/**
 * The self-evaluation as the official 项目支出绩效自评表 (SelfEvalTable): header and goal from the
 * approved targets, the fund line, and per indicator the target, the actual, the weight, the
 * score and the reason. A reason for a low execution rate has no cell of its own on the form; it
 * is printed at the head of 存在问题.
 */
export function selfEvalTableOf(doc: SelfEvaluationDocument, result: SelfEvaluationResult): SelfEvalTable {
  const t = doc.targets;
  const ev = doc.evaluation;
  const scores = new Map(result.indicators.map((s) => [s.indicatorId, s]));
  const actuals = new Map(ev.indicators.map((a) => [a.indicatorId, a]));
  const text = (raw: string | undefined): TextField => ({ raw: raw ?? '' });
  const execReason = ev.execution.reason?.raw.trim();
  const problems = [execReason ? `预算执行偏差原因：${execReason}` : '', ev.problems?.raw.trim() ?? ''].filter(Boolean).join('\n');
  const rate = result.execution.rate;
  return {
    kind: 'self-eval',
    title: doc.title,
    year: doc.year,
    notes: [],
    projectName: text(targetsName(t)),
    department: t.kind === 'project' ? { raw: t.department.raw, name: t.department.name, ...(t.department.code ? { code: t.department.code } : {}) } : { raw: t.deptName.raw, name: t.deptName.raw },
    unit: t.kind === 'project' ? { raw: t.unit.raw, name: t.unit.name, ...(t.unit.code ? { code: t.unit.code } : {}) } : { raw: t.deptName.raw, name: t.deptName.raw },
    annualGoal: text(t.kind === 'project' ? t.annualGoal.raw : t.overallGoal.raw),
    goalOutcome: text(ev.goalOutcome?.raw),
    execution: [
      {
        name: text('年度资金总额'),
        initialBudget: ev.execution.initialBudget ?? { raw: '', fen: null },
        adjustedBudget: ev.execution.adjustedBudget,
        executed: ev.execution.executed,
        rate: text(rate === null ? '' : `${fmt2(rate)}%`),
        weight: text(fmt2(result.execution.weight)),
        score: text(fmt2(result.execution.score)),
      },
    ],
    indicators: t.indicators
      .filter((i) => i.name.raw.trim())
      .map((i, k) => ({ i, k, l1: L1_ORDER.indexOf(i.level1.name ?? '') }))
      .sort((a, b) => (a.l1 < 0 ? 99 : a.l1) - (b.l1 < 0 ? 99 : b.l1) || a.k - b.k)
      .map(({ i }) => {
        const s = scores.get(i.id);
        const a = actuals.get(i.id);
        return {
          id: i.id,
          level1: i.level1,
          level2: i.level2,
          name: i.name,
          value: i.value,
          actual: text(a?.notApplicable ? '不适用' : a?.actual.raw),
          weight: text(s ? fmt2(s.weight) : ''),
          score: text(s && s.score !== null ? fmt2(s.score) : ''),
          ...(a?.reason?.raw.trim() ? { deviationReason: text(a.reason.raw) } : {}),
        };
      }),
    conclusion: text(`总分 ${fmt2(result.total)} 分，评价等级：${result.grade}${ev.conclusion?.raw.trim() ? `。${ev.conclusion.raw.trim()}` : ''}`),
    problems: text(problems),
    measures: text(ev.measures?.raw),
  };
}
