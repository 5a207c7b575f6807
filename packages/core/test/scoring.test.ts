/** Self-evaluation scores and monitoring lights (domain.md §5, §6). */
import { describe, expect, it } from 'vitest';
import {
  evaluateMonitoring,
  gradeOf,
  parseGrade,
  rollUp,
  ruleSetParams,
  scoreQuantitative,
  scoringParams,
  scoreSelfEvaluation,
  worstLight,
  type MonitoringReport,
  type SelfEvaluation,
} from '../src/index.ts';
import { amount, cleanProject } from './helpers/tables.ts';

const t = cleanProject();
// Clean project: 产出 ×3 (≥4次, ≥95%, ＝100%), 效益 ≥3家, 满意度 ≥90%, 成本 ≤800元/人.
const ids = t.indicators.map((i) => i.id);
const text = (raw: string) => ({ raw });

function evaluation(actuals: string[], extra: Partial<SelfEvaluation> = {}): SelfEvaluation {
  return {
    execution: { adjustedBudget: amount('20'), executed: amount('20') },
    indicators: actuals.map((a, i) => ({ indicatorId: ids[i]!, actual: text(a) })),
    ...extra,
  };
}

describe('single indicator formulas', () => {
  it('正向: full weight when met, proportional when not, never above the weight', () => {
    expect(scoreQuantitative('≥', 100, 120, 10).score).toBe(10);
    expect(scoreQuantitative('≥', 100, 80, 10).score).toBe(8);
    expect(scoreQuantitative('＞', 4, 0, 10).score).toBe(0);
  });
  it('反向: full when at or under, falls linearly to 0 at twice the target', () => {
    expect(scoreQuantitative('≤', 800, 700, 10).score).toBe(10);
    expect(scoreQuantitative('≤', 800, 1000, 10).score).toBeCloseTo(7.5);
    expect(scoreQuantitative('≤', 800, 1600, 10).score).toBe(0);
    expect(scoreQuantitative('≤', 0, 0, 10).score).toBe(10);
    expect(scoreQuantitative('≤', 0, 1, 10).score).toBe(0);
  });
  it('＝: target 0 means any positive actual scores 0; otherwise like 正向', () => {
    expect(scoreQuantitative('＝', 0, 1, 10).score).toBe(0);
    expect(scoreQuantitative('＝', 0, 0, 10).score).toBe(10);
    expect(scoreQuantitative('＝', 100, 90, 10).score).toBe(9);
  });
  it('grades and qualitative words', () => {
    expect([gradeOf(90), gradeOf(89.99), gradeOf(80), gradeOf(60), gradeOf(59.9)]).toEqual(['优', '良', '良', '中', '差']);
    expect(parseGrade('达成年度指标')).toBe('达成');
    expect(parseGrade('部分达成年度指标并具有一定效果')).toBe('部分达成');
    expect(parseGrade('未达成年度指标且效果较差')).toBe('未达成');
    expect(parseGrade('还行')).toBeUndefined();
  });
});

