import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, errorCode, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const { clean } = seedTables();
const project = () => structuredClone(clean.find((t) => t.kind === 'project')!) as any;

describe.each(BACKENDS)('tables: create, read, save with If-Match, revisions, diff (%s)', (backend) => {
  let s: TestServer;
  let filer: Client;
  let id: string;
  beforeAll(async () => {
    s = await startTestServer(backend);
    filer = await loggedIn(s.url, s.world.logins.filer);
  });
  afterAll(async () => s?.close());

  it('creates a project table as revision 1 with its findings and an ETag', async () => {
    const r = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', document: project() });
    expect(r.status).toBe(201);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body.table).toMatchObject({ kind: 'project', status: 'draft', version: 1, year: 2026, stage: 'first', name: '工作经费', errorCount: 0 });
    expect(r.body.table.currentAmountFen).toBe(13_000_000);
    expect(Array.isArray(r.body.findings)).toBe(true);
    id = r.body.table.id;
  });

  it('reads it back with the version as ETag', async () => {
    const r = await filer.get(`/api/tables/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body.document.projectName.raw).toBe('工作经费');
    expect(r.body.document.indicators.length).toBe(project().indicators.length);
  });

  it('refuses a save without If-Match (428)', async () => {
    const r = await filer.put(`/api/tables/${id}`, project());
    expect(r.status).toBe(428);
    expect(errorCode(r)).toBe('if_match_required');
  });

  it('saves a new revision, re-parsing values sent as text only, and computes findings', async () => {
    const doc = project();
    doc.indicators[0].value = { raw: '≥98%' };
    doc.currentAmount = { raw: '13.5' };
    const r = await filer.put(`/api/tables/${id}`, doc, { 'if-match': '"1"' });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"2"');
    expect(r.body.table.version).toBe(2);
    expect(r.body.document.indicators[0].value).toMatchObject({ raw: '≥98%', operator: '≥', number: '98', unit: '%', quantitative: true });
    expect(r.body.document.currentAmount.fen).toBe(13_500_000);
    expect(r.body.table.currentAmountFen).toBe(13_500_000);
  });

  it('a stale save gets 409 with the current version, and changes nothing', async () => {
    const doc = project();
    doc.overview = { raw: 'overwritten?' };
    const r = await filer.put(`/api/tables/${id}`, doc, { 'if-match': '"1"' });
    expect(r.status).toBe(409);
    expect(errorCode(r)).toBe('version_conflict');
    expect(r.body.error.details).toMatchObject({ currentVersion: 2, yourVersion: 1 });
    expect(r.headers.get('etag')).toBe('"2"');
    const now = await filer.get(`/api/tables/${id}`);
    expect(now.body.table.version).toBe(2);
    expect(now.body.document.overview.raw).not.toBe('overwritten?');
  });

  it('of two concurrent saves of the same version exactly one wins', async () => {
    const a = project();
    a.overview = { raw: 'A' };
    const b = project();
    b.overview = { raw: 'B' };
    const [ra, rb] = await Promise.all([
      filer.put(`/api/tables/${id}`, a, { 'if-match': '"2"' }),
      filer.put(`/api/tables/${id}`, b, { 'if-match': '"2"' }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const winner = ra.status === 200 ? 'A' : 'B';
    const now = await filer.get(`/api/tables/${id}`);
    expect(now.body.table.version).toBe(3);
    expect(now.body.document.overview.raw).toBe(winner);
  });

  it('keeps every revision with author and time; old revisions are unchanged', async () => {
    const r = await filer.get(`/api/tables/${id}/revisions`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((x: any) => x.version)).toEqual([1, 2, 3]);
    expect(r.body.items[0]).toMatchObject({ reason: 'create', author: { login: s.world.logins.filer } });
    expect(r.body.items[1].reason).toBe('save');
    expect(Date.parse(r.body.items[2].createdAt)).toBeGreaterThanOrEqual(Date.parse(r.body.items[0].createdAt));
    const v1 = await filer.get(`/api/tables/${id}/revisions/1`);
    expect(v1.body.document.indicators[0].value.raw).toBe(project().indicators[0].value.raw);
    expect((await filer.get(`/api/tables/${id}/revisions/9`)).status).toBe(404);
  });

  it('the database itself refuses to change or delete a revision', async () => {
    await expect(s.db.database.query(`UPDATE table_revisions SET reason = 'x' WHERE table_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(s.db.database.query(`DELETE FROM table_revisions WHERE table_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('diffs any two revisions field by field', async () => {
    const r = await filer.get(`/api/tables/${id}/diff?from=1&to=2`);
    expect(r.status).toBe(200);
    const first = project().indicators[0];
    expect(r.body.changes).toContainEqual(
      expect.objectContaining({ path: `indicators[${first.id}].value`, kind: 'changed', before: first.value.raw, after: '≥98%' }),
    );
    expect(r.body.changes).toContainEqual(expect.objectContaining({ path: 'currentAmount', before: '13', after: '13.5' }));
    // The same keys and labels the form and the history page show (core's one diffTables and field labels).
    expect(r.body.changes).toContainEqual(expect.objectContaining({ path: 'currentAmount', key: 'currentAmount', label: { zh: '当年度金额(万元)', en: 'This year (10k yuan)' } }));
    expect(r.body.changes).toContainEqual(
      expect.objectContaining({ key: `ind:${first.id}:value`, label: { zh: `第1行“${first.name.raw}” 当年度指标值`, en: `row 1 "${first.name.raw}" Annual value` } }),
    );
    const d = await filer.get(`/api/tables/${id}/diff`);
    expect(d.body).toMatchObject({ from: 2, to: 3 });
    expect(d.body.changes).toContainEqual(expect.objectContaining({ path: 'overview', kind: 'changed' }));
  });

  it('a save that introduces an error records it in the revision', async () => {
    const cur = await filer.get(`/api/tables/${id}`);
    const doc = cur.body.document;
    doc.indicators = doc.indicators.slice(0, 1);
    const r = await filer.put(`/api/tables/${id}`, doc, { 'if-match': cur.headers.get('etag')! });
    expect(r.status).toBe(200);
    expect(r.body.table.errorCount).toBeGreaterThan(0);
    const f = await filer.get(`/api/tables/${id}/findings`);
    expect(f.body.version).toBe(r.body.table.version);
    expect(f.body.counts.error).toBe(r.body.table.errorCount);
    expect(f.body.findings.some((x: any) => x.severity === 'error')).toBe(true);
    const revs = await filer.get(`/api/tables/${id}/revisions`);
    expect(revs.body.items.at(-1).errorCount).toBe(r.body.table.errorCount);
  });

  it('rejects money as a float, a bad kind and a malformed If-Match with clear 400s', async () => {
    const doc = project();
    doc.currentAmount = { raw: '13', fen: 13.5 };
    const r = await filer.put(`/api/tables/${id}`, doc, { 'if-match': '"1"' });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('invalid_request');
    expect(r.body.error.details.some((d: any) => String(d.path).includes('currentAmount'))).toBe(true);
    const k = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: { ...project(), kind: 'self-eval' } });
    expect(k.status).toBe(400);
    const m = await filer.put(`/api/tables/${id}`, project(), { 'if-match': 'yesterday' });
    expect(m.status).toBe(400);
    expect(errorCode(m)).toBe('bad_if_match');
  });

  it('one table per organisation, project, year and stage', async () => {
    const r = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', document: project() });
    expect(r.status).toBe(409);
    expect(errorCode(r)).toBe('table_exists');
  });

  it('starts 二上 from 一上 and next year from this year', async () => {
    const second = await filer.post('/api/tables', { from: id, stage: 'second' });
    expect(second.status).toBe(201);
    expect(second.body.table).toMatchObject({ stage: 'second', year: 2026, basedOnId: id, version: 1, status: 'draft' });
    const src = await filer.get(`/api/tables/${id}`);
    expect(second.body.document.indicators).toEqual(src.body.document.indicators);
    expect((await filer.post('/api/tables', { from: id, stage: 'second' })).status).toBe(409);
    const next = await filer.post('/api/tables', { from: id, stage: 'first', year: 2027 });
    expect(next.status).toBe(201);
    expect(next.body.table.year).toBe(2027);
    expect(next.body.document.year).toBe(2027);
    expect(next.body.document.title).toContain('2027');
    const back = await filer.post('/api/tables', { from: second.body.table.id, stage: 'first' });
    expect(back.status).toBe(400);
    expect(errorCode(back)).toBe('bad_derivation');
  });

  it('lists tables with year, stage, status and org filters', async () => {
    const all = await filer.get('/api/tables');
    expect(all.body.total).toBe(3);
    expect((await filer.get('/api/tables?year=2026')).body.total).toBe(2);
    expect((await filer.get('/api/tables?year=2026&stage=second')).body.items.map((t: any) => t.stage)).toEqual(['second']);
    expect((await filer.get('/api/tables?status=submitted')).body.total).toBe(0);
    expect((await filer.get('/api/tables?org=144001')).body.total).toBe(3);
    expect((await filer.get(`/api/tables?org=${s.world.orgs.dept.id}`)).body.total).toBe(3);
    expect((await filer.get('/api/tables?org=145')).body.total).toBe(0);
    expect((await filer.get('/api/tables?limit=1')).body.items.length).toBe(1);
    const bad = await filer.get('/api/tables?stage=third');
    expect(bad.status).toBe(400);
  });

  it('exports a table as JSON (and the export is audited)', async () => {
    const r = await filer.get(`/api/tables/${id}/export`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/attachment/);
    expect(r.body.document.kind).toBe('project');
    const rows = await s.db.database.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1 AND action = 'table.export'`, [id]);
    expect(rows.length).toBe(1);
    const b = await filer.post(`/api/tables/${id}/exported`, { format: 'xlsx' });
    expect(b.status).toBe(200);
    const after = await s.db.database.query<{ details: any }>(`SELECT details FROM audit_log WHERE target_id = $1 AND action = 'table.export' ORDER BY seq`, [id]);
    expect(after.map((x) => x.details.format)).toEqual(['json', 'xlsx']);
  });

  it('the department table and the department-level checks', async () => {
    const deptFiler = await loggedIn(s.url, s.world.logins.deptFiler);
    const deptDoc = structuredClone(clean.find((t) => t.kind === 'dept-overall')!);
    const wrongOwner = await deptFiler.post('/api/tables', { orgId: s.world.orgs.unit.id, document: deptDoc });
    expect(wrongOwner.status).toBe(400);
    const d = await deptFiler.post('/api/tables', { orgId: s.world.orgs.dept.id, document: deptDoc });
    expect(d.status).toBe(201);
    // Only 工作经费 (13.5 after the edit above) is filed so far: 31.2 + 13 ≠ 13.5.
    const f = await deptFiler.get(`/api/tables/${d.body.table.id}/findings`);
    const codes = f.body.department.map((x: any) => x.code);
    expect(codes).toContain('dept.project-sum');
    expect(codes).toContain('dept.task-without-table');
    const proj2 = structuredClone(clean.find((t) => t.kind === 'project' && (t as any).projectName.raw !== '工作经费')!) as any;
    expect((await deptFiler.post('/api/tables', { orgId: s.world.orgs.unit.id, document: proj2 })).status).toBe(201);
    const doc = (await deptFiler.get(`/api/tables/${id}`)).body;
    doc.document.currentAmount = { raw: '13' };
    const etag = (await deptFiler.get(`/api/tables/${id}`)).headers.get('etag')!;
    expect((await deptFiler.put(`/api/tables/${id}`, doc.document, { 'if-match': etag })).status).toBe(200);
    const checks = await deptFiler.get(`/api/orgs/${s.world.orgs.dept.id}/checks?year=2026&stage=first`);
    expect(checks.status).toBe(200);
    const after = checks.body.findings.map((x: any) => x.code);
    expect(after).not.toContain('dept.project-sum');
    // 任务1 促进工业发展经费 (6 万元) has no project table in the seed.
    expect(checks.body.findings.filter((x: any) => x.code === 'dept.task-without-table').length).toBe(1);
  });

  it('flushes the database to disk before acknowledging a write (not a read)', async () => {
    const database = s.db.database;
    const original = database.flush.bind(database);
    let flushes = 0;
    database.flush = async () => {
      flushes++;
      await original();
    };
    try {
      await filer.get(`/api/tables/${id}`);
      expect(flushes).toBe(0);
      const cur = await filer.get(`/api/tables/${id}`);
      const r = await filer.put(`/api/tables/${id}`, cur.body.document, { 'if-match': cur.headers.get('etag')! });
      expect(r.status).toBe(200);
      expect(flushes).toBe(1);
    } finally {
      database.flush = original;
    }
  });
});
