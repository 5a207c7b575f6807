/**
 * The importer's vocabulary: what the labels of real target tables say, in all the spellings
 * found in published tables (domain.md §1.2, §3.5, §6.5, §7). Layout recognition is driven by
 * these words, never by fixed positions.
 */

/** Normalises a label for matching: no whitespace, half-width brackets and colons, no leading `*`, no trailing `:`, no `(盖章)`. */
const NORM_CACHE = new Map<string, string>();

export function norm(s: string): string {
  const hit = NORM_CACHE.get(s);
  if (hit !== undefined) return hit;
  const n = normUncached(s);
  if (NORM_CACHE.size > 50_000) NORM_CACHE.clear();
  NORM_CACHE.set(s, n);
  return n;
}

function normUncached(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/：/g, ':')
    .replace(/^[*＊★]+/, '')
    .replace(/\((盖章|签章|签字)\)$/, '')
    .replace(/:+$/, '');
}

/** What a column of the indicator block holds. */
export type ColumnKind =
  | 'level1'
  | 'level2'
  | 'name'
  | 'operator'
  | 'valueType'
  | 'value'
  | 'periodValue'
  | 'unit'
  | 'weight'
  | 'direction'
  | 'standard'
  | 'explanation'
  | 'note'
  | 'actual'
  | 'score'
  | 'reason';

/** Header synonyms of the indicator block, by column kind (exact match after `norm`). */
export const COLUMN_SYNONYMS: Record<ColumnKind, readonly string[]> = {
  level1: ['一级指标', '一级指标名称', '一级'],
  level2: ['二级指标', '二级指标名称', '二级'],
  name: ['三级指标', '三级指标名称', '三级', '绩效指标名称', '指标名称', '指标'],
  operator: ['指标性质', '计算符号', '符号', '运算符号', '比较符号', '指标符号'],
  valueType: ['指标值类型', '指标类型', '定量/定性', '定性/定量'],
  periodValue: [
    '实施周期指标值', '中期指标值', '长期指标值', '中长期指标值', '总体指标值', '实施期指标值', '项目周期指标值', '周期指标值',
    '指标值(长期)', '指标值(中期)', '指标值(总体)', '中期目标值', '实施周期目标值',
  ],
  value: [
    '指标值', '目标值', '年度指标值', '当年度指标值', '当年指标值', '本年度指标值', '指标值及单位', '年度目标值', '预期指标值',
    '绩效指标值', '年度数值', '年度指标值(A)', '指标值(年度)', '预期目标值', '指标目标值', '计划指标值',
    '年初目标值', '年初目标值(A)', '年初指标值',
  ],
  unit: ['度量单位', '计量单位', '单位', '指标单位'],
  weight: ['权重', '分值', '指标权重', '权重(分)', '分值(分)', '权重分值'],
  direction: ['指标方向性', '指标方向', '方向', '方向性'],
  standard: ['绩效标准', '评(扣)分标准', '评分标准', '评扣分标准', '评分规则', '指标值设定依据'],
  explanation: ['指标值说明', '指标解释', '指标说明', '指标内容', '指标值确定依据', '绩效指标描述', '指标描述'],
  note: ['备注'],
  actual: ['实际完成值', '完成值', '全年实际值', '实际值', '当前完成值', '年度实际完成值', '全年实际完成值', '实际完成值(B)', '完成情况', '全年完成值'],
  score: ['得分', '自评得分', '评价得分'],
  reason: ['未完成原因分析', '偏差原因分析及改进措施', '偏差原因分析', '原因分析', '偏差原因及改进措施', '未完成原因', '偏差原因', '未完成原因和改进措施',
    '未完成原因及拟采取的改进措施', '未完成原因和拟采取的改进措施', '偏差原因分析及拟采取的改进措施'],
};

const COLUMN_BY_LABEL = new Map<string, ColumnKind>();
for (const [kind, list] of Object.entries(COLUMN_SYNONYMS) as Array<[ColumnKind, readonly string[]]>) {
  for (const s of list) if (!COLUMN_BY_LABEL.has(norm(s))) COLUMN_BY_LABEL.set(norm(s), kind);
}

/** The column kind a header cell names, if any. */
const KIND_CACHE = new Map<string, ColumnKind | null>();

export function columnKind(text: string): ColumnKind | undefined {
  const hit = KIND_CACHE.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const k = columnKindUncached(text);
  if (KIND_CACHE.size > 50_000) KIND_CACHE.clear();
  KIND_CACHE.set(text, k ?? null);
  return k;
}

const PERIOD_TAG = /\((长期|中期|中长期|实施期|实施周期|总体)\)$/;
const ANNUAL_TAG = /\((年度|当年|当年度|本年度)\)$/;

/** `二级指标(长期)` / `三级指标(年度)`: which block of a side-by-side 中期/年度 header a cell heads. */
export function periodTagOf(text: string): 'period' | 'annual' | undefined {
  const t = norm(text);
  if (PERIOD_TAG.test(t)) return 'period';
  if (ANNUAL_TAG.test(t)) return 'annual';
  return undefined;
}

