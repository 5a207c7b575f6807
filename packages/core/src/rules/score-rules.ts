/**
 * Weights (权重/分值) and scores (得分) as filed, the checks a reviewer does by hand (issue 24):
 * weights that do not add up to the full score, one indicator carrying most of the weight, a
 * score above its weight, a missed target scored in full. Weights and scores are read as written
 * (`10`, `10.00`, `8分`); arithmetic is on hundredths of a point, so `8.5 + 1.5` is exactly 10.
 */
import type { Indicator, TargetTable } from '../model/target-table.ts';
import { meetsTarget, readActual } from '../scoring/target-comparison.ts';
import { filedIndicators, indicatorLocation, namedIndicators, rowLabel } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

const KINDS = ['dept-overall', 'project', 'self-eval'] as const;

/** A weight or score in hundredths of a point, or null when the text is not a plain number of points. */
export function points(raw: string | undefined): number | null {
  const m = /^\s*(\d{1,4}(?:\.\d{1,2})?)\s*分?\s*$/.exec(raw ?? '');
  if (!m) return null;
  const [int, frac = ''] = m[1]!.split('.');
  return Number(int) * 100 + Number(frac.padEnd(2, '0'));
}

const shown = (hundredths: number): string => String(hundredths / 100);

/** Weights of the execution block (预算执行率 10 分), in hundredths, when the form has one. */
function executionWeight(table: TargetTable): number {
  if (table.kind !== 'self-eval') return 0;
  return table.execution.reduce((s, l) => s + (points(l.weight.raw) ?? 0), 0);
}

export const weightsSum = defineRule<{ total: number; executionWeight: number }>({
  code: 'score.weights-sum',
  title: { zh: '权重合计', en: 'Weights add up' },
  paramNames: { total: { zh: '权重合计（分）', en: 'total weight' }, executionWeight: { zh: '预算执行率权重（分）', en: 'execution weight' } },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: { total: 100, executionWeight: 10 },
  description: {
    zh: '各指标的权重（分值）合计应为满分 total（默认 100，自评表含预算执行率分值）；预算执行率的分值（executionWeight，默认 10）未在表中单列时，指标权重合计为 total − executionWeight 也算相符。仅在每个指标都填了数值权重时检查。',
    en: 'The weights (分值) add up to the full score `total` (100, a self-evaluation\'s budget-execution points included); where the execution points (`executionWeight`, 10) are not on the table, indicator weights adding up to total − executionWeight also agree. Checked only when every indicator has a numeric weight.',
  },
  check(table, { params }) {
    const rows = namedIndicators(table);
    const weights = rows.map((r) => points(r.ind.weight?.raw));
    if (rows.length < 2 || weights.some((w) => w === null)) return [];
    const sum = (weights as number[]).reduce((s, w) => s + w, 0);
    const exec = executionWeight(table);
    const total = params.total * 100;
    // Forms that keep 10 points for budget execution (财预〔2020〕10号) weigh the indicators 90.
    const agrees = sum + exec === total || (exec === 0 && sum === total - params.executionWeight * 100);
    if (agrees) return [];
    const first = rows[0]!;
    const execText = exec ? `，另有预算执行率分值 ${shown(exec)}` : '';
    const execEn = exec ? ` plus ${shown(exec)} for budget execution` : '';
    return [
      {
        message: {
          zh: `各指标权重（分值）合计为 ${shown(sum)}${execText}，应为 ${params.total}。`,
          en: `The weights add up to ${shown(sum)}${execEn}; they should add up to ${params.total}.`,
        },
        location: indicatorLocation(first.ind, first.row, 'weight'),
      },
    ];
  },
});

