/**
 * Golden test: the seed document (three real 2026 tables of 遂溪县科工贸和信息化局, tab text with
 * merged cells flattened) imports to exactly these tables, and the checker finds the defects the
 * issue names. The expectations are written by hand from the document.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTable, formatWan, importText, type DeptOverallTable, type Indicator, type ProjectTable } from '../src/index.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const text = readFileSync(SEED, 'utf8');
const { tables, findings: importFindings } = importText(text, '000_860be9a69280b0ce.txt');

type Row = [level1: string, level2: string, name: string, period: string | undefined, value: string];
const rows = (inds: Indicator[]): Row[] =>
  inds.map((i) => [i.level1.name ?? '', i.level2.name ?? '', i.name.raw, i.periodValue?.raw, i.value.raw]);
const codes = (t: (typeof tables)[number]) => checkTable(t).map((f) => f.code);
const count = (list: string[], code: string) => list.filter((c) => c === code).length;

describe('seed: three tables', () => {
  it('finds one department table and two project tables, in order', () => {
    expect(tables.map((t) => [t.kind, t.title, t.year])).toEqual([
      ['dept-overall', '2026年县级部门整体预算绩效目标表', 2026],
      ['project', '2026年县级项目支出绩效目标表', 2026],
      ['project', '2026年县级项目支出绩效目标表', 2026],
    ]);
  });

  it('the only import note is the cost row whose 一级 sits on the next line', () => {
    expect(importFindings.map((f) => [f.code, f.location.table])).toEqual([['import.level1-inferred', 2]]);
  });
});

describe('seed: 遂溪县科工贸和信息化局 department table', () => {
  const t = tables[0] as DeptOverallTable;

  it('header and funds', () => {
    expect(t.deptName.raw).toBe('遂溪县科工贸和信息化局');
    expect(t.staffCount.count).toBe(89);
    expect(t.subUnitCount.count).toBe(1);
    expect(formatWan(t.funds.basic.fen!)).toBe('602.44');
    expect(formatWan(t.funds.project.fen!)).toBe('31.2');
    expect(t.funds.development.map((l) => [l.name.raw, formatWan(l.amount.fen!)])).toEqual([['其他事业发展性支出', '13']]);
    expect(formatWan(t.funds.fiscal.fen!)).toBe('646.64');
    expect(t.funds.other.fen).toBe(0);
    expect(t.funds.basic.source).toMatchObject({ file: '000_860be9a69280b0ce.txt', line: 8, col: 3 });
  });

  it('goal, key tasks, notes', () => {
    expect(t.overallGoal.raw).toMatch(/^坚持统筹发展和安全.*新增3家以上企业完成数字化改造。$/);
    expect(t.keyTasks.map((k) => [k.name.raw, formatWan(k.amount.fen!)])).toEqual([
      ['任务1：促进工业发展经费', '6'],
      ['任务2：遂溪县数字赋能实体经济发展规划编制费用', '31.2'],
    ]);
    expect(t.keyTasks[1]!.content.raw).toMatch(/^为遂溪县数字经济发展报告/);
    expect(t.otherTasks.raw).toBe('');
    expect(t.notes).toHaveLength(3);
    expect(t.notes[2]).toMatch(/绩效指标的填报数量不少于5个/);
  });

  it('six indicators, placed by what they say', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '年度举办科普活动数(次)', undefined, '1'],
      ['产出指标', '数量指标', '发展规划编制完成率', undefined, '1'],
      ['产出指标', '质量指标', '项目规划编制完整性、合规性', undefined, '规划编制完整、合规'],
      ['产出指标', '质量指标', '新增规模以上工业企业达标率(%)', undefined, '≥90%'],
      ['满意度指标', '服务对象满意度指标', '为园区建设发展带来长期、持续的正面影响', undefined, '提供产业园区大数据辅助决策'],
      ['成本指标', '经济成本指标', '预算资金控制有效性', undefined, '≥90%'],
    ]);
    const v = t.indicators[3]!.value;
    expect([v.operator, v.number, v.unit, v.quantitative]).toEqual(['≥', '90', '%', true]);
    expect(t.indicators[0]!.value.unit).toBe('次');
  });

  it('findings: benefit.min, the four uncovered aims, and no funds.sum-mismatch', () => {
    const c = codes(t);
    expect(c).toContain('benefit.min');
    expect(c).not.toContain('funds.sum-mismatch');
    expect(c).not.toContain('indicators.total-min');
    const aims = checkTable(t)
      .filter((f) => f.code === 'goal.target-uncovered')
      .map((f) => f.message.zh.match(/“(.+)”/)![1]);
    expect(aims).toEqual(['规上工业增加值增长3%', '社会消费品零售总额增长2%', '外贸进出口增长8%', '新增3家以上企业完成数字化改造']);
  });
});

describe('seed: 工作经费 project table', () => {
  const t = tables[1] as ProjectTable;

  it('header', () => {
    expect(t.projectName.raw).toBe('工作经费');
    expect([t.projectType.code, t.projectType.name]).toEqual(['331', '部门预算部门职能类']);
    expect(t.projectLevel.raw).toBe('二级项目');
    expect([t.department.code, t.department.name]).toEqual(['144', '遂溪县科工贸和信息化局']);
    expect([t.unit.code, t.unit.name]).toEqual(['144001', '遂溪县科工贸和信息化局']);
    expect([t.period.start.year, t.period.end.year]).toEqual([2025, 2026]);
    expect([formatWan(t.totalAmount.fen!), formatWan(t.currentAmount.fen!)]).toEqual(['13', '13']);
    expect(t.overview.raw).toMatch(/^保障本单位部门职能工作开展/);
    expect(t.periodGoal.raw).toBe(t.annualGoal.raw);
    expect(t.annualGoal.raw).toMatch(/^保障本单位部门职能工作开展/);
  });

  it('indicators, including the shifted 社会效益 row with only its 当年度 value', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '支出率(%)', '≥95', '≥95'],
      ['产出指标', '时效指标', '资金发放及时率', '及时', '及时'],
      ['效益指标', '经济效益指标', '资金使用率', '≥95', '≥95'],
      ['效益指标', '社会效益指标', '社会公众满意度', '', '≥90'],
      ['满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90', '≥90'],
      ['成本指标', '经济成本指标', '项目执行情况', '≥95', '≥95'],
    ]);
    expect(t.indicators[0]!.value.unit).toBe('%');
    expect(t.indicators[1]!.value.quantitative).toBe(false);
  });

  it('findings: output.quantitative-min and period.total-equals-current-multiyear', () => {
    const c = codes(t);
    expect(c).toContain('output.quantitative-min');
    expect(c).toContain('period.total-equals-current-multiyear');
    expect(c).toContain('goal.period-equals-annual');
    expect(c).toContain('value.qualitative-rate');
    expect(c).not.toContain('funds.current-exceeds-total');
  });
});

describe('seed: 遂溪县数字赋能实体经济发展规划编制费用 project table', () => {
  const t = tables[2] as ProjectTable;

  it('header', () => {
    expect(t.projectName.raw).toBe('遂溪县数字赋能实体经济发展规划编制费用');
    expect([t.period.start.year, t.period.end.year]).toEqual([2023, 2026]);
    expect([formatWan(t.totalAmount.fen!), formatWan(t.currentAmount.fen!)]).toEqual(['260', '31.2']);
    expect(t.annualGoal.raw).toMatch(/^编制遂溪县数字经济发展报告/);
  });

  it('indicators: 时效指标 kept under 效益指标 as filed, the cost row found on its own', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '发展规划编制完成率(%)', '1', '1'],
      ['产出指标', '数量指标', '项目规划编制完整性、合规性', '规划编制完整、合规', '规划编制完整、合规'],
      ['产出指标', '质量指标', '资金使用合规性(%)', '100', '100'],
      ['效益指标', '时效指标', '资金支出及时程度', '及时', '及时'],
      ['满意度指标', '服务对象满意度指标', '扶持对象满意度(%)', '》95%', '》95%'],
      ['成本指标', '经济成本指标', '预算资金控制有效性', '', '》95%'],
    ]);
  });

  it('findings: 》95% with the fix ≥95%, 时效 under 效益, 1 meaning 100%', () => {
    const fs = checkTable(t);
    const nonstd = fs.filter((f) => f.code === 'value.operator-nonstandard');
    expect(nonstd.length).toBe(3);
    expect(nonstd.every((f) => f.fix?.from === '》95%' && f.fix.to === '≥95%')).toBe(true);
    const invalid = fs.filter((f) => f.code === 'indicator.level2-invalid');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.location.row).toBe(4);
    const frac = fs.filter((f) => f.code === 'value.percent-as-fraction');
    expect(frac.map((f) => [f.location.row, f.location.field, f.fix?.to])).toEqual([
      [1, 'value', '100%'],
      [1, 'periodValue', '100%'],
    ]);
    expect(count(fs.map((f) => f.code), 'funds.current-exceeds-total')).toBe(0);
    // Every finding points at the cell it concerns.
    expect(nonstd[0]!.location.source).toMatchObject({ file: '000_860be9a69280b0ce.txt' });
  });
});
