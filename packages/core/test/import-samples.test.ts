/**
 * Golden tests: the six real published tables of ../shared/samples (defects included) import to
 * exactly these tables. Every expectation is written by hand from the published page. Each
 * sample is also imported from its published layout (a real grid with merged cells) and must
 * give the same result as its text form.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatWan,
  formatYuan,
  importGrids,
  importText,
  type DeptOverallTable,
  type Indicator,
  type ProjectTable,
  type RecogniseResult,
  type SelfEvalTable,
} from '../src/index.ts';
import { essence } from './import-helpers/essence.ts';
import { layout } from './import-helpers/published.ts';
import { PUBLISHED } from './import-helpers/published-samples.ts';

const SAMPLES = fileURLToPath(new URL('../../../fixtures/samples/', import.meta.url));
const read = (name: string): RecogniseResult => importText(readFileSync(SAMPLES + name, 'utf8'), name);

/** [一级, 二级, 三级, operator, number, unit] as the importer should place and parse them. */
type Row = [string, string, string, string | null, string | null, string | null];
const rows = (inds: Indicator[]): Row[] =>
  inds.map((i) => [i.level1.name ?? '', i.level2.name ?? '', i.name.raw, i.value.operator, i.value.number, i.value.unit]);
const codes = (r: RecogniseResult, table: number) => r.findings.filter((f) => f.location.table === table).map((f) => f.code);

describe('001 湘潭 雾炮车 (2023 申报表: 指标值及单位 + 绩效标准, legacy 成本/满意度 labels, one cell per line)', () => {
  const r = read('001_xiangtan_wupaoche_2023_project.txt');
  const t = r.tables[0] as ProjectTable;

  it('one project table under its own title (the page title above it is dropped)', () => {
    expect(r.tables.map((x) => [x.kind, x.title, x.year])).toEqual([['project', '2023年项目支出绩效目标申报表', 2023]]);
  });

  it('header fields by their 2023 labels, 250万 read exactly', () => {
    expect(t.projectName.raw).toBe('雾炮车降尘抑尘服务');
    expect(t.department.name).toBe('湘潭市环境卫生管理处');
    expect(formatWan(t.currentAmount.fen!)).toBe('250');
    expect(t.totalAmount.fen).toBeNull();
    expect([t.period.start.year, t.period.end.year]).toEqual([2023, 2024]);
    expect(t.annualGoal.raw).toMatch(/^通过采购雾炮车降尘抑尘服务.*达到优良$/);
    expect(t.periodGoal.raw).toBe(t.annualGoal.raw);
    expect(t.extraFields?.map((f) => [f.label.raw, f.value.raw])).toEqual([['该项目支出上级资金', '0']]);
  });

  it('seven indicators; 成本 under 产出 and 社会公众或服务对象满意度 mapped to the current tree', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '雾炮车降尘抑尘服务配备车辆数', '＝', '10', '辆'],
      ['产出指标', '数量指标', '雾炮车风炮射程', '≥', '80', 'M'],
      ['产出指标', '质量指标', '服务周期内空气质量', null, null, null],
      ['产出指标', '时效指标', '服务周期', null, null, null],
      ['成本指标', '经济成本指标', '控制在预算成本内', '＝', '250', '万元'],
      ['效益指标', '社会效益指标', '服务周期内,市民对空气质量改善的满意程度', '≥', '85', '%'],
      ['满意度指标', '服务对象满意度指标', '市民满意度', '≥', '90', '%'],
    ]);
    const cost = t.indicators[4]!;
    expect([cost.level1.raw, cost.level2.raw, cost.level1.legacy, cost.level2.legacy]).toEqual(['产出指标', '成本指标', true, true]);
    expect(t.indicators[6]!.level2).toMatchObject({ raw: '社会公众或服务对象满意度指标', legacy: true });
    expect(t.indicators[3]!.value.notes).toContain('date-or-period');
    expect(t.indicators.every((i) => i.standard?.raw === '计划标准')).toBe(true);
  });

  it('every value remembers its line', () => {
    expect(t.indicators[1]!.value.source).toMatchObject({ file: '001_xiangtan_wupaoche_2023_project.txt', line: 50 });
    expect(t.currentAmount.source?.line).toBe(17);
  });
});

