/**
 * The corpus of real published tables (fixtures/corpus, issue 23): every collected page has an
 * expectation written by hand before any importer ran on it. The fidelity report scores the
 * importer and checker against these files, so a malformed expectation would silently score
 * wrong. This test holds the files to the shared format (fixtures/corpus/README.md): each
 * expectation parses, names its source (the same address as the page's header), and every
 * table, indicator row and marked defect has fields of the right type; defect codes are real
 * rule codes or an explicit `other:` slug.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleByCode } from '../src/index.ts';

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));
const files = readdirSync(CORPUS);
const pages = files.filter((f) => f.endsWith('.txt')).sort();
const expectations = files.filter((f) => f.endsWith('.expect.json')).sort();

const FILE_NAME = /^(\d{3})_[a-z0-9-]+_[a-z0-9-]+_(\d{4})_(project|dept|selfeval-project|selfeval-dept|monitoring|mixed)\.txt$/;
const TABLE_KINDS = ['project', 'dept', 'selfeval-project', 'selfeval-dept', 'monitoring'];
const SHAPES = [
  'spaces', 'glued', 'pipes', 'one-cell-per-line', 'one-line', 'traditional', 'pinyin-injected', 'side-by-side',
  'nested', 'no-levels', 'prose', 'csv', 'fragment-before-title', 'split-label', 'interleaved',
];
const LEVEL1 = ['产出指标', '效益指标', '满意度指标', '成本指标'];
const OTHER = /^other:[a-z0-9][a-z0-9-]*$/;
/** Finding families reported outside the rule registry (importer, self-evaluation and monitoring scoring). */
// The scoring module's monitoring findings are named monitor.* (scoring/monitoring.ts), not monitoring.*.
const FINDING_FAMILY = /^(import|selfeval|monitor)\.[a-z0-9-]+$/;
const OTHER_SHAPE = /^other:\S/;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: Json): boolean => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
const optionalString = (v: Json): boolean => v === undefined || typeof v === 'string';

