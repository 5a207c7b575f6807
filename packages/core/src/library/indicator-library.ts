/**
 * The indicator library (指标库): indicators of approved tables of earlier years and stages,
 * grouped by category and name, each with its typical operator and unit and the spread of
 * values used; and suggestions for a new project from the indicators of similar projects, so a
 * filer does not start from a blank grid.
 */
import { matchLevel1, matchLevel2, type Level1Name, type Level2Name } from '../framework/indicator-framework.ts';
import type { ProjectTable, TargetTable } from '../model/target-table.ts';
import { parseIndicatorValue, type Operator } from '../value/indicator-value.ts';
import { cosine, TfIdf, type SparseVector } from './text-similarity.ts';

export interface LibraryEntry {
  key: string;
  level1: Level1Name;
  level2: Level2Name;
  name: string;
  /** Most used operator and unit. */
  operator: Operator | null;
  unit: string | null;
  /** Numbers used, for the spread. */
  values: number[];
  /** A typical value text, e.g. "≥95%". */
  example: string;
  /** How many tables used it. */
  uses: number;
  /** The projects (name + overview + type) it was used in: the text suggestions are matched against. */
  contexts: string[];
}

export interface LibrarySpread {
  min: number;
  median: number;
  max: number;
}

export interface IndicatorLibrary {
  entries: LibraryEntry[];
}

export interface Suggestion {
  entry: LibraryEntry;
  /** 0–1: how close the projects it came from are to the new one. */
  similarity: number;
  /** The most similar project it was used in. */
  from: string;
  /** The value to insert: the typical operator with the median number. */
  value: string;
}

const keyOf = (l1: string, l2: string, name: string) => `${l1}|${l2}|${name.replace(/\s+/g, '')}`;

function mostCommon<T>(xs: T[]): T | null {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [x, c] of counts) if (c > n) [best, n] = [x, c];
  return best;
}

export function spreadOf(entry: LibraryEntry): LibrarySpread | undefined {
  if (entry.values.length === 0) return undefined;
  const s = [...entry.values].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
}

/** Text that describes what a table is about (for similarity). */
export function tableContext(t: TargetTable | Pick<ProjectTable, 'kind' | 'projectName' | 'overview' | 'projectType'>): string {
  if (t.kind === 'project') return `${t.projectName.raw} ${t.overview.raw} ${t.projectType.name ?? ''}`;
  if (t.kind === 'dept-overall') return `${t.deptName.raw} ${t.overallGoal.raw}`;
  return `${t.projectName.raw} ${t.annualGoal.raw}`;
}

