/**
 * A deterministic synthetic province: counties (6-digit region codes), each with its 财政局,
 * 主管部门 and 预算单位, the accounts that work in them, and the target tables of one budget
 * year — 一上 tables already through review and 二上 tables derived from them, in every state
 * of the workflow, with their revision histories and workflow steps.
 *
 * Distributions follow what the seed and the published samples show:
 * - indicators per table: 5, 5, 5, 6, 6, 7, 8, 12 in the sample project tables (median 6), 6 and
 *   13 in the department tables; drawn from that empirical list with a small spread;
 * - categories: 产出 in every table, 效益 missing in about one table in ten, 满意度 and 成本
 *   in most (the seed's tables have all four);
 * - 当年度金额: from 9.31 万元 to 854 万元 in the samples — drawn log-normally around 50 万元;
 * - defects (》 for ≥, "1" for 100%, missing units, empty values, XX) at the samples' rates in
 *   drafts, none in tables that went through review (submission refuses errors).
 *
 * Pure: no I/O, no clock, no Math.random. County k of seed s is the same whatever the number of
 * counties asked for, so a small run is a prefix of a large one.
 */
import { matchLevel1, matchLevel2 } from '../framework/indicator-framework.ts';
import type { DeptOverallTable, ProjectTable, TargetTable } from '../model/target-table.ts';
import { parseMoney } from '../money/money.ts';
import { checkTable } from '../rules/check-table.ts';
import type { Finding } from '../rules/finding.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';
import { INDICATOR_POOL, makeIndicator, pick, seededRandom } from './generate-tables.ts';

export type SyntheticOrgKind = 'finance' | 'dept' | 'unit';
export type SyntheticRole = 'filer' | 'dept_reviewer' | 'finance_reviewer' | 'admin';
export type SyntheticStage = 'first' | 'second';
export type SyntheticStatus = 'draft' | 'submitted' | 'dept_approved' | 'finance_approved' | 'published';
export type SyntheticAction = 'submit' | 'approve' | 'return' | 'publish';

export interface SyntheticOrg {
  id: string;
  kind: SyntheticOrgKind;
  code: string;
  name: string;
  parentId: string | null;
}

export interface SyntheticUser {
  id: string;
  login: string;
  displayName: string;
  orgId: string;
  role: SyntheticRole;
}

export interface SyntheticRevision {
  version: number;
  document: TargetTable;
  findings: Finding[];
  errorCount: number;
  warningCount: number;
  authorId: string;
  createdAt: Date;
  reason: 'create' | 'save' | 'derive';
}

export interface SyntheticEvent {
  id: string;
  action: SyntheticAction;
  fromStatus: SyntheticStatus;
  toStatus: SyntheticStatus;
  version: number;
  actorId: string;
  comment: string;
  fieldComments: Array<{ field: string; indicatorId?: string; comment: string }>;
  createdAt: Date;
}

export interface SyntheticTable {
  id: string;
  kind: 'dept-overall' | 'project';
  orgId: string;
  deptId: string;
  year: number;
  stage: SyntheticStage;
  status: SyntheticStatus;
  /** Project name ('' for a department table), as the server's identity key has it. */
  name: string;
  title: string;
  version: number;
  errorCount: number;
  warningCount: number;
  currentAmountFen: number | null;
  basedOnId: string | null;
  basedOnVersion: number | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  revisions: SyntheticRevision[];
  events: SyntheticEvent[];
}

export interface SyntheticCounty {
  /** Position in the province (0-based); with the seed it decides everything below. */
  index: number;
  regionCode: string;
  name: string;
  orgs: SyntheticOrg[];
  users: SyntheticUser[];
}

export interface ProvinceOptions {
  counties: number;
  /** Index of the first county (default 0): a later run can add counties to a loaded province. */
  first?: number;
  /** Seed number (default 1). */
  seed?: number;
  /** Budget year (default 2026). */
  year?: number;
  /** Scales the number of 主管部门 per county (default 1 ≈ 45 departments, ≈ 500 tables). */
  size?: number;
  /** Skip the 二上 tables (only 一上). Default false. */
  firstStageOnly?: boolean;
}

