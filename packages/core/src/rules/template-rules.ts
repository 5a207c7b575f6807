/**
 * Template leftovers (issue 24): what a unit forgot to replace when it filled the form it was
 * sent — placeholder hints in names (`苗木成活率(≥**%)`), the form's numbered scaffolding rows
 * (`指标1：`, `……`), one boilerplate explanation copied onto every row — and a value written
 * into the name with no operator (`村组干部230人`).
 */
import type { Indicator } from '../model/target-table.ts';
import { filedIndicators, indicatorLocation, rowLabel } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

const KINDS = ['dept-overall', 'project', 'self-eval'] as const;

/** `**`, `＊＊`, `XX`, `××`: the blanks a template leaves for the number. */
const PLACEHOLDER = /\*{2,}|＊{2,}|(?<![A-Za-z])[Xx×]{2,}(?![A-Za-z])/;
/** A trailing bracketed hint holding a placeholder: `(≥**%)`, `（≤**元/株）`. */
const BRACKETED_HINT = /\s*[（(][^（()）]*(?:\*{2,}|＊{2,}|[Xx×]{2,})[^（()）]*[）)]\s*$/;

export const namePlaceholder = defineRule({
  code: 'indicator.name-placeholder',
  title: { zh: '指标名称为占位符', en: 'Placeholder indicator name' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '三级指标名称中不应保留模板的占位提示（如“(≥**个)”“XX率”）；指标值填在指标值栏。提示在名称末尾的括号里时可自动删去。',
    en: 'A name keeps no placeholder hint of the template ("(≥**个)", "XX率"); the value goes in the value column. A hint in brackets at the end of the name can be removed automatically.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const name = ind.name.raw;
      if (!PLACEHOLDER.test(name)) continue;
      const d: FindingDraft = {
        message: {
          zh: `第${row}行的指标名称保留了模板占位提示：“${name.trim()}”。`,
          en: `Row ${row}: the name keeps the template's placeholder: "${name.trim()}".`,
        },
        location: indicatorLocation(ind, row, 'name'),
      };
      const cleaned = name.replace(BRACKETED_HINT, '').trim();
      if (cleaned !== name.trim() && cleaned && !PLACEHOLDER.test(cleaned)) {
        d.fix = { field: 'name', from: name, to: cleaned, description: { zh: '删去名称末尾的占位提示', en: 'Remove the placeholder hint at the end of the name' } };
      }
      out.push(d);
    }
    return out;
  },
});

/** A scaffolding row of the form: its name is only a number label or an ellipsis. */
const SCAFFOLD_NAME = /^(?:指标\s*[0-9０-９一二三四五六七八九十]+\s*[:：.、]?|[…．.。·、\s]{2,}|[…]+)$/;

/** Whether a name is only the template's scaffolding (`指标1：`, `……`): the row is reported once, as such. */
export function isScaffoldName(name: string): boolean {
  const t = name.trim();
  return t !== '' && SCAFFOLD_NAME.test(t);
}

export const scaffoldRow = defineRule({
  code: 'indicator.scaffold-row',
  title: { zh: '模板残留行', en: 'Template leftover row' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '表中不应保留模板的示例行（名称只是“指标1：”或“……”）：填写真实的指标，或删去该行。',
    en: 'No row of the template\'s scaffolding is left (a name that is only "指标1：" or "……"): fill in a real indicator or delete the row.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      if (!isScaffoldName(ind.name.raw)) continue;
      const name = ind.name.raw.trim();
      out.push({
        message: { zh: `第${row}行是模板的示例行（名称为“${name}”），应填写真实指标或删去。`, en: `Row ${row} is the template's scaffolding (name "${name}"): fill in a real indicator or delete it.` },
        location: indicatorLocation(ind, row, 'name'),
      });
    }
    return out;
  },
});

type TextColumn = 'explanation' | 'deviationReason';
const COLUMN_LABEL: Record<TextColumn, { zh: string; en: string }> = {
  explanation: { zh: '指标值说明', en: 'explanation' },
  deviationReason: { zh: '偏差原因', en: 'deviation reason' },
};

