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
import type { IndicatorValue, Operator } from '../value/indicator-value.ts';
import { scoringParams, type DeepPartial, type Grade, type ScoringParams } from './scoring-params.ts';
import { actualFinding, directionOf, meetsTarget, readActual, type ActualReading } from './target-comparison.ts';

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
  /** Quantitative: whether the target was met (the comparison monitoring uses too). */
  met?: boolean;
  /** Points taken off a result far above its target (`farAbove`). */
  deduction?: number;
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

/** Weights entered by the unit: a number at or above 0, or absent; anything else is a finding. */
function enteredWeight(a: IndicatorActual | undefined): number | null | 'invalid' {
  const raw = a?.weight?.raw.trim() ?? '';
  if (!raw) return null;
  const n = Number(raw.replace(/分$/, ''));
  return Number.isFinite(n) && n >= 0 ? n : 'invalid';
}

const SHARE_ZH: Record<string, string> = { output: '产出指标', benefit: '效益指标', satisfaction: '满意度指标', cost: '成本指标', total: '绩效指标' };

/**
 * Weight of each indicator (domain.md §2.5, §6.1): with no weight entered, its 一级 share split
 * evenly. Weights the unit entered are kept as entered — never rescaled — and must add up to the
 * share (`unitWeights`); when they do not, or only some rows carry one, a finding says so and the
 * rows without a weight share what is left of the share.
 */
