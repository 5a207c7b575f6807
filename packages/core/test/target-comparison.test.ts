/**
 * Issue 20, items 1–6: monitoring and self-evaluation share one comparison of target and actual
 * (operators with their strictness, ＝0 targets, units converted between 元/万元/亿元 and
 * %/fraction), an actual that is not a measured value is a finding and never met, scoring
 * choices are parameters, and weights the unit entered are kept or flagged, never rescaled.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateMonitoring,
  meetsTarget,
  parseIndicatorValue,
  readActual,
  scoreQuantitative,
  scoreSelfEvaluation,
  type DeepPartial,
  type Indicator,
  type MonitoringReport,
  type ProjectTable,
  type ScoringParams,
  type SelfEvaluation,
} from '../src/index.ts';
import { amount, cleanProject, ind } from './helpers/tables.ts';

const text = (raw: string) => ({ raw });

/** A project whose indicators are the clean ones with row `k` replaced. */
function withRow(k: number, row: Indicator): ProjectTable {
  const t = cleanProject();
  t.indicators[k] = row;
  return t;
}
const met = ['5次', '96%', '100%', '3家', '93%', '750元/人'];

function selfEval(t: ProjectTable, actuals: string[], extra: Partial<SelfEvaluation> = {}): SelfEvaluation {
  return { execution: { adjustedBudget: amount('20'), executed: amount('20') }, indicators: t.indicators.map((i, k) => ({ indicatorId: i.id, actual: text(actuals[k] ?? '') })), ...extra };
}
function monitoring(t: ProjectTable, achieved: string[], month = 7): MonitoringReport {
  return { month, execution: { adjustedBudget: amount('20'), executed: amount(String((20 * month) / 12)) }, indicators: t.indicators.map((i, k) => ({ indicatorId: i.id, achieved: text(achieved[k] ?? '') })) };
}
const score = (t: ProjectTable, actuals: string[], k: number, over?: DeepPartial<ScoringParams>) => scoreSelfEvaluation(t, selfEval(t, actuals), over).indicators[k]!;
const codes = (fs: Array<{ code: string; location: { row?: number } }>) => fs.map((f) => [f.code, f.location.row ?? null]);

describe('1. a ＝0 target (安全责任事故 ＝0起) missed', () => {
  const t = withRow(5, ind('效益指标', '社会效益指标', '安全责任事故', '＝0起'));
  it('is a red light in month 7 that needs its cause, and turns the project red — not blue', () => {
    const r = evaluateMonitoring(t, monitoring(t, ['3次', '96%', '100%', '2家', '93%', '1起']));
    expect(r.indicators[5]!.light).toBe('red');
    expect(r.overall).toBe('red');
    expect(codes(r.findings)).toEqual(expect.arrayContaining([['monitor.cause-missing', 6], ['monitor.likelihood-missing', 6], ['monitor.measure-missing', 6]]));
    // Nothing happened: green.
    expect(evaluateMonitoring(t, monitoring(t, ['3次', '96%', '100%', '2家', '93%', '0起'])).indicators[5]!.light).toBe('green');
  });
  it('scores 0 at the year end, as missed, with its reason required — the same verdict', () => {
    const r = scoreSelfEvaluation(t, selfEval(t, [...met.slice(0, 5), '1起']));
    expect(r.indicators[5]).toMatchObject({ score: 0, met: false });
    expect(codes(r.findings)).toContainEqual(['selfeval.gap-reason-missing', 6]);
  });
});

