/** The 绩效运行监控表 as printed: execution with its light, each indicator's progress, light, cause, likelihood and measure. */
import { describe, expect, it } from 'vitest';
import { evaluateMonitoring, monitoringLayout, newMonitoringDocument } from '../src/index.ts';
import { cleanProject } from './helpers/tables.ts';

describe('monitoring layout', () => {
  it('prints a red indicator with its explanation and the project light', () => {
    const t = cleanProject();
    const doc = newMonitoringDocument(t, { tableId: 't', version: 1 }, { id: 'r', title: '2026年1–7月绩效运行监控', month: 7 }, { adjustedBudgetFen: 20_000_000, executedFen: 11_000_000 });
    const achieved = ['1次', '96%', '100%', '2家', '92%', '700元/人'];
    doc.report.indicators.forEach((p, i) => (p.achieved = { raw: achieved[i]! }));
    Object.assign(doc.report.indicators[0]!, { deviationCause: '经费保障', likelihood: '有可能', measure: { raw: '8月集中培训' } });
    const result = evaluateMonitoring(doc.targets, doc.report);
    const L = monitoringLayout(doc, result);
    const rows = L.grid.rows.map((r) => r.map((c) => c.text));
    expect(rows[0]![0]).toBe('2026年绩效运行监控表（2026年1–7月绩效运行监控）');
    // 11 of 20 万元 by July: 55%, 94.3% of the time-based schedule → green.
    expect(rows.find((r) => r[0] === '预算执行情况')?.slice(2, 8)).toEqual(['调整后预算(万元)', '执行数(万元)', '执行率', '时序进度比', '预计全年执行(万元)', '预警']);
    const exec = rows.find((r) => r[2] === '20');
    expect(exec?.slice(2, 8)).toEqual(['20', '11', '55%', '94.3%', '', '绿灯']);
    // 1 of 4 trainings by July is 1 ÷ (4 × 7/12) = 42.9% → red.
    expect(rows.find((r) => r[2] === '举办培训班次数')).toEqual(['产出指标', '数量指标', '举办培训班次数', '≥4次', '1次', '', '红灯（42.9%）', '经费保障', '有可能', '8月集中培训']);
    expect(rows[rows.length - 1]!.slice(0, 3)).toEqual(['项目预警', '', '红灯']);
  });
});
