/**
 * The hand-computed scoring cases of docs/monitoring.md, read from the document itself: each
 * row's score, worked out by hand there, must be what the code computes (issue 20). A change to
 * a formula or a default that the document does not follow fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actualFinding, parseIndicatorValue, scoreActual, scoringParams, type DeepPartial, type ScoringParams } from '../src/index.ts';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/monitoring.md', import.meta.url)), 'utf8');
const block = doc.slice(doc.indexOf('<!-- scoring-cases:start -->'), doc.indexOf('<!-- scoring-cases:end -->'));
const rows = block
  .split('\n')
  .filter((l) => /^\|\s*\d+\s*\|/.test(l))
  .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
  .map(([n, target, actual, weight, params, score, how]) => ({ n: n!, target: target!, actual: actual!, weight: Number(weight), params: params!, score: score!, how: how! }));

/** `reverseFormula=ratio`, `farAbove.deduction=none` → a partial ScoringParams. */
function paramsOf(text: string): DeepPartial<ScoringParams> {
  const out: Record<string, unknown> = {};
  for (const part of text.split(/[,;]\s*/).filter(Boolean)) {
    const [path, value] = part.split('=') as [string, string];
    const keys = path.split('.');
    let o = out;
    keys.slice(0, -1).forEach((k) => (o = (o[k] ??= {}) as Record<string, unknown>));
    o[keys.at(-1)!] = /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return out as DeepPartial<ScoringParams>;
}

describe('docs/monitoring.md hand-computed cases', () => {
  it('has at least eight, both 反向 variants, a far-above case and a unit conversion', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.some((r) => r.params.includes('reverseFormula=ratio'))).toBe(true);
    expect(rows.some((r) => r.target.startsWith('≤') && !r.params)).toBe(true);
    expect(rows.some((r) => r.how.startsWith('far above'))).toBe(true);
    expect(rows.some((r) => /\d元$|亿元$/.test(r.actual) && r.target.endsWith('万元'))).toBe(true);
  });
  it.each(rows.map((r) => [r.n, r] as const))('case %s', (_n, r) => {
    const t = parseIndicatorValue(r.target);
    const got = scoreActual(t, r.actual, r.weight, scoringParams(paramsOf(r.params)));
    if (r.score === '—') {
      expect(got.score).toBeNull();
      const code = actualFinding(got.reading, t, r.actual, { prefix: 'selfeval', field: 'actual', label: '实际完成值', row: 1, indicatorId: 'x', name: 'x' })?.code;
      expect(r.how).toContain(code);
    } else {
      expect(got.score).not.toBeNull();
      expect((Math.round(got.score! * 100) / 100).toFixed(2)).toBe(r.score);
    }
  });
});
