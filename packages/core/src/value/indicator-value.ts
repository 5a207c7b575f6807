/**
 * The value grammar of an indicator (domain.md §2, §9). A value keeps the text as filed and its
 * parse: the comparison operator, the exact number (as a canonical decimal string, never a
 * float), the unit, and whether the value is quantitative. Real tables write the same thing many
 * ways — `》95%`, `≧95％`, `>=95百分比`, `不低于95%`, `95%以上`, `９５％` — and all of them parse
 * to ≥ 95 %. The spelling as filed is kept in `operatorRaw` so the rules can ask for the
 * standard sign without losing what the user wrote.
 */
import type { CellRef } from '../import/cell-grid.ts';
import { formatExactDecimal, parseExactDecimal, toHalfWidth } from '../money/money.ts';

/** The five standard signs (the full-width forms are canonical, as in the national enums). */
export type Operator = '≥' | '＞' | '＝' | '＜' | '≤';
export const OPERATORS: readonly Operator[] = ['≥', '＞', '＝', '＜', '≤'];

/** How the parse read the value; rules turn these into findings. */
export type ValueNote =
  /** The operator was written in a non-standard way (`》`, `>=`, `不低于` …). */
  | 'operator-nonstandard'
  /** A leading `2` that most likely stood for ≥ (`292%` → ≥92%). */
  | 'operator-digit-2'
  /** A number with no comparison sign; read as ＝. */
  | 'operator-missing'
  /** Placeholder or template text (`**`, `XX`, `……`). */
  | 'placeholder'
  /** A date or a period (`2023.07-2024.01`, `12月31日前`): not a comparable number. */
  | 'date-or-period'
  /** A range (`80-90%`): not one comparable number. */
  | 'range'
  /** The operator column says 定性. */
  | 'declared-qualitative';

export interface IndicatorValue {
  /** The text as filed (for split layouts: the value cell). */
  raw: string;
  operator: Operator | null;
  /** The operator as written, when it was not the standard sign (or came from its own column). */
  operatorRaw?: string;
  /** Canonical decimal string, e.g. "95", "0.5", "8827620.53". */
  number: string | null;
  /** Canonical unit: `%` for %/％/百分比, otherwise as written (个, 万元, 元/亩 …). */
  unit: string | null;
  /** The unit as written, and where it came from. */
  unitRaw?: string;
  unitFrom?: 'value' | 'column' | 'name';
  /** A comparison with a number: counts toward the quantitative-indicator minimums. */
  quantitative: boolean;
  /** True when nothing was filed. */
  empty: boolean;
  notes: ValueNote[];
  source?: CellRef;
}

/** Context from neighbouring columns of the same row. */
export interface ValueContext {
  /** 指标性质 / 计算符号 column. */
  operatorColumn?: string;
  /** 度量单位 / 计量单位 column. */
  unitColumn?: string;
  /** The 三级 indicator name, which may carry the unit: `支出率(%)`. */
  indicatorName?: string;
  source?: CellRef;
}

interface OperatorSynonym {
  text: string;
  op: Operator;
  /** Written after the number (`95%以上`). */
  suffix?: boolean;
}

/**
 * Operator spellings, longest first so that `>=` wins over `>`. Exported so the rules
 * documentation can list them.
 */
export const OPERATOR_SYNONYMS: readonly OperatorSynonym[] = [
  { text: '大于或等于', op: '≥' },
  { text: '大于等于', op: '≥' },
  { text: '小于或等于', op: '≤' },
  { text: '小于等于', op: '≤' },
  { text: '不低于', op: '≥' },
  { text: '不少于', op: '≥' },
  { text: '不小于', op: '≥' },
  { text: '不超过', op: '≤' },
  { text: '不高于', op: '≤' },
  { text: '不多于', op: '≤' },
  { text: '不大于', op: '≤' },
  { text: '控制在', op: '≤' },
  { text: '至少', op: '≥' },
  { text: '达到', op: '≥' },
  { text: '大于', op: '＞' },
  { text: '高于', op: '＞' },
  { text: '超过', op: '＞' },
  { text: '小于', op: '＜' },
  { text: '低于', op: '＜' },
  { text: '少于', op: '＜' },
  { text: '等于', op: '＝' },
  { text: '＞＝', op: '≥' },
  { text: '>=', op: '≥' },
  { text: '=>', op: '≥' },
  { text: '＜＝', op: '≤' },
  { text: '<=', op: '≤' },
  { text: '=<', op: '≤' },
  { text: '==', op: '＝' },
  { text: '≥', op: '≥' },
  { text: '≧', op: '≥' },
  { text: '⩾', op: '≥' },
  { text: '》', op: '≥' },
  { text: '≮', op: '≥' },
  { text: '≤', op: '≤' },
  { text: '≦', op: '≤' },
  { text: '⩽', op: '≤' },
  { text: '《', op: '≤' },
  { text: '≯', op: '≤' },
  { text: '＞', op: '＞' },
  { text: '>', op: '＞' },
  { text: '＜', op: '＜' },
  { text: '<', op: '＜' },
  { text: '＝', op: '＝' },
  { text: '=', op: '＝' },
  // suffix forms: 95%以上, 3天以内
  { text: '及以上', op: '≥', suffix: true },
  { text: '以上', op: '≥', suffix: true },
  { text: '及以下', op: '≤', suffix: true },
  { text: '以下', op: '≤', suffix: true },
  { text: '以内', op: '≤', suffix: true },
];