describe('2. the actual’s unit is compared with the target’s and converted', () => {
  const cost = withRow(5, ind('成本指标', '经济成本指标', '宣传费用', '≤30万元'));
  it('≤30万元: 350000元 is 35万元 (missed), 0.35亿元 is 3500万元 (far over), 28万 is within', () => {
    expect(readActual(cost.indicators[5]!.value, '350000元')).toMatchObject({ kind: 'measured', value: 35, conversion: { from: '元', to: '万元' } });
    expect(score(cost, [...met.slice(0, 5), '350000元'], 5)).toMatchObject({ score: 10.42, met: false }); // 12.5 × (1 − 5/30)
    expect(score(cost, [...met.slice(0, 5), '0.35亿元'], 5)).toMatchObject({ score: 0, met: false });
    expect(score(cost, [...met.slice(0, 5), '280000元'], 5)).toMatchObject({ score: 12.5, met: true });
    const m = evaluateMonitoring(cost, monitoring(cost, ['3次', '96%', '100%', '2家', '93%', '350000元']));
    expect(m.indicators[5]!.light).toBe('red');
  });
  it('≥95%: 0.9 is read as 90% (with a warning and its fix), not as 0.9%', () => {
    const t = withRow(1, ind('产出指标', '质量指标', '验收合格率', '≥95%'));
    const r = scoreSelfEvaluation(t, selfEval(t, ['5次', '0.9', '100%', '3家', '93%', '750元/人']));
    expect(r.indicators[1]).toMatchObject({ score: 11.84, ratio: 94.74 }); // 12.5 × 90/95
    const f = r.findings.find((x) => x.code === 'selfeval.actual-read-as-fraction')!;
    expect(f).toMatchObject({ severity: 'warning', location: { row: 2, field: 'actual' }, fix: { from: '0.9', to: '90%' } });
    expect(f.message.en).toContain('90%');
  });
  it('a unit that does not convert (5场 against ≥4次) is a finding and is not scored as met', () => {
    const t = cleanProject();
    const r = scoreSelfEvaluation(t, selfEval(t, ['5场', ...met.slice(1)]));
    expect(r.indicators[0]).toMatchObject({ score: null });
    const f = r.findings.find((x) => x.code === 'selfeval.actual-unit-mismatch')!;
    expect(f).toMatchObject({ severity: 'error', location: { row: 1, field: 'actual' } });
    expect(f.message.zh).toContain('场');
    expect(r.total).toBe(87.5);
    const m = evaluateMonitoring(t, monitoring(t, ['5场', '96%', '100%', '2家', '93%', '750元/人']));
    expect(m.indicators[0]!.light).toBeNull();
    expect(codes(m.findings)).toContainEqual(['monitor.achieved-unit-mismatch', 1]);
  });
  it('per-unit money converts too (0.08万元/人 against ≤800元/人), a different denominator does not', () => {
    const t = cleanProject();
    expect(readActual(t.indicators[5]!.value, '0.08万元/人')).toMatchObject({ kind: 'measured', value: 800 });
    expect(readActual(t.indicators[5]!.value, '800元/次')).toMatchObject({ kind: 'unit-mismatch' });
  });
});

describe('3. an actual written as a target is not a measured value', () => {
  it('≥95% as the actual: a finding, no score, not met — in monitoring no light', () => {
    const t = cleanProject();
    const r = scoreSelfEvaluation(t, selfEval(t, ['5次', '≥95%', '100%', '3家', '93%', '≤800元/人']));
    expect(r.indicators[1]).toMatchObject({ score: null });
    expect(r.indicators[5]).toMatchObject({ score: null });
    expect(codes(r.findings.filter((f) => f.code === 'selfeval.actual-written-as-target'))).toEqual([['selfeval.actual-written-as-target', 2], ['selfeval.actual-written-as-target', 6]]);
    expect(r.total).toBe(75);
    const m = evaluateMonitoring(t, monitoring(t, ['3次', '95%以上', '100%', '2家', '93%', '750元/人']));
    expect(m.indicators[1]!.light).toBeNull();
    expect(codes(m.findings)).toContainEqual(['monitor.achieved-written-as-target', 2]);
  });
});

describe('4. strict ＜ / ＞ are strict in both', () => {
  const t = withRow(5, ind('成本指标', '经济成本指标', '人均培训成本', '＜800元/人'));
  it('＜800 with 800: red in monitoring, not full marks and a reason required in scoring', () => {
    expect(evaluateMonitoring(t, monitoring(t, ['3次', '96%', '100%', '2家', '93%', '800元/人'])).indicators[5]!.light).toBe('red');
    const r = scoreSelfEvaluation(t, selfEval(t, [...met.slice(0, 5), '800元/人']));
    expect(r.indicators[5]).toMatchObject({ met: false, score: 12.49 });
    expect(codes(r.findings)).toContainEqual(['selfeval.gap-reason-missing', 6]);
    expect(score(t, [...met.slice(0, 5), '799元/人'], 5)).toMatchObject({ met: true, score: 12.5 });
  });
  it('＞0 with 0 is missed, ≥0 with 0 is met', () => {
    expect(scoreQuantitative('＞', 0, 0, 10)).toMatchObject({ score: 0, met: false });
    expect(scoreQuantitative('≥', 0, 0, 10)).toMatchObject({ score: 10, met: true });
  });
  it('monitoring’s light and scoring’s verdict agree for every 反向 target and actual', () => {
    for (const op of ['≤', '＜', '＝'] as const) {
      for (const target of op === '＝' ? [0] : [0, 5, 800]) {
        for (const actual of [0, 1, 4, 5, 6, 799, 800, 801, 1600]) {
          const row = ind('效益指标', '社会效益指标', '事故', `${op}${target}起`);
          const tt = withRow(5, row);
          const light = evaluateMonitoring(tt, monitoring(tt, ['3次', '96%', '100%', '2家', '93%', `${actual}起`])).indicators[5]!.light;
          const s = scoreSelfEvaluation(tt, selfEval(tt, [...met.slice(0, 5), `${actual}起`])).indicators[5]!;
          expect([op, target, actual, light === 'green']).toEqual([op, target, actual, s.met]);
          expect(s.met).toBe(meetsTarget(op, target, actual));
        }
      }
    }
  });
});

