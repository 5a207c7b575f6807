/** The indicator library and suggestions for a new project (issue 8). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIndicatorLibrary, cosine, importText, spreadOf, suggestIndicators, TfIdf, type ProjectTable } from '../src/index.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const seedTables = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;

describe('text similarity', () => {
  it('similar project names are closer than unrelated ones', () => {
    const tf = new TfIdf();
    const docs = ['高标准农田建设项目', '农田水利灌溉设施建设', '数字经济发展规划编制', '城市环境卫生降尘服务'];
    for (const d of docs) tf.add(d);
    const q = tf.vector('2027年高标准农田建设');
    const s = docs.map((d) => cosine(q, tf.vector(d)));
    expect(s[0]).toBeGreaterThan(s[1]!);
    expect(s[1]).toBeGreaterThan(s[2]!);
    expect(s[2]).toBe(0);
  });
});

describe('indicator library', () => {
  const library = buildIndicatorLibrary(seedTables);

  it('groups the approved indicators with their typical operator, unit and spread', () => {
    const e = library.entries.find((x) => x.name === '服务对象满意度' && x.level1 === '满意度指标')!;
    expect(e).toBeDefined();
    const sat = library.entries.find((x) => x.name === '服务对象满意度' && x.uses >= 2) ?? e;
    expect(sat.operator).toBe('≥');
    expect(spreadOf(sat)?.median).toBe(90);
    // Misplaced rows stay out: an entry only exists under a valid 一级/二级 pair.
    expect(library.entries.every((x) => x.level1 && x.level2)).toBe(true);
  });

  it('a new project named like one in the library gets that project\'s indicators', () => {
    const s = suggestIndicators(library, { name: '2027年遂溪县数字赋能实体经济发展规划编制（二期）', overview: '编制数字经济发展报告' });
    const names = s.map((x) => x.entry.name);
    // The seed's planning project used these: they must be offered.
    expect(names).toEqual(expect.arrayContaining(['发展规划编制完成率(%)', '项目规划编制完整性、合规性']));
    expect(s[0]!.similarity).toBeGreaterThan(0.2);
    expect(s.find((x) => x.entry.name === '发展规划编制完成率(%)')!.from).toContain('数字赋能');
  });

  it('suggestions follow the project: farmland gets farmland indicators, not planning ones', () => {
    const s = suggestIndicators(library, { name: '岳阳县2027年高标准农田建设项目', overview: '新建高标准农田，改善灌溉条件' });
    const names = s.map((x) => x.entry.name);
    expect(names).toEqual(expect.arrayContaining(['高标准农田亩均财政补助', '新增和改善灌溉达标面积']));
    expect(names).not.toContain('发展规划编制完成率(%)');
    expect(s.find((x) => x.entry.name === '高标准农田亩均财政补助')!.value).toBe('≤1600元/亩');
  });

  it('leaves out what the table already has', () => {
    const t = seedTables[2] as ProjectTable;
    const s = suggestIndicators(library, { name: t.projectName.raw, overview: t.overview.raw, existing: t.indicators.map((i) => i.name.raw) });
    expect(s.map((x) => x.entry.name)).not.toContain('发展规划编制完成率(%)');
  });
});