function columnKindUncached(text: string): ColumnKind | undefined {
  const t = norm(text).replace(/\(\d+分\)$/, '');
  const exact = COLUMN_BY_LABEL.get(t);
  if (exact) return exact;
  const untagged = t.replace(PERIOD_TAG, '').replace(ANNUAL_TAG, '');
  if (untagged !== t && COLUMN_BY_LABEL.has(untagged)) return COLUMN_BY_LABEL.get(untagged);
  // A note in brackets after the header: 指标值(定量/定性), 计量单位(个、%), 权重(%).
  const bare = t.replace(/\([^()]*\)$/, '');
  if (bare !== t && bare.length >= 2 && COLUMN_BY_LABEL.has(bare)) return COLUMN_BY_LABEL.get(bare);
  if (/^(实施周期|中期|长期|中长期|总体|实施期)(的)?(绩效)?(指标值|目标值)/.test(t)) return 'periodValue';
  if (/^(当年度|年度|本年度|当年|本年)(绩效)?(指标值|目标值)/.test(t)) return 'value';
  if (/^(实际)?完成值/.test(t) || /^实际完成/.test(t)) return 'actual';
  return undefined;
}

/** Header fields of the table (not the indicator block), by field. Exact match after `norm`. */
export const FIELD_SYNONYMS = {
  projectName: ['项目名称', '项目支出名称', '专项资金名称', '项目(政策)名称', '政策名称', '资金名称', '专项名称', '项目(资金)名称'],
  projectCode: ['项目代码', '项目编码', '项目编号'],
  projectType: ['项目类型', '项目类别'],
  projectLevel: ['项目等级', '项目级次', '项目层级'],
  department: ['主管部门', '主管部门及代码', '主管部门(及代码)', '预算部门', '业务主管部门', '主管单位', '部门'],
  unit: ['用款单位', '实施单位', '项目实施单位', '预算单位', '单位名称', '编制单位', '执行单位'],
  period: ['实施期限', '项目期', '项目支出实施期', '实施期', '项目周期', '起止时间', '项目实施期', '实施周期'],
  periodStart: ['起始年度', '开始日期', '开始年度', '开始时间', '起始时间'],
  periodEnd: ['到期年度', '结束日期', '结束年度', '结束时间', '截止时间'],
  totalAmount: ['总金额(万元)', '总金额', '资金总额', '中期资金总额', '项目总金额', '实施期资金总额', '总预算', '项目总预算', '资金总额(万元)'],
  currentAmount: [
    '当年度金额(万元)', '当年度金额', '年度资金总额', '当年资金总额', '年度本级预算金额', '当年预算', '预算数', '年度预算数',
    '本年预算', '年度预算金额', '当年预算数', '当年预算金额', '年度预算', '年度资金总额(万元)',
  ],
  fiscalAmount: ['其中:财政拨款', '财政拨款', '其中:当年财政拨款', '当年财政拨款', '其中:财政资金'],
  otherAmount: ['其他资金', '其中:其他资金'],
  overview: ['项目概述', '项目概况', '项目内容', '项目简介', '主要内容'],
  periodGoal: ['实施周期总目标(跨年度项目需填写)', '实施周期总目标', '中期目标', '实施期绩效目标', '长期目标', '中长期目标', '实施期目标', '总体目标'],
  annualGoal: ['当年度目标', '年度目标', '本年度绩效目标', '当年绩效目标', '年度绩效目标', '项目年度目标', '本年度目标', '当年目标'],
  basis: ['立项依据', '项目立项依据'],
  deptName: ['部门名称', '部门(单位)名称', '单位名称'],
  deptCode: ['部门编码', '部门代码'],
  deptDuty: ['部门职能职责概述', '部门(单位)职责', '部门职责', '部门职能'],
  overallGoal: ['总体绩效目标', '年度绩效总目标', '年度总体绩效目标', '年度总体目标', '部门年度总体目标'],
  goalOutcome: ['年度目标完成情况', '实际完成情况', '目标完成情况'],
  conclusion: ['评价结论', '自评结论', '总体评价结论'],
  problems: ['存在问题', '存在的问题'],
  measures: ['改进措施', '改进意见'],
} as const;

export type FieldName = keyof typeof FIELD_SYNONYMS;

/** Other labels that are never values (section headings of the layouts we know). */
export const OTHER_LABELS: readonly string[] = [
  '基本信息', '财政供养人数', '下属二级单位数', '预算整体情况', '部门预算支出', '预算金额(万元)', '收入来源', '基本支出', '项目支出',
  '事业发展性支出', '年度重点工作任务', '名称', '主要实施内容', '拟投入的资金(万元)', '期望达到的目标(概述)', '其他需完成的任务(可选填)',
  '绩效指标', '预算金额', '实施周期指标值', '当年度指标值', '项目基本情况', '资金情况', '资金情况(万元)', '年度绩效指标', '本年度绩效指标',
  '总体目标', '绩效目标', '年度绩效目标', '项目负责人及电话', '项目负责人', '财务负责人', '联系人', '联系电话', '预算执行情况',
  '年初预算', '调整后预算数', '预算执行数', '预算执行率', '全年预算数', '全年执行数', '执行率', '原因', '该项目支出上级资金', '填报单位',
  '合计', '总分', '财政部门审核意见', '主管部门审核意见', '项目属性', '其他需完成的任务', '预期目标',
];

