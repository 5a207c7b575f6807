/**
 * The one comparison of an approved target with what was achieved, shared by the monitoring
 * lights and the self-evaluation scores so that the two can never disagree again about whether
 * a target was met (issue 20: a strict ＜ was strict in monitoring and not in scoring; a ＝0
 * target lit blue in monitoring and scored 0; units were never compared).
 *
 * Reading an actual: it must be a measured value — a number, in the target's unit or one that
 * converts to it exactly (元 / 千元 / 万元 / 百万元 / 亿元, also per unit such as 元/人 ↔ 万元/人;
 * % / ‰ / a plain fraction). An actual written as a target (`≥95%`, `≤30万元`, `95%以上`) is not
 * a measurement; neither is an actual whose unit cannot be converted (`5场` against `≥4次`).
 * Both come back as what they are, and the callers turn them into findings and never count them
 * as met.
 */
import { formatExactDecimal, parseExactDecimal } from '../money/money.ts';
import type { Finding } from '../rules/finding.ts';
import { normaliseUnit, parseIndicatorValue, type IndicatorValue, type Operator } from '../value/indicator-value.ts';

/** How an actual reads against its target. `value` is in the target's unit. */
export type ActualReading =
  | { kind: 'measured'; value: number; unit: string | null; conversion?: { from: string; to: string }; fraction?: boolean }
  | { kind: 'empty' }
  | { kind: 'not-number' }
  | { kind: 'written-as-target'; operator: Operator }
  | { kind: 'unit-mismatch'; actualUnit: string; targetUnit: string };

/** Which way is better: 正向 (more), 反向 (less); ＝0 is 反向 (nothing may happen: 安全责任事故 ＝0起). */
export type Direction = '正向' | '反向';

export function directionOf(op: Operator, target: number): Direction {
  if (op === '≤' || op === '＜') return '反向';
  if (op === '＝' && target === 0) return '反向';
  return '正向';
}

/**
 * Whether the actual meets the target, with the operator's strictness: ＜5件 is not met by 5.
 * ＝ with a target above 0 is met at or above it (as 正向, domain.md §6.3); ＝0 only by 0 or less.
 */
export function meetsTarget(op: Operator, target: number, actual: number): boolean {
  switch (op) {
    case '≥':
      return actual >= target;
    case '＞':
      return actual > target;
    case '≤':
      return actual <= target;
    case '＜':
      return actual < target;
    case '＝':
      return target === 0 ? actual <= 0 : actual >= target;
  }
}

/** Money units by their power of ten in 元; `万` is normalised to 万元 by the value grammar. */
const MONEY_EXP: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 百万元: 6, 亿元: 8, 亿: 8 };
/** Shares by their power of ten against a plain fraction (1 = 100%). */
const SHARE_EXP: Record<string, number> = { '%': -2, '‰': -3 };

/** A unit split into a scaled head and what follows a slash: `万元/人` → 万元, `/人`. */
function splitUnit(unit: string): { head: string; per: string } {
  const i = unit.search(/[/／]/);
  return i < 0 ? { head: unit, per: '' } : { head: unit.slice(0, i), per: unit.slice(i).replace('／', '/') };
}

/** Powers of ten that take the actual's unit to the target's, or null when they do not convert. */
export function conversionExponent(from: string, to: string): number | null {
  const a = normaliseUnit(from);
  const b = normaliseUnit(to);
  if (a === b) return 0;
  const fa = splitUnit(a);
  const fb = splitUnit(b);
  if (fa.per !== fb.per) return null;
  const ma = MONEY_EXP[fa.head];
  const mb = MONEY_EXP[fb.head];
  if (ma !== undefined && mb !== undefined) return ma - mb;
  if (fa.per === '') {
    const sa = SHARE_EXP[a];
    const sb = SHARE_EXP[b];
    if (sa !== undefined && sb !== undefined) return sa - sb;
  }
  return null;
}

/** Multiplies a canonical decimal by 10^exp exactly (the digits move; no binary float on the way). */
export function shiftDecimal(text: string, exp: number): string {
  const d = parseExactDecimal(text);
  if (!d || exp === 0) return text;
  const shifted = exp > 0 ? { ...d, digits: d.digits * 10n ** BigInt(exp) } : { ...d, scale: d.scale - exp };
  return formatExactDecimal(shifted);
}

/**
 * Reads an actual against its quantitative target. A bare number takes the target's unit, except
 * a fraction between 0 and 1 against a percentage target above 1% (`0.9` for `≥95%`: 90%, the
 * way the seed writes 1 for 100%), which is read as the fraction it is and reported.
 */
