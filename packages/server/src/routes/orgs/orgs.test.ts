import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, errorCode, loggedIn, startTestServer, type TestServer } from '../../../test/helpers.ts';

describe.each(BACKENDS)('organisations and accounts (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => s?.close());

  it('GET /api/orgs lists the region with its 财政局, departments and units', async () => {
    const c = await loggedIn(s.url, s.world.logins.filer);
    const r = await c.get('/api/orgs');
    expect(r.status).toBe(200);
    expect(r.body.region).toEqual({ code: '440823', name: '遂溪县' });
    const byCode = Object.fromEntries(r.body.items.map((o: any) => [o.code, o]));
    expect(byCode.CZJ.kind).toBe('finance');
    expect(byCode['144'].kind).toBe('dept');
    expect(byCode['144001']).toMatchObject({ kind: 'unit', parentId: byCode['144'].id });
  });

  it('an administrator adds a department, a unit and an account who can then sign in', async () => {
    const admin = await loggedIn(s.url, s.world.logins.admin);
    const d = await admin.post('/api/orgs', { kind: 'dept', code: '201', name: '遂溪县教育局' });
    expect(d.status).toBe(201);
    const u = await admin.post('/api/orgs', { kind: 'unit', code: '201001', name: '遂溪县第一中学', parentId: d.body.id });
    expect(u.status).toBe(201);
    expect((await admin.post('/api/orgs', { kind: 'unit', code: '201001', name: '重复', parentId: d.body.id })).status).toBe(409);
    expect((await admin.post('/api/orgs', { kind: 'unit', code: '201002', name: '无上级' })).status).toBe(400);
    const user = await admin.post('/api/users', { login: 'yizhong', displayName: '一中填报人', password: 'long enough password', orgId: u.body.id, role: 'filer' });
    expect(user.status).toBe(201);
    expect(user.body).not.toHaveProperty('passwordHash');
    const wrongRole = await admin.post('/api/users', { login: 'yizhong2', displayName: 'x', password: 'long enough password', orgId: u.body.id, role: 'finance_reviewer' });
    expect(wrongRole.status).toBe(400);
    expect(errorCode(wrongRole)).toBe('role_org_mismatch');
    expect((await admin.post('/api/users', { login: 'yizhong', displayName: 'x', password: 'long enough password', orgId: u.body.id, role: 'filer' })).status).toBe(409);
    expect((await admin.post('/api/users', { login: 'short', displayName: 'x', password: 'short', orgId: u.body.id, role: 'filer' })).status).toBe(400);
    const list = await admin.get('/api/users');
    expect(list.body.items.map((x: any) => x.login)).toContain('yizhong');
    const newcomer = new Client(s.url);
    expect((await newcomer.login('yizhong', 'long enough password')).status).toBe(200);
    expect((await newcomer.get('/api/me')).body.org.code).toBe('201001');
    const [hash] = await s.db.database.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE login = 'yizhong'`);
    expect(hash!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('an administrator disables an account (its sessions end) and resets a password', async () => {
    const admin = await loggedIn(s.url, s.world.logins.admin);
    const victim = await loggedIn(s.url, s.world.logins.filer2);
    const users = (await admin.get('/api/users')).body.items;
    const id = users.find((u: any) => u.login === s.world.logins.filer2).id;
    const off = await admin.request('PATCH', `/api/users/${id}`, { disabled: true });
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    expect((await victim.get('/api/me')).status).toBe(401);
    expect((await new Client(s.url).login(s.world.logins.filer2)).status).toBe(401);
    const on = await admin.request('PATCH', `/api/users/${id}`, { disabled: false, password: 'a brand new password' });
    expect(on.body.disabled).toBe(false);
    expect((await new Client(s.url).login(s.world.logins.filer2)).status).toBe(401);
    expect((await new Client(s.url).login(s.world.logins.filer2, 'a brand new password')).status).toBe(200);
    const self = (await admin.get('/api/me')).body.id;
    expect((await admin.request('PATCH', `/api/users/${self}`, { disabled: true })).status).toBe(400);
    expect((await admin.request('PATCH', `/api/users/00000000-0000-4000-8000-000000000000`, { disabled: true })).status).toBe(404);
    const filer = await loggedIn(s.url, s.world.logins.filer);
    expect((await filer.request('PATCH', `/api/users/${id}`, { disabled: true })).status).toBe(403);
  });

  it('only administrators manage organisations and accounts', async () => {
    for (const who of ['finance', 'deptReviewer', 'filer'] as const) {
      const c = await loggedIn(s.url, s.world.logins[who]);
      expect((await c.post('/api/orgs', { kind: 'dept', code: `9${who.length}`, name: 'x' })).status, who).toBe(403);
      expect((await c.get('/api/users')).status, who).toBe(403);
      expect((await c.post('/api/users', { login: `x${who}`, displayName: 'x', password: 'long enough password', orgId: s.world.orgs.unit.id, role: 'filer' })).status).toBe(403);
    }
  });

  it('department checks are answered for departments in scope only', async () => {
    const own = await loggedIn(s.url, s.world.logins.deptReviewer);
    const r = await own.get(`/api/orgs/144/checks?year=2026`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ year: 2026, stage: 'first', findings: [] });
    expect((await own.get(`/api/orgs/145/checks?year=2026`)).status).toBe(404);
    expect((await own.get(`/api/orgs/144001/checks?year=2026`)).status).toBe(404);
    expect((await own.get(`/api/orgs/144/checks`)).status).toBe(400);
  });
});
