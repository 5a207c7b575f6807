/**
 * Places an indicator in the framework by the words of its name, for tables that file no
 * 一级/二级 columns (domain.md §8 #5 keyword heuristics). The result is a guess: the importer
 * reports every classified row so that a person confirms it.
 */
import type { Level1Name, Level2Name } from '../framework/indicator-framework.ts';
import type { IndicatorValue } from '../value/indicator-value.ts';

interface KeywordRule {
  test: RegExp;
  level1: Level1Name;
  level2: Level2Name;
}

/** Checked in order; the first match wins. */
const RULES: readonly KeywordRule[] = [
  { test: /满意|认可度|好评/, level1: '满意度指标', level2: '服务对象满意度指标' },
  { test: /成本|单价|造价|费用|经费|金额|资金|预算|补助标准|投入/, level1: '成本指标', level2: '经济成本指标' },
  { test: /及时|按时|按期|准时|时限|时效|周期|完成时间|进度|按月|按季|当年完成|[年月日]前/, level1: '产出指标', level2: '时效指标' },
  { test: /合格|达标|质量|准确|完好|优良|规范|合规|验收|通过率|正确率|覆盖率|知晓率/, level1: '产出指标', level2: '质量指标' },
  { test: /经济|收入|增收|产值|营收|税收|利润|就业增收/, level1: '效益指标', level2: '经济效益指标' },
  { test: /生态|环境|绿化|空气|水质|节能|减排|排放|污染|森林|植被/, level1: '效益指标', level2: '生态效益指标' },
  { test: /社会|和谐|稳定|权益|保障|民生|安全|促进|提升|提高|改善|带动|影响|宣传/, level1: '效益指标', level2: '社会效益指标' },
  { test: /人数|人次|数量|个数|次数|面积|里程|户数|台数|场次|[数量]$/, level1: '产出指标', level2: '数量指标' },
];

const COUNT_UNITS = /^(个|次|人|人次|家|项|件|场|篇|份|套|台|辆|户|亩|公里|千米|米|平方米|万亩|座|所|处|批|期|册|本|名|位|栋|间|张|条|块|头|只|株|棵|吨|公斤|立方米)$/;
const MONEY_UNITS = /^(元|万元|亿元|元\/.+|万元\/.+)$/;

export interface Classification {
  level1: Level1Name;
  level2: Level2Name;
  /** The words that decided it, for the finding. */
  reason: string;
}

export function classifyIndicator(name: string, value: IndicatorValue): Classification {
  const n = name.replace(/\s+/g, '');
  for (const r of RULES) {
    const m = r.test.exec(n);
    if (m) return { level1: r.level1, level2: r.level2, reason: m[0] };
  }
  const unit = value.unit ?? '';
  if (MONEY_UNITS.test(unit)) return { level1: '成本指标', level2: '经济成本指标', reason: unit };
  if (COUNT_UNITS.test(unit)) return { level1: '产出指标', level2: '数量指标', reason: unit };
  if (unit === '%') return { level1: '产出指标', level2: '质量指标', reason: unit };
  return { level1: '效益指标', level2: '社会效益指标', reason: '' };
}