/** Starter entries written by hand from the seed and the samples (cleaned: standard signs, units). */
export const STARTER_ENTRIES: Array<[string, string, string, string, string]> = [
  // level1, level2, name, value, context
  ['产出指标', '数量指标', '举办科普活动次数', '≥1次', '科普 科技活动 工业 信息化'],
  ['产出指标', '数量指标', '新增数字化改造企业数', '≥3家', '数字化 数字经济 企业 工业 信息化 转型'],
  ['产出指标', '质量指标', '发展规划编制完成率', '＝100%', '规划 编制 数字经济 发展报告'],
  ['产出指标', '质量指标', '规划编制完整性、合规性', '规划编制完整、合规', '规划 编制 报告'],
  ['产出指标', '时效指标', '规划按期完成率', '＝100%', '规划 编制 报告'],
  ['效益指标', '经济效益指标', '规上工业增加值增长率', '≥3%', '工业 经济 企业 发展'],
  ['效益指标', '社会效益指标', '为产业园区提供大数据辅助决策', '有效支撑', '数字经济 产业园区 大数据'],
  ['满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%', '通用'],
  ['成本指标', '经济成本指标', '预算资金控制率', '≤100%', '通用 经费'],
  ['产出指标', '数量指标', '雾炮车降尘抑尘服务配备车辆数', '≥10辆', '环境卫生 降尘 抑尘 雾炮车 空气质量 城市管理'],
  ['产出指标', '质量指标', '服务周期内空气质量优良天数比例', '≥90%', '环境卫生 空气质量 降尘'],
  ['效益指标', '生态效益指标', '空气质量改善程度', '持续改善', '环境卫生 空气质量'],
  ['满意度指标', '服务对象满意度指标', '市民满意度', '≥90%', '城市管理 环境卫生 市民'],
  ['产出指标', '数量指标', '发放(缴纳)覆盖率', '＝100%', '工资 社保 人员 发放'],
  ['效益指标', '社会效益指标', '工资及时足额发放率', '＝100%', '工资 人员 保障'],
  ['产出指标', '数量指标', '村组干部人数', '＝230人', '村组干部 报酬 基层 乡镇'],
  ['产出指标', '时效指标', '报酬按月发放率', '＝100%', '村组干部 报酬 基层 发放'],
  ['满意度指标', '服务对象满意度指标', '辖区群众满意度', '≥95%', '乡镇 基层 村社区'],
  ['产出指标', '数量指标', '行政村数量', '＝11个', '乡镇 基层组织 村社区'],
  ['产出指标', '质量指标', '村社区正常运转保障率', '≥95%', '基层组织 活动经费 村社区'],
  ['产出指标', '数量指标', '领取补助人数', '≥100人', '村干部 补助 发放'],
  ['产出指标', '数量指标', '保障在职职工人数', '＝116人', '人员经费 部门整体 保障'],
  ['产出指标', '数量指标', '湿地保有量', '＝4900公顷', '林业 湿地 森林 保护'],
  ['产出指标', '数量指标', '野生动植物保护、防火面积', '＝320万亩', '林业 森林防火 野生动物'],
  ['产出指标', '质量指标', '工资发放准确性', '≥95%', '人员经费 工资'],
  ['产出指标', '数量指标', '脱贫村村内道路硬化里程', '≥100公里', '乡村振兴 农田 道路 衔接资金'],
  ['产出指标', '数量指标', '脱贫户供水设施数量', '≥20座', '乡村振兴 饮水 供水'],
  ['产出指标', '质量指标', '项目(工程)验收合格率', '＝100%', '工程 建设 农田 基础设施'],
  ['产出指标', '时效指标', '项目(工程)完成及时率', '＝100%', '工程 建设 基础设施'],
  ['成本指标', '经济成本指标', '高标准农田亩均财政补助', '≤1600元/亩', '高标准农田 农田建设 乡村振兴'],
  ['效益指标', '经济效益指标', '年增粮食产量', '≥3500公斤', '高标准农田 粮食 农业'],
  ['效益指标', '社会效益指标', '受益脱贫(监测)人口数', '≥500人', '乡村振兴 脱贫 衔接资金'],
  ['效益指标', '生态效益指标', '新增和改善灌溉达标面积', '≥500亩', '高标准农田 灌溉 水利'],
  ['效益指标', '社会效益指标', '工程设计使用年限', '≥20年', '工程 基础设施 农田'],
  ['满意度指标', '服务对象满意度指标', '受益脱贫(监测)户满意度', '≥95%', '乡村振兴 脱贫'],
];

