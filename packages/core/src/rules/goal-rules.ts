/**
 * Goal rules (domain.md §8 #10, #12): every quantified aim in the overall goal has an indicator
 * that measures it; a multi-year project's 实施周期总目标 differs from its 当年度目标.
 */
import { proposeFromLibrary, starterLibrary } from '../library/indicator-library.ts';
import type { TargetTable } from '../model/target-table.ts';
import { parseExactDecimal, formatExactDecimal } from '../money/money.ts';
import { isMultiYear, namedIndicators } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';
import { formAsksFor } from '../form/table-form.ts';

/** A quantified aim found in goal text, e.g. 规上工业增加值增长3%. */
export interface GoalAim {
  /** The clause as written. */
  text: string;
  verb: string;
  number: string;
  unit: string;
  /** The words the aim is about (clause without verb, number and unit). */
  subject: string;
}

const AIM_VERBS = '增长|增加|提高|提升|下降|降低|减少|达到|新增|超过|不低于|不少于|控制在|完成|培育|建成|培训|覆盖';
const AIM_RE = new RegExp(`(${AIM_VERBS})\\s*(\\d+(?:\\.\\d+)?)\\s*(%|％|个百分点|个|家|次|人次|人|万元|亿元|元|项|户|公里|千米|亩|万亩|所|座|场|篇|件|套|台|辆|批|期|天|小时)?(以上|以内|左右)?`, 'g');
const CLAUSE_SPLIT = /[，,。；;！!？?\n]/;

/** Extracts the quantified aims of a goal text. */
export function extractGoalAims(goal: string): GoalAim[] {
  const aims: GoalAim[] = [];
  // Most goal texts carry no number at all: skip the clause scan for them.
  if (!/\d/.test(goal)) return aims;
  for (const clause of goal.split(CLAUSE_SPLIT)) {
    AIM_RE.lastIndex = 0;
    for (let m = AIM_RE.exec(clause); m; m = AIM_RE.exec(clause)) {
      const [whole, verb, num, unit = '', suffix = ''] = m;
      // 年 after a number is a date (2026年), not a quantity.
      if (!unit && /^\s*年/.test(clause.slice(m.index + whole.length))) continue;
      const dec = parseExactDecimal(num!);
      if (!dec) continue;
      const before = clause.slice(0, m.index).replace(/^(力争|确保|争取|实现|推动|促进|全年|年内|到|\d{4}年底?前?|，)+/g, '');
      const after = clause.slice(m.index + whole.length);
      const subject = `${before}${after}`.replace(/\d+(?:\.\d+)?/g, '').trim();
      aims.push({ text: `${before}${whole}${after}`.trim() + (suffix ? '' : ''), verb: verb!, number: formatExactDecimal(dec), unit: unit === '％' ? '%' : unit, subject });
    }
  }
  return aims;
}

const GENERIC_WORDS = /(完成|增长|新增|提高|提升|达到|工作|项目|情况|指标|以上|以内|数量|年度|全年|开展|推进|企业数)/g;

/** Longest common substring length (small strings; O(n·m)). */
function longestCommon(a: string, b: string): number {
  if (!a || !b) return 0;
  let best = 0;
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : 0;
      if (prev[j]! > best) best = prev[j]!;
      diag = tmp;
    }
  }
  return best;
}

/** An indicator measures an aim when it names the same thing (≥3 shared characters), or shares 2 and the same number. */
export function indicatorCoversAim(aim: GoalAim, indicatorName: string, indicatorNumber: string | null): boolean {
  return coversKeyed(aimKey(aim), nameKey(indicatorName), aim.number, indicatorNumber);
}

/** The words of an aim and of an indicator name that can match (generic words cut out). */
const aimKey = (aim: GoalAim) => aim.subject.replace(GENERIC_WORDS, '|');
const nameKeys = new Map<string, string>();
/** Indicator names repeat across a county's tables; their keys are kept (bounded) between checks. */
function nameKey(name: string): string {
  let k = nameKeys.get(name);
  if (k === undefined) {
    if (nameKeys.size > 10_000) nameKeys.clear();
    k = name.replace(/[（(][^）)]*[）)]/g, '').replace(GENERIC_WORDS, '|');
    nameKeys.set(name, k);
  }
  return k;
}

function coversKeyed(a: string, b: string, aimNumber: string, indicatorNumber: string | null): boolean {
  const common = longestCommon(a, b);
  if (common >= 3) return true;
  return common >= 2 && indicatorNumber === aimNumber;
}

function proposeIndicator(aim: GoalAim): { level1: string; level2: string; name: string; value: string } {
  const growth = /增长|增加|提高|提升|下降|降低|减少/.test(aim.verb);
  const subject = aim.subject.replace(/^(的|了)/, '') || aim.text;
  if (growth && (aim.unit === '%' || aim.unit === '个百分点')) {
    const down = /下降|降低|减少/.test(aim.verb);
    return { level1: '效益指标', level2: '经济效益指标', name: `${subject}${down ? '下降率' : '增长率'}(%)`, value: `≥${aim.number}%` };
  }
  return { level1: '产出指标', level2: '数量指标', name: `${subject}${aim.unit ? `(${aim.unit})` : ''}`, value: `≥${aim.number}${aim.unit}` };
}

