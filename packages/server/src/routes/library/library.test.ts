/**
 * The indicator library on the server: built from the region's approved tables plus the
 * starter set, rebuilt when an approval changes it, suggestions for a new project named like
 * one in the library, sources hidden where they are not the actor's to see, and the region's
 * library behind the proposals of goal.target-uncovered at save.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, errorCode, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';

const ROAD_INDICATORS = [
  ['产出指标', '数量指标', '农村公路养护里程', '≥120公里'],
  ['产出指标', '质量指标', '公路优良路率', '≥85%'],
  ['效益指标', '社会效益指标', '群众出行条件改善', '明显改善'],
] as const;

describe.each(BACKENDS)('indicator library (%s)', (backend) => {
  let s: TestServer;
  let road: string;
  let draft: string;
  beforeAll(async () => {
    s = await startTestServer(backend);
    const { clean } = seedTables();
    const base = clean.find((t) => t.kind === 'project')! as any;
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const doc = structuredClone(base);
    doc.projectName = { raw: '遂溪县农村公路养护工程' };
    doc.overview = { raw: '对全县农村公路开展日常养护和路面修复' };
    for (const [l1, l2, name, value] of ROAD_INDICATORS) {
      doc.indicators.push({ id: `r${doc.indicators.length}`, level1: { raw: l1 }, level2: { raw: l2 }, name: { raw: name }, value: { raw: value }, periodValue: { raw: value } });
    }
    const r = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    road = r.body.table.id;
    // A draft whose indicators must never reach the library.
    const d = structuredClone(base);
    d.projectName = { raw: '未审项目：河道清淤' };
    d.indicators.push({ id: 'x9', level1: { raw: '产出指标' }, level2: { raw: '数量指标' }, name: { raw: '河道清淤长度（草稿专有）' }, value: { raw: '≥5公里' } });
    draft = (await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: d })).body.table.id;
    expect(draft).toBeDefined();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const ask = (c: Client, q: Record<string, string>) => c.get(`/api/library/suggestions?${new URLSearchParams(q).toString()}`);
  const NEW_PROJECT = { name: '2027年农村公路养护工程（二期）', overview: '农村公路日常养护' };

  it('a project named like an approved one gets that project’s indicators — once the approval is in', async () => {
    const filer2 = await loggedIn(s.url, s.world.logins.filer2);
    const names = async () => (await ask(filer2, NEW_PROJECT)).body.suggestions.map((x: any) => x.name);
    // Not approved yet: nothing of it in the library (only the starter set).
    expect(await names()).not.toContain('农村公路养护里程');
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const dr = await loggedIn(s.url, s.world.logins.deptReviewer);
    const fin = await loggedIn(s.url, s.world.logins.finance);
    expect((await filer.post(`/api/tables/${road}/submit`)).status).toBe(200);
    expect((await dr.post(`/api/tables/${road}/approve`)).status).toBe(200);
    expect(await names()).not.toContain('农村公路养护里程'); // a department's approval is not enough
    expect((await fin.post(`/api/tables/${road}/approve`)).status).toBe(200);
    const r = await ask(filer2, NEW_PROJECT);
    expect(r.status).toBe(200);
    const got = r.body.suggestions;
    expect(got.map((x: any) => x.name)).toEqual(expect.arrayContaining(ROAD_INDICATORS.map((i) => i[2])));
    const km = got.find((x: any) => x.name === '农村公路养护里程');
    expect(km).toMatchObject({ level1: '产出指标', level2: '数量指标', operator: '≥', unit: '公里', value: '≥120公里', spread: { min: 120, median: 120, max: 120 }, uses: 1 });
    expect(km.similarity).toBeGreaterThan(0.3);
    // 145001 may not read 144001's unpublished table: the source project is not named.
    expect(km.from).toBe('');
    expect(r.body.library.tables).toBe(1);
    // The finance bureau may: it sees where the indicator came from.
    const asFinance = (await ask(fin, NEW_PROJECT)).body.suggestions.find((x: any) => x.name === '农村公路养护里程');
    expect(asFinance.from).toBe('遂溪县农村公路养护工程');
    // Published, anyone may.
    expect((await fin.post(`/api/tables/${road}/publish`)).status).toBe(200);
    expect((await ask(filer2, NEW_PROJECT)).body.suggestions.find((x: any) => x.name === '农村公路养护里程').from).toBe('遂溪县农村公路养护工程');
  });

  it('drafts never feed the library; what the table has is not suggested again', async () => {
    const filer2 = await loggedIn(s.url, s.world.logins.filer2);
    const all = (await filer2.get('/api/library?limit=500')).body;
    expect(all.items.map((x: any) => x.name)).not.toContain('河道清淤长度（草稿专有）');
    expect(all.items.map((x: any) => x.name)).toContain('高标准农田亩均财政补助'); // the starter set
    const r = await ask(filer2, { ...NEW_PROJECT, existing: '农村公路养护里程\n公路优良路率' });
    const names = r.body.suggestions.map((x: any) => x.name);
    expect(names).not.toContain('农村公路养护里程');
    expect(names).toContain('群众出行条件改善');
    const search = (await filer2.get(`/api/library?q=${encodeURIComponent('公路')}`)).body;
    expect(search.items.map((x: any) => x.name).sort()).toEqual(['公路优良路率', '农村公路养护里程']);
  });

  it('the goal’s aims get the library entry that measures them, and saves propose it', async () => {
    const filer2 = await loggedIn(s.url, s.world.logins.filer2);
    const r = await ask(filer2, { ...NEW_PROJECT, goal: '全年农村公路养护里程完成150公里。' });
    expect(r.body.aimEntries.map((x: any) => x.name)).toEqual(['农村公路养护里程']);
    const doc = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    doc.projectName = { raw: '农村公路养护（镇级）' };
    doc.annualGoal = { raw: '全年农村公路养护里程完成150公里。' };
    const created = await filer2.post('/api/tables', { orgId: s.world.orgs.unit2.id, document: doc });
    expect(created.status).toBe(201);
    const f = created.body.findings.find((x: any) => x.code === 'goal.target-uncovered');
    expect(f.fix.indicator).toEqual({ level1: '产出指标', level2: '数量指标', name: '农村公路养护里程', value: '≥150公里' });
  });

  it('needs a session', async () => {
    const r = await new Client(s.url).get('/api/library/suggestions?name=x');
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('unauthenticated');
  });
});