/** 2-digit codes of Guangdong's 21 prefecture-level cities, with their names. */
const CITIES: Array<[code: string, name: string]> = [
  ['01', '广州'], ['02', '韶关'], ['03', '深圳'], ['04', '珠海'], ['05', '汕头'], ['06', '佛山'], ['07', '江门'],
  ['08', '湛江'], ['09', '茂名'], ['12', '肇庆'], ['13', '惠州'], ['14', '梅州'], ['15', '汕尾'], ['16', '河源'],
  ['17', '阳江'], ['18', '清远'], ['19', '东莞'], ['20', '中山'], ['51', '潮州'], ['52', '揭阳'], ['53', '云浮'],
];
/** Province codes used after Guangdong (44) is full: a country is many provinces. */
const PROVINCES = ['44', '45', '43', '36', '35', '46', '52', '53', '51', '50', '42', '41', '34', '33', '32', '37'];
/**
 * County numbers 50–79 inside each city: real county codes use 02–35 and 81–83, so a synthetic
 * region never collides with a real one (the demo's 440823 遂溪县 included).
 */
const COUNTY_SEQ_FROM = 50;
const COUNTY_SEQ_COUNT = 30;

const NAME_CHARS = '安平宁丰和兴隆泰昌盛德化清源阳山川河湖海江岭南北东西中新长永福寿康乐嘉宜信义仁礼文武';

/** 主管部门 as county budgets list them: name and typical number of 预算单位. */
const DEPARTMENTS: Array<[name: string, units: number]> = [
  ['人民政府办公室', 2], ['发展和改革局', 2], ['教育局', 12], ['科工贸和信息化局', 2], ['公安局', 4], ['民政局', 4],
  ['司法局', 3], ['财政局', 2], ['人力资源和社会保障局', 4], ['自然资源局', 3], ['生态环境分局', 2], ['住房和城乡建设局', 3],
  ['交通运输局', 3], ['水务局', 4], ['农业农村局', 8], ['林业局', 4], ['商务局', 1], ['文化广电旅游体育局', 4],
  ['卫生健康局', 10], ['退役军人事务局', 2], ['应急管理局', 2], ['审计局', 1], ['市场监督管理局', 3], ['统计局', 1],
  ['医疗保障局', 2], ['城市管理和综合执法局', 3], ['乡村振兴局', 2], ['供销合作社联合社', 1], ['残疾人联合会', 1], ['妇女联合会', 1],
  ['共青团委员会', 1], ['总工会', 1], ['档案馆', 1], ['融媒体中心', 1], ['机关事务管理局', 1], ['信访局', 1],
  ['数据服务管理局', 1], ['气象局', 1], ['消防救援大队', 1], ['党校', 1], ['科学技术协会', 1], ['工商业联合会', 1],
  ['红十字会', 1], ['疾病预防控制中心', 1], ['人民医院', 1], ['中医院', 1], ['妇幼保健院', 1], ['图书馆', 1],
  ['文化馆', 1], ['博物馆', 1], ['农业技术推广中心', 1], ['水利工程管理所', 1], ['公路事务中心', 1], ['环境卫生服务中心', 1],
];
const UNIT_SUFFIX = ['办公室', '服务中心', '管理所', '站', '中心', '学校', '院', '队'];
const TOWNS = ['城关', '河头', '草潭', '港门', '乐民', '江洪', '杨柑', '城月', '洋青', '界炮', '岭北', '北坡', '黄略', '建新', '遂城'];

const PROJECT_NAMES = [
  '工作经费', '数字化转型培训', '高标准农田建设', '村组干部报酬', '基层组织活动经费', '森林防火综合治理', '农村饮水安全巩固提升',
  '城乡环境卫生整治', '学生资助', '老年人补贴', '义务教育公用经费', '公共卫生服务', '道路养护', '河长制工作经费', '安全生产检查',
  '信息化系统运维', '档案数字化', '科普宣传', '就业技能培训', '特困人员供养', '残疾人两项补贴', '农业保险保费补贴', '水利设施维修',
  '污水处理运营', '垃圾转运', '文化惠民演出', '全民健身活动', '食品安全抽检', '消防装备购置', '应急物资储备',
];

/** Indicators per project table in the samples (seed and published tables). */
const PROJECT_INDICATOR_COUNTS = [5, 5, 5, 6, 6, 7, 8, 12];
const DEPT_INDICATOR_COUNTS = [6, 13];

