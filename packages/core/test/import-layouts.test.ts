/**
 * Layouts and spellings the six samples do not show, each as a small grid written the way real
 * tables write it: side-by-side 长期/年度 blocks (青山区 2020), the value inside the name,
 * 投入/效果/环境效益 legacy labels, 指标值类型 定性, 开始日期/结束日期, a stream with its empty
 * cells lost, several tables in one grid, and header synonyms.
 */
import { describe, expect, it } from 'vitest';
import {
  formatWan,
  gridFromRows,
  importGrids,
  importText,
  recogniseTables,
  textToGrid,
  type DeptOverallTable,
  type Indicator,
  type ProjectTable,
  type SelfEvalTable,
} from '../src/index.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { essence } from './import-helpers/essence.ts';
import { layout, type PRows } from './import-helpers/published.ts';

const rows = (inds: Indicator[]) => inds.map((i) => [i.level1.name ?? '', i.level2.name ?? '', i.name.raw, i.value.raw, i.periodValue?.raw ?? '']);
const one = (g: PRows) => importGrids([layout(g, { file: 't.xlsx', sheet: 'Sheet1' })]);

describe('side-by-side 长期/年度 indicator blocks', () => {
  const r = one([
    [{ t: '武汉市青山区2020年项目支出绩效目标表', cs: 7 }],
    ['项目名称', { t: '教育信息化建设', cs: 6 }],
    ['资金总额', { t: '10000万元', cs: 2 }, '当年资金总额', { t: '3000万元', cs: 3 }],
    ['中期目标', { t: '三年建成全区教育专网', cs: 2 }, '年度目标', { t: '完成30所学校接入', cs: 3 }],
    ['一级指标', '二级指标(长期)', '三级指标(长期)', '指标值(长期)', '二级指标(年度)', '三级指标(年度)', '指标值(年度)'],
    [{ t: '产出指标', rs: 2 }, '数量指标', '接入学校数', '≥100所', '数量指标', '接入学校数', '≥30所'],
    ['质量指标', '网络可用率', '≥99%', '质量指标', '网络可用率', '≥99%'],
    [{ t: '效益指标', rs: 2 }, '', '', '', '社会效益指标', '师生使用率', '≥80%'],
    ['可持续影响指标', '长效运维机制', '建立', '', '', ''],
  ]);
  const t = r.tables[0] as ProjectTable;

  it('the 年度 block gives the indicators, the 长期 block their period values', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '接入学校数', '≥30所', '≥100所'],
      ['产出指标', '质量指标', '网络可用率', '≥99%', '≥99%'],
      ['效益指标', '社会效益指标', '师生使用率', '≥80%', ''],
      ['效益指标', '社会效益指标', '长效运维机制', '', '建立'],
    ]);
    expect(t.indicators[3]!.level2).toMatchObject({ raw: '可持续影响指标', legacy: true });
    expect(r.findings.map((f) => f.code)).toEqual(['import.period-only-indicator']);
    expect(r.findings[0]!.location.source).toMatchObject({ sheet: 'Sheet1', row: 9, col: 3 });
  });

  it('total and current amounts, 中期 and 年度 goals', () => {
    expect([formatWan(t.totalAmount.fen!), formatWan(t.currentAmount.fen!)]).toEqual(['10000', '3000']);
    expect([t.periodGoal.raw, t.annualGoal.raw]).toEqual(['三年建成全区教育专网', '完成30所学校接入']);
  });
});

describe('spellings of values and categories', () => {
  const r = one([
    [{ t: '2019年项目绩效目标申报表', cs: 5 }],
    ['项目名称', { t: '农村环境整治', cs: 4 }],
    ['开始日期', '2019-01-01', '结束日期', { t: '2021-12-31', cs: 2 }],
    ['一级指标', '二级指标', '三级指标', '指标值类型', '指标值'],
    [{ t: '投入指标', rs: 2 }, '成本目标', '人均整治成本', '定量', '≤300元/人'],
    ['时效目标', '整治完成时间', '定性', '年底前完成'],
    [{ t: '效果指标', rs: 2 }, '环境效益指标', '村庄垃圾清运率≥98%', '定量', ''],
    ['社会效益指标', '群众知晓率', '定性', '效果明显'],
  ]);
  const t = r.tables[0] as ProjectTable;

  it('投入/成本目标, 投入/时效目标, 效果指标 and 环境效益指标 mapped to the current tree', () => {
    expect(t.indicators.map((i) => [i.level1.raw, i.level1.name, i.level2.raw, i.level2.name])).toEqual([
      ['投入指标', '成本指标', '成本目标', '经济成本指标'],
      ['投入指标', '产出指标', '时效目标', '时效指标'],
      ['效果指标', '效益指标', '环境效益指标', '生态效益指标'],
      ['效果指标', '效益指标', '社会效益指标', '社会效益指标'],
    ]);
    expect(t.indicators.every((i) => i.level1.legacy)).toBe(true);
  });

  it('the value inside the name, and 定性 from 指标值类型', () => {
    const v = t.indicators[2]!.value;
    expect([v.operator, v.number, v.unit]).toEqual(['≥', '98', '%']);
    expect(r.findings.map((f) => [f.code, f.location.indicatorId])).toEqual([['import.value-in-name', 'i3']]);
    expect(t.indicators[3]!.value.notes).toContain('declared-qualitative');
    expect(t.indicators[3]!.valueType?.raw).toBe('定性');
    expect(t.indicators[0]!.value).toMatchObject({ operator: '≤', number: '300', unit: '元/人' });
  });

  it('开始日期/结束日期 give the period', () => {
    expect([t.period.start.year, t.period.end.year]).toEqual([2019, 2021]);
  });
});

