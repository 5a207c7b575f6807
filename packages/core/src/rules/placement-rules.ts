/**
 * Where an indicator sits in the tree: 一级/二级 from the closed list, 二级 under its own 一级,
 * a 三级 that is a real indicator rather than a category name, and content that belongs to
 * another category (domain.md §8 #5, #7, #14, #16).
 */
import {
  isCategoryLabel,
  level1En,
  level2Allowed,
  level2En,
  parentOf,
  type Level1Name,
} from '../framework/indicator-framework.ts';
import { filedIndicators, indicatorLocation, rowLabel } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

const KINDS = ['dept-overall', 'project', 'self-eval'] as const;

export const level1Missing = defineRule({
  code: 'indicator.level1-missing',
  title: { zh: '缺少一级指标', en: 'Level-1 missing' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '每个三级指标须属于一个一级指标（产出、效益、满意度、成本）。',
    en: 'Every indicator belongs to a level-1 category (Output, Benefit, Satisfaction, Cost).',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (ind.level1.name) continue;
      const raw = ind.level1.raw.trim();
      const r = rowLabel(ind, row);
      out.push({
        message: raw
          ? { zh: `${r.zh}的一级指标“${raw}”不在指标体系中。`, en: `${r.en}: level-1 "${raw}" is not in the framework.` }
          : { zh: `${r.zh}没有一级指标。`, en: `${r.en} has no level-1 category.` },
        location: indicatorLocation(ind, row, 'level1'),
      });
    }
    return out;
  },
});

export const level2Unknown = defineRule({
  code: 'indicator.level2-unknown',
  title: { zh: '二级指标无法识别', en: 'Unknown level-2' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '二级指标须为指标体系中的名称（如数量指标、社会效益指标）。',
    en: 'The level-2 category is one of the framework names (e.g. Quantity, Social benefit).',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (ind.level2.name) continue;
      const raw = ind.level2.raw.trim();
      // A form with a 一级 column and no 二级 column (`指标类型 | 指标名称 | 指标值`) does not ask for one.
      if (!raw && table.form && table.form.columns.includes('level1') && !table.form.columns.includes('level2')) continue;
      const r = rowLabel(ind, row);
      out.push({
        message: raw
          ? { zh: `${r.zh}的二级指标“${raw}”不在指标体系中。`, en: `${r.en}: level-2 "${raw}" is not in the framework.` }
          : { zh: `${r.zh}没有二级指标。`, en: `${r.en} has no level-2 category.` },
        location: indicatorLocation(ind, row, 'level2'),
      });
    }
    return out;
  },
});

export const level2Invalid = defineRule({
  code: 'indicator.level2-invalid',
  title: { zh: '二级指标与一级不符', en: 'Level-2 under the wrong level-1' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '二级指标须属于其一级指标（如“时效指标”只能在“产出指标”下）。',
    en: 'The level-2 category belongs to its level-1 (e.g. Timeliness only under Output).',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const l1 = ind.level1.name;
      const l2 = ind.level2.name;
      if (!l1 || !l2 || level2Allowed(l1, l2)) continue;
      const parent = parentOf(l2);
      const r = rowLabel(ind, row);
      out.push({
        message: {
          zh: `${r.zh}：二级指标“${l2}”不属于一级指标“${l1}”，应在“${parent}”下。`,
          en: `${r.en}: ${level2En(l2)} does not belong under ${level1En(l1)}; it belongs under ${level1En(parent)}.`,
        },
        location: indicatorLocation(ind, row, 'level2'),
        fix: {
          field: 'level1',
          from: ind.level1.raw,
          to: parent,
          description: { zh: `将一级指标改为“${parent}”`, en: `Move the row under ${level1En(parent)}` },
        },
      });
    }
    return out;
  },
});