const STANDARD = new Set<string>(OPERATORS);

const PERCENT_UNITS = ['%', '％', '百分比', '百分点', '‰'];

/** Canonical unit spelling. */
export function normaliseUnit(unit: string): string {
  const u = toHalfWidth(unit).replace(/\s+/g, '');
  if (u === '%' || u === '百分比' || u === '％') return '%';
  if (u === '万') return '万元';
  return u;
}

/** Placeholder and template text that must not stand as a value (domain.md §2.2, §8 #4). */
const PLACEHOLDER_RE = /^(?:[*＊xX×_＿\-－—…·.。/／\\]+|.*(?:\*{2,}|＊{2,}|XX|xx|…{1,}|\.{3,}|_{2,}).*|待定|待填|暂无|无|请填写.*|[（(]?填写.*|TBD|N\/A)$/;

/** Words that may carry the unit inside the indicator name: `支出率(%)`, `培训人数（人次）`. */
const NAME_UNIT_RE = /[（(]\s*([^（）()]{1,6}?)\s*[）)]\s*$/;

/** The unit written in an indicator name, if any. */
export function unitFromName(name: string): string | undefined {
  const m = NAME_UNIT_RE.exec(name.trim());
  if (!m) return undefined;
  const u = m[1]!.trim();
  if (/\d/.test(u) || /[，,、。；;]/.test(u)) return undefined;
  if (PERCENT_UNITS.includes(u) || u.length <= 4) return normaliseUnit(u);
  return undefined;
}

const DATE_RE = /(\d{1,4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[.\/-]\d{1,2}(?:[.\/-]\d{1,2})?\s*[-~～至到—]\s*\d{4})/;
const RANGE_RE = /^\s*(\d+(?:\.\d+)?)\s*(%|％)?\s*[-~～至到—]\s*(\d+(?:\.\d+)?)/;
const NUMBER_RE = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)/;

function matchLeadingOperator(s: string): OperatorSynonym | undefined {
  for (const syn of OPERATOR_SYNONYMS) if (!syn.suffix && s.startsWith(syn.text)) return syn;
  return undefined;
}

function matchTrailingOperator(s: string): OperatorSynonym | undefined {
  for (const syn of OPERATOR_SYNONYMS) if (syn.suffix && s.endsWith(syn.text)) return syn;
  return undefined;
}

/** Reads an operator column (指标性质 / 计算符号): `≥`, `=`, `大于等于`, `定性`, or a code 1–6. */
export function parseOperatorColumn(text: string): { op: Operator | null; qualitative: boolean; standard: boolean } | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  if (!t) return null;
  if (t === '定性' || t === '6') return { op: null, qualitative: true, standard: true };
  const codes: Record<string, Operator> = { '1': '≥', '2': '＞', '3': '＝', '4': '＜', '5': '≤' };
  if (codes[t]) return { op: codes[t]!, qualitative: false, standard: false };
  const full = text.replace(/\s+/g, '');
  if (STANDARD.has(full)) return { op: full as Operator, qualitative: false, standard: true };
  for (const syn of OPERATOR_SYNONYMS) if (syn.text === t || syn.text === full) return { op: syn.op, qualitative: false, standard: false };
  if (t === '定量') return { op: null, qualitative: false, standard: true };
  return null;
}

/**
 * Parses an indicator value. Handles the combined form (`≥95%`) and the split form (operator,
 * value and unit in their own columns, passed in `ctx`).
 */
