/**
 * Units that do not fit what is measured (issue 24): a rate whose value is not a share
 * (`检测及时率 ≤7工作日`, `签约率 24694人`), a unit column that contradicts the unit written in
 * the value (`28.8万元` with 计量单位 `%`), an amount measured in %, and a self-evaluation's
 * actual in a unit that does not convert to its target's (`100%` → `1000件`).
 */
import { conversionExponent, readActual } from '../scoring/target-comparison.ts';
import { normaliseUnit } from '../value/indicator-value.ts';
import { filedIndicators, indicatorLocation, rowLabel } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

const KINDS = ['dept-overall', 'project', 'self-eval'] as const;

const SHARE_UNITS = new Set(['%', '‰', '百分点']);

export const rateNotShare = defineRule<{ rateWords: string[] }>({
  code: 'value.rate-not-share',
  title: { zh: '比率不是占比', en: 'Rate that is not a share' },
  paramNames: { rateWords: { zh: '比率用词', en: 'rate words' } },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: { rateWords: ['率', '比例', '占比'] },
  description: {
    zh: '名称以“率”“比例”“占比”（rateWords）结尾的指标，指标值应为百分比（如“≥95%”），不应是人数、天数等其他单位。',
    en: 'An indicator whose name ends in 率/比例/占比 (`rateWords`) has a share as its value ("≥95%"), not a count of people, days or the like.',
  },
  check(table, { params }) {
    const out: FindingDraft[] = [];
    const words = params.rateWords.join('|');
    const rate = new RegExp(`(${words})\\s*([（(][^）)]*[）)])?\\s*$`);
    for (const { ind, row, values } of filedIndicators(table)) {
      if (!rate.test(ind.name.raw.trim())) continue;
      for (const { field, v } of values) {
        if (!v.quantitative || v.unit === null || SHARE_UNITS.has(v.unit) || v.unitFrom === 'name') continue;
        const r = rowLabel(ind, row);
        out.push({
          message: {
            zh: `${r.zh}是比率类指标，指标值“${v.raw.trim()}”的单位却是“${v.unitRaw ?? v.unit}”，应为百分比。`,
            en: `${r.en} is a rate, but its value "${v.raw.trim()}" is in "${v.unitRaw ?? v.unit}"; a rate is a percentage.`,
          },
          location: indicatorLocation(ind, row, field),
        });
      }
    }
    return out;
  },
});

/** The unit a value cell writes itself (`28.8万元` → 万元), whatever the unit column says. */
function unitInText(raw: string): string | null {
  const m = /\d\s*([%％‰]|[\u4e00-\u9fff][\u4e00-\u9fff/／·*]*)\s*$/.exec(raw.trim());
  return m ? normaliseUnit(m[1]!) : null;
}

export const unitColumnMismatch = defineRule({
  code: 'value.unit-column-mismatch',
  title: { zh: '计量单位与单位栏不符', en: 'Unit against the unit column' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '计量单位栏与指标值中写明的单位应一致（如指标值“28.8万元”而计量单位栏填“%”）。',
    en: 'The unit column agrees with the unit written in the value (not "28.8万元" with the unit column "%").',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const col = ind.unitColumn?.raw.trim();
      if (!col) continue;
      const inText = unitInText(ind.value.raw);
      if (!inText) continue;
      const colUnit = normaliseUnit(col);
      if (conversionExponent(inText, colUnit) !== null) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}的指标值“${ind.value.raw.trim()}”单位为“${inText}”，计量单位栏却填“${col}”。`,
          en: `${r.en}: the value "${ind.value.raw.trim()}" is in "${inText}" but the unit column says "${col}".`,
        },
        location: indicatorLocation(ind, row, 'unitColumn'),
      });
    }
    return out;
  },
});

export const percentOnAmount = defineRule<{ amountWords: string[] }>({
  code: 'value.percent-on-amount',
  title: { zh: '金额写成百分比', en: 'Percentage on an amount' },
  paramNames: { amountWords: { zh: '金额用词', en: 'amount words' } },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: { amountWords: ['金额', '资金', '经费', '费用', '成本', '投入', '补助', '补贴', '预算'] },
  description: {
    zh: '名称以金额类词语（amountWords：金额、资金、经费、成本……）结尾的指标是金额，单位应为元或万元，而不是“%”。',
    en: 'An indicator whose name ends in a word for money (`amountWords`: 金额, 资金, 经费, 成本 …) is an amount in 元 or 万元, not in %.',
  },
  check(table, { params }) {
    const out: FindingDraft[] = [];
    const amount = new RegExp(`(${params.amountWords.join('|')})\\s*([（(][^）)]*[）)])?\\s*$`);
    for (const { ind, row, values } of filedIndicators(table)) {
      if (!amount.test(ind.name.raw.trim())) continue;
      for (const { field, v } of values) {
        if (!v.quantitative || v.unit !== '%' || Number(v.number) <= 100) continue;
        const r = rowLabel(ind, row);
        out.push({
          message: {
            zh: `${r.zh}是金额，指标值“${v.raw.trim()}”却以“%”计，应以元或万元计。`,
            en: `${r.en} is an amount, but its value "${v.raw.trim()}" is in %; amounts are in 元 or 万元.`,
          },
          location: indicatorLocation(ind, row, field),
        });
      }
    }
    return out;
  },
});

export const actualUnitMismatch = defineRule({
  code: 'selfeval.actual-unit-mismatch',
  title: { zh: '实际完成值单位不符', en: 'Actual value in another unit' },
  kinds: ['self-eval'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '自评表的实际完成值应与目标值同一单位（或可换算，如元与万元），不能目标以“%”计而完成值以“件”计。',
    en: "A self-evaluation's actual is in its target's unit (or one that converts, such as 元 and 万元), not a target in % with an actual in pieces.",
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (!ind.value.quantitative || !ind.actual?.raw.trim()) continue;
      const reading = readActual(ind.value, ind.actual.raw, ind.name.raw);
      if (reading.kind !== 'unit-mismatch') continue;
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}目标值“${ind.value.raw.trim()}”以“${reading.targetUnit}”计，实际完成值“${ind.actual.raw.trim()}”却以“${reading.actualUnit}”计，无法比较。`,
          en: `${r.en}: the target "${ind.value.raw.trim()}" is in "${reading.targetUnit}" but the actual "${ind.actual.raw.trim()}" is in "${reading.actualUnit}"; they cannot be compared.`,
        },
        location: indicatorLocation(ind, row, 'actual'),
      });
    }
    return out;
  },
});

export const UNIT_RULES = [rateNotShare, unitColumnMismatch, percentOnAmount, actualUnitMismatch];