/** Mixes the seed and a county index into a 32-bit seed (so counties are independent). */
function countySeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A version-4-shaped UUID from the generator (deterministic, not random). */
function uuid(rnd: () => number): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function regionCodeOf(index: number): string {
  const perProvince = CITIES.length * COUNTY_SEQ_COUNT;
  const province = PROVINCES[Math.floor(index / perProvince) % PROVINCES.length]!;
  const inProvince = index % perProvince;
  const city = CITIES[Math.floor(inProvince / COUNTY_SEQ_COUNT)]!;
  const seq = COUNTY_SEQ_FROM + (inProvince % COUNTY_SEQ_COUNT);
  if (index >= perProvince * PROVINCES.length) throw new RangeError(`at most ${perProvince * PROVINCES.length} synthetic counties`);
  return `${province}${city[0]}${seq}`;
}

/** The organisations and accounts of county `index` (cheap: no tables). */
export function generateCounty(index: number, seed = 1, size = 1): SyntheticCounty {
  const rnd = seededRandom(countySeed(seed, index));
  const regionCode = regionCodeOf(index);
  const city = CITIES[Math.floor((index % (CITIES.length * COUNTY_SEQ_COUNT)) / COUNTY_SEQ_COUNT)]![1];
  const name = `${city}${NAME_CHARS[Math.floor(rnd() * NAME_CHARS.length)]}${NAME_CHARS[Math.floor(rnd() * NAME_CHARS.length)]}县`;
  const short = name.slice(0, -1);
  const orgs: SyntheticOrg[] = [];
  const users: SyntheticUser[] = [];
  const finance: SyntheticOrg = { id: uuid(rnd), kind: 'finance', code: 'CZJ', name: `${name}财政局`, parentId: null };
  orgs.push(finance);
  const login = (suffix: string) => `g${regionCode}_${suffix}`;
  users.push({ id: uuid(rnd), login: login('admin'), displayName: `${short}财政局管理员`, orgId: finance.id, role: 'admin' });
  users.push({ id: uuid(rnd), login: login('czj1'), displayName: `${short}绩效科审核员一`, orgId: finance.id, role: 'finance_reviewer' });
  users.push({ id: uuid(rnd), login: login('czj2'), displayName: `${short}绩效科审核员二`, orgId: finance.id, role: 'finance_reviewer' });

  // A county has 30–60 departments (scaled by `size`); the big ones have many units.
  const deptCount = Math.max(1, Math.round((30 + Math.floor(rnd() * 31)) * size));
  for (let d = 0; d < deptCount; d++) {
    const [deptName, typicalUnits] = DEPARTMENTS[d % DEPARTMENTS.length]!;
    const code = String(101 + d);
    const dept: SyntheticOrg = { id: uuid(rnd), kind: 'dept', code, name: `${name}${deptName}${d >= DEPARTMENTS.length ? `${Math.floor(d / DEPARTMENTS.length) + 1}` : ''}`, parentId: null };
    orgs.push(dept);
    users.push({ id: uuid(rnd), login: login(`${code}_sh`), displayName: `${deptName}审核员`, orgId: dept.id, role: 'dept_reviewer' });
    users.push({ id: uuid(rnd), login: login(`${code}_tb`), displayName: `${deptName}填报员`, orgId: dept.id, role: 'filer' });
    // Units: the department's own body (code …001, same name, as in the seed's 144 / 144001), then more.
    const units = Math.max(1, Math.round(typicalUnits * (0.5 + rnd())));
    for (let u = 0; u < units; u++) {
      const ucode = `${code}${String(u + 1).padStart(3, '0')}`;
      const uname = u === 0 ? dept.name : `${name}${pick(rnd, TOWNS)}镇${deptName.replace(/(局|分局|办公室|委员会)$/, '')}${pick(rnd, UNIT_SUFFIX)}`;
      const unit: SyntheticOrg = { id: uuid(rnd), kind: 'unit', code: ucode, name: uname, parentId: dept.id };
      orgs.push(unit);
      users.push({ id: uuid(rnd), login: login(`${ucode}`), displayName: `${uname}填报员`, orgId: unit.id, role: 'filer' });
    }
  }
  return { index, regionCode, name, orgs, users };
}

