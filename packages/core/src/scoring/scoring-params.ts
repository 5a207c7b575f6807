/**
 * Parameters of self-evaluation scoring and monitoring lights. Defaults follow domain.md §5 and
 * §6 (财预〔2020〕10号 and one vendor's monitoring rules); a rule set may override any of them.
 *
 * Where 成本 counts: the 10/50/30/10 split predates the 2021 tree, when 成本 sat under 产出. We
 * keep 成本 inside the 产出 share by default (`costShare: 'output'`): 产出 and 成本 indicators
 * together share the 50 points. A rule set may instead give 成本 its own weight
 * (`costShare: 'own'` with `weights.cost`).
 */

import { DEFAULT_RULE_SET, resolveRuleSet, type RuleSetDefinition } from '../rules/rule-set.ts';

export type Grade = '优' | '良' | '中' | '差';

export interface ScoringParams {
  weights: { execution: number; output: number; benefit: number; satisfaction: number; cost: number };
  costShare: 'output' | 'own';
  /** Execution score: `linear` = weight × rate, capped; `steps` = 江西 step function. */
  executionFormula: 'linear' | 'steps';
  /** Below this execution rate (%) a reason is required. */
  executionReasonBelow: number;
  /** At or above this ratio of actual to target (%) an explanation is required (广西's 130%, domain.md §6.3). */
  overAchievementAt: number;
  /**
   * 反向 (≤, ＜) indicators missed: `deviation` = weight × (1 − (B − A) ÷ A), 0 at B ≥ 2A (the
   * vendor rule, domain.md §6.3 [V-impl]); `ratio` = weight × A ÷ B (the provincial form quoted by
   * doczj, domain.md §6.3 [V-sec]). A = target, B = actual.
   */
  reverseFormula: 'deviation' | 'ratio';
  /**
   * Results far above a 正向 target (10号: 指标值明显偏低的，按偏离度适度调减分值, domain.md §6.3
   * [K]): with `per-point`, every percentage point of actual ÷ target beyond `overAchievementAt`
   * takes `perPoint` of the weight off, at most `max` of it; `none` never reduces.
   */
  farAbove: { deduction: 'per-point' | 'none'; perPoint: number; max: number };
  /**
   * Weights the unit entered (权重): kept as entered; they must add up to each 一级's share
   * (`per-level1`, 10号's 50/30/10 and domain.md §2.5: 三级 rows add up to their 一级) or only to
   * the indicators' total (`total`, as 青神 2023 spreads 90 over two rows). When they do not, a
   * finding says so; they are never rescaled silently.
   */
  unitWeights: 'per-level1' | 'total';
  /** Qualitative bands as fractions of the weight: [min, max]. */
  bands: { achieved: [number, number]; partly: [number, number]; notAchieved: [number, number] };
  /** Grade thresholds (total score at or above). */
  grades: { excellent: number; good: number; fair: number };
}

export interface MonitoringParams {
  /** Progress (%) thresholds for a 正向 indicator: below red → red, below yellow → yellow, at/above blue → blue. */
  indicator: { red: number; yellow: number; blue: number };
  /** Execution progress (%) thresholds. */
  execution: { red: number; yellow: number };
  /** Pro-rate targets by month only for additive units; a rate (%) is compared as it stands. */
  prorateUnits: 'additive' | 'all';
}

export const DEFAULT_SCORING: ScoringParams = {
  weights: { execution: 10, output: 50, benefit: 30, satisfaction: 10, cost: 0 },
  costShare: 'output',
  executionFormula: 'linear',
  executionReasonBelow: 90,
  overAchievementAt: 130,
  reverseFormula: 'deviation',
  farAbove: { deduction: 'per-point', perPoint: 0.01, max: 0.2 },
  unitWeights: 'per-level1',
  bands: { achieved: [0.8, 1], partly: [0.6, 0.8], notAchieved: [0, 0.6] },
  grades: { excellent: 90, good: 80, fair: 60 },
};

export const DEFAULT_MONITORING: MonitoringParams = {
  indicator: { red: 60, yellow: 80, blue: 120 },
  execution: { red: 60, yellow: 80 },
  prorateUnits: 'additive',
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge<T extends object>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    const b = (base as Record<string, unknown>)[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? merge(b as object, v as object) : v;
  }
  return out as T;
}

export function scoringParams(over?: DeepPartial<ScoringParams>): ScoringParams {
  return merge(DEFAULT_SCORING, over);
}

export function monitoringParams(over?: DeepPartial<MonitoringParams>): MonitoringParams {
  return merge(DEFAULT_MONITORING, over);
}

/** The scoring and monitoring parameters of a rule set (its `scoring` / `monitoring` blocks over the defaults). */
export function ruleSetParams(ref: string | RuleSetDefinition = DEFAULT_RULE_SET): { scoring: ScoringParams; monitoring: MonitoringParams } {
  const r = resolveRuleSet(ref);
  return { scoring: scoringParams(r.scoring as DeepPartial<ScoringParams>), monitoring: monitoringParams(r.monitoring as DeepPartial<MonitoringParams>) };
}

export type { DeepPartial };