describe('002 青神 工资性支出 (self-evaluation, 指标性质/指标值/度量单位 split, empty cells in a stream)', () => {
  const r = read('002_qingshen_fagaiju_gongzi_2023_selfeval.txt');
  const t = r.tables[0] as SelfEvalTable;

  it('a self-evaluation table', () => {
    expect(r.tables.map((x) => [x.kind, x.title, x.year])).toEqual([['self-eval', '部门预算项目支出绩效自评表(2023年度)', 2023]]);
  });

  it('header, goal and the template text left in the outcome', () => {
    expect(t.projectName.raw).toBe('51000021R000000019951-工资性支出');
    expect(t.projectCode?.raw).toBe('51000021R000000019951');
    expect(t.department.raw).toBe('青神县发展和改革局本级');
    expect(t.unit.raw).toBe('青神县发展和改革局');
    expect(t.annualGoal.raw).toMatch(/^严格执行相关政策/);
    expect(codes(r, 0).filter((c) => c === 'import.template-text')).toHaveLength(4);
  });

  it('budget execution lines with their weight', () => {
    expect(t.execution.map((l) => [l.name.raw, l.initialBudget.fen && formatWan(l.initialBudget.fen), l.adjustedBudget.raw, l.executed.raw, l.rate.raw, l.weight.raw])).toEqual([
      ['总额', '238.93', '251.89', '251.89', '100.00%', '10'],
      ['其中:财政资金', '238.93', '251.89', '251.89', '100.00%', '/'],
      ['财政专户管理资金', 0, '0.00', '0.00', '0.00%', '/'],
      ['单位资金', 0, '0.00', '0.00', '0.00%', '/'],
      ['其他资金', null, '', '', '', '/'],
    ]);
  });

  it('two indicators with operator and unit from their own columns, weights kept, no actual value filed', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '发放(缴纳)覆盖率', '＝', '100', '%'],
      ['效益指标', '社会效益指标', '足额保障率(参保率)', '＝', '100', '%'],
    ]);
    expect(t.indicators.map((i) => [i.weight?.raw, i.actual, i.score, i.operatorColumn?.raw, i.unitColumn?.raw])).toEqual([
      ['60', undefined, undefined, '=', '%'],
      ['30', undefined, undefined, '=', '%'],
    ]);
    expect(t.indicators[0]!.value.unitFrom).toBe('column');
  });
});

describe('006 井研 马踏镇 (one row per indicator, two projects in one sheet, rows in any order, amounts in 元)', () => {
  const r = read('006_jingyan_matazhen_2023_project.txt');
  const [a, b] = r.tables as ProjectTable[];

  it('two project tables from one sheet', () => {
    expect(r.tables.map((x) => [x.kind, x.title, x.year, x.indicators.length])).toEqual([
      ['project', '部门预算项目绩效目标申报表(2023年度)', 2023, 8],
      ['project', '部门预算项目绩效目标申报表(2023年度)', 2023, 5],
    ]);
  });

  it('project columns on every project, amounts in 元 converted exactly', () => {
    expect([a!.projectName.raw, a!.unit.code, a!.unit.name, a!.department.raw, a!.annualGoal.raw]).toEqual([
      '村组干部报酬',
      '820001',
      '井研县马踏镇人民政府',
      '820-马踏镇部门',
      '按时发放村组干部报酬',
    ]);
    expect(formatYuan(a!.currentAmount.fen!)).toBe('3309840');
    expect([b!.projectName.raw, b!.unit.raw, formatYuan(b!.currentAmount.fen!)]).toEqual(['基层组织活动经费', '820001-井研县马踏镇人民政府', '660000']);
    expect(b!.annualGoal.raw).toMatch(/^包括必要的办公用品费/);
  });

  it('indicators in the published order, 可持续影响 mapped with its legacy flag', () => {
    expect(rows(a!.indicators)).toEqual([
      ['效益指标', '社会效益指标', '维护社会稳定', '≥', '95', '%'],
      ['产出指标', '时效指标', '维持时效', '≥', '1', '年'],
      ['产出指标', '质量指标', '按时发放', '≥', '1', '人/年'],
      ['效益指标', '经济效益指标', '促进村集体经济发展', '≥', '95', '%'],
      ['产出指标', '数量指标', '村组干部230人', '≥', '230', '个'],
      ['效益指标', '生态效益指标', '保护生态环境卫生', '≥', '95', '%'],
      ['效益指标', '社会效益指标', '项目维持时效', '≥', '95', '%'],
      ['满意度指标', '服务对象满意度指标', '人民群众满意度', '≥', '95', '%'],
    ]);
    expect(a!.indicators[6]!.level2).toMatchObject({ raw: '可持续影响指标', legacy: true });
    expect(a!.indicators.map((i) => i.weight?.raw)).toEqual(['10', '20', '10', '10', '10', '10', '10', '10']);
    expect(a!.indicators[0]!.direction?.raw).toBe('正向指标');
    expect(rows(b!.indicators)).toEqual([
      ['满意度指标', '服务对象满意度指标', '辖区内群众满意度', '≥', '95', '%'],
      ['效益指标', '经济效益指标', '促进农村集体经济发展', '≥', '95', '%'],
      ['效益指标', '社会效益指标', '经济、环境等方面可持续发展', '≥', '95', '%'],
      ['产出指标', '质量指标', '保障村社区正常运转', '≥', '95', '%'],
      ['产出指标', '数量指标', '行政村数量', '＝', '11', '个'],
    ]);
  });
});

