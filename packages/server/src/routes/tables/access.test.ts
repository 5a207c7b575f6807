/**
 * Organisation scope: for every role, another unit's draft cannot be read or changed, and the
 * answer (404) is the same as for a table that does not exist — nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const { clean } = seedTables();
const MISSING = '00000000-0000-4000-8000-000000000000';

describe.each(BACKENDS)('access: another unit’s draft is invisible to every role (%s)', (backend) => {
  let s: TestServer;
  let owner: Client;
  let draftId: string;
  let doc: any;
  beforeAll(async () => {
    s = await startTestServer(backend);
    owner = await loggedIn(s.url, s.world.logins.filer2);
    doc = structuredClone(clean.find((t) => t.kind === 'project')!);
    doc.unit = { raw: '145001-遂溪县农业技术推广中心', code: '145001', name: '遂溪县农业技术推广中心' };
    doc.projectName = { raw: '高标准农田建设' };
    const r = await owner.post('/api/tables', { orgId: s.world.orgs.unit2.id, document: doc });
    expect(r.status).toBe(201);
    draftId = r.body.table.id;
  });
  afterAll(async () => s?.close());

  const outsiders = ['filer', 'deptFiler', 'deptReviewer', 'finance', 'admin'] as const;

  it.each(outsiders)('%s cannot read, list, change or move another unit’s draft (404, no leak)', async (who) => {
    const c = await loggedIn(s.url, s.world.logins[who]);
    const missing = await c.get(`/api/tables/${MISSING}`);
    expect(missing.status).toBe(404);
    for (const path of ['', '/findings', '/revisions', '/revisions/1', '/diff', '/events', '/export']) {
      const r = await c.get(`/api/tables/${draftId}${path}`);
      expect(r.status, `GET ${path}`).toBe(404);
      expect(r.body, `GET ${path}`).toEqual(missing.body);
    }
    const put = await c.put(`/api/tables/${draftId}`, doc, { 'if-match': '"1"' });
    expect(put.status).toBe(404);
    expect(put.body).toEqual((await c.put(`/api/tables/${MISSING}`, doc, { 'if-match': '"1"' })).body);
    const noIfMatch = await c.put(`/api/tables/${draftId}`, doc);
    expect(noIfMatch.status).toBe(404);
    for (const step of ['submit', 'approve', 'return', 'publish']) {
      const r = await c.post(`/api/tables/${draftId}/${step}`, { comment: 'x' });
      expect(r.status, step).toBe(404);
    }
    const derive = await c.post('/api/tables', { from: draftId, stage: 'second' });
    expect(derive.status).toBe(404);
    const list = await c.get('/api/tables?year=2026');
    expect(list.body.items.map((t: any) => t.id)).not.toContain(draftId);
    expect((await c.get('/api/tables?org=145001')).body.total).toBe(0);
    // Nor can they create tables for that unit.
    const create = await c.post('/api/tables', { orgId: s.world.orgs.unit2.id, document: { ...doc, projectName: { raw: '冒名项目' } } });
    expect(create.status).toBe(403);
    // The draft is untouched.
    const mine = await owner.get(`/api/tables/${draftId}`);
    expect(mine.body.table.version).toBe(1);
  });

  it('inside the department, its reviewer and filer may read the draft (代编), and its filer may save it', async () => {
    const reviewer = await loggedIn(s.url, s.world.logins.deptReviewer2);
    expect((await reviewer.get(`/api/tables/${draftId}`)).status).toBe(200);
    const deptFiler = await loggedIn(s.url, s.world.logins.deptFiler2);
    const r = await deptFiler.put(`/api/tables/${draftId}`, doc, { 'if-match': '"1"' });
    expect(r.status).toBe(200);
  });

  it('once submitted, the finance bureau may read it but not change it; other departments still may not', async () => {
    expect((await owner.post(`/api/tables/${draftId}/submit`)).status).toBe(200);
    const finance = await loggedIn(s.url, s.world.logins.finance);
    expect((await finance.get(`/api/tables/${draftId}`)).status).toBe(200);
    expect((await finance.put(`/api/tables/${draftId}`, doc, { 'if-match': '"2"' })).status).toBe(409);
    const admin = await loggedIn(s.url, s.world.logins.admin);
    expect((await admin.get(`/api/tables/${draftId}`)).status).toBe(200);
    for (const who of ['filer', 'deptFiler', 'deptReviewer'] as const) {
      const c = await loggedIn(s.url, s.world.logins[who]);
      expect((await c.get(`/api/tables/${draftId}`)).status, who).toBe(404);
    }
  });

  it('a unit filer cannot read its own department’s draft department table', async () => {
    const deptFiler = await loggedIn(s.url, s.world.logins.deptFiler);
    const d = await deptFiler.post('/api/tables', { orgId: s.world.orgs.dept.id, document: clean.find((t) => t.kind === 'dept-overall') });
    expect(d.status).toBe(201);
    const unitFiler = await loggedIn(s.url, s.world.logins.filer);
    expect((await unitFiler.get(`/api/tables/${d.body.table.id}`)).status).toBe(404);
  });
});
