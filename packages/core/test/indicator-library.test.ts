/** The indicator library and suggestions for a new project (issue 8). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyFix,
  buildIndicatorLibrary,
  checkTable,
  cosine,
  FRAMEWORK_2021,
  importText,
  matchLevel1,
  matchLevel2,
  parseIndicatorValue,
  spreadOf,
  STARTER_ENTRIES,
  starterLibrary,
  suggestIndicators,
  TfIdf,
  type DeptOverallTable,
  type ProjectTable,
} from '../src/index.ts';

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

describe('the starter set', () => {
  const fixture = (f: string) => fileURLToPath(new URL(`../../../fixtures/${f}`, import.meta.url));
  const imported = new Map<string, Array<{ name: string; value: string }>>();
  for (const f of new Set(STARTER_ENTRIES.map((e) => e.source.file))) {
    imported.set(f, importText(readFileSync(fixture(f), 'utf8'), f).tables.flatMap((t) => t.indicators.map((i) => ({ name: i.name.raw.replace(/\s+/g, ''), value: i.value.raw.trim() }))));
  }

  it('every entry is an indicator of the seed or a sample, as filed there', () => {
    expect(imported.size).toBe(7);
    for (const e of STARTER_ENTRIES) {
      const found = imported.get(e.source.file)!.find((i) => i.name === e.source.name.replace(/\s+/g, '') && i.value === e.source.value);
      expect(found, `${e.name} ← ${e.source.file}: ${e.source.name} ${e.source.value}`).toBeDefined();
    }
  });

  it('is cleaned: a current 一级/二级, standard signs, a unit on every quantitative value, no unit in a name', () => {
    for (const e of STARTER_ENTRIES) {
      const l1 = matchLevel1(e.level1);
      const l2 = matchLevel2(e.level2, e.level1);
      expect(l1 && !l1.legacy && l1.name === e.level1, e.name).toBe(true);
      expect(FRAMEWORK_2021.find((n) => n.name === e.level1)!.children.some((c) => c.name === l2?.name), e.name).toBe(true);
      expect(e.value).not.toMatch(/》|>=|<=|^\d/);
      expect(e.name).not.toMatch(/[（(](%|人|个|篇|万亩|公顷|次)[)）]$/);
      const v = parseIndicatorValue(e.value, { indicatorName: e.name });
      if (v.quantitative) {
        expect(v.operator, e.name).not.toBeNull();
        expect(v.unit, e.name).not.toBeNull();
      }
    }
    // Nothing to offer twice.
    expect(new Set(STARTER_ENTRIES.map((e) => e.name)).size).toBe(STARTER_ENTRIES.length);
  });

  it('each library entry has its 一级/二级, typical operator, unit and spread', () => {
    const lib = starterLibrary();
    const e = lib.entries.find((x) => x.name === '高标准农田亩均财政补助')!;
    expect(e).toMatchObject({ level1: '成本指标', level2: '经济成本指标', operator: '≤', unit: '元/亩' });
    expect(spreadOf(e)).toEqual({ min: 1600, median: 1600, max: 1600 });
  });
});

describe('goal.target-uncovered proposes an indicator from the library, applied in one click', () => {
  const project = () => {
    const t = structuredClone(seedTables[1]) as ProjectTable;
    t.annualGoal = { raw: '灌溉达标面积新增600亩，群众满意。' };
    return t;
  };

  it('the starter set measures an irrigation aim with its irrigation indicator and the aim’s number', () => {
    const f = checkTable(project()).find((x) => x.code === 'goal.target-uncovered')!;
    expect(f.fix?.indicator).toEqual({ level1: '效益指标', level2: '生态效益指标', name: '新增和改善灌溉达标面积', value: '≥600亩' });
    const fixed = applyFix(project(), f);
    const row = fixed.indicators.find((i) => i.name.raw === '新增和改善灌溉达标面积')!;
    expect(row.value).toMatchObject({ operator: '≥', number: '600', unit: '亩' });
    // Placed with its category, and the aim is now measured.
    const at = fixed.indicators.indexOf(row);
    expect(fixed.indicators[at - 1]!.level1.name === '效益指标' || fixed.indicators[at + 1]?.level1.name === '效益指标').toBe(true);
    expect(checkTable(fixed).some((x) => x.code === 'goal.target-uncovered')).toBe(false);
    // Twice is refused: the row exists.
    expect(() => applyFix(fixed, f)).toThrow(/已有指标/);
  });

  it('a region’s library (approved tables) proposes its own indicator', () => {
    const dept = structuredClone(seedTables[0]) as DeptOverallTable;
    const approved = structuredClone(seedTables[0]) as DeptOverallTable;
    approved.indicators.push({ ...approved.indicators[0]!, id: 'x1', level1: { raw: '效益指标', name: '效益指标' }, level2: { raw: '经济效益指标', name: '经济效益指标' }, name: { raw: '规上工业增加值增长率' }, value: parseIndicatorValue('≥5%') });
    const library = buildIndicatorLibrary([approved]);
    const f = checkTable(dept, { library }).find((x) => x.code === 'goal.target-uncovered' && x.message.zh.includes('规上工业增加值'))!;
    expect(f.fix?.indicator).toEqual({ level1: '效益指标', level2: '经济效益指标', name: '规上工业增加值增长率', value: '≥3%' });
    // Without that library the rule still proposes one, built from the aim.
    const g = checkTable(dept).find((x) => x.code === 'goal.target-uncovered' && x.message.zh.includes('规上工业增加值'))!;
    expect(g.fix?.indicator?.name).toBe('规上工业增加值增长率(%)');
  });
});