/** Amounts in 万元, log-normal around 50 万 (the samples run from 9.31 to 854). */
function amountWan(rnd: () => number): number {
  const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const wan = Math.exp(Math.log(50) + 1.2 * z);
  return Math.max(0.5, Math.min(20_000, Math.round(wan * 100) / 100));
}

function indicatorCount(rnd: () => number, counts: number[]): number {
  return Math.max(3, pick(rnd, counts) + Math.floor(rnd() * 3) - 1);
}

/**
 * Indicators of one table. A table that went through review (`clean`) meets the province's rule
 * set (≥ 5 indicators, ≥ 2 quantitative 产出, a 效益 and a quantitative 成本); a draft shows the
 * gaps the samples show (no 效益 in one table in ten, only 产出 in some department tables).
 */
function chooseIndicators(rnd: () => number, count: number, dept: boolean, clean: boolean) {
  const quantitative = (p: (typeof INDICATOR_POOL)[number]) => /\d/.test(p[3]);
  const chosen: typeof INDICATOR_POOL = [];
  for (const l1 of ['产出指标', '产出指标', '效益指标', '满意度指标', '成本指标']) {
    if (!clean && l1 === '效益指标' && rnd() < (dept ? 0.4 : 0.1)) continue;
    chosen.push(pick(rnd, INDICATOR_POOL.filter((p) => p[0] === l1 && (l1 !== '产出指标' || quantitative(p)))));
  }
  while (chosen.length < count) chosen.push(pick(rnd, INDICATOR_POOL));
  return chosen.slice(0, Math.max(count, clean ? 5 : 3));
}

/** Documents are plain JSON (core runs without DOM or Node globals). */
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const wanField = (wan: number) => ({ raw: String(wan), fen: parseMoney(String(wan))?.fen ?? null });

function projectDocument(rnd: () => number, p: { name: string; dept: SyntheticOrg; unit: SyntheticOrg; year: number; defectScale: number }): ProjectTable {
  const years = rnd() < 0.6 ? 1 : 1 + Math.floor(rnd() * 3);
  const start = p.year - Math.floor(rnd() * years);
  const end = start + years - 1;
  const current = amountWan(rnd);
  const total = years === 1 || rnd() < 0.15 ? current : Math.round(current * years * 100) / 100;
  const multi = end > start;
  const goal = `保障${p.name}顺利实施，完成${3 + Math.floor(rnd() * 20)}个以上建设任务，受益群众满意度达到90%以上。`;
  return {
    kind: 'project',
    title: `${p.year}年县级项目支出绩效目标表`,
    year: p.year,
    notes: [],
    projectName: { raw: p.name },
    projectType: { raw: '331-部门预算部门职能类', code: '331', name: '部门预算部门职能类' },
    projectLevel: { raw: '二级项目' },
    department: { raw: `${p.dept.code}-${p.dept.name}`, code: p.dept.code, name: p.dept.name },
    unit: { raw: `${p.unit.code}-${p.unit.name}`, code: p.unit.code, name: p.unit.name },
    period: { start: { raw: String(start), year: start }, end: { raw: String(end), year: end } },
    totalAmount: wanField(total),
    currentAmount: wanField(current),
    overview: { raw: `${p.name}：按照年度工作计划组织实施。` },
    periodGoal: { raw: multi ? `${start}—${end}年累计${goal}` : '' },
    annualGoal: { raw: goal },
    indicators: chooseIndicators(rnd, indicatorCount(rnd, PROJECT_INDICATOR_COUNTS), false, p.defectScale === 0).map((e, i) =>
      makeIndicator(rnd, `i${i + 1}`, e, multi ? years : null, p.defectScale),
    ),
  };
}