describe('014 潼南 五桂镇 (several tables, no 一级/二级 columns: classified by keywords)', () => {
  const r = read('014_tongnan_wuguizhen_yibanxingxiangmu_2023_project.txt');

  it('three tables; the third is cut off and has no indicators', () => {
    expect(r.tables.map((x) => [x.kind, x.title, (x as ProjectTable).projectName.raw, x.indicators.length])).toEqual([
      ['project', '2023年一般性项目绩效目标表(一级项目)', '潼南区五桂镇汇总项目库', 5],
      ['project', '2023年一般性项目绩效目标表(一级项目)', '在职村村干部补助', 5],
      ['project', '2023年一般性项目绩效目标表(一级项目)', '日常办公设备购买和运行维护', 0],
    ]);
    expect(codes(r, 2)).toEqual(['import.indicators-not-found']);
  });

  it('header fields by their Chongqing labels', () => {
    const t = r.tables[1] as ProjectTable;
    expect([t.department.code, t.department.name, t.unit.raw]).toEqual(['813', '潼南区五桂镇', '813-潼南区五桂镇']);
    expect(formatWan(t.currentAmount.fen!)).toBe('9.31');
    expect(t.annualGoal.raw).toBe('按月及时足额发放在职村社干部的工资。');
    expect(t.extraFields?.[0]?.value.raw).toBe('渝财(2022)00001');
  });

  it('each indicator placed by keywords, with a finding each', () => {
    const [t1, t2] = r.tables as ProjectTable[];
    expect(rows(t1!.indicators)).toEqual([
      ['产出指标', '数量指标', '发放人数', '≥', '80', '人数'],
      ['产出指标', '时效指标', '是否按时足额发放', '≥', '95', '%'],
      ['效益指标', '社会效益指标', '促进社会和谐', null, null, null],
      ['效益指标', '经济效益指标', '保障收入', null, null, null],
      ['效益指标', '社会效益指标', '保障权益', null, null, null],
    ]);
    expect(rows(t2!.indicators)).toEqual([
      ['产出指标', '时效指标', '按月发放', '＝', '1', '次'],
      ['满意度指标', '服务对象满意度指标', '本土人才满意度', '≥', '95', '%'],
      ['成本指标', '经济成本指标', '发放金额', '≥', '9.31', '万元'],
      ['产出指标', '数量指标', '领取补助人数', '≥', '100', '人'],
      ['效益指标', '经济效益指标', '促进经济发展', null, null, null],
    ]);
    expect(t1!.indicators.every((i) => i.level1.classified && i.level1.raw === '')).toBe(true);
    expect(codes(r, 0)).toEqual(Array(5).fill('import.level-classified'));
    expect([t1!.indicators[2]!.operatorColumn?.raw, t1!.indicators[2]!.value.empty]).toEqual(['定性', true]);
    expect(t1!.indicators[2]!.weight?.raw).toBe('20');
  });
});

describe('025 浮梁 林业局 (department-wide, 计算符号/目标值/度量单位/指标值说明, rows shifted by merges)', () => {
  const r = read('025_fuliang_linyeju_2026_dept.txt');
  const t = r.tables[0] as DeptOverallTable;

  it('one department-wide table', () => {
    expect(r.tables.map((x) => [x.kind, x.title, x.indicators.length])).toEqual([['dept-overall', '部门整体绩效目标', 13]]);
    expect(r.findings).toEqual([]);
  });

  it('header fields with * and : on their labels', () => {
    expect([t.deptName.raw, t.deptCode?.raw, t.overallGoal.raw]).toEqual(['浮梁县林业局', '316', '保证林业局职能实现,保障人员经费。']);
    expect(t.extraFields?.map((f) => f.label.raw)).toContain('*部门职能职责概述');
  });

  it('thirteen indicators, 一级/二级 carried down', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '保障在职职工人数(人)', '＝', '116', '人'],
      ['产出指标', '数量指标', '保障退休职工人数(人)', '＝', '81', '人'],
      ['产出指标', '数量指标', '保障遗属人数(人)', '＝', '13', '人'],
      ['产出指标', '数量指标', '林木采伐监管(万立方米)', '＝', '6', '万立方米'],
      ['产出指标', '数量指标', '野生动植物保护、防火面积(万亩)', '＝', '320', '万亩'],
      ['产出指标', '数量指标', '湿地保有量(公顷)', '＝', '4900', '公顷'],
      ['产出指标', '数量指标', '林业产业(万亩)', '＝', '0.5', '万亩'],
      ['产出指标', '数量指标', '签订野生动物致害保险(单)', '＝', '1', '单'],
      ['产出指标', '数量指标', '向各类新闻媒体完成林业新闻信息投稿数(篇)', '＝', '30', '篇'],
      ['产出指标', '数量指标', '林业微信公众号完成新闻宣传(篇)', '＝', '50', '篇'],
      ['产出指标', '数量指标', '制作宣传横幅、公益宣传牌等(年)', '＝', '1', '年'],
      ['产出指标', '数量指标', '自然保护区负氧离子监测点(个)', '＝', '4', '个'],
      ['产出指标', '质量指标', '工资发放准确性(%)', '≥', '95', '%'],
    ]);
    expect(t.indicators.every((i) => i.explanation?.raw === '该指标值数据合理')).toBe(true);
  });
});

