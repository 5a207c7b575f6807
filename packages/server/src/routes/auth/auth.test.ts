import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, errorCode, loggedIn, PASSWORD, startTestServer, type TestServer } from '../../../test/helpers.ts';

describe.each(BACKENDS)('auth: login, sessions, CSRF, rate limit (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend, { loginLimits: { perLogin: 3, perIp: 1000, windowMs: 60_000 } });
  });
  afterAll(async () => s?.close());

  it('logs in with an httpOnly session cookie and a readable CSRF cookie; /api/me tells who', async () => {
    const c = new Client(s.url);
    await c.get('/api/auth/csrf');
    const r = await c.post('/api/auth/login', { login: s.world.logins.filer, password: PASSWORD });
    expect(r.status).toBe(200);
    const setCookies = r.headers.getSetCookie();
    const session = setCookies.find((x) => x.startsWith('jixiao_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(setCookies.find((x) => x.startsWith('jixiao_csrf='))).not.toMatch(/HttpOnly/i);
    expect(r.body.csrfToken).toBe(c.csrf);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ login: s.world.logins.filer, role: 'filer', regionCode: '440823', org: { code: '144001', kind: 'unit' } });
    expect(me.body.roleLabel.zh).toBe('填报人');
  });

  it('stores only a hash of the session token', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    const token = c.cookies.get('jixiao_session')!;
    const rows = await s.db.database.query<{ id: string }>('SELECT id FROM sessions');
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });

  it('refuses a wrong password and an unknown login with the same answer', async () => {
    const c = new Client(s.url);
    await c.get('/api/auth/csrf');
    const a = await c.post('/api/auth/login', { login: s.world.logins.admin, password: 'wrong password' });
    const b = await c.post('/api/auth/login', { login: 'nobody-here', password: 'wrong password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(errorCode(a)).toBe('invalid_credentials');
  });

  it('login needs the double-submit CSRF header', async () => {
    const c = new Client(s.url);
    const r = await c.post('/api/auth/login', { login: s.world.logins.filer, password: PASSWORD });
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('csrf_failed');
    await c.get('/api/auth/csrf');
    const wrong = await c.post('/api/auth/login', { login: s.world.logins.filer, password: PASSWORD }, { 'x-csrf-token': 'forged' });
    expect(wrong.status).toBe(403);
  });

  it('every state-changing request of a session needs its CSRF token', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    const none = await c.post('/api/auth/logout', {}, { 'x-csrf-token': '' });
    expect(none.status).toBe(403);
    expect(errorCode(none)).toBe('csrf_failed');
    const other = await loggedIn(s.url, s.world.logins.filer);
    const foreign = await c.post('/api/auth/logout', {}, { 'x-csrf-token': other.csrf! });
    expect(foreign.status).toBe(403);
    const put = await c.put('/api/tables/00000000-0000-0000-0000-000000000000', {}, { 'x-csrf-token': 'nope' });
    expect(put.status).toBe(403);
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('logout ends the session on the server', async () => {
    const c = await loggedIn(s.url, s.world.logins.finance);
    const stolen = c.cookies.get('jixiao_session')!;
    const r = await c.post('/api/auth/logout');
    expect(r.status).toBe(200);
    const replay = new Client(s.url);
    replay.cookies.set('jixiao_session', stolen);
    const me = await replay.get('/api/me');
    expect(me.status).toBe(401);
    expect(errorCode(me)).toBe('unauthenticated');
  });

  it('without a session the API answers 401', async () => {
    const c = new Client(s.url);
    for (const path of ['/api/me', '/api/tables', '/api/orgs', '/api/audit']) {
      const r = await c.get(path);
      expect(r.status, path).toBe(401);
    }
  });

  it('rate limits failed logins per login name, with Retry-After', async () => {
    const c = new Client(s.url);
    await c.get('/api/auth/csrf');
    const login = s.world.logins.deptReviewer2;
    for (let i = 0; i < 3; i++) expect((await c.post('/api/auth/login', { login, password: 'bad' })).status).toBe(401);
    const blocked = await c.post('/api/auth/login', { login, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await c.post('/api/auth/login', { login: s.world.logins.filer2, password: PASSWORD })).status).toBe(200);
  });

  it('bad input gets a 400 that says what is wrong', async () => {
    const c = new Client(s.url);
    await c.get('/api/auth/csrf');
    const r = await c.post('/api/auth/login', { login: '' });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('invalid_request');
    expect(r.body.error.message.zh).toMatch(/请求数据不符合要求/);
    const bad = await c.request('POST', '/api/auth/login', undefined, { 'content-type': 'application/json', 'x-csrf-token': c.csrf! });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