describe('self-evaluation of a project', () => {
  it('everything met: 100 points, 优, no findings; 成本 shares the 产出 50 by default', () => {
    const r = scoreSelfEvaluation(t, evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人']));
    expect(r.findings).toEqual([]);
    expect(r.execution).toEqual({ rate: 100, weight: 10, score: 10 });
    expect(r.total).toBe(100);
    expect(r.grade).toBe('优');
    const w = Object.fromEntries(r.indicators.map((s) => [s.indicatorId, s.weight]));
    expect(w[ids[0]!]).toBe(12.5); // 50 over 3 outputs + 1 cost
    expect(w[ids[5]!]).toBe(12.5);
    expect(w[ids[3]!]).toBe(30);
    expect(w[ids[4]!]).toBe(10);
  });

  it('shortfalls score proportionally and need a reason; a low execution rate needs one too', () => {
    const ev = evaluation(['2次', '96%', '100%', '3家', '93%', '1000元/人'], { execution: { adjustedBudget: amount('20'), executed: amount('16') } });
    const r = scoreSelfEvaluation(t, ev);
    expect(r.execution.rate).toBe(80);
    expect(r.execution.score).toBe(8);
    const s0 = r.indicators.find((s) => s.indicatorId === ids[0])!;
    expect(s0.score).toBe(6.25);
    expect(s0.ratio).toBe(50);
    const codes = r.findings.map((f) => [f.code, f.location.row ?? null]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['selfeval.execution-reason-missing', null],
        ['selfeval.gap-reason-missing', 1],
        ['selfeval.gap-reason-missing', 6],
      ]),
    );
    expect(r.total).toBeCloseTo(8 + 6.25 + 12.5 + 12.5 + 30 + 10 + 12.5 * 0.75, 2);
  });

  it('over-achievement at 130% needs an explanation, never scores above the weight and, far above, is reduced (按偏离度适度调减)', () => {
    const r = scoreSelfEvaluation(t, evaluation(['8次', '96%', '100%', '3家', '93%', '750元/人']));
    // 8 of ≥4 is 200%: 70 points beyond 130% × 1% = 70%, at most 20% of 12.5 → 10.
    expect(r.indicators[0]).toMatchObject({ score: 10, deduction: 2.5, met: true });
    expect(r.findings.map((f) => f.code)).toEqual(['selfeval.over-achievement-unexplained']);
    const none = scoreSelfEvaluation(t, evaluation(['8次', '96%', '100%', '3家', '93%', '750元/人']), { farAbove: { deduction: 'none' } });
    expect(none.indicators[0]!.score).toBe(12.5);
  });

  it('qualitative indicators: the score must lie in the band of the grade', () => {
    const q = structuredClone(t);
    q.indicators[2]!.value = { ...q.indicators[2]!.value, raw: '按期完成', operator: null, number: null, unit: null, quantitative: false };
    const ok = evaluation(['5次', '96%', '部分达成年度指标并具有一定效果', '3家', '93%', '750元/人']);
    ok.indicators[2]!.score = text('8');
    ok.indicators[2]!.reason = text('部分工程因雨季延后');
    const r = scoreSelfEvaluation(q, ok);
    expect(r.findings).toEqual([]);
    expect(r.indicators[2]).toMatchObject({ grade: '部分达成', band: [7.5, 10], score: 8 });
    const bad = structuredClone(ok);
    bad.indicators[2]!.score = text('11');
    expect(scoreSelfEvaluation(q, bad).findings.map((f) => f.code)).toEqual(['selfeval.score-out-of-band']);
    bad.indicators[2]!.score = text('10');
    expect(scoreSelfEvaluation(q, bad).findings.map((f) => f.code)).toEqual(['selfeval.score-out-of-band']);
    bad.indicators[2]!.actual = text('差不多');
    expect(scoreSelfEvaluation(q, bad).findings.map((f) => f.code)).toContain('selfeval.grade-invalid');
  });

  it('missing actuals, not-applicable rows and a missing satisfaction indicator', () => {
    const r = scoreSelfEvaluation(t, evaluation(['5次', '', '100%', '3家', '93%', '750元/人']));
    expect(r.findings.map((f) => f.code)).toEqual(['selfeval.actual-missing']);
    const na = evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人']);
    na.indicators[1]!.notApplicable = true;
    const rn = scoreSelfEvaluation(t, na);
    expect(rn.total).toBe(100);
    expect(rn.indicators[1]).toMatchObject({ method: '不适用', weight: 0 });
    const noSat = structuredClone(t);
    noSat.indicators.splice(4, 1);
    const rs = scoreSelfEvaluation(noSat, { ...evaluation(['5次', '96%', '100%', '3家']), indicators: [...evaluation(['5次', '96%', '100%', '3家']).indicators, { indicatorId: ids[5]!, actual: text('700元/人') }] });
    expect(rs.total).toBe(100);
    const benefit = rs.indicators.find((s) => s.indicatorId === ids[3])!;
    expect(benefit.weight).toBe(33.75); // 30 + 10 × 30/80
  });

  it('weights and formulas come from parameters', () => {
    const r = scoreSelfEvaluation(t, evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人']), { weights: { execution: 20, output: 40 }, costShare: 'own', });
    expect(r.execution.weight).toBe(20);
    expect(r.total).toBe(100);
    const steps = scoreSelfEvaluation(t, evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人'], { execution: { adjustedBudget: amount('20'), executed: amount('17'), reason: text('年底结算') } }), { executionFormula: 'steps' });
    expect(steps.execution.score).toBe(7);
  });
});

describe('monitoring lights', () => {
  const report = (achieved: string[], month = 6, executed = '10'): MonitoringReport => ({
    month,
    execution: { adjustedBudget: amount('20'), executed: amount(executed) },
    indicators: achieved.map((a, i) => ({ indicatorId: ids[i]!, achieved: text(a) })),
  });

  it('on schedule in August: green everywhere', () => {
    const r = evaluateMonitoring(t, report(['3次', '96%', '100%', '2家', '92%', '700元/人'], 8, '13.4'));
    expect(r.execution).toEqual({ rate: 67, progress: 100.5, light: 'green' });
    expect(r.indicators.map((l) => l.light)).toEqual(['green', 'green', 'green', 'green', 'green', 'green']);
    expect(r.overall).toBe('green');
    expect(r.findings).toEqual([]);
  });

  it('counts are pro-rated by month, rates are not; red and yellow need cause, likelihood and measure', () => {
    const r = evaluateMonitoring(t, report(['1次', '80%', '100%', '3家', '92%', '900元/人'], 6, '5'));
    // 1 of the 2 trainings due by June: 50% → red; 80% against ≥95% is 84% → green (a rate is not pro-rated);
    // 3 of 3 firms already in June is 200% of the pro-rated 1.5 → blue; 900 元/人 against ≤800 → red.
    expect(r.indicators.map((l) => [l.light, l.progress ?? null])).toEqual([
      ['red', 50],
      ['green', 84.2],
      ['green', 100],
      ['blue', 200],
      ['green', 102.2],
      ['red', null],
    ]);
    expect(r.execution).toEqual({ rate: 25, progress: 50, light: 'red' });
    expect(r.overall).toBe('red');
    expect(r.findings.map((f) => [f.code, f.location.row ?? null]).sort()).toEqual(
      [
        ['monitor.execution-behind', null],
        ['monitor.cause-missing', 1],
        ['monitor.likelihood-missing', 1],
        ['monitor.measure-missing', 1],
        ['monitor.cause-missing', 6],
        ['monitor.likelihood-missing', 6],
        ['monitor.measure-missing', 6],
      ].sort(),
    );
    const filled = report(['1次', '80%', '100%', '3家', '92%', '900元/人'], 6, '10');
    for (const i of [0, 5]) Object.assign(filled.indicators[i]!, { deviationCause: '经费保障', likelihood: '有可能', measure: text('加快培训进度') });
    expect(evaluateMonitoring(t, filled).findings).toEqual([]);
  });

  it('qualitative progress and missing entries', () => {
    const q = structuredClone(t);
    q.indicators[2]!.value = { ...q.indicators[2]!.value, raw: '按期完成', operator: null, number: null, unit: null, quantitative: false };
    const r = evaluateMonitoring(q, report(['2次', '96%', '部分达成', '', '92%', '700元/人']));
    expect(r.indicators.map((l) => l.light)).toEqual(['green', 'green', 'yellow', null, 'green', 'green']);
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['monitor.achieved-missing', 'monitor.cause-missing']));
  });
});

