/**
 * Rules on indicator values (domain.md §2, §8 #1–4, #6, #8, #9): missing values, non-standard
 * operators, "1" meaning 100%, rates written as words, missing units, placeholders, vague
 * phrases, operators against the indicator's direction.
 */
import type { Indicator, TargetTable } from '../model/target-table.ts';
import { standardiseOperator, unitFromName, type IndicatorValue } from '../value/indicator-value.ts';
import { filedIndicators, indicatorLocation, isMultiYear, rowLabel, valueFieldLabel } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';
import { isScaffoldName } from './template-rules.ts';

const KINDS = ['dept-overall', 'project', 'self-eval'] as const;

type ValueVisitor = (args: {
  table: TargetTable;
  ind: Indicator;
  row: number;
  field: 'value' | 'periodValue';
  v: IndicatorValue;
  out: FindingDraft[];
}) => void;

function eachValue(table: TargetTable, visit: ValueVisitor): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const { ind, row, values } of filedIndicators(table)) {
    for (const { field, v } of values) visit({ table, ind, row, field, v, out });
  }
  return out;
}

function where(table: TargetTable, ind: Indicator, row: number, field: 'value' | 'periodValue') {
  const r = rowLabel(ind, row);
  const f = valueFieldLabel(table, field);
  return { zh: `${r.zh}的${f.zh}`, en: `${r.en}, ${f.en}` };
}

export const valueMissing = defineRule({
  code: 'indicator.value-missing',
  title: { zh: '指标值未填写', en: 'Value missing' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '每个三级指标须填写指标值；项目表须填写当年度指标值。',
    en: 'Every indicator has a value; a project table has the annual (当年度) value.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (!ind.name.raw.trim() || !ind.value.empty) continue;
      const w = where(table, ind, row, 'value');
      out.push({ message: { zh: `${w.zh}为空。`, en: `${w.en} is empty.` }, location: indicatorLocation(ind, row, 'value') });
    }
    return out;
  },
});

export const periodValueMissing = defineRule({
  code: 'indicator.period-value-missing',
  title: { zh: '实施期指标值未填写', en: 'Period value missing' },
  kinds: ['project'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '跨年度项目的每个指标须填写实施周期指标值。',
    en: 'A multi-year project fills the period (实施周期) value of every indicator.',
  },
  check(table) {
    if (!isMultiYear(table)) return [];
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (!ind.name.raw.trim() || (ind.periodValue && !ind.periodValue.empty)) continue;
      const w = where(table, ind, row, 'periodValue');
      out.push({ message: { zh: `${w.zh}为空。`, en: `${w.en} is empty.` }, location: indicatorLocation(ind, row, 'periodValue') });
    }
    return out;
  },
});

export const operatorNonstandard = defineRule({
  code: 'value.operator-nonstandard',
  title: { zh: '比较符号不规范', en: 'Non-standard operator' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '比较符号须使用标准符号 ≥ ＞ ＝ ＜ ≤；“》”“≧”“>=”“不低于”“以上”或代替“≥”的数字“2”等应改为标准符号。',
    en: 'Operators use the standard signs ≥ ＞ ＝ ＜ ≤; "》", "≧", ">=", "不低于", "以上" or a "2" standing for ≥ are replaced.',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      const to = standardiseOperator(v);
      if (!to) return;
      const w = where(table, ind, row, field);
      const digit2 = v.notes.includes('operator-digit-2');
      out.push({
        message: digit2
          ? { zh: `${w.zh}“${v.raw.trim()}”开头的“2”很可能是“≥”，应为“${to}”。`, en: `${w.en} "${v.raw.trim()}": the leading "2" most likely stands for ≥; should be "${to}".` }
          : { zh: `${w.zh}“${v.raw.trim()}”使用了非标准符号“${v.operatorRaw}”，应为“${to}”。`, en: `${w.en} "${v.raw.trim()}" uses the non-standard sign "${v.operatorRaw}"; should be "${to}".` },
        location: indicatorLocation(ind, row, field),
        fix: { field, from: v.raw, to, description: { zh: `改为“${to}”`, en: `Change to "${to}"` } },
      });
    });
  },
});

