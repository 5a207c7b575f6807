/**
 * Deterministic synthetic tables for benchmarks and load tests. Indicator names, categories,
 * values and defect rates are drawn from what the seed and the published samples show (counts
 * of 5–12 indicators, 》 for ≥, "1" for 100%, rates written as words, empty benefit rows, …).
 * The same seed number gives the same tables on every machine.
 */
import { parseMoney } from '../money/money.ts';
import { matchLevel1, matchLevel2 } from '../framework/indicator-framework.ts';
import type { Indicator, ProjectTable } from '../model/target-table.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';

/** Small fast PRNG (mulberry32): deterministic across platforms. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type IndicatorPool = Array<[level1: string, level2: string, name: string, value: string]>;
type Pool = IndicatorPool;

/** Indicators seen in real tables (seed, samples), with typical values. */
export const INDICATOR_POOL: Pool = [
  ['产出指标', '数量指标', '举办培训班次数', '≥4次'],
  ['产出指标', '数量指标', '年度举办科普活动数(次)', '≥2'],
  ['产出指标', '数量指标', '村组干部人数', '＝230人'],
  ['产出指标', '数量指标', '脱贫村村内道路硬化里程', '≥100公里'],
  ['产出指标', '数量指标', '保障在职职工人数', '＝116人'],
  ['产出指标', '数量指标', '发放补助人数', '≥100人'],
  ['产出指标', '数量指标', '雾炮车配备车辆数', '≥10辆'],
  ['产出指标', '质量指标', '项目(工程)验收合格率', '＝100%'],
  ['产出指标', '质量指标', '工资发放准确性(%)', '≥95'],
  ['产出指标', '质量指标', '资金使用合规性(%)', '＝100'],
  ['产出指标', '质量指标', '规划编制完整性', '规划编制完整、合规'],
  ['产出指标', '时效指标', '项目完成及时率', '≥95%'],
  ['产出指标', '时效指标', '资金发放及时率', '≥98%'],
  ['产出指标', '时效指标', '完成时限', '≤12月'],
  ['效益指标', '经济效益指标', '年增粮食', '≥3500公斤'],
  ['效益指标', '经济效益指标', '带动企业增收', '≥50万元'],
  ['效益指标', '社会效益指标', '受益脱贫人口数', '≥500人'],
  ['效益指标', '社会效益指标', '保障基层组织正常运转', '有效保障'],
  ['效益指标', '社会效益指标', '政策知晓率', '≥90%'],
  ['效益指标', '生态效益指标', '新增灌溉达标面积', '≥500亩'],
  ['效益指标', '生态效益指标', '空气质量优良天数比例', '≥90%'],
  ['满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%'],
  ['满意度指标', '服务对象满意度指标', '受益群众满意度', '≥95%'],
  ['满意度指标', '服务对象满意度指标', '参训人员满意度', '≥85%'],
  ['成本指标', '经济成本指标', '人均培训成本', '≤800元/人'],
  ['成本指标', '经济成本指标', '财政资金补助标准', '≤1600元/亩'],
  ['成本指标', '经济成本指标', '预算资金控制率', '≤100%'],
  ['成本指标', '社会成本指标', '安全事故发生数', '＝0起'],
  ['成本指标', '生态环境成本指标', '施工扬尘投诉次数', '≤2次'],
];

/** Defects and how often they appear, per indicator value. */
const DEFECTS: Array<[rate: number, apply: (v: string, name: string) => string]> = [
  [0.05, (v) => v.replace('≥', '》')],
  [0.03, (v) => v.replace(/^[≥＝≤]/, '')],
  [0.03, (v, n) => (/率/.test(n) ? '1' : v)],
  [0.02, (v) => v.replace(/%|次|人|个|元\/人/, '')],
  [0.02, (v, n) => (/率/.test(n) ? '及时' : v)],
  [0.01, () => 'XX'],
  [0.02, () => ''],
];

const NAMES = ['工作经费', '数字化转型培训', '高标准农田建设', '村组干部报酬', '基层组织活动经费', '森林防火综合治理', '农村饮水安全巩固提升', '城乡环境卫生整治', '学生资助', '老年人补贴'];
const UNITS = ['遂溪县科工贸和信息化局', '遂溪县农业农村局', '遂溪县林业局', '遂溪县教育局', '遂溪县民政局'];

