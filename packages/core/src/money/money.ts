/**
 * Money is kept as an integer number of 分 (fen, 1/100 元). The tables speak in 万元, so
 * 1 万元 = 1,000,000 分. Integers add exactly (602.44 + 31.2 + 13 = 646.64 万元, always), and a
 * safe JavaScript integer holds 9×10^15 分 — far more than any county budget.
 * Parsing goes through decimal strings, never through binary floats.
 */

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000;

export type MoneyUnit = '万元' | '元';

/** Normalises full-width digits, signs and separators to ASCII. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

export interface ExactDecimal {
  negative: boolean;
  /** All digits without the point, as a bigint. */
  digits: bigint;
  /** Number of digits after the point. */
  scale: number;
}

const DECIMAL_RE = /^([+-])?(\d+(?:,\d{3})*|\d*)(?:\.(\d+))?$/;

/** Parses "1,234.50", "-3", ".5" exactly. Returns null when the text is not a plain decimal. */
export function parseExactDecimal(text: string): ExactDecimal | null {
  const t = toHalfWidth(text).trim();
  const m = DECIMAL_RE.exec(t);
  if (!m) return null;
  const intPart = (m[2] ?? '').replace(/,/g, '');
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return null;
  return {
    negative: m[1] === '-',
    digits: BigInt((intPart || '0') + frac),
    scale: frac.length,
  };
}

/** Canonical decimal string: no thousands separators, no trailing zeros after the point. */
export function formatExactDecimal(d: ExactDecimal): string {
  let s = d.digits.toString();
  if (d.scale > 0) {
    s = s.padStart(d.scale + 1, '0');
    s = `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
    s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  if (d.negative && d.digits !== 0n) s = `-${s}`;
  return s;
}

/** Scales a decimal to an integer count of 1/10^scale units; null if it would lose digits. */
function toScaledInteger(d: ExactDecimal, scale: number): bigint | null {
  if (d.scale <= scale) {
    const v = d.digits * 10n ** BigInt(scale - d.scale);
    return d.negative ? -v : v;
  }
  const drop = 10n ** BigInt(d.scale - scale);
  if (d.digits % drop !== 0n) return null;
  const v = d.digits / drop;
  return d.negative ? -v : v;
}

export interface ParsedMoney {
  /** Integer 分. */
  fen: number;
  /** The unit the amount was written in (explicit in the text, or the default). */
  unit: MoneyUnit;
  /** True when the text named its unit. */
  unitExplicit: boolean;
}

const MONEY_RE = /^([+-]?[\d,]*\.?\d+)\s*(万元|万|元)?$/;

/**
 * Parses an amount such as "602.44", "250万", "8,827,620.53", "854万元", "１３". `defaultUnit`
 * applies when the text has none (the table header usually says 万元). Returns null when the
 * text is not an amount or has more precision than a 分.
 */
export function parseMoney(raw: string, defaultUnit: MoneyUnit = '万元'): ParsedMoney | null {
  const t = toHalfWidth(raw).replace(/\s+/g, '').replace(/[（(]?(万元|元)[)）]?$/, '$1');
  const m = MONEY_RE.exec(t);
  if (!m) return null;
  const dec = parseExactDecimal(m[1]!);
  if (!dec) return null;
  const unitText = m[2];
  const unit: MoneyUnit = unitText === undefined ? defaultUnit : unitText === '元' ? '元' : '万元';
  const scaled = toScaledInteger(dec, unit === '万元' ? 6 : 2);
  if (scaled === null) return null;
  if (scaled > BigInt(Number.MAX_SAFE_INTEGER) || scaled < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { fen: Number(scaled), unit, unitExplicit: unitText !== undefined };
}

/** Formats 分 as 万元 with no trailing zeros: 64664000 → "646.64". */
export function formatWan(fen: number): string {
  return formatScaled(fen, 6);
}

/** Formats 分 as 元 with no trailing zeros. */
export function formatYuan(fen: number): string {
  return formatScaled(fen, 2);
}

function formatScaled(fen: number, scale: number): string {
  const negative = fen < 0;
  return formatExactDecimal({ negative, digits: BigInt(Math.abs(fen)), scale });
}

/** Sums amounts exactly; null entries are skipped. */
export function sumFen(values: Array<number | null | undefined>): number {
  let total = 0;
  for (const v of values) if (typeof v === 'number') total += v;
  return total;
}