describe('streams whose empty cells were lost', () => {
  // The 002 self-evaluation row without its empty cells: `= 100 % 60` under 指标性质 指标值 度量单位 完成值 权重 得分.
  const lines = [
    '部门预算项目支出绩效自评表(2023年度)', '项目名称', '工资性支出', '绩效指标', '一级指标', '二级指标', '三级指标', '指标性质', '指标值', '度量单位',
    '完成值', '权重', '得分', '产出指标', '数量指标', '发放覆盖率', '=', '100', '%', '60', '效益指标', '社会效益指标', '足额保障率', '≥', '95', '%', '96', '30', '28.5',
    '合计', '100',
  ];
  const r = recogniseTables(gridFromRows(lines.map((l) => [l]), { file: 'x.txt' }));
  const t = r.tables[0] as SelfEvalTable;

  it('cells go to the columns they fit: a lone number after the unit is the weight', () => {
    expect(t.kind).toBe('self-eval');
    expect(t.indicators.map((i) => [i.name.raw, i.value.operator, i.value.number, i.value.unit, i.actual?.raw, i.weight?.raw, i.score?.raw])).toEqual([
      ['发放覆盖率', '＝', '100', '%', undefined, '60', undefined],
      ['足额保障率', '≥', '95', '%', '96', '30', '28.5'],
    ]);
  });
});

describe('several tables in one text, header synonyms', () => {
  const text = [
    '2024年项目支出绩效目标表',
    '项目支出名称\t道路维护',
    '主管部门及代码\t201-交通局\t实施单位\t201003-公路站',
    '项目期\t2024年-2026年',
    '资金总额\t500\t年度资金总额\t120',
    '其中：财政拨款\t100\t其他资金\t20',
    '三级指标\t指标性质\t指标值\t计量单位\t权重',
    '产出指标\t数量指标\t维护里程\t≥\t35\t公里\t20',
    '\t\t养护路段优良率\t≥\t85\t%\t20',
    '',
    '2024年部门整体绩效目标表',
    '部门(单位)名称\t交通局',
    '年度总体目标\t保障道路畅通',
    '一级指标\t二级指标\t三级指标\t目标值',
    '满意度指标\t服务对象满意度指标\t群众满意度\t≥90%',
  ].join('\n');
  const r = recogniseTables(textToGrid(text, 'two.txt'));

  it('two tables, each with its own fields', () => {
    expect(r.tables.map((t) => [t.kind, t.title, t.year, t.indicators.length])).toEqual([
      ['project', '2024年项目支出绩效目标表', 2024, 2],
      ['dept-overall', '2024年部门整体绩效目标表', 2024, 1],
    ]);
    const p = r.tables[0] as ProjectTable;
    expect([p.projectName.raw, p.department.code, p.unit.name, p.period.start.year, p.period.end.year]).toEqual(['道路维护', '201', '公路站', 2024, 2026]);
    expect([p.totalAmount.fen, p.currentAmount.fen, p.fiscalAmount?.fen, p.otherAmount?.fen].map((f) => formatWan(f!))).toEqual(['500', '120', '100', '20']);
    expect(p.indicators.map((i) => [i.level2.name, i.name.raw, i.value.operator, i.value.number, i.value.unit, i.weight?.raw])).toEqual([
      ['数量指标', '维护里程', '≥', '35', '公里', '20'],
      ['数量指标', '养护路段优良率', '≥', '85', '%', '20'],
    ]);
    expect(p.indicators[1]!.value.source).toEqual({ file: 'two.txt', row: 9, col: 5, line: 9 });
    expect(r.tables[1]!.indicators[0]!.value).toMatchObject({ operator: '≥', number: '90', unit: '%' });
  });
});