export function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/**
 * One indicator from a pool entry. `defectScale` multiplies the defect rates (0 = as a clean,
 * submitted table would have it; 1 = as published tables show them).
 */
export function makeIndicator(rnd: () => number, id: string, entry: Pool[number], periodFactor: number | null, defectScale = 1): Indicator {
  const [l1, l2, name, base] = entry;
  let value = base;
  for (const [rate, apply] of DEFECTS) if (rnd() < rate * defectScale) value = apply(value, name);
  const m1 = matchLevel1(l1)!;
  const m2 = matchLevel2(l2, l1)!;
  const ind: Indicator = {
    id,
    level1: { raw: l1, name: m1.name },
    level2: { raw: l2, name: m2.name },
    name: { raw: name },
    value: parseIndicatorValue(value, { indicatorName: name }),
  };
  // A project row always has its 实施周期 cell; only multi-year projects fill it.
  const periodRaw = periodFactor === null ? '' : value.replace(/\d+/, (d) => String(Number(d) * (/[%率]/.test(value + name) ? 1 : periodFactor)));
  ind.periodValue = parseIndicatorValue(periodRaw, { indicatorName: name });
  return ind;
}

/** One realistic project table. */
export function generateProjectTable(rnd: () => number, index: number, year = 2026): ProjectTable {
  const years = rnd() < 0.6 ? 1 : 1 + Math.floor(rnd() * 3);
  const start = year - Math.floor(rnd() * years);
  const end = start + years - 1;
  const currentWan = (Math.floor(rnd() * 500_00) + 100) / 100;
  const totalWan = rnd() < 0.15 ? currentWan : Math.round(currentWan * years * 100) / 100;
  const count = 5 + Math.floor(rnd() * 8);
  const chosen: Pool = [];
  // Every category at least once in most tables; sometimes the benefit rows are left empty.
  for (const l1 of ['产出指标', '产出指标', '效益指标', '满意度指标', '成本指标']) {
    if (l1 === '效益指标' && rnd() < 0.1) continue;
    chosen.push(pick(rnd, INDICATOR_POOL.filter((p) => p[0] === l1)));
  }
  while (chosen.length < count) chosen.push(pick(rnd, INDICATOR_POOL));
  const name = `${pick(rnd, NAMES)}${index}`;
  const unit = pick(rnd, UNITS);
  const goal = `保障${name}顺利实施，完成${3 + Math.floor(rnd() * 20)}个以上建设任务，受益群众满意度达到90%以上。`;
  const multi = end > start;
  return {
    kind: 'project',
    title: `${year}年县级项目支出绩效目标表`,
    year,
    notes: [],
    projectName: { raw: name },
    projectType: { raw: '331-部门预算部门职能类', code: '331', name: '部门预算部门职能类' },
    projectLevel: { raw: '二级项目' },
    department: { raw: `144-${unit}`, code: '144', name: unit },
    unit: { raw: `144001-${unit}`, code: '144001', name: unit },
    period: { start: { raw: String(start), year: start }, end: { raw: String(end), year: end } },
    totalAmount: { raw: String(totalWan), fen: parseMoney(String(totalWan))?.fen ?? null },
    currentAmount: { raw: String(currentWan), fen: parseMoney(String(currentWan))?.fen ?? null },
    overview: { raw: `${name}：按照年度工作计划组织实施。` },
    periodGoal: { raw: multi ? (rnd() < 0.3 ? goal : `${start}—${end}年累计${goal}`) : '' },
    annualGoal: { raw: goal },
    indicators: chosen.map((e, i) => makeIndicator(rnd, `i${i + 1}`, e, multi ? years : null)),
  };
}

/** `count` project tables from `seed`. */
export function generateProjectTables(count: number, seed = 1, year = 2026): ProjectTable[] {
  const rnd = seededRandom(seed);
  const out: ProjectTable[] = [];
  for (let i = 0; i < count; i++) out.push(generateProjectTable(rnd, i + 1, year));
  return out;
}
