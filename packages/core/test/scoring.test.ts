/** Self-evaluation scores and monitoring lights (domain.md §5, §6). */
import { describe, expect, it } from 'vitest';
import {
  evaluateMonitoring,
  gradeOf,
  parseGrade,
  scoreQuantitative,
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

  it('over-achievement at 130% needs an explanation but never scores above the weight', () => {
    const r = scoreSelfEvaluation(t, evaluation(['8次', '96%', '100%', '3家', '93%', '750元/人']));
    expect(r.indicators[0]!.score).toBe(12.5);
    expect(r.findings.map((f) => f.code)).toEqual(['selfeval.over-achievement-unexplained']);
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