describe('a 池州-style self-evaluation (fund block, 年度指标值/实际完成值/分值/得分, legacy tree with scores in the labels)', () => {
  const r = one([
    [{ t: '项目支出绩效自评表', cs: 8 }],
    [{ t: '(2022年度)', cs: 8 }],
    ['项目名称', { t: '农村公路建设', cs: 7 }],
    ['主管部门', { t: '池州市交通运输局', cs: 3 }, '实施单位', { t: '池州市公路中心', cs: 3 }],
    [{ t: '项目资金(万元)', rs: 5 }, '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ['年度资金总额', '500', '480', '456', '10', '95%', '9.5'],
    ['其中：当年财政拨款', '500', '480', '456', '—', '95%', '—'],
    ['上年结转资金', '0', '0', '0', '—', '', '—'],
    ['其他资金', '', '', '', '—', '', '—'],
    [{ t: '年度总体目标', rs: 2 }, { t: '预期目标', cs: 4 }, { t: '实际完成情况', cs: 3 }],
    [{ t: '完成20公里农村公路建设', cs: 4 }, { t: '完成19公里', cs: 3 }],
    [{ t: '绩效指标', rs: 5 }, '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
    [{ t: '产出指标(50分)', rs: 2 }, '数量指标', '建设里程', '≥20公里', '19公里', '25', '23.75', '雨季延误'],
    ['成本指标', '每公里造价', '≤25万元', '24万元', '25', '25', ''],
    ['效益指标(30分)', '可持续影响指标', '道路使用年限', '≥10年', '达成年度指标', '30', '27', ''],
    ['满意度指标(10分)', '服务对象满意度指标', '沿线群众满意度', '≥90%', '92%', '10', '10', ''],
    [{ t: '总分', cs: 6 }, '100', '95.25', ''],
  ]);
  const t = r.tables[0] as SelfEvalTable;

  it('kind, header, goal and outcome', () => {
    expect([t.kind, t.title, t.year, t.projectName.raw, t.department.raw, t.unit.raw]).toEqual(['self-eval', '项目支出绩效自评表', 2022, '农村公路建设', '池州市交通运输局', '池州市公路中心']);
    expect([t.annualGoal.raw, t.goalOutcome.raw]).toEqual(['完成20公里农村公路建设', '完成19公里']);
  });

  it('the fund block by its column names', () => {
    expect(t.execution.map((l) => [l.name.raw, l.initialBudget.fen && formatWan(l.initialBudget.fen), l.adjustedBudget.raw, l.executed.raw, l.rate.raw, l.weight.raw, l.score.raw])).toEqual([
      ['年度资金总额', '500', '480', '456', '95%', '10', '9.5'],
      ['其中：当年财政拨款', '500', '480', '456', '95%', '—', '—'],
      ['上年结转资金', 0, '0', '0', '', '—', '—'],
      ['其他资金', null, '', '', '', '—', '—'],
    ]);
  });

  it('indicators keep their actual values, weights, scores and reasons; the old tree is mapped', () => {
    expect(t.indicators.map((i) => [i.level1.name, i.level2.name, i.name.raw, i.value.raw, i.actual?.raw, i.weight?.raw, i.score?.raw, i.deviationReason?.raw])).toEqual([
      ['产出指标', '数量指标', '建设里程', '≥20公里', '19公里', '25', '23.75', '雨季延误'],
      ['成本指标', '经济成本指标', '每公里造价', '≤25万元', '24万元', '25', '25', undefined],
      ['效益指标', '社会效益指标', '道路使用年限', '≥10年', '达成年度指标', '30', '27', undefined],
      ['满意度指标', '服务对象满意度指标', '沿线群众满意度', '≥90%', '92%', '10', '10', undefined],
    ]);
    expect(t.indicators.map((i) => [i.level1.raw, i.level2.legacy ?? false])).toEqual([
      ['产出指标(50分)', false],
      ['产出指标(50分)', true],
      ['效益指标(30分)', true],
      ['满意度指标(10分)', false],
    ]);
    expect(r.findings).toEqual([]);
  });
});

describe('an indicator header over two rows', () => {
  it('指标值 merged over 实施周期 | 当年度', () => {
    const r = one([
      [{ t: '2026年县级项目支出绩效目标表', cs: 6 }],
      ['项目名称', { t: '数字化转型培训', cs: 5 }],
      [{ t: '绩效指标', rs: 4 }, { t: '一级指标', rs: 2 }, { t: '二级指标', rs: 2 }, { t: '三级指标', rs: 2 }, { t: '指标值', cs: 2 }],
      ['实施周期', '当年度'],
      ['产出指标', '数量指标', '举办培训班次数', '≥8次', '≥4次'],
      ['满意度指标', '服务对象满意度指标', '参训企业满意度', '', '≥90%'],
    ]);
    expect(rows(r.tables[0]!.indicators)).toEqual([
      ['产出指标', '数量指标', '举办培训班次数', '≥4次', '≥8次'],
      ['满意度指标', '服务对象满意度指标', '参训企业满意度', '≥90%', ''],
    ]);
    expect(r.findings).toEqual([]);
  });
});

describe('a label and its value in one cell', () => {
  it('项目名称：道路维护 — as Word and PDF headers write it', () => {
    const r = recogniseTables(
      gridFromRows([
        ['2024年项目支出绩效目标表'],
        ['项目名称：道路维护', '主管部门：201-交通局', '实施单位：公路站'],
        ['当年预算：120万元'],
        ['一级指标', '二级指标', '三级指标', '指标值'],
        ['产出指标', '数量指标', '维护里程', '≥35公里'],
      ], { file: 'h.txt' }),
    );
    const t = r.tables[0] as ProjectTable;
    expect([t.projectName.raw, t.department.code, t.unit.raw, formatWan(t.currentAmount.fen!)]).toEqual(['道路维护', '201', '公路站', '120']);
    expect(t.projectName.source).toEqual({ file: 'h.txt', row: 2, col: 1 });
  });
});

describe('labels with a note in brackets', () => {
  it('项目名称(全称), 计量单位(个、%), 指标值(定量/定性), 权重(%) are the labels they start with', () => {
    const r = recogniseTables(
      gridFromRows([
        ['2025年项目支出绩效目标表'],
        ['项目名称(全称)', '乡村道路养护'],
        ['一级指标', '二级指标', '三级指标', '指标值(定量/定性)', '计量单位(个、%)', '权重(%)'],
        ['产出指标', '数量指标', '养护里程', '≥40', '公里', '30'],
      ]),
    );
    const t = r.tables[0] as ProjectTable;
    expect(t.projectName.raw).toBe('乡村道路养护');
    expect(t.indicators.map((i) => [i.value.operator, i.value.number, i.value.unit, i.weight?.raw])).toEqual([['≥', '40', '公里', '30']]);
  });
});

describe('a category label broken over two rows of tab text', () => {
  it('`经济效益` / `指标` with the indicator on the first row', () => {
    const text = ['2022年项目绩效目标申报表', '项目名称\t高标准农田', '一级指标\t二级指标\t三级指标\t指标值', '效益指标\t经济效益\t年增粮食\t3500公斤', '\t指标\t\t', '\t社会效益\t受益人口数\t≥500人', '\t指标\t\t'].join('\n');
    const t = importText(text, 'x.txt').tables[0]!;
    expect(rows(t.indicators)).toEqual([
      ['效益指标', '经济效益指标', '年增粮食', '3500公斤', ''],
      ['效益指标', '社会效益指标', '受益人口数', '≥500人', ''],
    ]);
  });
});

const seed = readFileSync(fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url)), 'utf8');

