/** The 绩效运行监控表 as printed: execution with its light, each indicator's progress, light, cause, likelihood and measure. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateMonitoring, importText, monitoringLayout, newMonitoringDocument, type ProjectTable } from '../src/index.ts';
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

  it('a target table with 指标性质 and 度量单位 columns and no 一级/二级 of its own: the target reads whole, categories named, the form as wide as its columns', () => {
    const file = fileURLToPath(new URL('../../../fixtures/samples/014_tongnan_wuguizhen_yibanxingxiangmu_2023_project.txt', import.meta.url));
    const t = importText(readFileSync(file, 'utf8'), '014.txt').tables[0] as ProjectTable;
    const first = t.indicators[0]!;
    expect([first.level1.classified, first.operatorColumn?.raw, first.unitColumn?.raw]).toEqual([true, '≥', '人数']);
    const doc = newMonitoringDocument(t, { tableId: 't', version: 1 }, { id: 'r', title: '2023年1–6月绩效运行监控', month: 6 }, { adjustedBudgetFen: 10_000_000, executedFen: 4_000_000 });
    const L = monitoringLayout(doc, evaluateMonitoring(doc.targets, doc.report));
    const rows = L.grid.rows.map((r) => r.map((c) => c.text));
    expect(rows.find((r) => r[0] === '一级指标')).toEqual(['一级指标', '二级指标', '三级指标', '指标性质', '年度指标值', '度量单位', '截至本期完成', '全年预计完成', '预警', '偏差原因', '完成可能性', '纠偏措施']);
    const row = rows.find((r) => r[2] === first.name.raw)!;
    expect(row.slice(0, 6)).toEqual([first.level1.name, first.level2.name, first.name.raw, '≥', first.value.raw, '人数']);
    expect(L.columnWidths).toHaveLength(12);
    expect(L.grid.rows[0]![0]!.merge).toMatchObject({ left: 1, right: 12 });
    expect(L.grid.rows[L.grid.rows.length - 1]![2]!.merge).toMatchObject({ left: 3, right: 12 });
  });
});