function weightsFor(indicators: Indicator[], actuals: Map<string, IndicatorActual>, p: ScoringParams, rowOf: Map<string, number>): { weights: Map<string, number>; findings: Finding[] } {
  const findings: Finding[] = [];
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

  const entered = new Map<string, number | null>();
  for (const inds of groups.values()) {
    for (const i of inds) {
      const w = enteredWeight(actuals.get(i.id));
      if (w === 'invalid') {
        const row = rowOf.get(i.id)!;
        findings.push(finding('selfeval.weight-invalid', 'error', `第${row}行“${i.name.raw}”的权重“${actuals.get(i.id)!.weight!.raw}”不是数值`, `Row ${row} "${i.name.raw}": the weight "${actuals.get(i.id)!.weight!.raw}" is not a number`, { indicatorId: i.id, row, field: 'weight' }));
      }
      entered.set(i.id, typeof w === 'number' ? w : null);
    }
  }
  const anyEntered = [...entered.values()].some((w) => w !== null);
  // The pools the unit's weights must fill: each 一级 share, or the indicators' total.
  const pools = new Map<string, { share: number; inds: Indicator[] }>();
  if (anyEntered && p.unitWeights === 'total') pools.set('total', { share: totalShare, inds: [...groups.values()].flat() });
  else for (const [k, inds] of groups) pools.set(k, { share: shares[k as keyof typeof shares] * scale, inds });

  const computed = new Map<string, number>();
  const kept = new Map<string, number>();
  const unweighted: Indicator[] = [];
  for (const [pool, { share, inds }] of pools) {
    const given = inds.filter((i) => entered.get(i.id) !== null);
    const missing = inds.filter((i) => entered.get(i.id) === null);
    const sum = given.reduce((s, i) => s + entered.get(i.id)!, 0);
    for (const i of given) kept.set(i.id, entered.get(i.id)!);
    const left = share - sum;
    if (given.length > 0 && (missing.length === 0 ? Math.abs(left) > 0.005 : left < -0.005)) {
      const rows = given.map((i) => rowOf.get(i.id)).join('、');
      findings.push(
        finding(
          'selfeval.weights-sum',
          'error',
          `${SHARE_ZH[pool]}填写的权重合计 ${round2(sum)} 分（第${rows}行），应为 ${round2(share)} 分；权重按填写的计分，不作调整，请改正`,
          `The weights entered for ${pool} add up to ${round2(sum)} (rows ${rows}); they must add up to ${round2(share)}. They are scored as entered, not rescaled: correct them`,
          { field: 'weight' },
        ),
      );
    }
    for (const i of missing) computed.set(i.id, missing.length > 0 ? Math.max(0, left) / missing.length : 0);
    if (anyEntered) unweighted.push(...missing);
  }
  if (unweighted.length > 0) {
    const rows = unweighted.map((i) => rowOf.get(i.id)).join('、');
    findings.push(
      finding(
        'selfeval.weights-partial',
        'warning',
        `只有部分指标填写了权重：第${rows}行没有权重，按所在${p.unitWeights === 'total' ? '绩效指标' : '一级指标'}剩余的分值平均分配；请为每个指标填写权重或全部留空`,
        `Only some indicators have a weight: rows ${rows} have none and share what is left of their ${p.unitWeights === 'total' ? 'indicators\' total' : '一级 share'} evenly; enter a weight on every row or on none`,
        { field: 'weight' },
      ),
    );
  }
  const weights = roundToTotal(computed);
  for (const [id, w] of kept) weights.set(id, w);
  return { weights, findings };
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

/**
 * Scores a quantitative indicator (domain.md §6.3) from the shared comparison of target and
 * actual (target-comparison.ts): met → the weight (less the far-above deduction of a 正向 target);
 * missed → 正向 weight × actual ÷ target, 反向 by `reverseFormula`, ＝0 → 0. A missed target never
 * scores its full weight: at a strict target's boundary (＜800 with 800) the continuous formulas
 * would give the weight, so a miss is held one hundredth (the printed step) below it.
 */
export function scoreQuantitative(
  op: Operator,
  target: number,
  actual: number,
  weight: number,
  p: Pick<ScoringParams, 'reverseFormula' | 'farAbove' | 'overAchievementAt'> = scoringParams(),
): { score: number; method: IndicatorScore['method']; met: boolean; deduction?: number } {
  const direction = directionOf(op, target);
  const method: IndicatorScore['method'] = op === '＝' ? '等于' : direction;
  if (meetsTarget(op, target, actual)) {
    if (direction === '正向' && target > 0 && p.farAbove.deduction === 'per-point') {
      const ratio = (actual / target) * 100;
      if (ratio > p.overAchievementAt) {
        const cut = Math.min(p.farAbove.max, (ratio - p.overAchievementAt) * p.farAbove.perPoint);
        return { score: weight * (1 - cut), method, met: true, deduction: weight * cut };
      }
    }
    return { score: weight, method, met: true };
  }
  let score: number;
  if (direction === '正向') score = target > 0 ? (weight * actual) / target : 0;
  else if (target <= 0) score = 0;
  else if (p.reverseFormula === 'ratio') score = (weight * target) / actual;
  else score = actual >= 2 * target ? 0 : weight * (1 - (actual - target) / target);
  return { score: Math.max(0, Math.min(score, weight - 0.01)), method, met: false };
}

/** The score of one quantitative indicator from the actual as entered (null when it is not a measured value in a convertible unit). */
export function scoreActual(
  t: IndicatorValue,
  actualRaw: string,
  weight: number,
  p: ScoringParams = scoringParams(),
  indicatorName?: string,
): { reading: ActualReading; method: IndicatorScore['method'] } & ({ score: null } | { score: number; met: boolean; deduction?: number; ratio?: number }) {
  const targetN = Number(t.number);
  const reading = readActual(t, actualRaw, indicatorName);
  const op = t.operator ?? '＝';
  if (reading.kind !== 'measured') return { reading, method: op === '＝' ? '等于' : directionOf(op, targetN), score: null };
  const r = scoreQuantitative(op, targetN, reading.value, weight, p);
  return { reading, ...r, ...(targetN !== 0 ? { ratio: round2((reading.value / targetN) * 100) } : {}) };
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
  const rowOf = new Map(named.map((i, k) => [i.id, k + 1]));
  const { weights, findings: weightFindings } = weightsFor(named, actuals, p, rowOf);
  findings.push(...weightFindings);
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
      const r = scoreActual(t, actualRaw, exactWeight, p, ind.name.raw);
      const note = actualFinding(r.reading, t, actualRaw, { prefix: 'selfeval', field: 'actual', label: '实际完成值', row, indicatorId: ind.id, name: ind.name.raw });
      if (note) findings.push(note);
      if (r.score === null) {
        // Not a measured value, or in a unit that does not convert: not scored, never met.
        scores.push({ ...base, score: null, method: r.method });
        return;
      }
      const { score, method, met, deduction, ratio } = r;
      const targetN = Number(t.number);
      exactTotal += score;
      scores.push({ ...base, score: round2(score), method, met, ...(ratio !== undefined ? { ratio } : {}), ...(deduction ? { deduction: round2(deduction) } : {}) });
      if (!met && !a?.reason?.raw.trim()) {
        findings.push(finding('selfeval.gap-reason-missing', 'error', `第${row}行“${ind.name.raw}”未完成目标（目标 ${t.raw}，实际 ${actualRaw}），须填写偏差原因`, `Row ${row} "${ind.name.raw}" missed its target (${t.raw}, actual ${actualRaw}); explain why`, { ...loc, field: 'reason' }));
      }
      if (met && directionOf(t.operator, targetN) === '正向' && ratio !== undefined && ratio >= p.overAchievementAt && !a?.reason?.raw.trim()) {
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
