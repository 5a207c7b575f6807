/**
 * Year-end self-evaluation (绩效自评) of an approved target table (domain.md §6): the unit enters
 * only actual values, explanations and, for qualitative indicators, a score within the band of
 * its grade; everything else — execution rate, indicator scores, total and grade — is computed
 * here, and inconsistencies come back as findings (domain.md §8 #15).
 */
import type { Level1Name } from '../framework/indicator-framework.ts';
import { formatWan } from '../money/money.ts';
import type { AmountField, Indicator, TargetTable, TextField } from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { parseIndicatorValue, type Operator } from '../value/indicator-value.ts';
import { scoringParams, type DeepPartial, type Grade, type ScoringParams } from './scoring-params.ts';

export type QualitativeGrade = '达成' | '部分达成' | '未达成';

/** What the unit fills in for one indicator. */
export interface IndicatorActual {
  indicatorId: string;
  /** 实际完成值: a number (with or without unit) or, for qualitative targets, a grade. */
  actual: TextField;
  /** Score entered by the unit for a qualitative indicator (must fall within the grade's band). */
  score?: TextField;
  /** 偏差原因分析及改进措施. */
  reason?: TextField;
  /** The indicator does not apply this year: left out, the others rescaled to the full weight. */
  notApplicable?: boolean;
  /** Weight set by the unit (权重); when absent, the 一级 share is split evenly. */
  weight?: TextField;
}

export interface SelfEvaluation {
  execution: {
    initialBudget?: AmountField;
    adjustedBudget: AmountField;
    executed: AmountField;
    /** Reason required below the threshold (default 90%). */
    reason?: TextField;
  };
  indicators: IndicatorActual[];
  goalOutcome?: TextField;
  conclusion?: TextField;
  problems?: TextField;
  measures?: TextField;
}

export interface IndicatorScore {
  indicatorId: string;
  level1?: Level1Name;
  weight: number;
  /** null when it cannot be scored yet (actual missing or unreadable). */
  score: number | null;
  /** actual ÷ target × 100 for quantitative indicators. */
  ratio?: number;
  grade?: QualitativeGrade;
  band?: [number, number];
  method: '正向' | '反向' | '等于' | '定性' | '不适用';
}

export interface SelfEvaluationResult {
  execution: { rate: number | null; weight: number; score: number };
  indicators: IndicatorScore[];
  total: number;
  grade: Grade;
  findings: Finding[];
}