export function parseIndicatorValue(raw: string, ctx: ValueContext = {}): IndicatorValue {
  const notes: ValueNote[] = [];
  const result: IndicatorValue = {
    raw,
    operator: null,
    number: null,
    unit: null,
    quantitative: false,
    empty: false,
    notes,
  };
  if (ctx.source) result.source = ctx.source;

  // Half-width digits and letters; keep the original glyphs of operators for the notes.
  let s = raw.replace(/\s+/g, ' ').trim();
  const opCol = ctx.operatorColumn !== undefined ? parseOperatorColumn(ctx.operatorColumn) : null;

  if (!s) {
    result.empty = true;
    return result;
  }
  if (PLACEHOLDER_RE.test(s.replace(/\s/g, ''))) {
    notes.push('placeholder');
    return result;
  }
  if (opCol?.qualitative) notes.push('declared-qualitative');

  // Leading operator (as written), then normalise the rest to half-width.
  let opSyn = matchLeadingOperator(s);
  if (!opSyn) {
    const hw = toHalfWidth(s);
    const hwSyn = matchLeadingOperator(hw);
    if (hwSyn) {
      // Full-width ＞＝ etc. that are not the standard sign after half-width conversion.
      opSyn = { text: s.slice(0, hwSyn.text.length), op: hwSyn.op };
    }
  }
  if (opSyn) {
    s = s.slice(opSyn.text.length).trim();
    result.operator = opSyn.op;
    if (!STANDARD.has(opSyn.text)) {
      result.operatorRaw = opSyn.text;
      notes.push('operator-nonstandard');
    }
  }
  let rest = toHalfWidth(s).trim();
  if (!result.operator) {
    const suffix = matchTrailingOperator(rest);
    if (suffix && NUMBER_RE.test(rest)) {
      rest = rest.slice(0, -suffix.text.length).trim();
      result.operator = suffix.op;
      result.operatorRaw = suffix.text;
      notes.push('operator-nonstandard');
    }
  }

  if (DATE_RE.test(rest)) {
    notes.push('date-or-period');
    result.operator = null;
    delete result.operatorRaw;
    const idx = notes.indexOf('operator-nonstandard');
    if (idx >= 0) notes.splice(idx, 1);
    return result;
  }
  if (RANGE_RE.test(rest)) {
    notes.push('range');
    return result;
  }

  const m = NUMBER_RE.exec(rest);
  if (!m) {
    // Qualitative: no number. An operator in front of text (`≥良好`) is kept as written.
    return result;
  }
  const dec = parseExactDecimal(m[1]!);
  if (!dec) return result;
  let number = formatExactDecimal(dec);
  let unitText = rest.slice(m[0].length).trim();
  // `95%以上` with the suffix after the unit.
  if (!result.operator) {
    const suffix = matchTrailingOperator(unitText);
    if (suffix) {
      unitText = unitText.slice(0, -suffix.text.length).trim();
      result.operator = suffix.op;
      result.operatorRaw = suffix.text;
      notes.push('operator-nonstandard');
    }
  }
  // Text after the number that is clearly a sentence, not a unit: treat the value as qualitative.
  if (unitText.length > 8 || /[，,。；;：:]/.test(unitText)) {
    result.operator = null;
    delete result.operatorRaw;
    return { ...result, notes: notes.filter((n) => n !== 'operator-nonstandard') };
  }

  let unit: string | null = unitText ? normaliseUnit(unitText) : null;
  if (unit) {
    result.unitRaw = unitText;
    result.unitFrom = 'value';
  }
  if (!unit && ctx.unitColumn && ctx.unitColumn.trim() && !/^[/／\-—]$/.test(ctx.unitColumn.trim())) {
    unit = normaliseUnit(ctx.unitColumn.trim());
    result.unitRaw = ctx.unitColumn.trim();
    result.unitFrom = 'column';
  }
  if (!unit && ctx.indicatorName) {
    const u = unitFromName(ctx.indicatorName);
    if (u) {
      unit = u;
      result.unitFrom = 'name';
    }
  }

  // Operator from its own column.
  if (!result.operator && opCol && opCol.op) {
    result.operator = opCol.op;
    if (!opCol.standard) {
      result.operatorRaw = ctx.operatorColumn!.trim();
      notes.push('operator-nonstandard');
    }
  }

  // A leading 2 that stood for ≥: `292%` for a rate, where 92% is plausible and 292% is not.
  if (!result.operator && unit === '%' && /^2\d/.test(number) && Number(number) > 100 && Number(number.slice(1)) <= 100) {
    notes.push('operator-digit-2');
    result.operator = '≥';
    result.operatorRaw = '2';
    number = number.slice(1);
  }

  if (!result.operator) {
    if (opCol?.qualitative) return { ...result, number, unit };
    result.operator = '＝';
    notes.push('operator-missing');
  }
  result.number = number;
  result.unit = unit;
  result.quantitative = !opCol?.qualitative;
  return result;
}

/** Formats a value in the standard form: `≥95%`, `＝11个`, or the text for qualitative values. */
export function formatIndicatorValue(v: Pick<IndicatorValue, 'operator' | 'number' | 'unit' | 'raw' | 'notes'>): string {
  if (v.number === null || v.operator === null) return v.raw.trim();
  const op = v.notes.includes('operator-missing') ? '' : v.operator;
  return `${op}${v.number}${v.unit ?? ''}`;
}

/** The value with the standard operator sign, keeping the user's number and unit text. */
export function standardiseOperator(v: IndicatorValue): string | undefined {
  if (!v.operator || v.number === null) return undefined;
  if (!v.notes.includes('operator-nonstandard') && !v.notes.includes('operator-digit-2')) return undefined;
  const unit = v.unitFrom === 'value' ? (v.unit === '%' ? '%' : (v.unitRaw ?? '')) : '';
  return `${v.operator}${v.number}${unit}`;
}

export function numericValue(v: IndicatorValue): number | null {
  return v.number === null ? null : Number(v.number);
}