function deptDocument(rnd: () => number, p: { dept: SyntheticOrg; units: number; year: number; projectWan: number; defectScale: number }): DeptOverallTable {
  const basic = amountWan(rnd) * 4;
  const basicWan = Math.round(basic * 100) / 100;
  const projectWan = Math.round(p.projectWan * 100) / 100;
  const fiscalWan = Math.round((basicWan + projectWan) * 100) / 100;
  const staff = 5 + Math.floor(rnd() * 300);
  const indicators = chooseIndicators(rnd, indicatorCount(rnd, DEPT_INDICATOR_COUNTS), true, p.defectScale === 0).map((e, i) =>
    makeIndicator(rnd, `i${i + 1}`, e, null, p.defectScale),
  );
  // A department table has no 实施周期 column.
  for (const ind of indicators) delete ind.periodValue;
  return {
    kind: 'dept-overall',
    title: `${p.year}年部门整体支出绩效目标申报表`,
    year: p.year,
    notes: [],
    deptName: { raw: p.dept.name },
    staffCount: { raw: String(staff), count: staff },
    subUnitCount: { raw: String(p.units), count: p.units },
    funds: { basic: wanField(basicWan), project: wanField(projectWan), development: [], fiscal: wanField(fiscalWan), other: wanField(0) },
    overallGoal: { raw: `全面履行${p.dept.name}职责，保障机构正常运转，完成年度重点工作任务。` },
    keyTasks: [
      {
        name: { raw: '保障机构正常运转' },
        content: { raw: '保障在职人员工资福利及日常办公运转' },
        amount: wanField(basicWan),
        expected: { raw: '机构运转正常' },
      },
    ],
    otherTasks: { raw: '' },
    indicators,
  };
}

/** A later revision: one indicator value edited (sometimes fixing a defect, sometimes not). */
function edited(rnd: () => number, doc: TargetTable, clean: boolean): TargetTable {
  const next = clone(doc);
  if (next.indicators.length === 0) return next;
  const ind = next.indicators[Math.floor(rnd() * next.indicators.length)]!;
  const entry = INDICATOR_POOL.find((p) => p[2] === ind.name.raw);
  const text = entry && (clean || rnd() < 0.7) ? entry[3] : ind.value.raw.replace(/\d+/, (d: string) => String(Number(d) + 1));
  ind.value = parseIndicatorValue(text, { indicatorName: ind.name.raw });
  const m1 = matchLevel1(ind.level1.raw);
  if (m1) ind.level1.name = m1.name;
  const m2 = matchLevel2(ind.level2.raw, ind.level1.raw);
  if (m2) ind.level2.name = m2.name;
  return next;
}

function severityCounts(findings: Finding[]) {
  let errorCount = 0;
  let warningCount = 0;
  for (const f of findings) {
    if (f.severity === 'error') errorCount++;
    else if (f.severity === 'warning') warningCount++;
  }
  return { errorCount, warningCount };
}

/** Where a 二上 table is in the last days before the deadline. */
function secondStageStatus(rnd: () => number): SyntheticStatus {
  const r = rnd();
  return r < 0.5 ? 'draft' : r < 0.72 ? 'submitted' : r < 0.84 ? 'dept_approved' : r < 0.95 ? 'finance_approved' : 'published';
}

const PATH: SyntheticStatus[] = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'];
const RETURN_COMMENTS = ['指标值请量化', '满意度指标不能为空', '请补充成本指标', '绩效目标与指标不对应，请修改', '金额与预算不一致'];

export interface CountyTablesOptions {
  seed?: number;
  year?: number;
  firstStageOnly?: boolean;
  /** Rule set for the findings (default: core's default). */
  ruleSet?: string;
}

/**
 * The tables of a county: for every 主管部门 one department table and its units' project
 * tables, at 一上 (reviewed, mostly approved or published) and at 二上 (derived from the 一上,
 * in every state). Each table carries its revisions and workflow steps; times are
 * deterministic, counted from 1 October of the year before.
 */
export function generateCountyTables(county: SyntheticCounty, opts: CountyTablesOptions = {}): SyntheticTable[] {
  return [...generateCountyTablesByDept(county, opts)].flat();
}

/**
 * The same tables as generateCountyTables, one 主管部门 at a time (its units' tables, then its
 * own), so that a loader can send each part while it makes the next.
 */