export const operatorMissing = defineRule({
  code: 'value.operator-missing',
  title: { zh: '缺少比较符号', en: 'Operator missing' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '量化指标值应带比较符号（≥ ＞ ＝ ＜ ≤）；只填数字时按“＝”理解。',
    en: 'A quantitative value carries its comparison sign; a bare number is read as ＝.',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (!v.notes.includes('operator-missing')) return;
      const w = where(table, ind, row, field);
      out.push({
        message: { zh: `${w.zh}“${v.raw.trim()}”没有比较符号，按“＝”理解；请确认是否应为“≥”或“≤”。`, en: `${w.en} "${v.raw.trim()}" has no comparison sign and is read as ＝; check whether ≥ or ≤ was meant.` },
        location: indicatorLocation(ind, row, field),
      });
    });
  },
});

const RATE_NAME = /(率|比例|占比|满意度|覆盖面)\s*([（(][^）)]*[）)])?\s*$/;

function percentImplied(ind: Indicator, v: IndicatorValue): boolean {
  if (v.unit === '%') return true;
  if (v.unit === null && RATE_NAME.test(ind.name.raw)) return true;
  return false;
}

export const percentAsFraction = defineRule({
  code: 'value.percent-as-fraction',
  title: { zh: '百分比写成小数', en: 'Percentage written as a fraction' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '百分比指标（单位为%，或名称为××率）的值在 0 到 1 之间，疑似把 100% 写成了 1。',
    en: 'A percentage (unit %, or a rate by name) with a value between 0 and 1: "1" probably means 100%.',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (!v.quantitative || v.number === null || !percentImplied(ind, v)) return;
      const n = Number(v.number);
      if (!(n > 0 && n <= 1)) return;
      const pct = String(Math.round(n * 1e6) / 1e4);
      const op = v.notes.includes('operator-missing') ? '' : (v.operator ?? '');
      const to = `${op}${pct}%`;
      const w = where(table, ind, row, field);
      out.push({
        message: { zh: `${w.zh}为“${v.raw.trim()}”，百分比指标疑似把 ${pct}% 写成了 ${v.number}。`, en: `${w.en} is "${v.raw.trim()}": for a percentage this probably means ${pct}%.` },
        location: indicatorLocation(ind, row, field),
        fix: { field, from: v.raw, to, description: { zh: `改为“${to}”`, en: `Change to "${to}"` } },
      });
    });
  },
});

export const qualitativeRate = defineRule({
  code: 'value.qualitative-rate',
  title: { zh: '比率写成定性', en: 'Rate written as qualitative' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '名称为××率、比例的指标应填写数值（如“≥95%”），不能填写文字（如“及时”）。',
    en: 'A rate or ratio indicator takes a number (e.g. "≥95%"), not words (e.g. "及时").',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (v.empty || v.quantitative || v.notes.includes('placeholder')) return;
      if (!/(率|比例|占比)\s*([（(][^）)]*[）)])?\s*$/.test(ind.name.raw)) return;
      const w = where(table, ind, row, field);
      out.push({
        message: { zh: `${w.zh}是文字“${v.raw.trim()}”，比率类指标应填写数值，如“≥95%”。`, en: `${w.en} is the text "${v.raw.trim()}"; a rate needs a number such as "≥95%".` },
        location: indicatorLocation(ind, row, field),
      });
    });
  },
});

export const unitMissing = defineRule({
  code: 'value.unit-missing',
  title: { zh: '缺少计量单位', en: 'Unit missing' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '量化指标须有计量单位（写在指标值、计量单位栏或指标名称中，如“支出率(%)”）。',
    en: 'A quantitative value has a unit (in the value, the unit column, or the name as in "支出率(%)").',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (!v.quantitative || v.unit !== null) return;
      if (unitFromName(ind.name.raw)) return;
      // A rate with a fraction is reported by value.percent-as-fraction instead.
      const n = Number(v.number);
      if (RATE_NAME.test(ind.name.raw) && n > 0 && n <= 1) return;
      const w = where(table, ind, row, field);
      const finding: FindingDraft = {
        message: { zh: `${w.zh}“${v.raw.trim()}”没有计量单位。`, en: `${w.en} "${v.raw.trim()}" has no unit.` },
        location: indicatorLocation(ind, row, field),
      };
      if (RATE_NAME.test(ind.name.raw) && n > 1 && n <= 100) {
        const to = `${v.raw.trim()}%`;
        finding.fix = { field, from: v.raw, to, description: { zh: `补上“%”：“${to}”`, en: `Add "%": "${to}"` } };
      }
      out.push(finding);
    });
  },
});