export const boilerplateExplanation = defineRule<{ minRows: number; phrases: string[] }>({
  code: 'indicator.explanation-boilerplate',
  title: { zh: '指标解释为套话', en: 'Boilerplate explanation' },
  paramNames: { minRows: { zh: '最少行数', en: 'minimum rows' }, phrases: { zh: '套话用语', en: 'boilerplate phrases' } },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: { minRows: 3, phrases: ['该指标值数据合理', '指标值数据合理', '数据合理', '无', '详见附件'] },
  description: {
    zh: '指标值说明（自评表的偏差原因）应针对每个指标填写：不少于 minRows（默认 3）行填了同一句话，或填的是 phrases 所列的套话（如“该指标值数据合理”），即为未填写。',
    en: 'Explanations (a self-evaluation\'s deviation reasons) are written for each indicator: the same sentence on `minRows` (3) or more rows, or a stock phrase of `phrases` ("该指标值数据合理"), explains nothing.',
  },
  check(table, { params }) {
    const out: FindingDraft[] = [];
    const norm = (s: string) => s.replace(/[\s。.；;，,]/g, '');
    const phrases = new Set(params.phrases.map(norm));
    for (const column of ['explanation', 'deviationReason'] as const) {
      const filled = filedIndicators(table).filter((r) => r.ind[column]?.raw.trim());
      const texts = filled.map((r) => norm(r.ind[column]!.raw));
      const label = COLUMN_LABEL[column];
      if (filled.length >= params.minRows && texts.every((t) => t === texts[0])) {
        const first = filled[0]!;
        out.push({
          message: {
            zh: `${filled.length} 个指标的${label.zh}都是同一句“${first.ind[column]!.raw.trim()}”，应针对每个指标说明。`,
            en: `${filled.length} indicators share the same ${label.en} "${first.ind[column]!.raw.trim()}"; write one for each indicator.`,
          },
          location: indicatorLocation(first.ind, first.row, column),
        });
        continue;
      }
      filled.forEach((r, i) => {
        if (!phrases.has(texts[i]!)) return;
        const rl = rowLabel(r.ind, r.row);
        out.push({
          message: { zh: `${rl.zh}的${label.zh}是套话“${r.ind[column]!.raw.trim()}”，未说明指标值的依据。`, en: `${rl.en}: the ${label.en} is a stock phrase "${r.ind[column]!.raw.trim()}" and explains nothing.` },
          location: indicatorLocation(r.ind, r.row, column),
        });
      });
    }
    return out;
  },
});

/** A count or amount at the end of the name with no operator: `村组干部230人`, `完成率100%`. */
const TRAILING_VALUE =
  /(?<![\d.年月第])(\d+(?:\.\d+)?)\s*(%|％|人次|人|个|条|户|次|座|所|家|公里|千米|米|平方米|亩|万元|元|台|套|件|场|篇|项|辆|吨|株|处|间|册|份|批)\s*$/;
/** Names that end in a number for other reasons: a year, an ordinal, an operator already there (indicator.name-contains-value). */
const NOT_A_VALUE = /(≥|≤|>=|<=|＞|＜|>|<|》|不低于|不少于|不超过|不高于|达到|大于|小于|以上|以下|第\s*\d+(?:\.\d+)?\s*\S?\s*$)/;

/** The trailing value of a name, if any: the text before it and the value text. */
export function trailingValue(name: string): { rest: string; number: string; unit: string } | null {
  const t = name.trim();
  const m = TRAILING_VALUE.exec(t);
  if (!m || NOT_A_VALUE.test(t)) return null;
  const rest = t.slice(0, m.index).replace(/[:：,，\s]+$/, '');
  // The whole name is the value (a misread row): that is another defect, not this one.
  if (!/[\u4e00-\u9fff]{2,}/.test(rest)) return null;
  return { rest, number: m[1]!, unit: m[2] === '％' ? '%' : m[2]! };
}

function sameValue(ind: Indicator, number: string, unit: string): boolean {
  return ind.value.number !== null && Number(ind.value.number) === Number(number) && (ind.value.unit === null || ind.value.unit === unit);
}

export const nameEndsWithValue = defineRule({
  code: 'indicator.name-ends-with-value',
  title: { zh: '指标名称以数值结尾', en: 'Name ends with a value' },
  kinds: KINDS,
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '指标名称末尾不应写着指标值（如“村组干部230人”“年度资金支付完成率100%”）：名称写指标（“村组干部人数”），数值连同比较符号填在指标值栏（“≥230人”）。指标值栏已是同一数值时可自动从名称删去。',
    en: 'A name does not end in its value ("村组干部230人", "年度资金支付完成率100%"): the name says what is measured, the value column holds the number with its operator ("≥230人"). Where the value column already holds the same number it can be removed from the name automatically.',
  },
  check(table) {
    const out: FindingDraft[] = [];
    for (const { ind, row } of filedIndicators(table)) {
      const tv = trailingValue(ind.name.raw);
      if (!tv) continue;
      const d: FindingDraft = {
        message: {
          zh: `第${row}行的指标名称“${ind.name.raw.trim()}”末尾写着数值“${tv.number}${tv.unit}”且没有比较符号；数值应连同比较符号填在指标值栏。`,
          en: `Row ${row}: the name "${ind.name.raw.trim()}" ends in the value "${tv.number}${tv.unit}" with no operator; put it, with its operator, in the value column.`,
        },
        location: indicatorLocation(ind, row, 'name'),
      };
      if (sameValue(ind, tv.number, tv.unit)) {
        d.fix = { field: 'name', from: ind.name.raw, to: tv.rest, description: { zh: '从名称中删去与指标值相同的数值', en: 'Remove from the name the number the value column already holds' } };
      }
      out.push(d);
    }
    return out;
  },
});

export const TEMPLATE_RULES = [namePlaceholder, scaffoldRow, boilerplateExplanation, nameEndsWithValue];