describe('030 岳阳县 高标准农田 (2022 legacy tree, labels broken over two lines, blank line between every cell)', () => {
  const r = read('030_yueyangxian_gaobiaozhunnongtian_2022_project.txt');
  const t = r.tables[0] as ProjectTable;

  it('one project table; the year from the (2022年度) line', () => {
    expect(r.tables.map((x) => [x.kind, x.title, x.year])).toEqual([['project', '绩效目标申报表(基础设施建设类)', 2022]]);
  });

  it('amounts with a note after them: read, and reported', () => {
    expect([t.projectName.raw, t.department.raw, t.unit.raw]).toEqual(['岳阳县2022年高标准农田建设项目', '岳阳县农业农村局', '农田建设服务中心']);
    expect(formatWan(t.currentAmount.fen!)).toBe('854');
    expect(formatWan(t.fiscalAmount!.fen!)).toBe('854');
    expect(t.annualGoal.raw).toBe('完成项目主体工程70%');
    expect(codes(r, 0)).toEqual(['import.amount-extra-text', 'import.amount-extra-text']);
    expect(r.findings[1]!.location.source).toMatchObject({ line: 35 });
  });

  it('twelve indicators; 经济效益 + 指标 joined, 成本 under 产出 and 可持续影响 mapped', () => {
    expect(rows(t.indicators)).toEqual([
      ['产出指标', '数量指标', '脱贫村村内道路硬化里程', '≥', '100', '公里'],
      ['产出指标', '数量指标', '脱贫户供水设施数量', '≥', '20', '座'],
      ['产出指标', '质量指标', '项目(工程)验收合格率', '＝', '100', '%'],
      ['产出指标', '时效指标', '项目(工程)完成及时率', '≥', '100', '%'],
      ['成本指标', '经济成本指标', '财政资金补助', '＝', '1600', '元/亩'],
      ['效益指标', '经济效益指标', '年增粮食', '＝', '3500', '公斤'],
      ['效益指标', '社会效益指标', '受益脱贫(监测)人口数', '≥', '500', '人'],
      ['效益指标', '社会效益指标', '解决脱贫(监测)饮水安全问题人数', '≥', '1000', '人'],
      ['效益指标', '生态效益指标', '新增和改善灌溉达标面积', '≥', '500', '亩'],
      ['效益指标', '生态效益指标', '新增和改善排水达标面积', '≥', '200', '亩'],
      ['效益指标', '社会效益指标', '工程设计使用年限', '≥', '20', '年'],
      ['满意度指标', '服务对象满意度指标', '受益脱贫(监测)户满意度', '≥', '95', '%'],
    ]);
    expect(t.indicators[5]!.level2.raw).toBe('经济效益\n指标');
    expect(t.indicators[10]!.level2).toMatchObject({ raw: '可持续影响\n指标', legacy: true });
    expect(t.indicators[4]!.level1).toMatchObject({ raw: '产出指标', legacy: true });
  });
});

describe('published layouts (real grids with merged cells) import to the same result as the text', () => {
  for (const [name, tables] of Object.entries(PUBLISHED)) {
    it(name, () => {
      const text = read(name);
      const grid = importGrids(tables.map((rows, i) => layout(rows, { file: name, sheet: `表${i + 1}` })));
      expect(text.tables.length).toBeGreaterThan(0);
      expect(essence(grid)).toEqual(essence(text));
    });
  }

  it('a value in a grid points at its sheet, row and column', () => {
    const name = '025_fuliang_linyeju_2026_dept.txt';
    const r = importGrids(PUBLISHED[name]!.map((rows, i) => layout(rows, { file: 'x.xlsx', sheet: `表${i + 1}` })));
    expect(r.tables[0]!.indicators[1]!.value.source).toEqual({ file: 'x.xlsx', sheet: '表1', row: 10, col: 5 });
    expect(r.tables[0]!.indicators[0]!.level1.source).toEqual({ file: 'x.xlsx', sheet: '表1', row: 9, col: 1 });
  });
});
