/** What people read about rules comes from the rule definitions and the rule set's thresholds. */
import { describe, expect, it } from 'vitest';
import { ALL_RULES, changeText, DEPT_FORM_NOTES, describeRule, notesForRuleSet, PROJECT_FORM_NOTES, resolveRuleSet, ruleByCode, type ResolvedRuleSet } from '../src/index.ts';

const withMin = (rs: ResolvedRuleSet, code: string, min: number): ResolvedRuleSet => ({ ...rs, rules: { ...rs.rules, [code]: { ...rs.rules[code], params: { min } } } });

describe('rule texts', () => {
  it('every rule has a Chinese and English name, and every threshold a name', () => {
    for (const r of ALL_RULES) {
      expect(r.title?.zh, r.code).toMatch(/\p{Script=Han}/u);
      expect(r.title?.en, r.code).toBeTruthy();
      for (const k of Object.keys(r.defaultParams)) expect((r.paramNames as Record<string, { zh: string }> | undefined)?.[k]?.zh, `${r.code}.${k}`).toMatch(/\p{Script=Han}/u);
    }
  });

  it('a description says the rule set’s threshold, not the default', () => {
    const rule = ruleByCode('indicators.total-min')!;
    expect(rule.description.zh).toContain('默认 5 个');
    expect(describeRule(rule, { min: 6 }).zh).toBe('绩效指标（三级指标）的填报数量不少于 6 个。');
    expect(describeRule(ruleByCode('output.quantitative-min')!, { min: 3 }).zh).toContain('产出指标中量化指标个数不少于 3 个');
    expect(describeRule(ruleByCode('period.invalid')!, { maxYears: 5 }).en).toContain('at most 5 years');
  });

  it('a version-log line in words', () => {
    expect(changeText({ rule: 'indicators.total-min', field: 'params.min', from: 5, to: 6 }).zh).toBe('绩效指标总数 · 最少指标数：5 → 6');
    expect(changeText({ rule: 'value.vague', field: 'severity', from: 'warning', to: 'error' }).zh).toBe('指标值含糊 · 级别：警告 → 错误');
    expect(changeText({ rule: 'value.vague', field: 'enabled', from: true, to: false }).en).toBe('Vague value · on: yes → no');
    expect(changeText({ rule: '*', field: 'copy', from: 'guangdong-2026', to: 'x' }).zh).toBe('复制自 guangdong-2026');
  });

  it('the 备注 count sentence follows the rule set, in each form’s punctuation', () => {
    const gd = resolveRuleSet('guangdong-2026');
    expect(notesForRuleSet(PROJECT_FORM_NOTES, gd)).toEqual([...PROJECT_FORM_NOTES]);
    expect(notesForRuleSet(DEPT_FORM_NOTES, gd)).toEqual([...DEPT_FORM_NOTES]);
    const six = withMin(gd, 'indicators.total-min', 6);
    expect(notesForRuleSet(PROJECT_FORM_NOTES, six)[3]).toBe('4. 绩效指标的填报数量不少于6个, 其中: 产出指标中量化指标个数应不少于2个, 成本指标中量化指标个数应不少于1个, 效益指标和满意度指标各至少1个。');
    expect(notesForRuleSet(DEPT_FORM_NOTES, withMin(six, 'satisfaction.min', 2))[2]).toBe('3. 绩效指标的填报数量不少于6个，其中：产出指标中量化指标个数应不少于2个，成本指标中量化指标个数应不少于1个，效益指标至少1个，满意度指标至少2个。');
    // Other notes are left as they are.
    expect(notesForRuleSet(PROJECT_FORM_NOTES, six)[0]).toBe(PROJECT_FORM_NOTES[0]);
    // A sentence that already says the set's numbers stays as the unit wrote it, typo included (the seed: 个应 for 个数应).
    const asFiled = '4. 绩效指标的填报数量不少于5个, 其中: 产出指标中量化指标个数应不少于2个, 成本指标中量化指标个应不少于1个, 效益指标和满意度指标各至少1个。';
    expect(notesForRuleSet([asFiled], gd)).toEqual([asFiled]);
    expect(notesForRuleSet([asFiled], six)[0]).toContain('不少于6个');
  });
});
