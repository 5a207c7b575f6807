/**
 * The fidelity measure (issue 23): its pairing rules on a real sample read by the real importer
 * and checker, and the floors — the totals over the corpus and the samples may not fall below
 * fidelity-floors.json (raise them as the importer and the rules improve:
 * `npm run bench:fidelity -- --write-floors`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveRuleSet } from '@jixiao/core';
import { loadRuleSetOption } from '../src/rule-set-option.ts';
import { scoreFile, nameSimilarity } from '../src/fidelity/compare.ts';
import { ExpectationError, parseExpectation } from '../src/fidelity/expectation.ts';
import { checkOne, runFidelity } from '../src/fidelity/run-fidelity.ts';
import { ratiosOf, summarise, type Ratios } from '../src/fidelity/fidelity-report.ts';
import { ROOT } from './run-jixiao.ts';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/samples/030_yueyangxian_gaobiaozhunnongtian_2022_project.txt', import.meta.url));
const EXPECT = SAMPLE.replace(/\.txt$/, '.expect.json');
type Floors = { files: string[] } & Record<'all' | 'dev' | 'holdout', Partial<Record<keyof Ratios, number | null>>> & { holdout2?: Partial<Record<keyof Ratios, number | null>> };
const FLOORS = JSON.parse(readFileSync(new URL('./fidelity-floors.json', import.meta.url), 'utf8')) as Record<string, Floors>;

const expectation = () => parseExpectation(readFileSync(EXPECT, 'utf8'), 'x.expect.json');

describe('fidelity scoring', () => {
  it('counts a row right only with its 一级, 二级 and value text; whitespace and full width do not matter', async () => {
    const rs = await loadRuleSetOption(undefined);
    const got = await checkOne(SAMPLE, rs);
    const exp = expectation();
    expect(scoreFile('a', exp, got).rows).toMatchObject({ expected: 12, paired: 12, right: 12 });
    const t = exp.tables[0]!;
    t.indicators[0]!.value = '≥ 100 公里'; // same text, spaced
    t.indicators[1]!.value = '≥２０座'; // full-width digits
    expect(scoreFile('a', exp, got).rows.right).toBe(12);
    t.indicators[0]!.value = '>=100公里'; // another spelling is not the text as written
    t.indicators[2]!.level2 = '时效指标';
    t.indicators[3]!.level1 = '效益指标';
    t.indicators[4]!.name = '完全不同的指标名称';
    const s = scoreFile('a', exp, got);
    expect(s.rows).toMatchObject({ expected: 12, paired: 11, value: 10, level2: 10, level1: 10, right: 8 });
    expect(s.tables[0]!.misses.map((m) => m.index)).toEqual([0, 2, 3, 4]);
  });

  it('an error matches a marked defect by code, and by row where the defect names one', async () => {
    // A rule set that makes a missing operator an error: this 2022 Hunan table then has errors on indicator rows.
    const rs = resolveRuleSet({ name: 'strict', title: { zh: '严', en: 'strict' }, extends: 'national-2021', rules: { 'value.operator-missing': { severity: 'error' } } });
    const got = await checkOne(SAMPLE, rs);
    const errors = got.tables[0]!.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const exp = expectation();
    const base = scoreFile('a', exp, got);
    expect(base.errors).toMatchObject({ reported: errors.length, matching: 0 });
    // Mark the first reported error's code as a defect of the table: that error now matches.
    const first = errors[0]!;
    exp.tables[0]!.defects.push({ code: first.code, severity: 'error', indicator: null, field: null });
    const marked = scoreFile('a', exp, got);
    expect(marked.errors.matching).toBeGreaterThanOrEqual(1);
    expect(marked.defects).toMatchObject({ marked: 1, caught: 1, missed: [] });
    // A defect on an indicator row is caught only by a finding on that row.
    const firstRow = first.location.row! - 1;
    exp.tables[0]!.defects = [{ code: first.code, severity: 'error', indicator: firstRow, field: null }];
    expect(scoreFile('a', exp, got).defects.caught).toBe(1);
    exp.tables[0]!.defects = [{ code: first.code, severity: 'error', indicator: firstRow === 0 ? 1 : 0, field: null }];
    const wrongRow = scoreFile('a', exp, got);
    expect(wrongRow.errors.matching).toBe(0);
    expect(wrongRow.defects.missed).toHaveLength(1);
  });

  it('pairs names cut or spaced differently, not different indicators', () => {
    expect(nameSimilarity('受益脱贫(监测)人口数', '受益脱贫（监测）人口数')).toBe(1);
    expect(nameSimilarity('新增和改善灌溉达标面积', '新增和改善灌溉 达标面积(亩)')).toBeGreaterThan(0);
    expect(nameSimilarity('新增和改善灌溉达标面积', '新增和改善排水达标面积')).toBeLessThan(nameSimilarity('新增和改善灌溉达标面积', '新增和改善灌溉达标面积'));
    expect(nameSimilarity('群众满意度', '工程设计使用年限')).toBe(0);
  });

  it('a broken expectation says where it is wrong', () => {
    const bad = JSON.stringify({ split: 'dev', tables: [{ kind: 'project', indicators: [{ name: 'x', value: '1' }], defects: [{ code: 'a', severity: 'error', indicator: 3 }] }] });
    expect(() => parseExpectation(bad, 'f.expect.json')).toThrow(ExpectationError);
    expect(() => parseExpectation(bad, 'f.expect.json')).toThrow(/tables\[0\]\.defects\[0\]\.indicator/);
    expect(() => parseExpectation('{"split":"train","tables":[]}', 'f')).toThrow(/split/);
    expect(parseExpectation('{"source":"http://x","split":"holdout2","tables":[]}', 'f').split).toBe('holdout2');
  });
});

describe('fidelity floors', () => {
  for (const [dir, floors] of Object.entries(FLOORS)) {
    it(`${dir}: the totals stay at or above the recorded floors`, async () => {
      const run = await runFidelity([`${ROOT}${dir}`], await loadRuleSetOption(undefined), new Set(floors.files));
      expect(run.problems).toEqual([]);
      expect(run.files.map((f) => f.file).sort()).toEqual([...floors.files].sort());
      const s = summarise(run.files);
      for (const split of ['all', 'dev', 'holdout', 'holdout2'] as const) {
        const r = ratiosOf(s[split]);
        for (const [k, floor] of Object.entries(floors[split] ?? {})) {
          // No errors reported at all: every reported error (none) is a marked defect.
          const v = k === 'errorPrecision' && r.errorPrecision === null && s[split].files > 0 ? 1 : r[k as keyof Ratios];
          if (floor === null || floor === undefined) continue;
          expect(v, `${dir} ${split} ${k}`).not.toBeNull();
          expect(v!, `${dir} ${split} ${k}`).toBeGreaterThanOrEqual(floor);
        }
      }
    });
  }
});
