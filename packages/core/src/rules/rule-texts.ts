/**
 * What people read about rules, from the rule definitions themselves (one source): a rule's name,
 * its thresholds' names, its description with a rule set's thresholds, a version-log line in
 * words (最少指标数：5 → 6, not params.min: 5 → 6), and the form's 备注 count sentence with the
 * rule set's minimum counts (不少于6个 when the year's rule set says 6).
 */
import { ruleByCode } from './registry.ts';
import type { Rule, RuleParams } from './rule.ts';
import type { ResolvedRuleSet } from './rule-set.ts';

type Bi = { zh: string; en: string };

export function ruleTitle(code: string): Bi {
  const r = ruleByCode(code);
  return r?.title ?? { zh: code, en: code };
}

export function paramName(code: string, key: string): Bi {
  const names = ruleByCode(code)?.paramNames as Record<string, Bi | undefined> | undefined;
  return names?.[key] ?? { zh: key, en: key };
}

/** The description with these thresholds (no "默认 5 个" once a rule set says 6). */
export function describeRule(rule: Rule, params: RuleParams): Bi {
  return rule.describe ? rule.describe({ ...rule.defaultParams, ...params }) : rule.description;
}

/** The thresholds a rule set gives a rule (its defaults where the set says nothing). */
export function ruleParamsOf(rs: ResolvedRuleSet, code: string): RuleParams {
  return { ...ruleByCode(code)?.defaultParams, ...rs.rules[code]?.params };
}

const SEVERITY: Record<string, Bi> = { error: { zh: '错误', en: 'error' }, warning: { zh: '警告', en: 'warning' }, info: { zh: '提示', en: 'info' } };

function valueText(v: unknown, lang: 'zh' | 'en'): string {
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'string' && SEVERITY[v]) return SEVERITY[v]![lang];
  if (Array.isArray(v)) return v.join(lang === 'zh' ? '、' : ', ');
  if (v === undefined || v === null) return '—';
  return String(v);
}

/** One change of a rule-set version in words: 绩效指标总数 · 最少指标数：5 → 6. */
export function changeText(c: { rule: string; field: string; from: unknown; to: unknown }): Bi {
  if (c.field === 'copy') return { zh: `复制自 ${valueText(c.from, 'zh')}`, en: `copied from ${valueText(c.from, 'en')}` };
  const title = ruleTitle(c.rule);
  const what: Bi =
    c.field === 'enabled' ? { zh: '启用', en: 'on' } : c.field === 'severity' ? { zh: '级别', en: 'severity' } : c.field.startsWith('params.') ? paramName(c.rule, c.field.slice(7)) : { zh: c.field, en: c.field };
  return {
    zh: `${title.zh} · ${what.zh}：${valueText(c.from, 'zh')} → ${valueText(c.to, 'zh')}`,
    en: `${title.en} · ${what.en}: ${valueText(c.from, 'en')} → ${valueText(c.to, 'en')}`,
  };
}

/** The form's count sentence (备注): every 不少于N个 / 至少N个 from the rule set's minimum counts. */
const COUNT_NOTE = /绩效指标的填报数量不少于\s*\d+\s*个/;

export function notesForRuleSet(notes: readonly string[], rs: ResolvedRuleSet): string[] {
  const min = (code: string) => Number(ruleParamsOf(rs, code).min);
  const total = min('indicators.total-min');
  const output = min('output.quantitative-min');
  const cost = min('cost.quantitative-min');
  const benefit = min('benefit.min');
  const satisfaction = min('satisfaction.min');
  const tail = benefit === satisfaction ? `效益指标和满意度指标各至少${benefit}个` : `效益指标至少${benefit}个，满意度指标至少${satisfaction}个`;
  return notes.map((n) => {
    const m = /^(.*?)(\d+\.\s*)绩效指标的填报数量[^。]*。?(.*)$/.exec(n);
    if (!COUNT_NOTE.test(n) || !m) return n;
    // Keep the note's own punctuation style (half-width ", :" in the project form, full-width in the department one).
    const half = /, 其中:/.test(n);
    const [comma, colon] = half ? [', ', ': '] : ['，', '：'];
    const worded = `${m[1]}${m[2]}绩效指标的填报数量不少于${total}个${comma}其中${colon}产出指标中量化指标个数应不少于${output}个${comma}成本指标中量化指标个数应不少于${cost}个${comma}${tail}。${m[3]}`;
    // A sentence that already says the rule set's numbers is left as the unit wrote it (typos and all).
    const numbers = (x: string) => (x.match(/\d+/g) ?? []).join(',');
    return numbers(worded) === numbers(n) ? n : worded;
  });
}