describe('the seed flattened to one cell per line', () => {
  it('as a web page copied to text (`cell |` per line): the same three tables, key tasks and funds included', () => {
    const stream = seed
      .split('\n')
      .flatMap((l) => l.split('\t').map((c) => c.trim()).filter(Boolean).map((c) => `${c} |`))
      .join('\n');
    const r = importText(stream, 'seed-page.txt');
    expect(essence(r)).toEqual(essence(importText(seed)));
    const d = r.tables[0] as DeptOverallTable;
    expect(d.keyTasks.map((k) => [k.name.raw, k.amount.raw])).toEqual([
      ['任务1：促进工业发展经费', '6'],
      ['任务2：遂溪县数字赋能实体经济发展规划编制费用', '31.2'],
    ]);
    expect(d.funds.development.map((l) => [l.name.raw, l.amount.raw])).toEqual([['其他事业发展性支出', '13']]);
  });
});

describe('PDF text', () => {
  it('the seed as a PDF renders it (cells as runs of spaces, empty cells gone) imports as its tab text does', () => {
    const pdf = seed
      .split('\n')
      .map((l) => l.split('\t').map((c) => c.trim()).filter(Boolean).join('   '))
      .join('\n');
    expect(pdf).not.toContain('\t');
    const r = importText(pdf, 'seed.pdf.txt');
    expect(r.tables.map((t) => t.indicators.length)).toEqual([6, 6, 6]);
    expect(essence(r)).toEqual(essence(importText(seed)));
  });
});

describe('nothing recognisable', () => {
  it('a grid with no target table says so', () => {
    const r = recogniseTables(gridFromRows([['姓名', '年龄'], ['张三', '30']], { file: 'people.csv' }));
    expect(r.tables).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.severity, f.location.source?.file])).toEqual([['import.no-tables', 'warning', 'people.csv']]);
  });

  it('a titled table of an unknown kind is skipped with a finding at its title', () => {
    const r = recogniseTables(gridFromRows([['某某情况申报表'], ['甲', '乙']], { file: 'x.csv' }));
    expect(r.findings.map((f) => [f.code, f.location.source?.row])).toEqual([['import.table-kind-unknown', 1]]);
  });
});