export const level3IsCategory = defineRule({
  code: 'indicator.level3-is-category',
  title: { zh: '三级指标写成了类别', en: 'Level-3 is a category' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '三级指标须是具体指标，不能填写类别名称（如“质量指标”“社会成本指标”）。',
    en: 'A level-3 indicator is a concrete measure, not a category name such as "质量指标".',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const name = ind.name.raw.trim();
      if (!name || !isCategoryLabel(name)) continue;
      out.push({
        message: {
          zh: `第${row}行的三级指标“${name}”是类别名称，不是具体指标。`,
          en: `Row ${row}: level-3 "${name}" is a category name, not an indicator.`,
        },
        location: indicatorLocation(ind, row, 'name'),
      });
    }
    return out;
  },
});

export const legacyLabel = defineRule({
  code: 'indicator.legacy-label',
  title: { zh: '旧版指标名称', en: 'Legacy category label' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '使用了旧指标体系的类别（如产出下的成本指标、可持续影响指标），已按现行体系对应，请确认。',
    en: 'A legacy (pre-2021) category label was mapped to the current framework; please confirm.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      for (const [field, level] of [['level1', ind.level1], ['level2', ind.level2]] as const) {
        if (!level.legacy || !level.name) continue;
        const r = rowLabel(ind, row);
        out.push({
          message: {
            zh: `${r.zh}：旧体系类别“${level.raw.trim()}”已对应为“${level.name}”。`,
            en: `${r.en}: legacy label "${level.raw.trim()}" mapped to "${level.name}".`,
          },
          location: indicatorLocation(ind, row, field),
        });
      }
    }
    return out;
  },
});

/** Keyword heuristics for content that belongs elsewhere (domain.md §8 #5, #7). */
interface MismatchRule {
  test: RegExp;
  /** The 一级 the content belongs to, or the 一级 values it must not sit under. */
  belongs?: Level1Name;
  notUnder?: Level1Name[];
  zh: string;
  en: string;
}

const MISMATCHES: MismatchRule[] = [
  {
    test: /满意/,
    belongs: '满意度指标',
    zh: '满意度类指标应放在“满意度指标/服务对象满意度指标”下',
    en: 'a satisfaction measure belongs under Satisfaction',
  },
  {
    test: /(执行|支出|使用|到位|拨付|结余)率|(资金|预算)(执行|支出|使用|到位|拨付)(情况|进度|程度)|执行情况|保障率/,
    notUnder: ['产出指标', '效益指标'],
    zh: '资金支出、执行、到位等是投入情况，不能作为产出或效益（应反映项目的实际产出与效果）',
    en: 'spending, execution or funding rates are inputs, not outputs or benefits',
  },
];

export const categoryMismatch = defineRule({
  code: 'indicator.category-mismatch',
  title: { zh: '指标归类不当', en: 'Indicator in the wrong category' },
  kinds: ['dept-overall', 'project'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '指标内容与所在类别不符（按关键词判断）：如满意度放在社会效益下、资金支出率作为产出、满意度指标下填写的不是满意度。',
    en: 'Content that belongs elsewhere (keyword based): satisfaction under social benefit, a spending rate as an output, a non-satisfaction measure under Satisfaction.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const name = ind.name.raw.trim();
      const l1 = ind.level1.name;
      if (!name || !l1) continue;
      const r = rowLabel(ind, row);
      let reported = false;
      for (const m of MISMATCHES) {
        if (!m.test.test(name)) continue;
        if (m.belongs && l1 !== m.belongs) {
          out.push({
            message: { zh: `${r.zh}：${m.zh}，现在“${l1}”下。`, en: `${r.en}: ${m.en}; it is under ${level1En(l1)}.` },
            location: indicatorLocation(ind, row, 'level1'),
            suggestion: { zh: `移到“${m.belongs}”下`, en: `Move it under ${level1En(m.belongs)}` },
          });
          reported = true;
          break;
        }
        if (m.notUnder?.includes(l1)) {
          out.push({
            message: { zh: `${r.zh}：${m.zh}。`, en: `${r.en}: ${m.en}.` },
            location: indicatorLocation(ind, row, 'name'),
          });
          reported = true;
          break;
        }
      }
      if (!reported && l1 === '满意度指标' && !/满意|认可|好评|投诉|评价/.test(name)) {
        out.push({
          message: {
            zh: `${r.zh}放在满意度指标下，但不是满意度的度量（应为“服务对象满意度”等）。`,
            en: `${r.en} is under Satisfaction but does not measure satisfaction.`,
          },
          location: indicatorLocation(ind, row, 'name'),
        });
      }
    }
    return out;
  },
});