function goalFields(table: TargetTable): Array<{ field: string; text: string; label: { zh: string; en: string } }> {
  if (table.kind === 'dept-overall') return [{ field: 'overallGoal', text: table.overallGoal.raw, label: { zh: '总体绩效目标', en: 'overall goal' } }];
  if (table.kind === 'project') {
    return [
      { field: 'annualGoal', text: table.annualGoal.raw, label: { zh: '当年度目标', en: 'annual goal' } },
      { field: 'periodGoal', text: table.periodGoal.raw, label: { zh: '实施周期总目标', en: 'period goal' } },
    ];
  }
  return [{ field: 'annualGoal', text: table.annualGoal.raw, label: { zh: '年度目标', en: 'annual goal' } }];
}

export const targetUncovered = defineRule({
  code: 'goal.target-uncovered',
  title: { zh: '目标未被指标覆盖', en: 'Goal not covered by indicators' },
  kinds: ['dept-overall', 'project'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '总体目标中有量化的目标（如“增长3%”“新增3家以上”），须有对应的绩效指标来衡量。',
    en: 'Every quantified aim in the goal text (e.g. "增长3%", "新增3家以上") is measured by an indicator.',
  },
  check(table, ctx) {
    const out: FindingDraft[] = [];
    const fields = goalFields(table).filter((g) => /\d/.test(g.text));
    if (fields.length === 0) return out;
    const inds = namedIndicators(table).map(({ ind }) => ({ key: nameKey(ind.name.raw), number: ind.value.number }));
    const seen = new Set<string>();
    for (const g of fields) {
      for (const aim of extractGoalAims(g.text)) {
        const key = `${aim.subject}|${aim.number}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const a = aimKey(aim);
        if (inds.some((i) => coversKeyed(a, i.key, aim.number, i.number))) continue;
        // From the library when an indicator there measures the same thing; otherwise built from the aim.
        const proposal = proposeFromLibrary(ctx.library ?? starterLibrary(), aim) ?? proposeIndicator(aim);
        out.push({
          message: {
            zh: `${g.label.zh}中的目标“${aim.text}”没有对应的绩效指标。`,
            en: `The aim "${aim.text}" in the ${g.label.en} has no indicator that measures it.`,
          },
          location: { section: 'goal', field: g.field },
          fix: {
            field: 'indicators',
            from: '',
            to: proposal.name,
            indicator: proposal,
            description: {
              zh: `增加指标 ${proposal.level1}/${proposal.level2}/${proposal.name}，指标值 ${proposal.value}`,
              en: `add the indicator ${proposal.level1}/${proposal.level2}/${proposal.name} = ${proposal.value}`,
            },
          },
        });
      }
    }
    return out;
  },
});

const norm = (s: string) => s.replace(/[\s,，。.;；、]/g, '');

export const periodEqualsAnnual = defineRule({
  code: 'goal.period-equals-annual',
  title: { zh: '实施期目标与年度目标相同', en: 'Period goal equals the annual goal' },
  kinds: ['project'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '跨年度项目的实施周期总目标与当年度目标不应完全相同（当年度目标应是总目标中本年要完成的部分）。',
    en: "A multi-year project's period goal and annual goal differ (the annual goal is this year's share).",
  },
  check(table) {
    if (table.kind !== 'project' || !isMultiYear(table)) return [];
    const p = norm(table.periodGoal.raw);
    if (!p || p !== norm(table.annualGoal.raw)) return [];
    const loc: FindingDraft['location'] = { section: 'goal', field: 'annualGoal' };
    if (table.annualGoal.source) loc.source = table.annualGoal.source;
    return [
      {
        message: {
          zh: `跨年度项目（${table.period.start.year}–${table.period.end.year}年）的当年度目标与实施周期总目标完全相同。`,
          en: `Multi-year project (${table.period.start.year}–${table.period.end.year}): the annual goal is identical to the period goal.`,
        },
        location: loc,
      },
    ];
  },
});

export const goalMissing = defineRule({
  code: 'goal.missing',
  title: { zh: '绩效目标未填写', en: 'Goal missing' },
  kinds: ['dept-overall', 'project'],
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '须填写总体绩效目标（部门表）或当年度目标（项目表）；跨年度项目还须填写实施周期总目标。导入的表只检查其表式中有的目标栏。',
    en: 'The overall goal (department) or annual goal (project) is filled; a multi-year project also fills the period goal. An imported table is asked only for the goals its form has.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    const missing = (field: string, zh: string, en: string, src?: TargetTable['source']) => {
      // Judged by its own form: no such field on it, or there but not read, is not "为空".
      if (!formAsksFor(table, field)) return;
      const loc: FindingDraft['location'] = { section: 'goal', field };
      if (src) loc.source = src;
      out.push({ message: { zh: `${zh}为空。`, en: `The ${en} is empty.` }, location: loc });
    };
    if (table.kind === 'dept-overall' && !table.overallGoal.raw.trim()) missing('overallGoal', '总体绩效目标', 'overall goal', table.overallGoal.source);
    if (table.kind === 'project') {
      if (!table.annualGoal.raw.trim()) missing('annualGoal', '当年度目标', 'annual goal', table.annualGoal.source);
      if (isMultiYear(table) && !table.periodGoal.raw.trim()) missing('periodGoal', '实施周期总目标', 'period goal', table.periodGoal.source);
    }
    return out;
  },
});

export const GOAL_RULES = [targetUncovered, periodEqualsAnnual, goalMissing];
