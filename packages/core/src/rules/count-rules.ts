/**
 * The minimum-count rules of the filing footnote (domain.md §3.1): at least 5 indicators, at
 * least 2 quantitative 产出, at least 1 quantitative 成本, at least 1 效益 and 1 满意度.
 * Counting uses the 三级 rows with a name; "quantitative" is a comparison with a number
 * (IndicatorValue.quantitative). For a project the 当年度 value is the one that counts.
 */
import type { Level1Name } from '../framework/indicator-framework.ts';
import type { TargetTable } from '../model/target-table.ts';
import { namedIndicators } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

const KINDS = ['dept-overall', 'project', 'self-eval'] as const;

function countUnder(table: TargetTable, level1: Level1Name, quantitativeOnly: boolean): number {
  let n = 0;
  for (const { ind } of namedIndicators(table)) {
    if (ind.level1.name !== level1) continue;
    if (quantitativeOnly && !ind.value.quantitative) continue;
    n++;
  }
  return n;
}

function tableLevel(field: string): FindingDraft['location'] {
  return { section: 'indicators', field };
}

export const indicatorsTotalMin = defineRule<{ min: number }>({
  code: 'indicators.total-min',
  title: { zh: '绩效指标总数', en: 'Number of indicators' },
  paramNames: { min: { zh: '最少指标数', en: 'minimum indicators' } },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: { min: 5 },
  description: {
    zh: '绩效指标（三级指标）的填报数量不少于规定个数（默认 5 个）。',
    en: 'The table has at least the required number of level-3 indicators (default 5).',
  },
  describe: (p) => ({ zh: `绩效指标（三级指标）的填报数量不少于 ${p.min} 个。`, en: `The table has at least ${p.min} level-3 indicators.` }),
  check(table, { params }) {
    const n = namedIndicators(table).length;
    if (n >= params.min) return [];
    return [
      {
        message: {
          zh: `绩效指标只有 ${n} 个，少于规定的 ${params.min} 个。`,
          en: `Only ${n} indicators; at least ${params.min} are required.`,
        },
        location: tableLevel('indicators'),
      },
    ];
  },
});

function minRule(opts: {
  code: string;
  level1: Level1Name;
  quantitative: boolean;
  min: number;
  zhName: string;
  enName: string;
  title: { zh: string; en: string };
}) {
  const what = opts.quantitative ? { zh: '量化指标', en: 'quantitative indicators' } : { zh: '指标', en: 'indicators' };
  return defineRule<{ min: number }>({
    code: opts.code,
    kinds: KINDS,
    defaultSeverity: 'error',
    defaultParams: { min: opts.min },
    title: opts.title,
    paramNames: { min: { zh: `最少${what.zh}数`, en: `minimum ${what.en}` } },
    description: {
      zh: `${opts.zhName}中${what.zh}个数不少于规定个数（默认 ${opts.min} 个）${opts.quantitative ? '；量化指标指带比较符号（≥＞＝＜≤）和数值的指标' : ''}。`,
      en: `At least the required number (default ${opts.min}) of ${what.en} under ${opts.enName}${opts.quantitative ? '; quantitative means a comparison sign with a number' : ''}.`,
    },
    describe: (p) => ({
      zh: `${opts.zhName}中${what.zh}个数不少于 ${p.min} 个${opts.quantitative ? '；量化指标指带比较符号（≥＞＝＜≤）和数值的指标' : ''}。`,
      en: `At least ${p.min} ${what.en} under ${opts.enName}${opts.quantitative ? '; quantitative means a comparison sign with a number' : ''}.`,
    }),
    check(table, { params }) {
      const n = countUnder(table, opts.level1, opts.quantitative);
      if (n >= params.min) return [];
      return [
        {
          message: {
            zh: `${opts.zhName}中${what.zh}有 ${n} 个，应不少于 ${params.min} 个。`,
            en: `${opts.enName} has ${n} ${what.en}; at least ${params.min} required.`,
          },
          location: tableLevel(`indicators.${opts.level1}`),
        },
      ];
    },
  });
}

export const outputQuantitativeMin = minRule({
  code: 'output.quantitative-min',
  title: { zh: '产出量化指标数', en: 'Quantitative output indicators' },
  level1: '产出指标',
  quantitative: true,
  min: 2,
  zhName: '产出指标',
  enName: 'Output',
});

export const costQuantitativeMin = minRule({
  code: 'cost.quantitative-min',
  title: { zh: '成本量化指标数', en: 'Quantitative cost indicators' },
  level1: '成本指标',
  quantitative: true,
  min: 1,
  zhName: '成本指标',
  enName: 'Cost',
});

export const benefitMin = minRule({
  code: 'benefit.min',
  title: { zh: '效益指标数', en: 'Benefit indicators' },
  level1: '效益指标',
  quantitative: false,
  min: 1,
  zhName: '效益指标',
  enName: 'Benefit',
});

export const satisfactionMin = minRule({
  code: 'satisfaction.min',
  title: { zh: '满意度指标数', en: 'Satisfaction indicators' },
  level1: '满意度指标',
  quantitative: false,
  min: 1,
  zhName: '满意度指标',
  enName: 'Satisfaction',
});

export const COUNT_RULES = [indicatorsTotalMin, outputQuantitativeMin, costQuantitativeMin, benefitMin, satisfactionMin];
