/**
 * The starter set of the indicator library (指标库): indicators of the seed (2026 遂溪县 tables)
 * and the published samples in fixtures/, cleaned so they can be offered as they are:
 * standard signs (》→≥, ≥100%→＝100%), units out of the names and onto the values
 * ("(人) 116" → "＝116人"), "1" meaning 100% written as 100%, misplaced rows moved to their
 * category, numbers taken out of names (村组干部230人 → 村组干部人数 ＝230人). Rows a checker
 * would reject as targets are left out: vague ones (维护社会稳定 95), inputs offered as outputs
 * (支出率, 资金使用率, 足额保障率), placeholders.
 *
 * Each entry names the file and the indicator as filed there, and a test imports those files
 * and finds every one (core/test/indicator-library.test.ts), so the set stays what it claims.
 * `context` is what the source project is about (its name and kind), the text suggestions match.
 */
export interface StarterEntry {
  level1: string;
  level2: string;
  name: string;
  value: string;
  context: string;
  source: { file: string; name: string; value: string };
}

const SEED = 'seed/000_860be9a69280b0ce.txt';
const WUPAOCHE = 'samples/001_xiangtan_wupaoche_2023_project.txt';
const GONGZI = 'samples/002_qingshen_fagaiju_gongzi_2023_selfeval.txt';
const MATAZHEN = 'samples/006_jingyan_matazhen_2023_project.txt';
const WUGUI = 'samples/014_tongnan_wuguizhen_yibanxingxiangmu_2023_project.txt';
const LINYE = 'samples/025_fuliang_linyeju_2026_dept.txt';
const NONGTIAN = 'samples/030_yueyangxian_gaobiaozhunnongtian_2022_project.txt';

/** Contexts starting 通用 are offered to every project (satisfaction, cost control). */
const GENERIC = '通用';
const KEGONGMAO = '科工贸和信息化局 部门整体 工业 企业 信息化 科普 产业园区 数字经济';
const WORK_FUNDS = '工作经费 部门职能 行政运行 办公运行 资金发放';
const PLANNING = '数字赋能实体经济发展规划编制 规划 编制 数字经济 发展报告';
const FOG_CANNON = '雾炮车降尘抑尘服务 环境卫生 空气质量 降尘 城市管理';
const SALARY = '工资性支出 工资 社保 人员 发放';
const VILLAGE_CADRES = '村组干部报酬 村干部 报酬 基层 乡镇 发放';
const VILLAGE_ORG = '基层组织活动经费 村社区 乡镇 基层组织 运转';
const CADRE_SUBSIDY = '在职村干部补助 村干部 补助 按月发放 乡镇';
const FORESTRY = '林业局 部门整体 林业 森林防火 湿地 野生动物 人员经费 宣传';
const FARMLAND = '岳阳县高标准农田建设项目 乡村振兴 衔接资金 农田 基础设施建设 灌溉 饮水 道路';

const e = (level1: string, level2: string, name: string, value: string, context: string, file: string, srcName: string, srcValue: string): StarterEntry => ({
  level1,
  level2,
  name,
  value,
  context,
  source: { file, name: srcName, value: srcValue },
});

