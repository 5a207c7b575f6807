/** Rule sets are data: selecting, overriding, disabling and extending rules needs no code. */
import { describe, expect, it } from 'vitest';
import { ALL_RULES, activeRules, builtInRuleSets, checkTable, resolveRuleSet, RuleSetError, validateRuleSetDefinition, type RuleSetDefinition } from '../src/index.ts';
import { cleanDept } from './helpers/tables.ts';

describe('built-in rule sets', () => {
  it('guangdong-2026 is the default and holds the seed footnote thresholds', () => {
    const rs = resolveRuleSet();
    expect(rs.name).toBe('guangdong-2026');
    expect(rs.chain).toEqual(['national-2021', 'guangdong-2026']);
    const byCode = new Map(activeRules(rs).map((a) => [a.rule.code, a]));
    expect(byCode.get('indicators.total-min')?.params.min).toBe(5);
    expect(byCode.get('output.quantitative-min')?.params.min).toBe(2);
    expect(byCode.get('cost.quantitative-min')?.params.min).toBe(1);
    expect(byCode.get('benefit.min')?.severity).toBe('error');
    expect(byCode.get('funds.sum-mismatch')?.params.developmentIncludedInProject).toBe(false);
  });
  // The minimum counts are the footnotes of the 2026 Guangdong county forms, not national rules:
  // a 2018 Hunan table is not judged by them (issue 23).
  const GUANGDONG_COUNTS = ['cost.quantitative-min', 'indicators.total-min', 'output.quantitative-min'];
  it('the national baseline holds only national rules: every rule but the Guangdong 2026 minimum counts, benefit and satisfaction as warnings', () => {
    const national = activeRules('national-2021');
    expect(national.map((a) => a.rule.code).sort()).toEqual(ALL_RULES.map((r) => r.code).filter((c) => !GUANGDONG_COUNTS.includes(c)).sort());
    const byCode = new Map(national.map((a) => [a.rule.code, a]));
    expect(byCode.get('benefit.min')?.severity).toBe('warning');
    expect(byCode.get('satisfaction.min')?.severity).toBe('warning');
    expect(activeRules('guangdong-2026').map((a) => a.rule.code).sort()).toEqual(ALL_RULES.map((r) => r.code).sort());
    expect(builtInRuleSets().map((r) => r.name).sort()).toEqual(['guangdong-2026', 'national-2021']);
  });
});

describe('a new region is a new file, not new code', () => {
  const strict: RuleSetDefinition = {
    name: 'example-strict',
    title: { zh: '示例：更严格', en: 'Example: stricter' },
    extends: 'guangdong-2026',
    rules: {
      'indicators.total-min': { params: { min: 8 } },
      'value.operator-nonstandard': { severity: 'error' },
      'value.operator-missing': { enabled: false },
    },
  };

  it('thresholds, severities and switches come from the file', () => {
    const t = cleanDept();
    expect(checkTable(t, { ruleSet: strict }).map((f) => [f.code, f.severity])).toEqual([['indicators.total-min', 'error']]);
    t.indicators[4]!.value = { ...t.indicators[4]!.value, raw: '》90%', operatorRaw: '》', notes: ['operator-nonstandard'] };
    const fs = checkTable(t, { ruleSet: strict });
    expect(fs.find((f) => f.code === 'value.operator-nonstandard')?.severity).toBe('error');
    expect(checkTable(t).find((f) => f.code === 'value.operator-nonstandard')?.severity).toBe('warning');
  });

  it('a disabled rule does not run', () => {
    const t = cleanDept();
    t.indicators[0]!.value = { ...t.indicators[0]!.value, raw: '4次', notes: ['operator-missing'] };
    expect(checkTable(t).some((f) => f.code === 'value.operator-missing')).toBe(true);
    expect(checkTable(t, { ruleSet: strict }).some((f) => f.code === 'value.operator-missing')).toBe(false);
  });
});

describe('bad rule sets get clear messages', () => {
  it('unknown name', () => {
    expect(() => resolveRuleSet('hunan-2030')).toThrow(RuleSetError);
    try {
      resolveRuleSet('hunan-2030');
    } catch (e) {
      expect((e as RuleSetError).zh).toMatch(/未知的规则集/);
      expect((e as RuleSetError).en).toMatch(/unknown rule set/);
    }
  });
  it('unknown rule code', () => {
    const bad: RuleSetDefinition = { name: 'x', title: { zh: 'x', en: 'x' }, rules: { 'no.such-rule': {} } };
    expect(() => checkTable(cleanDept(), { ruleSet: bad })).toThrow(/no.such-rule/);
  });
  it('malformed definitions', () => {
    expect(() => validateRuleSetDefinition(null)).toThrow(/JSON/);
    expect(() => validateRuleSetDefinition({ name: 'x', title: { zh: '', en: '' }, rules: { a: { severity: 'fatal' } } })).toThrow(/severity/);
    expect(() => validateRuleSetDefinition({ title: {}, rules: {} })).toThrow(/name/);
  });
  it('a cycle of extends', () => {
    const a: RuleSetDefinition = { name: 'a', title: { zh: 'a', en: 'a' }, extends: 'b', rules: {} };
    const b: RuleSetDefinition = { name: 'b', title: { zh: 'b', en: 'b' }, extends: 'a', rules: {} };
    expect(() => resolveRuleSet('a', { a, b })).toThrow(/成环|extends itself/);
  });
});
