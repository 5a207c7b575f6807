/**
 * Every dashboard figure equals a direct count over the same tables: the tables are counted
 * again here from the raw rows (SQL over target_tables and the current revisions' findings and
 * documents, tallied in JS), and each figure's drill-down list (GET /api/tables with the
 * figure's filters) has exactly that many tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, createTestDatabase, errorCode, loggedIn, seedTables, startTestServer, type TestDatabase, type TestServer } from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import { DEMO_PASSWORD_DEFAULT, ensureDemo } from '../../demo/demo.ts';

interface Raw {
  id: string;
  dept_id: string;
  org_id: string;
  kind: string;
  stage: string;
  status: string;
  error_count: number;
  current_amount_fen: string | number | null;
  findings: Array<{ code: string }>;
  document: { projectType?: { name?: string; raw?: string } };
}

describe.each(BACKENDS)('dashboards (%s)', (backend) => {
  let s: TestServer;
  let raw: Raw[];
  beforeAll(async () => {
    s = await startTestServer(backend);
    const { clean, raw: withErrors } = seedTables();
    const project = clean.find((t) => t.kind === 'project')!;
    const dept = clean.find((t) => t.kind === 'dept-overall')!;
    const broken = withErrors.find((t) => t.kind === 'project')!;
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const filer2 = await loggedIn(s.url, s.world.logins.filer2);
    const deptFiler = await loggedIn(s.url, s.world.logins.deptFiler);
    const dr = await loggedIn(s.url, s.world.logins.deptReviewer);
    const dr2 = await loggedIn(s.url, s.world.logins.deptReviewer2);
    const fin = await loggedIn(s.url, s.world.logins.finance);
    const named = (doc: object, name: string, type?: string) => {
      const d = structuredClone(doc) as any;
      d.projectName = { raw: name };
      if (type !== undefined) d.projectType = { raw: type, name: type.replace(/^\d+-/, ''), ...(/^\d+/.test(type) ? { code: type.split('-')[0] } : {}) };
      return d;
    };
    const create = async (c: Client, orgId: string, doc: object, stage = 'first') => {
      const r = await c.post('/api/tables', { orgId, stage, document: doc });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.table.id as string;
    };
    const step = async (c: Client, id: string, action: string) => expect((await c.post(`/api/tables/${id}/${action}`, action === 'return' ? { comment: '请完善' } : {})).status).toBe(200);
    const unit = s.world.orgs.unit.id;
    const unit2 = s.world.orgs.unit2.id;
    // 144001: published, finance-approved, dept-approved, submitted, returned, draft with errors.
    const a = await create(filer, unit, named(project, '甲项目'));
    for (const [c, act] of [[filer, 'submit'], [dr, 'approve'], [fin, 'approve'], [fin, 'publish']] as const) await step(c, a, act);
    const b = await create(filer, unit, named(project, '乙项目', '21-公用经费'));
    for (const [c, act] of [[filer, 'submit'], [dr, 'approve'], [fin, 'approve']] as const) await step(c, b, act);
    const c1 = await create(filer, unit, named(project, '丙项目'));
    for (const [c, act] of [[filer, 'submit'], [dr, 'approve']] as const) await step(c, c1, act);
    await step(filer, await create(filer, unit, named(project, '丁项目', '21-公用经费')), 'submit');
    const e = await create(filer, unit, named(project, '戊项目'));
    await step(filer, e, 'submit');
    await step(dr, e, 'return');
    await create(filer, unit, named(broken, '己项目'));
    // 144 itself: the department-wide table, submitted; a 二上 table derived from 甲.
    await step(deptFiler, await create(deptFiler, s.world.orgs.dept.id, dept), 'submit');
    expect((await filer.post('/api/tables', { from: a, stage: 'second' })).status).toBe(201);
    // 145001: one submitted, one approved by the department, one draft with errors.
    await step(filer2, await create(filer2, unit2, named(project, '庚项目', '1-人员类')), 'submit');
    const h = await create(filer2, unit2, named(project, '辛项目'));
    await step(filer2, h, 'submit');
    await step(dr2, h, 'approve');
    await create(filer2, unit2, named(broken, '壬项目'));
    raw = await s.db.database.query<Raw>(`
      SELECT t.id, t.dept_id, t.org_id, t.kind, t.stage, t.status, t.error_count, t.current_amount_fen, r.findings, r.document
      FROM target_tables t JOIN table_revisions r ON r.region_code = t.region_code AND r.table_id = t.id AND r.version = t.version
      WHERE t.region_code = '440823' AND t.year = 2026`);
    expect(raw.length).toBe(11);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  /** The direct count: the tables the actor may see, tallied in JS from the raw rows. */
  function expected(visible: Raw[], groupOf: (r: Raw) => string) {
    const progress = new Map<string, number>();
    const passing = new Map<string, { tables: number; passing: number }>();
    const funds = new Map<string, { amountFen: number; tables: number }>();
    const codes = new Map<string, { tables: number; occurrences: number }>();
    for (const r of visible) {
      const g = groupOf(r);
      progress.set(`${g}|${r.stage}|${r.status}`, (progress.get(`${g}|${r.stage}|${r.status}`) ?? 0) + 1);
      const p = passing.get(g) ?? { tables: 0, passing: 0 };
      p.tables++;
      if (r.error_count === 0) p.passing++;
      passing.set(g, p);
      if (r.kind === 'project') {
        const type = r.document.projectType?.name || r.document.projectType?.raw || '';
        const f = funds.get(`${g}|${type}`) ?? { amountFen: 0, tables: 0 };
        f.amountFen += Number(r.current_amount_fen ?? 0);
        f.tables++;
        funds.set(`${g}|${type}`, f);
      }
      const seen = new Set<string>();
      for (const f of r.findings) {
        const c = codes.get(f.code) ?? { tables: 0, occurrences: 0 };
        c.occurrences++;
        if (!seen.has(f.code)) c.tables++;
        seen.add(f.code);
        codes.set(f.code, c);
      }
    }
    return { progress, passing, funds, codes };
  }

  async function checkAgainst(c: Client, visible: Raw[], groupOf: (r: Raw) => string, groupBy: 'dept' | 'unit') {
    // A department bar drills down to the department and its units; a unit bar to that unit only.
    const org = groupBy === 'dept' ? 'org' : 'owner';
    const r = await c.get('/api/dashboard?year=2026');
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.groupBy).toBe(groupBy);
    const want = expected(visible, groupOf);
    expect(d.totals.tables).toBe(visible.length);
    expect(d.totals.passing).toBe(visible.filter((x) => x.error_count === 0).length);
    expect(new Map(d.progress.map((p: any) => [`${p.groupId}|${p.stage}|${p.status}`, p.count]))).toEqual(want.progress);
    expect(new Map(d.passing.map((p: any) => [p.groupId, { tables: p.tables, passing: p.passing }]))).toEqual(want.passing);
    expect(new Map(d.funds.map((p: any) => [`${p.groupId}|${p.projectType}`, { amountFen: p.amountFen, tables: p.tables }]))).toEqual(want.funds);
    const top = [...want.codes].sort((a, b) => b[1].tables - a[1].tables || b[1].occurrences - a[1].occurrences || (a[0] < b[0] ? -1 : 1)).slice(0, 15);
    expect(d.findings.map((f: any) => [f.code, { tables: f.tables, occurrences: f.occurrences }])).toEqual(top);
    expect(d.findings.length).toBeGreaterThan(1);

    // Drill-down: each figure's list has exactly that many tables.
    const total = async (q: string) => {
      const l = await c.get(`/api/tables?year=2026&limit=1&${q}`);
      expect(l.status).toBe(200);
      return l.body.total as number;
    };
    for (const p of d.progress) expect(await total(`${org}=${p.groupId}&stage=${p.stage}&status=${p.status}`)).toBe(p.count);
    for (const p of d.passing) {
      expect(await total(`${org}=${p.groupId}&passes=yes`)).toBe(p.passing);
      expect(await total(`${org}=${p.groupId}&passes=no`)).toBe(p.tables - p.passing);
    }
    for (const f of d.funds) expect(await total(`${org}=${f.groupId}&kind=project&projectType=${encodeURIComponent(f.projectType)}`)).toBe(f.tables);
    for (const f of d.findings) expect(await total(`finding=${encodeURIComponent(f.code)}`)).toBe(f.tables);
    return d;
  }

  it('the finance bureau: every figure equals a direct count over the non-draft tables of the region', async () => {
    const fin = await loggedIn(s.url, s.world.logins.finance);
    const visible = raw.filter((r) => r.status !== 'draft');
    const d = await checkAgainst(fin, visible, (r) => r.dept_id, 'dept');
    expect(d.groups.map((g: any) => g.code)).toEqual(['144', '145']);
    // Nothing in a draft is counted: 145001's only visible tables are the two it handed in.
    expect(d.totals.tables).toBe(7);
    // Both departments have handed something in; every org of 145 except the department itself.
    const g145 = d.groups.find((g: any) => g.code === '145');
    expect(g145).toMatchObject({ orgCount: 2, orgsFiled: 1 });
    expect(d.notFiled.find((n: any) => n.groupId === g145.id).orgs.map((o: any) => o.code)).toEqual(['145']);
    // A stage narrows every figure.
    const second = (await fin.get('/api/dashboard?year=2026&stage=second')).body;
    expect(second.totals.tables).toBe(0);
    // The 二上 table is a draft: the finance bureau does not see that stage at all.
    expect(second.stages).toEqual(['first']);
  });

  it('a 主管部门 sees the same over its own units, drafts included', async () => {
    const dr = await loggedIn(s.url, s.world.logins.deptReviewer);
    const visible = raw.filter((r) => r.dept_id === s.world.orgs.dept.id);
    const d = await checkAgainst(dr, visible, (r) => r.org_id, 'unit');
    expect(d.groups.map((g: any) => g.code)).toEqual(['144', '144001']);
    expect(d.totals.tables).toBe(8);
    expect(d.progress.some((p: any) => p.status === 'draft')).toBe(true);
    // The other department's tables are nowhere.
    expect(JSON.stringify(d)).not.toContain(s.world.orgs.dept2.id);
  });

  it('filers have no dashboard; without a session it is 401', async () => {
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const r = await filer.get('/api/dashboard');
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('forbidden');
    expect((await new Client(s.url).get('/api/dashboard')).status).toBe(401);
  });
});