export const placeholder = defineRule({
  code: 'value.placeholder',
  title: { zh: '指标值为占位符', en: 'Placeholder value' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '指标值不能是占位符或模板文字（如“**”“XX”“……”）。',
    en: 'A value is not a placeholder or template text ("**", "XX", "……").',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      // A scaffolding row of the template (指标2 / ……) is one defect, reported as indicator.scaffold-row.
      if (!v.notes.includes('placeholder') || isScaffoldName(ind.name.raw)) return;
      const w = where(table, ind, row, field);
      out.push({
        message: { zh: `${w.zh}“${v.raw.trim()}”是占位符，请填写实际目标值。`, en: `${w.en} "${v.raw.trim()}" is a placeholder; fill in the target.` },
        location: indicatorLocation(ind, row, field),
      });
    });
  },
});

const VAGUE_PHRASES = ['效果明显', '持续改善', '巩固提高', '进一步提高', '进一步提升', '明显改善', '有效促进', '不超预算', '符合相关规定', '参照政府采购', '逐步提高', '稳步提升', '有所提高', '有效提升', '得到提升', '显著提升'];

export const vague = defineRule<{ phrases: string[] }>({
  code: 'value.vague',
  title: { zh: '指标值含糊', en: 'Vague value' },
  paramNames: { phrases: { zh: '含糊用语', en: 'vague phrases' } },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: { phrases: VAGUE_PHRASES },
  description: {
    zh: '指标值不宜使用无法考核的模糊表述（如“效果明显”“持续改善”“不超预算”），能量化的应量化。',
    en: 'Values avoid vague phrases that cannot be assessed ("效果明显", "持续改善", "不超预算"); quantify where possible.',
  },
  check(table, { params }) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (v.quantitative || v.empty) return;
      const phrase = params.phrases.find((p) => v.raw.includes(p));
      if (!phrase) return;
      const w = where(table, ind, row, field);
      out.push({
        message: { zh: `${w.zh}“${v.raw.trim()}”是模糊表述（“${phrase}”），难以考核。`, en: `${w.en} "${v.raw.trim()}" is vague ("${phrase}") and cannot be assessed.` },
        location: indicatorLocation(ind, row, field),
      });
    });
  },
});

const HIGHER_IS_BETTER = /(合格率|完成率|覆盖率|满意度|达标率|运行率|及时率|验收率|知晓率|参与率|受益)/;
const LOWER_IS_BETTER = /(成本|单价|投诉|事故|超支|差错|发生率|死亡率|故障|损失)/;

export const directionMismatch = defineRule({
  code: 'value.direction-mismatch',
  title: { zh: '比较方向与指标相反', en: 'Operator against the direction' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '比较符号与指标方向相反：合格率、完成率、满意度等越高越好，应为“≥”；成本、单价、投诉、事故等越低越好，应为“≤”。',
    en: 'The operator contradicts the direction: completion or satisfaction rates take ≥; costs, unit prices, complaints take ≤.',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (!v.quantitative || !v.operator) return;
      const name = ind.name.raw;
      const w = where(table, ind, row, field);
      if (HIGHER_IS_BETTER.test(name) && !LOWER_IS_BETTER.test(name) && (v.operator === '≤' || v.operator === '＜')) {
        out.push({
          message: { zh: `${w.zh}“${v.raw.trim()}”：该指标越高越好，却用了“${v.operator}”。`, en: `${w.en} "${v.raw.trim()}": higher is better, but the sign is ${v.operator}.` },
          location: indicatorLocation(ind, row, field),
        });
      } else if (LOWER_IS_BETTER.test(name) && !HIGHER_IS_BETTER.test(name) && (v.operator === '≥' || v.operator === '＞')) {
        out.push({
          message: { zh: `${w.zh}“${v.raw.trim()}”：该指标越低越好，却用了“${v.operator}”。`, en: `${w.en} "${v.raw.trim()}": lower is better, but the sign is ${v.operator}.` },
          location: indicatorLocation(ind, row, field),
        });
      }
    });
  },
});