/** Builds the library from approved tables (and the starter set unless `starter: false`). */
export function buildIndicatorLibrary(tables: TargetTable[], opts: { starter?: boolean } = {}): IndicatorLibrary {
  const byKey = new Map<string, { entry: LibraryEntry; ops: Array<Operator | null>; units: Array<string | null>; raws: string[] }>();
  const add = (l1raw: string, l2raw: string, name: string, valueRaw: string, context: string) => {
    const l1 = matchLevel1(l1raw)?.name;
    const l2 = matchLevel2(l2raw, l1raw)?.name;
    if (!l1 || !l2 || !name.trim()) return;
    const key = keyOf(l1, l2, name);
    let slot = byKey.get(key);
    if (!slot) {
      slot = { entry: { key, level1: l1, level2: l2, name: name.trim(), operator: null, unit: null, values: [], example: '', uses: 0, contexts: [] }, ops: [], units: [], raws: [] };
      byKey.set(key, slot);
    }
    const v = parseIndicatorValue(valueRaw, { indicatorName: name });
    slot.entry.uses++;
    slot.entry.contexts.push(context);
    slot.ops.push(v.quantitative ? v.operator : null);
    slot.units.push(v.unit);
    slot.raws.push(valueRaw.trim());
    if (v.quantitative && v.number !== null) slot.entry.values.push(Number(v.number));
  };
  if (opts.starter !== false) for (const [l1, l2, name, value, ctx] of STARTER_ENTRIES) add(l1, l2, name, value, ctx);
  for (const t of tables) {
    const ctx = tableContext(t);
    for (const ind of t.indicators) {
      if (!ind.level1.name || !ind.level2.name) continue;
      add(ind.level1.name, ind.level2.name, ind.name.raw, ind.value.raw, ctx);
    }
  }
  const entries: LibraryEntry[] = [];
  for (const { entry, ops, units, raws } of byKey.values()) {
    entry.operator = mostCommon(ops.filter((o): o is Operator => o !== null));
    entry.unit = mostCommon(units.filter((u): u is string => u !== null));
    entry.example = mostCommon(raws.filter(Boolean)) ?? '';
    entries.push(entry);
  }
  return { entries };
}

/**
 * Suggests indicators for a project from those of the most similar projects in the library:
 * each entry scores by the best similarity between the new project and the projects it was used
 * in. Entries already in the table are left out; at most `limit`, at least `minSimilarity`.
 */
export function suggestIndicators(
  library: IndicatorLibrary,
  project: { name: string; overview?: string; type?: string; existing?: string[] },
  opts: { limit?: number; minSimilarity?: number } = {},
): Suggestion[] {
  const limit = opts.limit ?? 12;
  const min = opts.minSimilarity ?? 0.08;
  const tfidf = new TfIdf();
  const contexts = new Set<string>();
  for (const e of library.entries) for (const c of e.contexts) contexts.add(c);
  for (const c of contexts) tfidf.add(c);
  const query = tfidf.vector(`${project.name} ${project.name} ${project.overview ?? ''} ${project.type ?? ''}`);
  const vectors = new Map<string, SparseVector>();
  for (const c of contexts) vectors.set(c, tfidf.vector(c));
  const existing = new Set((project.existing ?? []).map((n) => n.replace(/\s+/g, '')));
  const out: Suggestion[] = [];
  for (const e of library.entries) {
    if (existing.has(e.name.replace(/\s+/g, ''))) continue;
    let best = 0;
    let from = '';
    for (const c of e.contexts) {
      const s = cosine(query, vectors.get(c)!);
      if (s > best) [best, from] = [s, c];
    }
    // Generic entries (used everywhere, e.g. 服务对象满意度) get a floor so they still appear.
    if (e.contexts.some((c) => c.startsWith('通用'))) best = Math.max(best, min);
    if (best < min) continue;
    const spread = spreadOf(e);
    const value = e.operator && spread ? `${e.operator}${spread.median}${e.unit ?? ''}` : e.example;
    out.push({ entry: e, similarity: Math.round(best * 1000) / 1000, from: from.split(' ')[0] ?? '', value });
  }
  out.sort((a, b) => b.similarity - a.similarity || b.entry.uses - a.entry.uses);
  // Keep the grid balanced: at most half the suggestions from one 一级.
  const perLevel = new Map<string, number>();
  const picked: Suggestion[] = [];
  for (const s of out) {
    const n = perLevel.get(s.entry.level1) ?? 0;
    if (n >= Math.ceil(limit / 2)) continue;
    perLevel.set(s.entry.level1, n + 1);
    picked.push(s);
    if (picked.length >= limit) break;
  }
  return picked;
}