const LABELS = new Set<string>([
  ...Object.values(FIELD_SYNONYMS).flat().map(norm),
  ...OTHER_LABELS.map(norm),
  ...Object.values(COLUMN_SYNONYMS).flat().map(norm),
]);

/** True when the text is a known label (so "label → value" never takes it as a value). */
export function isLabel(text: string): boolean {
  const t = norm(text);
  if (!t) return false;
  if (LABELS.has(t)) return true;
  // A note in brackets after a label: 项目名称(全称), 实施单位(公章), 资金总额(元).
  const bare = t.replace(/\([^()]*\)$/, '');
  if (bare !== t && bare.length >= 2 && LABELS.has(bare)) return true;
  // Section headings with a score: 绩效指标(90分), 预算执行情况(10分).
  if (/^(绩效指标|预算执行情况|产出指标|效益指标|满意度指标)\(\d+分\)$/.test(t)) return true;
  if (/^\d+[.、．]?(项目年度目标完成情况|项目实施内容及过程概述)$/.test(t)) return true;
  return false;
}

const FIELD_LABEL_INDEX = new Map<string, FieldName>();
for (const [field, list] of Object.entries(FIELD_SYNONYMS) as Array<[FieldName, readonly string[]]>) {
  for (const s of list) if (!FIELD_LABEL_INDEX.has(norm(s))) FIELD_LABEL_INDEX.set(norm(s), field);
}

export function fieldOfLabel(text: string): FieldName | undefined {
  return FIELD_LABEL_INDEX.get(norm(text));
}

/** Titles: …绩效目标表 / …申报表 / …自评表 / 部门整体绩效目标, with an optional bracket (2023年度). */
const TITLE_RE = /(绩效目标(申报)?表|绩效自评表|自评表|申报表|目标表|部门整体绩效目标|整体支出绩效目标)((\s*[（(][^（）()]{0,20}[）)])*)$/;

/**
 * A self-evaluation or monitoring report's title (…绩效自评报告, …整体支出绩效评价报告, 关于上报…绩效自评的报告,
 * …运行绩效监控报告): the report is the self-evaluation when no table says otherwise. Essay sites
 * number the reports they reprint (`…监控报告1`).
 */
const REPORT_TITLE_RE = /(绩效自评|绩效评价|自评|绩效监控|运行监控)的?报告\d{0,2}((\s*[（(][^（）()]{0,20}[）)])*)$/;

function titleText(text: string): string | undefined {
  const t = text.trim();
  if (t.length < 4 || t.length > 60 || isLabel(t)) return undefined;
  return t;
}

export function isTitle(text: string): boolean {
  const t = titleText(text);
  return t !== undefined && (TITLE_RE.test(t) || REPORT_TITLE_RE.test(t));
}

export function isReportTitle(text: string): boolean {
  const t = titleText(text);
  return t !== undefined && REPORT_TITLE_RE.test(t);
}

/** Labels that end an indicator block. */
const STOP_RE = /^(合计|总分|总计|评价结论|自评结论|存在问题|改进措施|财政部门审核意见|主管部门审核意见|审核意见|填表人|项目负责人|财务负责人|单位负责人|备注|注[:：]|说明[:：]|表[一二三四五六七八九十\d]+$|附件\d*$|附件\d*[:：]|扫一扫|内容保障|版权所有|主办单位|网站标识码|网站地图|地址[:：]|联系我们|打印本页|关闭窗口|[【\[](打印|关闭|下载)[】\]])/;

export function isStopLabel(text: string): boolean {
  // `……总分`: the template's ellipsis for rows left out, then the total.
  const t = text.trim().replace(/^(?:…|\.{3})+/, '');
  return STOP_RE.test(norm(t)) || STOP_RE.test(t);
}

/** Template instructions left in a cell: "对照年度目标，说明…（100字以内）". */
export function isTemplateText(text: string): boolean {
  const t = norm(text);
  return /[(（]\d+字以内[)）]$/.test(t) || /^(请|应)?(填写|说明|结合自评情况|针对项目自评|对照年度目标)/.test(t) && /字以内/.test(t);
}

/** The amount unit a table announces: 金额单位:元, 单位:万元, (万元). */
export function amountUnitOf(text: string): '万元' | '元' | undefined {
  const t = norm(text);
  const m = /(?:金额单位|单位|资金单位)[:]?(万元|元)/.exec(t);
  if (m) return m[1] as '万元' | '元';
  return undefined;
}

/** Year in a title or a "(2023年度)" line. */
export function yearOf(text: string): number | undefined {
  const m = /(20\d{2})\s*年/.exec(text);
  return m ? Number(m[1]) : undefined;
}