export function* generateCountyTablesByDept(county: SyntheticCounty, opts: CountyTablesOptions = {}): Generator<SyntheticTable[]> {
  const seed = opts.seed ?? 1;
  const year = opts.year ?? 2026;
  const rnd = seededRandom(countySeed(seed ^ 0x5bd1e995, county.index));
  const check = (doc: TargetTable) => checkTable(doc, opts.ruleSet ? { ruleSet: opts.ruleSet } : {});
  const byOrg = new Map(county.orgs.map((o) => [o.id, o]));
  const filerOf = new Map<string, string>();
  const reviewerOf = new Map<string, string>();
  let finance = '';
  for (const u of county.users) {
    if (u.role === 'filer' && !filerOf.has(u.orgId)) filerOf.set(u.orgId, u.id);
    if (u.role === 'dept_reviewer') reviewerOf.set(u.orgId, u.id);
    if (u.role === 'finance_reviewer' && !finance) finance = u.id;
  }
  let clock = Date.UTC(year - 1, 9, 1) + Math.floor(rnd() * 86_400_000);
  const tick = () => new Date((clock += 60_000 + Math.floor(rnd() * 3_600_000)));
  let tables: SyntheticTable[] = [];

  const makeTable = (p: {
    kind: SyntheticTable['kind'];
    owner: SyntheticOrg;
    dept: SyntheticOrg;
    stage: SyntheticStage;
    status: SyntheticStatus;
    first: TargetTable;
    basedOn: SyntheticTable | null;
  }): SyntheticTable => {
    const filer = filerOf.get(p.owner.id) ?? filerOf.get(p.dept.id)!;
    const reviewer = reviewerOf.get(p.dept.id)!;
    const clean = p.status !== 'draft';
    const revisions: SyntheticRevision[] = [];
    const addRevision = (document: TargetTable, reason: SyntheticRevision['reason']) => {
      const findings = check(document);
      revisions.push({ version: revisions.length + 1, document, findings, ...severityCounts(findings), authorId: filer, createdAt: tick(), reason });
    };
    addRevision(p.first, p.basedOn ? 'derive' : 'create');
    // Saves: half the tables are saved once or more after creation (rarely many times).
    const r = rnd();
    const saves = r < 0.5 ? 0 : r < 0.8 ? 1 : r < 0.95 ? 2 : 3 + Math.floor(rnd() * 4);
    for (let s = 0; s < saves; s++) addRevision(edited(rnd, revisions[revisions.length - 1]!.document, clean), 'save');
    // A reviewed table passed the checker when it was submitted: make its last revision clean.
    let last = revisions[revisions.length - 1]!;
    if (clean && last.errorCount > 0) {
      const fixed = clone(last.document);
      for (const ind of fixed.indicators) {
        const entry = INDICATOR_POOL.find((e) => e[2] === ind.name.raw);
        if (entry) ind.value = parseIndicatorValue(entry[3], { indicatorName: ind.name.raw });
      }
      addRevision(fixed, 'save');
      last = revisions[revisions.length - 1]!;
    }
    const status: SyntheticStatus = clean && last.errorCount > 0 ? 'draft' : p.status;
    const events: SyntheticEvent[] = [];
    const step = (action: SyntheticAction, from: SyntheticStatus, to: SyntheticStatus, actorId: string, comment = '', fieldComments: SyntheticEvent['fieldComments'] = []) =>
      events.push({ id: uuid(rnd), action, fromStatus: from, toStatus: to, version: last.version, actorId, comment, fieldComments, createdAt: tick() });
    const target = PATH.indexOf(status);
    if (target >= 1) {
      // One table in six was returned once by its department before it went through.
      if (rnd() < 0.17) {
        step('submit', 'draft', 'submitted', filer);
        const ind = last.document.indicators[0];
        const comment = pick(rnd, RETURN_COMMENTS);
        step('return', 'submitted', 'draft', reviewer, comment, ind ? [{ field: `ind:${ind.id}:value`, indicatorId: ind.id, comment }] : []);
      }
      step('submit', 'draft', 'submitted', filer);
      if (target >= 2) step('approve', 'submitted', 'dept_approved', reviewer, '同意');
      if (target >= 3) step('approve', 'dept_approved', 'finance_approved', finance, '同意');
      if (target >= 4) step('publish', 'finance_approved', 'published', finance);
    } else if (rnd() < 0.1) {
      // A draft that was submitted and returned, waiting for the filer.
      step('submit', 'draft', 'submitted', filer);
      step('return', 'submitted', 'draft', reviewer, pick(rnd, RETURN_COMMENTS));
    }
    const doc = last.document;
    const table: SyntheticTable = {
      id: uuid(rnd),
      kind: p.kind,
      orgId: p.owner.id,
      deptId: p.dept.id,
      year,
      stage: p.stage,
      status,
      name: doc.kind === 'project' ? doc.projectName.raw.trim() : '',
      title: doc.title,
      version: last.version,
      errorCount: last.errorCount,
      warningCount: last.warningCount,
      currentAmountFen: doc.kind === 'project' ? (doc.currentAmount.fen ?? null) : null,
      basedOnId: p.basedOn?.id ?? null,
      basedOnVersion: p.basedOn?.version ?? null,
      createdBy: filer,
      createdAt: revisions[0]!.createdAt,
      updatedAt: events.length ? events[events.length - 1]!.createdAt : last.createdAt,
      revisions,
      events,
    };
    tables.push(table);
    return table;
  };

  const units = new Map<string, SyntheticOrg[]>();
  for (const o of county.orgs) if (o.kind === 'unit') units.set(o.parentId!, [...(units.get(o.parentId!) ?? []), o]);
  for (const dept of county.orgs.filter((o) => o.kind === 'dept')) {
    const own = units.get(dept.id) ?? [];
    let projectWan = 0;
    const used = new Set<string>();
    for (const unit of own) {
      const projects = 1 + Math.floor(rnd() * rnd() * 4);
      for (let k = 0; k < projects; k++) {
        let name = pick(rnd, PROJECT_NAMES);
        if (used.has(`${unit.id}|${name}`)) name = `${name}（${k + 1}）`;
        used.add(`${unit.id}|${name}`);
        // 一上: reviewed long ago; a few were still open when 二上 started.
        const firstStatus: SyntheticStatus = rnd() < 0.9 ? (rnd() < 0.3 ? 'published' : 'finance_approved') : 'draft';
        const draftDefects = firstStatus === 'draft' ? 1 : 0;
        const doc = projectDocument(rnd, { name, dept, unit, year, defectScale: draftDefects });
        projectWan += (doc.currentAmount.fen ?? 0) / 1_000_000;
        const first = makeTable({ kind: 'project', owner: unit, dept, stage: 'first', status: firstStatus, first: doc, basedOn: null });
        if (opts.firstStageOnly || first.status === 'draft') continue;
        const secondStatus = secondStageStatus(rnd);
        // 二上 starts from the approved 一上; a draft may have picked up new defects while edited.
        const derived = clone(first.revisions[first.revisions.length - 1]!.document);
        if (secondStatus === 'draft' && rnd() < 0.3) {
          const ind = derived.indicators[Math.floor(rnd() * derived.indicators.length)];
          if (ind) ind.value = parseIndicatorValue(pick(rnd, ['1', '及时', '', 'XX', '》90%']), { indicatorName: ind.name.raw });
        }
        makeTable({ kind: 'project', owner: unit, dept, stage: 'second', status: secondStatus, first: derived, basedOn: first });
      }
    }
    const doc = deptDocument(rnd, { dept, units: own.length, year, projectWan, defectScale: 0 });
    const first = makeTable({ kind: 'dept-overall', owner: dept, dept, stage: 'first', status: rnd() < 0.3 ? 'published' : 'finance_approved', first: doc, basedOn: null });
    if (!opts.firstStageOnly && first.status !== 'draft') {
      makeTable({ kind: 'dept-overall', owner: dept, dept, stage: 'second', status: secondStageStatus(rnd), first: clone(first.revisions[first.revisions.length - 1]!.document), basedOn: first });
    }
    yield tables;
    tables = [];
  }
}

export interface GeneratedCounty extends SyntheticCounty {
  tables: SyntheticTable[];
}

/** The province county by county (a generator, so a large province never sits in memory at once). */
export function* generateProvince(opts: ProvinceOptions): Generator<GeneratedCounty> {
  const seed = opts.seed ?? 1;
  const first = opts.first ?? 0;
  for (let i = first; i < first + opts.counties; i++) {
    const county = generateCounty(i, seed, opts.size ?? 1);
    yield { ...county, tables: generateCountyTables(county, { seed, year: opts.year ?? 2026, firstStageOnly: opts.firstStageOnly ?? false }) };
  }
}