export function readActual(target: IndicatorValue, raw: string, indicatorName?: string): ActualReading {
  const text = raw.trim();
  if (!text) return { kind: 'empty' };
  const av = parseIndicatorValue(text, indicatorName ? { indicatorName } : {});
  if (av.number === null) return { kind: 'not-number' };
  if (av.operator && av.operator !== '＝' && !av.notes.includes('operator-missing')) return { kind: 'written-as-target', operator: av.operator };
  const targetUnit = target.unit;
  // The unit the actual was written with (not one guessed from the indicator's name).
  const written = av.unitFrom === 'value' ? av.unit : null;
  if (written === null) {
    const n = Number(av.number);
    if (targetUnit === '%' && n > 0 && n <= 1 && Number(target.number) > 1) {
      return { kind: 'measured', value: Number(shiftDecimal(av.number, 2)), unit: '%', fraction: true };
    }
    return { kind: 'measured', value: n, unit: targetUnit };
  }
  if (targetUnit === null) {
    // A plain-number target (≥0.9) with an actual in % (90%): the same share.
    const exp = conversionExponent(written, '%') === 0 && Number(target.number) <= 1 ? -2 : 0;
    return exp ? { kind: 'measured', value: Number(shiftDecimal(av.number, exp)), unit: null, conversion: { from: written, to: '' } } : { kind: 'measured', value: Number(av.number), unit: written };
  }
  const exp = conversionExponent(written, targetUnit);
  if (exp === null) return { kind: 'unit-mismatch', actualUnit: av.unitRaw ?? written, targetUnit };
  const value = Number(shiftDecimal(av.number, exp));
  return exp === 0 ? { kind: 'measured', value, unit: targetUnit } : { kind: 'measured', value, unit: targetUnit, conversion: { from: written, to: targetUnit } };
}

/** Where a finding about an actual goes and how the row is called. */
export interface ActualContext {
  /** `selfeval` or `monitor`. */
  prefix: 'selfeval' | 'monitor';
  /** The field the actual is in: `actual` (self-evaluation), `achieved` (monitoring). */
  field: string;
  /** How the form calls it, in Chinese: 实际完成值 / 完成情况. */
  label: string;
  row: number;
  indicatorId: string;
  name: string;
}

/**
 * The finding for an actual that is not a measured value, whose unit does not convert, or that
 * was read as a fraction (a warning with the fix). Codes: `<prefix>.<field>-not-number`,
 * `-written-as-target`, `-unit-mismatch`, `-read-as-fraction`.
 */
export function actualFinding(reading: ActualReading, target: IndicatorValue, actualRaw: string, c: ActualContext): Finding | undefined {
  const location = { section: 'indicators' as const, indicatorId: c.indicatorId, row: c.row, field: c.field };
  const code = (what: string) => `${c.prefix}.${c.field}-${what}`;
  const head = `第${c.row}行“${c.name}”`;
  switch (reading.kind) {
    case 'not-number':
      return { code: code('not-number'), severity: 'error', message: { zh: `${head}的目标是数值（${target.raw}），${c.label}“${actualRaw}”应为数值`, en: `Row ${c.row} "${c.name}": the target is a number (${target.raw}); the ${c.field} value "${actualRaw}" must be a number` }, location };
    case 'written-as-target':
      return {
        code: code('written-as-target'),
        severity: 'error',
        message: {
          zh: `${head}的${c.label}“${actualRaw}”写成了目标的样子（带“${reading.operator}”），应填写实际达到的数值，例如 ${target.number ?? ''}${target.unit ?? ''}；在改正前不计为达成`,
          en: `Row ${c.row} "${c.name}": the ${c.field} value "${actualRaw}" is written as a target (with "${reading.operator}"); enter the value actually reached. It does not count as met until corrected`,
        },
        location,
      };
    case 'unit-mismatch':
      return {
        code: code('unit-mismatch'),
        severity: 'error',
        message: {
          zh: `${head}的${c.label}“${actualRaw}”的单位“${reading.actualUnit}”无法换算为目标的单位“${reading.targetUnit}”（目标 ${target.raw}）；请按目标的单位填写，改正前不计为达成`,
          en: `Row ${c.row} "${c.name}": the unit "${reading.actualUnit}" of "${actualRaw}" does not convert to the target's unit "${reading.targetUnit}" (target ${target.raw}); enter it in the target's unit. It does not count as met until corrected`,
        },
        location,
      };
    case 'measured':
      if (!reading.fraction) return undefined;
      return {
        code: code('read-as-fraction'),
        severity: 'warning',
        message: {
          zh: `${head}的目标是百分比（${target.raw}），${c.label}“${actualRaw}”按小数读作 ${reading.value}%；请写成“${reading.value}%”`,
          en: `Row ${c.row} "${c.name}": the target is a percentage (${target.raw}); "${actualRaw}" was read as the fraction ${reading.value}%. Write it as "${reading.value}%"`,
        },
        location,
        fix: { field: c.field, from: actualRaw, to: `${reading.value}%`, description: { zh: '写成百分比', en: 'Write it as a percentage' } },
      };
    default:
      return undefined;
  }
}

/**
 * A measured value that meets a quantitative target, written as a measurement (`96%` for
 * `＞95%`, `28万元` for `≤28万元`), never as the target itself; null for a qualitative target.
 * For demos and tests that fill in a report as met.
 */
export function measuredValueMeeting(v: IndicatorValue): string | null {
  if (!v.quantitative || v.number === null || !v.operator) return null;
  const n = Number(v.number);
  const step = Number.isInteger(n) && n >= 1 ? 1 : n / 10;
  const reached = v.operator === '＞' ? n + step : v.operator === '＜' ? n - step : n;
  return `${Math.round(reached * 100) / 100}${v.unit ?? ''}`;
}