export const weightTooLarge = defineRule<{ max: number }>({
  code: 'score.weight-too-large',
  title: { zh: '单项权重过大', en: 'Weight too large' },
  paramNames: { max: { zh: '单项最大权重（分）', en: 'largest weight' } },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: { max: 50 },
  description: {
    zh: '单个三级指标的权重（分值）不应达到 max（默认 50）：一个指标占去一半以上分值，其他指标形同虚设。',
    en: 'No single indicator carries a weight of `max` (50) or more: one indicator would decide the score alone.',
  },
  check(table, { params }) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of namedIndicators(table)) {
      const w = points(ind.weight?.raw);
      if (w === null || w < params.max * 100) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: { zh: `${r.zh}的权重为 ${shown(w)}，单个指标权重不应达到 ${params.max}。`, en: `${r.en} has a weight of ${shown(w)}; no single indicator should weigh ${params.max} or more.` },
        location: indicatorLocation(ind, row, 'weight'),
      });
    }
    return out;
  },
});

export const scoreExceedsWeight = defineRule({
  code: 'score.exceeds-weight',
  title: { zh: '得分超过权重', en: 'Score above its weight' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '指标得分不能大于其权重（分值）。',
    en: 'A score is never larger than its weight.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const w = points(ind.weight?.raw);
      const s = points(ind.score?.raw);
      if (w === null || s === null || s <= w) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: { zh: `${r.zh}得分 ${shown(s)} 大于其分值 ${shown(w)}。`, en: `${r.en} scores ${shown(s)}, more than its weight ${shown(w)}.` },
        location: indicatorLocation(ind, row, 'score'),
      });
    }
    return out;
  },
});

/** Whether the row's quantitative target was measurably missed by its actual. */
function missed(ind: Indicator): { target: string; actual: string } | null {
  const v = ind.value;
  if (!v.quantitative || v.operator === null || v.number === null || !ind.actual?.raw.trim()) return null;
  const reading = readActual(v, ind.actual.raw, ind.name.raw);
  if (reading.kind !== 'measured') return null;
  return meetsTarget(v.operator, Number(v.number), reading.value) ? null : { target: v.raw.trim(), actual: ind.actual.raw.trim() };
}

export const fullScoreDespiteMiss = defineRule({
  code: 'score.full-despite-miss',
  title: { zh: '未完成却得满分', en: 'Full score despite a miss' },
  kinds: ['self-eval'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '实际完成值未达到目标值的指标不应得满分（按财预〔2020〕10号，未完成的按完成比例计分）。',
    en: 'An indicator whose actual misses its target does not get its full weight (under the 2020 rules a miss scores in proportion).',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const w = points(ind.weight?.raw);
      const s = points(ind.score?.raw);
      if (w === null || s === null || w === 0 || s !== w) continue;
      const m = missed(ind);
      if (!m) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}目标为“${m.target}”，实际完成“${m.actual}”未达到，却得满分 ${shown(s)}。`,
          en: `${r.en} missed its target "${m.target}" (actual "${m.actual}") but scores its full weight ${shown(s)}.`,
        },
        location: indicatorLocation(ind, row, 'score'),
      });
    }
    return out;
  },
});

export const scoreMissing = defineRule({
  code: 'score.missing',
  title: { zh: '得分未填写', en: 'Score missing' },
  kinds: ['self-eval'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '自评表中填了权重（分值）的指标应填写实际完成值和得分；分值都填了而完成值、得分空着，自评没有做完。',
    en: 'A self-evaluation row with a weight has its actual and its score; weights filled in with actuals and scores left blank is a self-evaluation not done.',
  },
  check(table) {
    const blank = namedIndicators(table).filter(({ ind }) => points(ind.weight?.raw) !== null && !ind.score?.raw.trim() && !ind.actual?.raw.trim());
    if (blank.length === 0) return [];
    const first = blank[0]!;
    const rows = blank.map((r) => r.row).join('、');
    return [
      {
        message: {
          zh: `第${rows}行填了分值，实际完成值和得分却都空着。`,
          en: `Rows ${rows} have a weight but neither an actual nor a score.`,
        },
        location: indicatorLocation(first.ind, first.row, 'score'),
      },
    ];
  },
});

export const SCORE_RULES = [weightsSum, weightTooLarge, scoreExceedsWeight, fullScoreDespiteMiss, scoreMissing];