/** Every way one expectation file breaks the format, as readable sentences (empty when it is well formed). */
function problems(name: string, raw: string, page: string | undefined): string[] {
  const out: string[] = [];
  let doc: Json;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  if (!isObject(doc)) return ['not an object'];
  const m = FILE_NAME.exec(name.replace(/\.expect\.json$/, '.txt'));
  if (!m) out.push('file name does not follow NNN_<province>_<place>_<year>_<kind>');
  if (typeof doc.source !== 'string' || !/^https?:\/\//.test(doc.source)) out.push('source is not an address');
  if (page === undefined) out.push('no page (.txt) beside it');
  else {
    const header = /^# source: (.+)$/m.exec(page);
    if (header?.[1]?.trim() !== doc.source) out.push('source differs from the page header');
    if (!/^# collected: .+$/m.test(page)) out.push('page has no "# collected:" line');
  }
  if (typeof doc.province !== 'string' || doc.province === '') out.push('province missing');
  if (typeof doc.place !== 'string' || doc.place === '') out.push('place missing');
  if (typeof doc.year !== 'number' || !Number.isInteger(doc.year) || doc.year < 2010 || doc.year > 2030) out.push('year is not a year');
  if (m && doc.year !== Number(m[2])) out.push('year differs from the file name');
  if (doc.split !== 'dev' && doc.split !== 'holdout' && doc.split !== 'holdout2') out.push('split is none of dev, holdout, holdout2');
  if (!Array.isArray(doc.shapes) || doc.shapes.length === 0) out.push('shapes missing');
  else for (const s of doc.shapes) if (typeof s !== 'string' || !(SHAPES.includes(s) || OTHER_SHAPE.test(s))) out.push(`unknown shape ${String(s)}`);
  if (!Array.isArray(doc.tables)) return [...out, 'tables is not a list'];
  doc.tables.forEach((t: Json, ti) => {
    const at = `table ${ti}`;
    if (!isObject(t)) return void out.push(`${at} is not an object`);
    if (typeof t.kind !== 'string' || !TABLE_KINDS.includes(t.kind)) out.push(`${at}: kind ${String(t.kind)}`);
    if (m && m[3] !== 'mixed' && t.kind !== m[3]) out.push(`${at}: kind ${String(t.kind)} in a file named ${m[3]}`);
    if (t.title !== null && typeof t.title !== 'string') out.push(`${at}: title`);
    if (!isStringMap(t.header)) out.push(`${at}: header is not label → text`);
    if (!isStringMap(t.amounts)) out.push(`${at}: amounts is not label → text`);
    if (t.amountUnit !== null && t.amountUnit !== '万元' && t.amountUnit !== '元') out.push(`${at}: amountUnit`);
    const inds = Array.isArray(t.indicators) ? t.indicators : [];
    if (!Array.isArray(t.indicators)) out.push(`${at}: indicators is not a list`);
    inds.forEach((i: Json, ii) => {
      const where = `${at} indicator ${ii}`;
      if (!isObject(i)) return void out.push(`${where} is not an object`);
      if (i.level1 !== null && !LEVEL1.includes(i.level1 as string)) out.push(`${where}: level1 ${String(i.level1)}`);
      if (i.level2 !== null && typeof i.level2 !== 'string') out.push(`${where}: level2`);
      if (typeof i.name !== 'string') out.push(`${where}: name`);
      if (typeof i.value !== 'string') out.push(`${where}: value`);
      if (!optionalString(i.actual) || !optionalString(i.weight) || !optionalString(i.score)) out.push(`${where}: actual/weight/score`);
    });
    if (!Array.isArray(t.defects)) out.push(`${at}: defects is not a list`);
    else
      t.defects.forEach((d: Json, di) => {
        const where = `${at} defect ${di}`;
        if (!isObject(d)) return void out.push(`${where} is not an object`);
        const code = d.code;
        if (typeof code !== 'string' || !(ruleByCode(code) || OTHER.test(code) || FINDING_FAMILY.test(code)))
          out.push(`${where}: code ${String(code)} is neither a rule code nor other:<slug>`);
        if (d.severity !== 'error' && d.severity !== 'warning') out.push(`${where}: severity`);
        if (d.indicator !== null && !(Number.isInteger(d.indicator) && (d.indicator as number) >= 0 && (d.indicator as number) < inds.length))
          out.push(`${where}: indicator ${String(d.indicator)} is not a row of this table`);
        if (d.field !== null && typeof d.field !== 'string') out.push(`${where}: field`);
        if (typeof d.note !== 'string' || d.note === '') out.push(`${where}: note`);
      });
    if (t.notDefects !== undefined && !(Array.isArray(t.notDefects) && t.notDefects.every((x) => typeof x === 'string')))
      out.push(`${at}: notDefects`);
  });
  return out;
}

describe('corpus expectations (fixtures/corpus)', () => {
  it('holds pages, each with its expectation and no expectation without its page', () => {
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.map((p) => p.replace(/\.txt$/, '.expect.json'))).toEqual(expectations);
  });

  it('numbers each page once', () => {
    const numbers = pages.map((p) => p.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it.each(expectations)('%s follows the format', (name) => {
    const page = files.includes(name.replace(/\.expect\.json$/, '.txt'))
      ? readFileSync(CORPUS + name.replace(/\.expect\.json$/, '.txt'), 'utf8')
      : undefined;
    expect(problems(name, readFileSync(CORPUS + name, 'utf8'), page)).toEqual([]);
  });

  it('the format check itself rejects broken expectations', () => {
    const page = '# source: http://example.org/a\n# collected: x\n';
    const good = {
      source: 'http://example.org/a', province: '湖南', place: '某县', year: 2019, split: 'dev', shapes: ['spaces'],
      tables: [{ kind: 'project', title: null, header: {}, amounts: {}, amountUnit: null,
        indicators: [{ level1: '产出指标', level2: '数量指标', name: 'a', value: '1个' }],
        defects: [{ code: 'value.vague', severity: 'warning', indicator: 0, field: null, note: 'x' }] }],
    };
    const name = '999_hunan_mouxian_2019_project.expect.json';
    expect(problems(name, JSON.stringify(good), page)).toEqual([]);
    const bad = structuredClone(good);
    bad.tables[0]!.defects[0]!.indicator = 3;
    bad.tables[0]!.defects[0]!.code = 'value.no-such-rule';
    bad.tables[0]!.indicators[0]!.level1 = '产出';
    expect(problems(name, JSON.stringify(bad), page)).toHaveLength(3);
    expect(problems(name, '{', page)[0]).toMatch(/^not JSON/);
    // the finding codes the self-evaluation and monitoring scoring really emit are accepted; a made-up family is not
    const scored = structuredClone(good);
    scored.tables[0]!.defects[0]!.code = 'monitor.cause-missing';
    expect(problems(name, JSON.stringify(scored), page)).toEqual([]);
    scored.tables[0]!.defects[0]!.code = 'selfeval.score-out-of-band';
    expect(problems(name, JSON.stringify(scored), page)).toEqual([]);
    scored.tables[0]!.defects[0]!.code = 'monitoring.cause-missing';
    expect(problems(name, JSON.stringify(scored), page)).toHaveLength(1);
    expect(problems(name, JSON.stringify(good), '# source: http://other\n')).toContain('source differs from the page header');
    // a second held-out set is its own split; an unknown split is not
    expect(problems(name, JSON.stringify({ ...good, split: 'holdout2' }), page)).toEqual([]);
    expect(problems(name, JSON.stringify({ ...good, split: 'train' }), page)).toEqual(['split is none of dev, holdout, holdout2']);
  });
});