export const nameMissing = defineRule({
  code: 'indicator.name-missing',
  title: { zh: '三级指标名称缺失', en: 'Indicator name missing' },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: {},
  description: { zh: '填写了指标值的行须有三级指标名称。', en: 'A row with a value has a level-3 name.' },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (ind.name.raw.trim()) continue;
      out.push({
        message: { zh: `第${row}行有指标值但没有三级指标名称。`, en: `Row ${row} has a value but no indicator name.` },
        location: indicatorLocation(ind, row, 'name'),
      });
    }
    return out;
  },
});

export const nameDuplicate = defineRule({
  code: 'indicator.name-duplicate',
  title: { zh: '三级指标名称重复', en: 'Duplicate indicator name' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: { zh: '同一张表内三级指标名称不应重复。', en: 'Level-3 names are distinct within a table.' },
  check(table) {
    const out: FindingDraft[] = [];
    const seen = new Map<string, number>();
    for (const { ind, row } of filedIndicators(table)) {
      const key = ind.name.raw.replace(/\s+/g, '');
      if (!key) continue;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, row);
        continue;
      }
      out.push({
        message: { zh: `第${row}行与第${first}行的指标名称相同：“${ind.name.raw.trim()}”。`, en: `Row ${row} repeats the name of row ${first}: "${ind.name.raw.trim()}".` },
        location: indicatorLocation(ind, row, 'name'),
      });
    }
    return out;
  },
});

export const nameTooLong = defineRule<{ max: number }>({
  code: 'indicator.name-too-long',
  title: { zh: '三级指标名称过长', en: 'Indicator name too long' },
  paramNames: { max: { zh: '最多字数', en: 'maximum characters' } },
  kinds: KINDS,
  defaultSeverity: 'error',
  defaultParams: { max: 100 },
  description: { zh: '三级指标名称不超过规定字数（默认 100 字）。', en: 'Level-3 names are at most the set length (default 100 characters).' },
  describe: (p) => ({ zh: `三级指标名称不超过 ${p.max} 字。`, en: `Level-3 names are at most ${p.max} characters.` }),
  check(table, { params }) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const len = [...ind.name.raw.trim()].length;
      if (len <= params.max) continue;
      out.push({
        message: { zh: `第${row}行的指标名称有 ${len} 字，超过 ${params.max} 字。`, en: `Row ${row}: the name has ${len} characters, more than ${params.max}.` },
        location: indicatorLocation(ind, row, 'name'),
      });
    }
    return out;
  },
});

const VALUE_IN_NAME = /(≥|≤|>=|<=|＞|＜|》|不低于|不少于|不超过|达到)\s*\d/;

export const nameContainsValue = defineRule({
  code: 'indicator.name-contains-value',
  title: { zh: '指标名称含指标值', en: 'Value inside the name' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '指标名称中不应包含比较符号和指标值（如“满意度≥90%”），指标值应填在指标值栏。',
    en: 'The name carries no operator and value (e.g. "满意度≥90%"); the value goes in the value column.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (!VALUE_IN_NAME.test(ind.name.raw)) continue;
      out.push({
        message: { zh: `第${row}行的指标名称中含有指标值：“${ind.name.raw.trim()}”。`, en: `Row ${row}: the name contains a value: "${ind.name.raw.trim()}".` },
        location: indicatorLocation(ind, row, 'name'),
      });
    }
    return out;
  },
});

export const PLACEMENT_RULES = [
  level1Missing,
  level2Unknown,
  level2Invalid,
  level3IsCategory,
  legacyLabel,
  categoryMismatch,
  nameMissing,
  nameDuplicate,
  nameTooLong,
  nameContainsValue,
];
