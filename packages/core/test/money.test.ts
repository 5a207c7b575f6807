import { describe, expect, it } from 'vitest';
import { formatWan, formatYuan, parseExactDecimal, parseMoney, sumFen } from '../src/index.ts';

describe('money as integer 分', () => {
  it('602.44 + 31.2 + 13 equals 646.64 exactly', () => {
    const total = sumFen(['602.44', '31.2', '13'].map((s) => parseMoney(s)!.fen));
    expect(total).toBe(parseMoney('646.64')!.fen);
    expect(formatWan(total)).toBe('646.64');
    // The float sum is not exact; ours is.
    expect(602.44 + 31.2 + 13 === 646.64).toBe(false);
  });
  it('reads units and separators exactly', () => {
    expect(parseMoney('250万')).toEqual({ fen: 250_000_000, unit: '万元', unitExplicit: true });
    expect(parseMoney('8,827,620.53', '元')!.fen).toBe(882_762_053);
    expect(formatWan(parseMoney('8,827,620.53', '元')!.fen)).toBe('882.762053');
    expect(formatYuan(parseMoney('10606.7522')!.fen)).toBe('106067522');
    expect(parseMoney('１３')!.fen).toBe(13_000_000);
    expect(parseMoney('854万元')!.fen).toBe(854_000_000);
    expect(parseMoney('0')!.fen).toBe(0);
  });
  it('refuses what is not an amount or is finer than a 分', () => {
    expect(parseMoney('二十万')).toBeNull();
    expect(parseMoney('1.0000001')).toBeNull();
    expect(parseMoney('')).toBeNull();
    expect(parseMoney('12.3.4')).toBeNull();
  });
  it('exact decimals keep every digit', () => {
    expect(parseExactDecimal('0.1')).toEqual({ negative: false, digits: 1n, scale: 1 });
    expect(parseExactDecimal('abc')).toBeNull();
  });
});