export const geHundredPercent = defineRule({
  code: 'value.ge-100-percent',
  title: { zh: '≥100% 应写作 ＝100%', en: '≥100% should be ＝100%' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '“≥100%”实际等同于“＝100%”，应写作“＝100%”。',
    en: '"≥100%" behaves as "＝100%"; write "＝100%".',
  },
  check(table) {
    return eachValue(table, ({ ind, row, field, v, out }) => {
      if (v.operator !== '≥' || v.unit !== '%' || v.number !== '100') return;
      const w = where(table, ind, row, field);
      out.push({
        message: { zh: `${w.zh}“${v.raw.trim()}”：百分比不会超过 100%，应写作“＝100%”。`, en: `${w.en} "${v.raw.trim()}": a percentage cannot exceed 100%; write "＝100%".` },
        location: indicatorLocation(ind, row, field),
        fix: { field, from: v.raw, to: '＝100%', description: { zh: '改为“＝100%”', en: 'Change to "＝100%"' } },
      });
    });
  },
});

const MONEY_UNITS = new Set(['元', '万元', '亿元', '千元']);

export const moneyAsOutput = defineRule({
  code: 'indicator.money-as-output',
  title: { zh: '资金写作产出指标', en: 'Money as an output' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '产出指标不应以资金金额（元、万元）衡量：投入的资金不是产出，金额类指标应放在成本指标下。',
    en: 'Outputs are not measured in money (元, 万元): money put in is not an output; amounts belong under Cost.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (ind.level1.name !== '产出指标' || !ind.value.unit || !MONEY_UNITS.has(ind.value.unit)) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}以金额（${ind.value.raw.trim()}）作为产出指标；投入的资金不是产出，应改为实际产出的数量或放到成本指标下。`,
          en: `${r.en} measures an output in money (${ind.value.raw.trim()}); money put in is not an output — measure what is delivered, or move it under Cost.`,
        },
        location: indicatorLocation(ind, row, 'value'),
        suggestion: { zh: '移到“成本指标/经济成本指标”下', en: 'Move under Cost / Economic cost' },
      });
    }
    return out;
  },
});

const ADDITIVE_UNIT = /^(个|次|人|人次|家|项|件|场|篇|份|套|台|辆|户|亩|万亩|公里|座|所|期|批|元|万元)$/;

export const annualExceedsPeriod = defineRule({
  code: 'value.annual-exceeds-period',
  title: { zh: '年度值超过实施期值', en: 'Annual value above the period value' },
  kinds: ['project'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '跨年度项目中，数量类指标（个、次、人、万元等）的当年度指标值不应大于实施周期指标值。',
    en: 'In a multi-year project, an additive count (个, 次, 人, 万元 …) for the year is not larger than for the whole period.',
  },
  check(table) {
    if (!isMultiYear(table)) return [];
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const a = ind.value;
      const p = ind.periodValue;
      if (!p || !a.quantitative || !p.quantitative || a.number === null || p.number === null) continue;
      if (!a.unit || a.unit !== p.unit || !ADDITIVE_UNIT.test(a.unit)) continue;
      if (a.operator !== '≥' && a.operator !== '＝' && a.operator !== '＞') continue;
      if (Number(a.number) <= Number(p.number)) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}：当年度指标值 ${a.raw.trim()} 大于实施周期指标值 ${p.raw.trim()}，疑似把两者填反或把整期目标当作年度目标。`,
          en: `${r.en}: the annual value ${a.raw.trim()} exceeds the period value ${p.raw.trim()}; the two may be swapped.`,
        },
        location: indicatorLocation(ind, row, 'value'),
      });
    }
    return out;
  },
});

export const VALUE_RULES = [
  valueMissing,
  periodValueMissing,
  operatorNonstandard,
  operatorMissing,
  percentAsFraction,
  qualitativeRate,
  unitMissing,
  placeholder,
  vague,
  directionMismatch,
  geHundredPercent,
  moneyAsOutput,
  annualExceedsPeriod,
];