describe('dashboards: monitoring lights and self-evaluation grades (the demo’s 2025)', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    await ensureDemo(t.database, { password: DEMO_PASSWORD_DEFAULT });
    app = await buildApp({ database: t.database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('each light and grade equals a direct count of the reports the actor may read, and drills down to their tables', async () => {
    for (const login of ['caizheng', 'kegongmao']) {
      const c = new Client(base);
      expect((await c.login(login, DEMO_PASSWORD_DEFAULT)).status).toBe(200);
      const d = (await c.get('/api/dashboard?year=2025')).body;
      for (const [key, kind, col] of [['monitoring', 'monitoring', 'light'], ['selfEvaluation', 'self-evaluation', 'grade']] as const) {
        const fig = d[key];
        expect(fig, `${login} ${key}`).not.toBeNull();
        const rounds = await t.database.query<{ id: string }>(`SELECT id FROM evaluation_rounds WHERE region_code = '440823' AND year = 2025 AND kind = $1 ORDER BY month DESC, created_at DESC LIMIT 1`, [kind]);
        expect(fig.roundId).toBe(rounds[0]!.id);
        // The finance bureau reads submitted reports onwards; the 主管部门 its own, drafts too.
        const rows = await t.database.query<{ g: string; v: string | null }>(
          `SELECT ${login === 'caizheng' ? 'dept_id' : 'org_id'} AS g, ${col} AS v FROM evaluation_reports WHERE region_code = '440823' AND round_id = $1 ${login === 'caizheng' ? "AND status <> 'draft'" : ''}`,
          [fig.roundId],
        );
        const want = new Map<string, number>();
        for (const r of rows) want.set(`${r.g}|${r.v ?? ''}`, (want.get(`${r.g}|${r.v ?? ''}`) ?? 0) + 1);
        expect(new Map(fig.counts.map((x: any) => [`${x.groupId}|${x.value}`, x.count]))).toEqual(want);
        expect(rows.length).toBeGreaterThan(0);
        for (const x of fig.counts) {
          const l = await c.get(`/api/tables?limit=1&${d.groupBy === 'dept' ? 'org' : 'owner'}=${x.groupId}&round=${fig.roundId}&${col}=${encodeURIComponent(x.value)}`);
          expect(l.body.total).toBe(x.count);
        }
      }
      expect(d.monitoring.counts).toEqual([expect.objectContaining({ value: 'red', count: 1 })]);
      expect(d.selfEvaluation.counts).toEqual([expect.objectContaining({ value: '优', count: 1 })]);
    }
  });
});