describe('5. weights the unit entered are kept, and flagged when they do not add up', () => {
  const q = (() => {
    const t = cleanProject();
    // Four 产出 rows (the fourth is qualitative) and the 成本 row sharing the 50.
    t.indicators.splice(3, 0, ind('产出指标', '时效指标', '按期完成', '按期完成'));
    return t;
  })();
  const actuals = ['5次', '96%', '100%', '达成年度指标', '3家', '93%', '750元/人'];
  it('产出 20/10/10/20 (+ 成本 10) = 70 inside a share of 50: kept as entered, an error names it; a qualitative 18 of 20 stays in its band', () => {
    const ev = selfEval(q, actuals);
    [20, 10, 10, 20, 30, 10, 10].forEach((w, k) => (ev.indicators[k]!.weight = text(String(w))));
    ev.indicators[3]!.score = text('18');
    const r = scoreSelfEvaluation(q, ev);
    expect(r.indicators.map((s) => s.weight)).toEqual([20, 10, 10, 20, 30, 10, 10]);
    // Rescaled to the share, 20 would have become 14.29 and 18 out of its band; as entered it is within.
    expect(r.indicators[3]).toMatchObject({ score: 18, band: [16, 20] });
    expect(r.findings.map((f) => f.code)).toEqual(['selfeval.weights-sum']);
    expect(r.total).toBe(118);
    const sum = r.findings.find((f) => f.code === 'selfeval.weights-sum')!;
    expect(sum.message.zh).toContain('70');
    expect(sum.message.zh).toContain('50');
  });
  it('weights that add up are kept without a finding', () => {
    const ev = selfEval(q, actuals);
    [15, 15, 5, 5, 30, 10, 10].forEach((w, k) => (ev.indicators[k]!.weight = text(String(w))));
    ev.indicators[3]!.score = text('5');
    const r = scoreSelfEvaluation(q, ev);
    expect(r.findings).toEqual([]);
    expect(r.indicators.map((s) => s.weight)).toEqual([15, 15, 5, 5, 30, 10, 10]);
    expect(r.total).toBe(100);
  });
  it('a weight on one row only is kept, the others share the rest, and a warning says so', () => {
    const t = cleanProject();
    const ev = selfEval(t, met);
    ev.indicators[0]!.weight = text('20');
    const r = scoreSelfEvaluation(t, ev);
    expect(r.indicators.map((s) => s.weight)).toEqual([20, 10, 10, 30, 10, 10]);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['selfeval.weights-partial', 'warning']]);
    expect(r.total).toBe(100);
  });
  it('unitWeights: total accepts 青神’s 60 + 30 over the indicators', () => {
    const t = cleanProject();
    t.indicators = [t.indicators[0]!, t.indicators[3]!]; // one 产出, one 效益
    const ev = selfEval(t, ['5次', '3家']);
    ev.indicators[0]!.weight = text('60');
    ev.indicators[1]!.weight = text('30');
    expect(scoreSelfEvaluation(t, ev).findings.map((f) => f.code)).toEqual(['selfeval.weights-sum', 'selfeval.weights-sum']); // 60 ≠ 56.25, 30 ≠ 33.75
    const r = scoreSelfEvaluation(t, ev, { unitWeights: 'total' });
    expect(r.findings).toEqual([]);
    expect(r.total).toBe(100);
  });
});

describe('6. the 反向 formula is a parameter, and results far above target are reduced', () => {
  const v = parseIndicatorValue('≤30万元');
  it('≤30万, weight 10: 35万 spent → 8.33 (deviation) or 8.57 (ratio); 60万 → 0 or 5.00', () => {
    const at = (actual: number, reverseFormula: 'deviation' | 'ratio') => Math.round(scoreQuantitative(v.operator!, 30, actual, 10, { reverseFormula, farAbove: { deduction: 'none', perPoint: 0, max: 0 }, overAchievementAt: 130 }).score * 100) / 100;
    expect([at(35, 'deviation'), at(35, 'ratio'), at(60, 'deviation'), at(60, 'ratio')]).toEqual([8.33, 8.57, 0, 5]);
  });
  it('the rule set’s choice reaches the table’s score', () => {
    const cost = withRow(5, ind('成本指标', '经济成本指标', '宣传费用', '≤30万元'));
    expect(score(cost, [...met.slice(0, 5), '60万元'], 5, { reverseFormula: 'ratio' }).score).toBe(6.25);
  });
});