export const STARTER_ENTRIES: StarterEntry[] = [
  // The seed: 遂溪县科工贸和信息化局, department-wide.
  e('产出指标', '数量指标', '年度举办科普活动数', '≥1次', KEGONGMAO, SEED, '年度举办科普活动数(次)', '1'),
  e('产出指标', '质量指标', '新增规模以上工业企业达标率', '≥90%', KEGONGMAO, SEED, '新增规模以上工业企业达标率(%)', '≥90%'),
  // Filed as 满意度 with its aim as the value: it is a social benefit.
  e('效益指标', '社会效益指标', '为产业园区提供大数据辅助决策', '有效支撑', KEGONGMAO, SEED, '为园区建设发展带来长期、持续的正面影响', '提供产业园区大数据辅助决策'),
  e('成本指标', '经济成本指标', '预算资金控制有效性', '≥95%', `${GENERIC} 经费 成本控制`, SEED, '预算资金控制有效性', '》95%'),
  e('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%', GENERIC, SEED, '服务对象满意度', '≥90'),
  // The seed: 工作经费.
  e('产出指标', '时效指标', '资金发放及时率', '＝100%', WORK_FUNDS, SEED, '资金发放及时率', '及时'),
  e('满意度指标', '服务对象满意度指标', '社会公众满意度', '≥90%', WORK_FUNDS, SEED, '社会公众满意度', '≥90'),
  // The seed: 遂溪县数字赋能实体经济发展规划编制费用.
  e('产出指标', '数量指标', '发展规划编制完成率', '＝100%', PLANNING, SEED, '发展规划编制完成率(%)', '1'),
  e('产出指标', '质量指标', '规划编制完整性、合规性', '规划编制完整、合规', PLANNING, SEED, '项目规划编制完整性、合规性', '规划编制完整、合规'),
  e('产出指标', '质量指标', '资金使用合规性', '＝100%', PLANNING, SEED, '资金使用合规性(%)', '100'),
  e('产出指标', '时效指标', '资金支出及时程度', '及时', PLANNING, SEED, '资金支出及时程度', '及时'),
  e('满意度指标', '服务对象满意度指标', '扶持对象满意度', '≥95%', PLANNING, SEED, '扶持对象满意度(%)', '》95%'),
  // 湘潭 雾炮车降尘抑尘服务 (2023).
  e('产出指标', '数量指标', '雾炮车降尘抑尘服务配备车辆数', '≥10辆', FOG_CANNON, WUPAOCHE, '雾炮车降尘抑尘服务配备车辆数', '10辆'),
  e('产出指标', '质量指标', '雾炮车风炮射程', '≥80米', FOG_CANNON, WUPAOCHE, '雾炮车风炮射程', '≥80M'),
  e('产出指标', '质量指标', '服务周期内空气质量', '优良', FOG_CANNON, WUPAOCHE, '服务周期内空气质量', '优良'),
  e('成本指标', '经济成本指标', '服务费用', '≤250万元', FOG_CANNON, WUPAOCHE, '控制在预算成本内', '250万'),
  e('满意度指标', '服务对象满意度指标', '市民对空气质量改善的满意程度', '≥85%', FOG_CANNON, WUPAOCHE, '服务周期内,市民对空气质量改善的满意程度', '≥85%'),
  e('满意度指标', '服务对象满意度指标', '市民满意度', '≥90%', FOG_CANNON, WUPAOCHE, '市民满意度', '≥90%'),
  // 青神 工资性支出 (2023 self-evaluation).
  e('产出指标', '数量指标', '发放(缴纳)覆盖率', '＝100%', SALARY, GONGZI, '发放(缴纳)覆盖率', '100'),
  // 井研 马踏镇: 村组干部报酬, 基层组织活动经费 (2023).
  e('产出指标', '数量指标', '村组干部人数', '＝230人', VILLAGE_CADRES, MATAZHEN, '村组干部230人', '230'),
  e('产出指标', '时效指标', '报酬按时发放率', '＝100%', VILLAGE_CADRES, MATAZHEN, '按时发放', '1'),
  e('满意度指标', '服务对象满意度指标', '人民群众满意度', '≥95%', VILLAGE_CADRES, MATAZHEN, '人民群众满意度', '95'),
  e('产出指标', '数量指标', '行政村数量', '＝11个', VILLAGE_ORG, MATAZHEN, '行政村数量', '11'),
  e('产出指标', '质量指标', '村社区正常运转保障率', '≥95%', VILLAGE_ORG, MATAZHEN, '保障村社区正常运转', '95'),
  e('满意度指标', '服务对象满意度指标', '辖区内群众满意度', '≥95%', VILLAGE_ORG, MATAZHEN, '辖区内群众满意度', '95'),
  // 潼南 五桂镇: 在职村村干部补助 (2023).
  e('产出指标', '数量指标', '领取补助人数', '≥100人', CADRE_SUBSIDY, WUGUI, '领取补助人数', '100'),
  e('产出指标', '时效指标', '补助按月发放率', '＝100%', CADRE_SUBSIDY, WUGUI, '按月发放', '1'),
  e('成本指标', '经济成本指标', '补助发放金额', '≤9.31万元', CADRE_SUBSIDY, WUGUI, '发放金额', '9.31'),
  e('满意度指标', '服务对象满意度指标', '本土人才满意度', '≥95%', CADRE_SUBSIDY, WUGUI, '本土人才满意度', '95'),
  // 浮梁县林业局, department-wide (2026).
  e('产出指标', '数量指标', '保障在职职工人数', '＝116人', FORESTRY, LINYE, '保障在职职工人数(人)', '116'),
  e('产出指标', '数量指标', '保障退休职工人数', '＝81人', FORESTRY, LINYE, '保障退休职工人数(人)', '81'),
  e('产出指标', '数量指标', '林木采伐监管量', '≤6万立方米', FORESTRY, LINYE, '林木采伐监管(万立方米)', '6'),
  e('产出指标', '数量指标', '野生动植物保护、防火面积', '≥320万亩', FORESTRY, LINYE, '野生动植物保护、防火面积(万亩)', '320'),
  e('产出指标', '数量指标', '湿地保有量', '≥4900公顷', FORESTRY, LINYE, '湿地保有量(公顷)', '4900'),
  e('产出指标', '数量指标', '林业新闻信息投稿数', '≥30篇', FORESTRY, LINYE, '向各类新闻媒体完成林业新闻信息投稿数(篇)', '30'),
  e('产出指标', '数量指标', '自然保护区负氧离子监测点数', '＝4个', FORESTRY, LINYE, '自然保护区负氧离子监测点(个)', '4'),
  e('产出指标', '质量指标', '工资发放准确性', '≥95%', FORESTRY, LINYE, '工资发放准确性(%)', '95'),
  // 岳阳县 高标准农田建设 (2022).
  e('产出指标', '数量指标', '脱贫村村内道路硬化里程', '≥100公里', FARMLAND, NONGTIAN, '脱贫村村内道路硬化里程', '≥100公里'),
  e('产出指标', '数量指标', '脱贫户供水设施数量', '≥20座', FARMLAND, NONGTIAN, '脱贫户供水设施数量', '≥20座'),
  e('产出指标', '质量指标', '项目(工程)验收合格率', '＝100%', FARMLAND, NONGTIAN, '项目(工程)验收合格率', '100%'),
  e('产出指标', '时效指标', '项目(工程)完成及时率', '＝100%', FARMLAND, NONGTIAN, '项目(工程)完成及时率', '≥100%'),
  e('成本指标', '经济成本指标', '高标准农田亩均财政补助', '≤1600元/亩', FARMLAND, NONGTIAN, '财政资金补助', '1600元/亩'),
  e('效益指标', '经济效益指标', '年增粮食产量', '≥3500公斤', FARMLAND, NONGTIAN, '年增粮食', '3500公斤'),
  e('效益指标', '社会效益指标', '受益脱贫(监测)人口数', '≥500人', FARMLAND, NONGTIAN, '受益脱贫(监测)人口数', '≥500人'),
  e('效益指标', '社会效益指标', '解决脱贫(监测)饮水安全问题人数', '≥1000人', FARMLAND, NONGTIAN, '解决脱贫(监测)饮水安全问题人数', '≥1000人'),
  e('效益指标', '生态效益指标', '新增和改善灌溉达标面积', '≥500亩', FARMLAND, NONGTIAN, '新增和改善灌溉达标面积', '≥500亩'),
  e('效益指标', '生态效益指标', '新增和改善排水达标面积', '≥200亩', FARMLAND, NONGTIAN, '新增和改善排水达标面积', '≥200亩'),
  e('效益指标', '社会效益指标', '工程设计使用年限', '≥20年', FARMLAND, NONGTIAN, '工程设计使用年限', '≥20年'),
  e('满意度指标', '服务对象满意度指标', '受益脱贫(监测)户满意度', '≥95%', FARMLAND, NONGTIAN, '受益脱贫(监测)户满意度', '≥95%'),
];