/** Reads 达成 / 部分达成 / 未达成 (with or without 年度指标, 目标, 并具有一定效果 …). */
export function parseGrade(text: string): QualitativeGrade | undefined {
  const t = text.replace(/\s+/g, '');
  if (!t) return undefined;
  if (/^未达成|^未完成|^没有达成/.test(t)) return '未达成';
  if (/^部分达成|^基本达成|^部分完成/.test(t)) return '部分达成';
  if (/^达成|^已达成|^完成|^全部达成|^已完成/.test(t)) return '达成';
  return undefined;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function shareOf(l1: Level1Name | undefined, p: ScoringParams): 'output' | 'benefit' | 'satisfaction' | 'cost' | undefined {
  if (l1 === '产出指标') return 'output';
  if (l1 === '效益指标') return 'benefit';
  if (l1 === '满意度指标') return 'satisfaction';
  if (l1 === '成本指标') return p.costShare === 'own' ? 'cost' : 'output';
  return undefined;
}

/** Weight of each indicator: the unit's own, or its 一级 share split evenly (domain.md §2.5, §6.1). */
function weightsFor(indicators: Indicator[], actuals: Map<string, IndicatorActual>, p: ScoringParams): Map<string, number> {
  const shares = { ...p.weights } as Record<'output' | 'benefit' | 'satisfaction' | 'cost', number>;
  const groups = new Map<string, Indicator[]>();
  for (const ind of indicators) {
    if (actuals.get(ind.id)?.notApplicable) continue;
    const s = shareOf(ind.level1.name, p);
    if (!s) continue;
    groups.set(s, [...(groups.get(s) ?? []), ind]);
  }
  // No 满意度 indicator: its weight moves to 产出 and 效益 in proportion (10号).
  if (!groups.has('satisfaction') && shares.satisfaction > 0) {
    const o = shares.output;
    const b = shares.benefit;
    if (o + b > 0) {
      shares.output += (shares.satisfaction * o) / (o + b);
      shares.benefit += (shares.satisfaction * b) / (o + b);
    }
    shares.satisfaction = 0;
  }
  // Shares of empty groups are rescaled onto the others so the indicators still carry their total.
  const totalShare = (['output', 'benefit', 'satisfaction', 'cost'] as const).reduce((s, k) => s + shares[k], 0);
  const usedShare = [...groups.keys()].reduce((s, k) => s + shares[k as keyof typeof shares], 0);
  const scale = usedShare > 0 ? totalShare / usedShare : 0;
  const exact = new Map<string, number>();
  for (const [share, inds] of groups) {
    const groupWeight = shares[share as keyof typeof shares] * scale;
    const own = inds.map((i) => Number(actuals.get(i.id)?.weight?.raw ?? NaN));
    if (own.every((w) => Number.isFinite(w) && w >= 0)) {
      const sum = own.reduce((a, b) => a + b, 0);
      inds.forEach((i, k) => exact.set(i.id, sum > 0 ? (own[k]! * groupWeight) / sum : groupWeight / inds.length));
    } else {
      for (const i of inds) exact.set(i.id, groupWeight / inds.length);
    }
  }
  return roundToTotal(exact);
}

/**
 * Rounds weights to two decimals so that they still add up to their (rounded) total: the
 * hundredths lost to rounding go to the weights that lost the most (largest remainder). The form
 * prints these weights and the scores are computed from them, so a table that meets every
 * target scores exactly 100 and the printed weights add up to 100.
 */
export function roundToTotal(exact: Map<string, number>): Map<string, number> {
  const entries = [...exact.entries()].map(([id, w]) => ({ id, cents: w * 100, floor: Math.floor(w * 100 + 1e-9) }));
  const target = Math.round(entries.reduce((s, e) => s + e.cents, 0));
  let missing = target - entries.reduce((s, e) => s + e.floor, 0);
  const byRemainder = [...entries].sort((a, b) => b.cents - b.floor - (a.cents - a.floor));
  for (const e of byRemainder) {
    if (missing <= 0) break;
    e.floor++;
    missing--;
  }
  return new Map(entries.map((e) => [e.id, e.floor / 100]));
}

/** Scores a quantitative indicator (domain.md §6.3). */
export function scoreQuantitative(op: Operator, target: number, actual: number, weight: number): { score: number; method: IndicatorScore['method'] } {
  if (op === '≥' || op === '＞') {
    if (actual >= target) return { score: weight, method: '正向' };
    return { score: target > 0 ? Math.max(0, (weight * actual) / target) : 0, method: '正向' };
  }
  if (op === '≤' || op === '＜') {
    if (target <= 0) return { score: actual <= target ? weight : 0, method: '反向' };
    if (actual <= target) return { score: weight, method: '反向' };
    if (actual >= 2 * target) return { score: 0, method: '反向' };
    return { score: weight * (1 - (actual - target) / target), method: '反向' };
  }
  if (target === 0) return { score: actual <= 0 ? weight : 0, method: '等于' };
  if (actual >= target) return { score: weight, method: '等于' };
  return { score: Math.max(0, (weight * actual) / target), method: '等于' };
}

function executionScore(rate: number | null, weight: number, formula: ScoringParams['executionFormula']): number {
  if (rate === null) return 0;
  if (formula === 'steps') {
    if (rate >= 100) return weight;
    if (rate >= 80) return weight * 0.7;
    if (rate >= 60) return weight * 0.5;
    return 0;
  }
  return Math.min(weight, (weight * rate) / 100);
}

export function gradeOf(total: number, p: ScoringParams = scoringParams()): Grade {
  if (total >= p.grades.excellent) return '优';
  if (total >= p.grades.good) return '良';
  if (total >= p.grades.fair) return '中';
  return '差';
}

function finding(code: string, severity: Finding['severity'], zh: string, en: string, loc: Partial<Finding['location']> = {}): Finding {
  return { code, severity, message: { zh, en }, location: { section: 'indicators', ...loc } };
}

/**
 * Scores a self-evaluation against the approved targets. For a project the 当年度指标值 is the
 * target. Returns every finding at once; scores that cannot be computed are null and count 0.
 */
export function scoreSelfEvaluation(target: TargetTable, ev: SelfEvaluation, over?: DeepPartial<ScoringParams>): SelfEvaluationResult {
  const p = scoringParams(over);
  const findings: Finding[] = [];
  const actuals = new Map(ev.indicators.map((a) => [a.indicatorId, a]));
  for (const a of ev.indicators) {
    if (!target.indicators.some((i) => i.id === a.indicatorId)) {
      findings.push(finding('selfeval.unknown-indicator', 'error', `自评中有目标表里没有的指标 ${a.indicatorId}`, `Self-evaluation names an indicator not in the targets: ${a.indicatorId}`, { indicatorId: a.indicatorId }));
    }
  }

  // Budget execution.
  const adj = ev.execution.adjustedBudget.fen;
  const exe = ev.execution.executed.fen;
  const rate = adj !== null && exe !== null ? (adj > 0 ? (exe / adj) * 100 : 0) : null;
  const execution = { rate: rate === null ? null : round2(rate), weight: p.weights.execution, score: round2(executionScore(rate, p.weights.execution, p.executionFormula)) };
  if (rate === null) {
    findings.push(finding('selfeval.execution-missing', 'error', '请填写调整后预算数和预算执行数', 'Fill in the adjusted budget and the amount executed', { section: 'execution', field: 'execution' }));
  } else if (rate < p.executionReasonBelow && !ev.execution.reason?.raw.trim()) {
    findings.push(
      finding(
        'selfeval.execution-reason-missing',
        'error',
        `预算执行率 ${round2(rate)}% 低于 ${p.executionReasonBelow}%（执行 ${formatWan(exe!)} / 调整后预算 ${formatWan(adj!)} 万元），须说明原因`,
        `Execution rate ${round2(rate)}% is below ${p.executionReasonBelow}%; a reason is required`,
        { section: 'execution', field: 'execution.reason' },
      ),
    );
  }

  const named = target.indicators.filter((i) => i.name.raw.trim());
  const weights = weightsFor(named, actuals, p);
  const scores: IndicatorScore[] = [];
  // Scores are shown to two decimals, but the total adds the exact values so that rounding
  // never turns a perfect table into 99.99.
  let exactTotal = executionScore(rate, p.weights.execution, p.executionFormula);
  named.forEach((ind, idx) => {
    const row = idx + 1;
    const a = actuals.get(ind.id);
    const loc = { indicatorId: ind.id, row };
    const exactWeight = weights.get(ind.id) ?? 0;
    const weight = round2(exactWeight);
    const base: Pick<IndicatorScore, 'indicatorId' | 'level1' | 'weight'> = { indicatorId: ind.id, weight, ...(ind.level1.name ? { level1: ind.level1.name } : {}) };
    if (a?.notApplicable) {
      scores.push({ ...base, weight: 0, score: null, method: '不适用' });
      return;
    }
    const t = ind.value;
    const actualRaw = a?.actual.raw.trim() ?? '';
    if (!actualRaw) {
      scores.push({ ...base, score: null, method: t.quantitative ? '正向' : '定性' });
      findings.push(finding('selfeval.actual-missing', 'error', `第${row}行“${ind.name.raw}”没有填写实际完成值`, `Row ${row} "${ind.name.raw}" has no actual value`, { ...loc, field: 'actual' }));
      return;
    }
    if (t.quantitative && t.number !== null && t.operator) {
      const av = parseIndicatorValue(actualRaw, { indicatorName: ind.name.raw });
      if (av.number === null) {
        scores.push({ ...base, score: null, method: '正向' });
        findings.push(finding('selfeval.actual-not-number', 'error', `第${row}行“${ind.name.raw}”的目标是数值（${t.raw}），实际完成值“${actualRaw}”应为数值`, `Row ${row}: the target is a number (${t.raw}); the actual "${actualRaw}" must be a number`, { ...loc, field: 'actual' }));
        return;
      }
      const target = Number(t.number);
      const actual = Number(av.number);
      const { score, method } = scoreQuantitative(t.operator, target, actual, exactWeight);
      exactTotal += score;
      const ratio = target !== 0 ? round2((actual / target) * 100) : undefined;
      scores.push({ ...base, score: round2(score), method, ...(ratio !== undefined ? { ratio } : {}) });
      const short = score < exactWeight - 1e-9;
      if (short && !a?.reason?.raw.trim()) {
        findings.push(finding('selfeval.gap-reason-missing', 'error', `第${row}行“${ind.name.raw}”未完成目标（目标 ${t.raw}，实际 ${actualRaw}），须填写偏差原因`, `Row ${row} "${ind.name.raw}" missed its target (${t.raw}, actual ${actualRaw}); explain why`, { ...loc, field: 'reason' }));
      }
      if ((t.operator === '≥' || t.operator === '＞') && ratio !== undefined && ratio >= p.overAchievementAt && !a?.reason?.raw.trim()) {
        findings.push(finding('selfeval.over-achievement-unexplained', 'error', `第${row}行“${ind.name.raw}”实际完成值为目标的 ${ratio}%（≥${p.overAchievementAt}%），须说明原因（目标是否定得过低）`, `Row ${row}: actual is ${ratio}% of the target (≥${p.overAchievementAt}%); explain (was the target set too low?)`, { ...loc, field: 'reason' }));
      }
      return;
    }
    // Qualitative.
    const grade = parseGrade(actualRaw);
    if (!grade) {
      scores.push({ ...base, score: null, method: '定性' });
      findings.push(finding('selfeval.grade-invalid', 'error', `第${row}行“${ind.name.raw}”是定性指标，实际完成情况应为“达成年度指标”“部分达成年度指标并具有一定效果”或“未达成年度指标且效果较差”`, `Row ${row} is qualitative: the actual must be 达成 / 部分达成 / 未达成`, { ...loc, field: 'actual' }));
      return;
    }
    const band = grade === '达成' ? p.bands.achieved : grade === '部分达成' ? p.bands.partly : p.bands.notAchieved;
    const lo = round2(band[0] * weight);
    const hi = round2(band[1] * weight);
    const entered = a?.score?.raw.trim() ? Number(a.score.raw) : undefined;
    let score: number | null = null;
    if (entered === undefined) {
      findings.push(finding('selfeval.score-missing', 'error', `第${row}行“${ind.name.raw}”为“${grade}”，请在 ${lo}–${hi} 分之间评分`, `Row ${row} is "${grade}": enter a score between ${lo} and ${hi}`, { ...loc, field: 'score' }));
    } else if (!Number.isFinite(entered) || entered < lo - 1e-9 || entered > hi + 1e-9 || (grade !== '达成' && entered >= hi - 1e-9 && hi < weight)) {
      findings.push(finding('selfeval.score-out-of-band', 'error', `第${row}行“${ind.name.raw}”为“${grade}”，得分应在 ${lo}–${hi} 分之间${grade !== '达成' ? '（不含上限）' : ''}，填写的是 ${a!.score!.raw}`, `Row ${row} is "${grade}": the score must be within ${lo}–${hi}; got ${a!.score!.raw}`, { ...loc, field: 'score' }));
    } else {
      score = round2(entered);
      exactTotal += entered;
    }
    if (grade !== '达成' && !a?.reason?.raw.trim()) {
      findings.push(finding('selfeval.gap-reason-missing', 'error', `第${row}行“${ind.name.raw}”${grade}，须填写偏差原因`, `Row ${row} "${ind.name.raw}" is ${grade}; explain why`, { ...loc, field: 'reason' }));
    }
    scores.push({ ...base, score, method: '定性', grade, band: [lo, hi] });
  });

  const total = round2(exactTotal);
  return { execution, indicators: scores, total, grade: gradeOf(total, p), findings };
}
