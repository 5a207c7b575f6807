/** The value grammar: every operator synonym, full-width forms, units, placeholders (domain.md §2, §9). */
import { describe, expect, it } from 'vitest';
import { OPERATOR_SYNONYMS, formatIndicatorValue, parseIndicatorValue, parseOperatorColumn, standardiseOperator, unitFromName } from '../src/index.ts';

describe('operators and their synonyms', () => {
  const cases: Array<[string, string, string, string | null, boolean]> = [
    // raw, operator, number, unit, nonstandard?
    ['≥95%', '≥', '95', '%', false],
    ['＞95%', '＞', '95', '%', false],
    ['＝100%', '＝', '100', '%', false],
    ['＜5%', '＜', '5', '%', false],
    ['≤800元/人', '≤', '800', '元/人', false],
    ['》95%', '≥', '95', '%', true],
    ['≧95％', '≥', '95', '%', true],
    ['>=95', '≥', '95', null, true],
    ['＞＝90%', '≥', '90', '%', true],
    ['=>90%', '≥', '90', '%', true],
    ['<=3天', '≤', '3', '天', true],
    ['＜＝3天', '≤', '3', '天', true],
    ['≦3天', '≤', '3', '天', true],
    ['《3天', '≤', '3', '天', true],
    ['>90%', '＞', '90', '%', true],
    ['<10%', '＜', '10', '%', true],
    ['=100%', '＝', '100', '%', true],
    ['==100%', '＝', '100', '%', true],
    ['大于等于95%', '≥', '95', '%', true],
    ['大于或等于95%', '≥', '95', '%', true],
    ['小于等于5%', '≤', '5', '%', true],
    ['小于或等于5%', '≤', '5', '%', true],
    ['=<5%', '≤', '5', '%', true],
    ['不低于95%', '≥', '95', '%', true],
    ['不少于3家', '≥', '3', '家', true],
    ['不小于3家', '≥', '3', '家', true],
    ['至少3家', '≥', '3', '家', true],
    ['达到95%', '≥', '95', '%', true],
    ['不超过5万元', '≤', '5', '万元', true],
    ['不高于5%', '≤', '5', '%', true],
    ['不多于2次', '≤', '2', '次', true],
    ['不大于2次', '≤', '2', '次', true],
    ['控制在20万元', '≤', '20', '万元', true],
    ['大于90%', '＞', '90', '%', true],
    ['高于90%', '＞', '90', '%', true],
    ['超过90%', '＞', '90', '%', true],
    ['小于10%', '＜', '10', '%', true],
    ['低于10%', '＜', '10', '%', true],
    ['少于10次', '＜', '10', '次', true],
    ['等于100%', '＝', '100', '%', true],
    ['95%以上', '≥', '95', '%', true],
    ['95%及以上', '≥', '95', '%', true],
    ['3天以内', '≤', '3', '天', true],
    ['5%以下', '≤', '5', '%', true],
    ['5%及以下', '≤', '5', '%', true],
    ['≥100百分比', '≥', '100', '%', false],
    ['≥９５％', '≥', '95', '%', false],
    ['≥1,200人次', '≥', '1200', '人次', false],
    ['≥１，２００人次', '≥', '1200', '人次', false],
    ['≥0.50万元', '≥', '0.5', '万元', false],
  ];
  for (const [raw, op, num, unit, nonstd] of cases) {
    it(`${raw} → ${op}${num}${unit ?? ''}`, () => {
      const v = parseIndicatorValue(raw);
      expect(v.operator).toBe(op);
      expect(v.number).toBe(num);
      expect(v.unit).toBe(unit);
      expect(v.quantitative).toBe(true);
      expect(v.notes.includes('operator-nonstandard')).toBe(nonstd);
      expect(v.raw).toBe(raw);
    });
  }

  it('every synonym in the table is exercised above', () => {
    const tested = cases.map((c) => c[0]).join(' ');
    const missing = OPERATOR_SYNONYMS.filter((s) => !tested.includes(s.text) && !['⩾', '⩽', '≮', '≯'].includes(s.text)).map((s) => s.text);
    expect(missing).toEqual([]);
    for (const s of ['⩾', '⩽', '≮', '≯']) expect(parseIndicatorValue(`${s}5个`).operator).not.toBeNull();
  });

  it('a leading 2 that stood for ≥ on a percentage', () => {
    const v = parseIndicatorValue('292%');
    expect(v.operator).toBe('≥');
    expect(v.number).toBe('92');
    expect(v.notes).toContain('operator-digit-2');
    expect(standardiseOperator(v)).toBe('≥92%');
  });

  it('a bare number is ＝ with a note', () => {
    const v = parseIndicatorValue('10辆');
    expect(v.operator).toBe('＝');
    expect(v.notes).toEqual(['operator-missing']);
    expect(formatIndicatorValue(v)).toBe('10辆');
  });
});

describe('qualitative and special values', () => {
  it.each(['及时', '规划编制完整、合规', '应保尽保', '效果明显'])('%s is qualitative', (raw) => {
    const v = parseIndicatorValue(raw);
    expect(v.quantitative).toBe(false);
    expect(v.operator).toBeNull();
    expect(v.number).toBeNull();
  });
  it.each(['2023.07-2024.01', '12月31日前', '2026年6月底前'])('%s is a date or period, not a number', (raw) => {
    const v = parseIndicatorValue(raw);
    expect(v.quantitative).toBe(false);
    expect(v.notes).toContain('date-or-period');
  });
  it('a range is not one number', () => {
    expect(parseIndicatorValue('80-90%').notes).toContain('range');
  });
  it.each(['**', '**%', 'XX', 'xx个', '……', '...', '___', '-', '待定'])('%s is a placeholder', (raw) => {
    const v = parseIndicatorValue(raw);
    expect(v.notes).toContain('placeholder');
    expect(v.quantitative).toBe(false);
  });
  it('empty is empty', () => {
    expect(parseIndicatorValue('  ').empty).toBe(true);
  });
});

describe('units from the column or the name', () => {
  it('unit in the name: 支出率(%)', () => {
    expect(unitFromName('支出率(%)')).toBe('%');
    expect(unitFromName('培训人数（人次）')).toBe('人次');
    expect(unitFromName('为园区建设发展带来长期、持续的正面影响')).toBeUndefined();
    const v = parseIndicatorValue('≥95', { indicatorName: '支出率(%)' });
    expect(v.unit).toBe('%');
    expect(v.unitFrom).toBe('name');
  });
  it('split columns: operator, value, unit', () => {
    const v = parseIndicatorValue('100', { operatorColumn: '=', unitColumn: '%' });
    expect(v.operator).toBe('＝');
    expect(v.unit).toBe('%');
    expect(v.unitFrom).toBe('column');
    expect(v.notes).toContain('operator-nonstandard');
    const q = parseIndicatorValue('', { operatorColumn: '定性' });
    expect(q.empty).toBe(true);
  });
  it('operator column codes and words', () => {
    expect(parseOperatorColumn('≥')).toEqual({ op: '≥', qualitative: false, standard: true });
    expect(parseOperatorColumn('1')?.op).toBe('≥');
    expect(parseOperatorColumn('5')?.op).toBe('≤');
    expect(parseOperatorColumn('定性')?.qualitative).toBe(true);
    expect(parseOperatorColumn('大于等于')?.op).toBe('≥');
  });
  it('百分比 and ％ normalise to %', () => {
    expect(parseIndicatorValue('≥100百分比').unit).toBe('%');
    expect(parseIndicatorValue('≥100％').unit).toBe('%');
  });
});