describe('worst light', () => {
  it('red beats yellow beats blue beats green', () => {
    expect(worstLight(['green', 'blue', null])).toBe('blue');
    expect(worstLight(['green', 'yellow', 'blue'])).toBe('yellow');
    expect(worstLight(['red', 'yellow'])).toBe('red');
    expect(worstLight([null])).toBeNull();
  });
});

describe('hand-computed cases the issue asks for', () => {
  it('正向 with target 0: any actual at or above 0 meets it (no division by zero)', () => {
    expect(scoreQuantitative('≥', 0, 0, 12.5).score).toBe(12.5);
    expect(scoreQuantitative('≥', 0, 3, 12.5).score).toBe(12.5);
    // A negative actual against ≥0 (e.g. a growth rate) scores 0, not a negative score.
    expect(scoreQuantitative('≥', 0, -2, 12.5).score).toBe(0);
  });

  it('反向 by hand: ≤800 元/人, actual 1000 → 12.5 × (1 − 200/800) = 9.375; 1200 → 6.25; ＜ behaves as ≤', () => {
    expect(scoreQuantitative('≤', 800, 1000, 12.5).score).toBe(9.375);
    expect(scoreQuantitative('≤', 800, 1200, 12.5).score).toBe(6.25);
    expect(scoreQuantitative('＜', 800, 1200, 12.5).score).toBe(6.25);
    expect(scoreQuantitative('≤', 800, 2000, 12.5).score).toBe(0);
  });

  it('a reverse indicator in a whole table: 成本 1000 元/人 against ≤800 loses 3.125 points and needs a reason', () => {
    const ev = evaluation(['5次', '96%', '100%', '3家', '93%', '1000元/人']);
    const r = scoreSelfEvaluation(t, ev);
    expect(r.indicators[5]).toMatchObject({ method: '反向', weight: 12.5, score: 9.38, ratio: 125 });
    expect(r.total).toBe(96.88); // 100 − 3.125
    expect(r.findings.map((f) => [f.code, f.location.row])).toEqual([['selfeval.gap-reason-missing', 6]]);
    ev.indicators[5]!.reason = text('耗材涨价');
    expect(scoreSelfEvaluation(t, ev).findings).toEqual([]);
  });

  describe('qualitative bands at their limits (weight 12.5: 达成 10–12.5, 部分达成 7.5–10, 未达成 0–7.5)', () => {
    const q = structuredClone(t);
    q.indicators[2]!.value = { ...q.indicators[2]!.value, raw: '按期完成', operator: null, number: null, unit: null, quantitative: false };
    const withGrade = (grade: string, score: string) => {
      const ev = evaluation(['5次', '96%', grade, '3家', '93%', '750元/人']);
      ev.indicators[2]!.score = text(score);
      ev.indicators[2]!.reason = text('说明');
      return scoreSelfEvaluation(q, ev);
    };
    const cases: Array<[string, string, boolean]> = [
      ['达成年度指标', '10', true], // 80% included
      ['达成年度指标', '12.5', true],
      ['达成年度指标', '9.99', false],
      ['达成年度指标', '12.6', false],
      ['部分达成年度指标并具有一定效果', '7.5', true], // 60% included
      ['部分达成年度指标并具有一定效果', '9.99', true],
      ['部分达成年度指标并具有一定效果', '10', false], // 80% belongs to 达成
      ['部分达成年度指标并具有一定效果', '7.49', false],
      ['未达成年度指标且效果较差', '0', true],
      ['未达成年度指标且效果较差', '7.49', true],
      ['未达成年度指标且效果较差', '7.5', false], // 60% belongs to 部分达成
      ['未达成年度指标且效果较差', '-1', false],
      ['未达成年度指标且效果较差', '五', false],
    ];
    it.each(cases)('%s scored %s → accepted %s', (grade, score, ok) => {
      const r = withGrade(grade, score);
      expect(r.findings.some((f) => f.code === 'selfeval.score-out-of-band')).toBe(!ok);
      expect(r.indicators[2]!.score).toBe(ok ? Number(score) : null);
      // An accepted score counts in the total; a refused one counts 0 until corrected.
      expect(r.total).toBe(ok ? Math.round((87.5 + Number(score)) * 100) / 100 : 87.5);
    });
  });

  it('missing satisfaction indicator: its 10 go to 产出 and 效益 as 50:30 — 产出 56.25 over four rows, 效益 33.75', () => {
    const noSat = structuredClone(t);
    noSat.indicators.splice(4, 1);
    const ev = evaluation(['5次', '96%', '100%', '3家']);
    ev.indicators.push({ indicatorId: ids[5]!, actual: text('700元/人') });
    const r = scoreSelfEvaluation(noSat, ev);
    // 56.25 / 4 = 14.0625: printed to two decimals and still adding up to 56.25 (14.07 + 14.06 × 3).
    const out = r.indicators.filter((s) => s.level1 === '产出指标' || s.level1 === '成本指标').map((s) => s.weight);
    expect([...out].sort()).toEqual([14.06, 14.06, 14.06, 14.07]);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(56.25, 10);
    expect(r.total).toBe(100);
  });

  it('weights roll up to exactly 100 in every configuration, and a table meeting every target scores 100', () => {
    const all = ['5次', '96%', '100%', '3家', '93%', '750元/人'];
    const noSat = structuredClone(t);
    noSat.indicators.splice(4, 1);
    const three = structuredClone(t);
    three.indicators.push(structuredClone(t.indicators[3]!), structuredClone(t.indicators[3]!));
    three.indicators[6]!.id = 'b2';
    three.indicators[7]!.id = 'b3';
    const threeEv = evaluation(all);
    threeEv.indicators.push({ indicatorId: 'b2', actual: text('3家') }, { indicatorId: 'b3', actual: text('3家') });
    const own = evaluation(all);
    own.indicators.forEach((a, i) => (a.weight = text(String([20, 10, 10, 30, 10, 10][i]))));
    const na = evaluation(all);
    na.indicators[0]!.notApplicable = true;
    const configs: Array<[string, ReturnType<typeof scoreSelfEvaluation>]> = [
      ['default 10/50/30/10, 成本 in 产出', scoreSelfEvaluation(t, evaluation(all))],
      ['成本 with its own 10 (execution 10, output 40)', scoreSelfEvaluation(t, evaluation(all), { costShare: 'own', weights: { output: 40, cost: 10 } })],
      ['湖北: execution 20, output 40', scoreSelfEvaluation(t, evaluation(all), { weights: { execution: 20, output: 40 } })],
      ['no satisfaction indicator', scoreSelfEvaluation(noSat, { ...evaluation(all.slice(0, 4)), indicators: [...evaluation(all.slice(0, 4)).indicators, { indicatorId: ids[5]!, actual: text('700元/人') }] })],
      ['three benefits sharing 30 (10 each)', scoreSelfEvaluation(three, threeEv)],
      ['weights set by the unit', scoreSelfEvaluation(t, own)],
      ['one row not applicable', scoreSelfEvaluation(t, na)],
    ];
    for (const [what, r] of configs) {
      const sum = r.execution.weight + r.indicators.reduce((s, i) => s + i.weight, 0);
      expect([what, Math.round(sum * 100) / 100]).toEqual([what, 100]);
      expect([what, r.total, r.grade]).toEqual([what, 100, '优']);
    }
    // The unit's own weights are applied within each 一级 share: 产出 50 split 20:10:10:10.
    expect(configs[5]![1].indicators.map((s) => s.weight)).toEqual([20, 10, 10, 30, 10, 10]);
    // 成本 with its own share: 产出 40 over three rows is 13.33…, printed 13.34 + 13.33 + 13.33 = 40.
    expect(configs[1]![1].indicators.map((s) => s.weight)).toEqual([13.34, 13.33, 13.33, 30, 10, 10]);
  });

  it('execution below 90% needs a reason; the rate is executed ÷ adjusted budget; an adjusted budget of 0 scores 0', () => {
    const low = scoreSelfEvaluation(t, evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人'], { execution: { adjustedBudget: amount('20'), executed: amount('17.98') } }));
    expect(low.execution).toEqual({ rate: 89.9, weight: 10, score: 8.99 });
    expect(low.findings.map((f) => f.code)).toEqual(['selfeval.execution-reason-missing']);
    const ninety = scoreSelfEvaluation(t, evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人'], { execution: { adjustedBudget: amount('20'), executed: amount('18') } }));
    expect(ninety.findings).toEqual([]);
    const zero = scoreSelfEvaluation(t, evaluation(['5次', '96%', '100%', '3家', '93%', '750元/人'], { execution: { adjustedBudget: amount('0'), executed: amount('0') } }));
    expect(zero.execution).toMatchObject({ rate: 0, score: 0 });
    expect(zero.total).toBe(90);
  });

  it('grades at their limits: 90 优, 89.99 良, 80 良, 79.99 中, 60 中, 59.99 差', () => {
    expect([90, 89.99, 80, 79.99, 60, 59.99].map((n) => gradeOf(n))).toEqual(['优', '良', '良', '中', '中', '差']);
  });

  it('a rule set may override the weights (湖北-style execution 20) and inherits the rest', () => {
    const def = { name: 'hubei-test', title: { zh: '湖北', en: 'Hubei' }, extends: 'guangdong-2026', rules: {}, scoring: { weights: { execution: 20, output: 40 } }, monitoring: { indicator: { red: 50 } } };
    const p = ruleSetParams(def);
    expect(p.scoring.weights).toEqual({ execution: 20, output: 40, benefit: 30, satisfaction: 10, cost: 0 });
    expect(p.monitoring.indicator).toEqual({ red: 50, yellow: 80, blue: 120 });
    expect(ruleSetParams().scoring).toEqual(scoringParams());
  });
});

describe('roll-ups per department and region', () => {
  it('a department takes its worst light; scores average over the filed reports; unfiled reports are owed', () => {
    const r = rollUp([
      { deptId: 'd1', deptName: '科工贸局', light: 'green', filed: true },
      { deptId: 'd1', deptName: '科工贸局', light: 'red', filed: true },
      { deptId: 'd1', deptName: '科工贸局', filed: false },
      { deptId: 'd2', deptName: '教育局', light: 'blue', filed: true },
      { deptId: 'd3', deptName: '财政局', total: 92.5, grade: '优', filed: true },
      { deptId: 'd3', deptName: '财政局', total: 71, grade: '中', filed: true },
    ]);
    expect(r.departments.map((d) => [d.deptName, d.light, d.filed, d.reports])).toEqual([
      ['科工贸局', 'red', 2, 3],
      ['教育局', 'blue', 1, 1],
      ['财政局', null, 2, 2],
    ]);
    expect(r.departments[2]).toMatchObject({ meanScore: 81.75, grades: { 优: 1, 良: 0, 中: 1, 差: 0 } });
    expect(r.region).toMatchObject({ reports: 6, filed: 5, light: 'red', lights: { red: 1, yellow: 0, blue: 1, green: 1, none: 2 }, meanScore: 81.75 });
  });
});
