/** First run on an empty database: GET/POST /api/setup — once, never again, race-safe, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { BACKENDS, Client, createTestDatabase, errorCode, type TestDatabase } from '../../../test/helpers.ts';
import { verifyAuditChain } from '../../audit/audit.ts';

const GOOD = 'Lianjiang-Caizheng-2027';
const body = (over: Record<string, unknown> = {}) => ({
  region: { code: '440881', name: '廉江市', level: 'county' },
  admin: { login: 'lj_admin', displayName: '廉江市财政局管理员', password: GOOD },
  ...over,
});

describe.each(BACKENDS)('first run (%s)', (backend) => {
  let db: TestDatabase;
  let app: App;
  let base = '';
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    app = await buildApp({ database: db.database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const a = app.server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it('refuses bad input with where it is, and a weak password, writing nothing', async () => {
    const c = new Client(base);
    expect((await c.get('/api/setup')).body).toEqual({ needed: true });
    await c.get('/api/auth/csrf');
    const code = await c.post('/api/setup', body({ region: { code: '4408', name: '廉江市', level: 'county' } }));
    expect(code.status).toBe(400);
    expect(errorCode(code)).toBe('bad_region_code');
    expect(code.body.error.details).toEqual({ field: 'region.code' });
    const weak = await c.post('/api/setup', body({ admin: { login: 'lj_admin', password: 'password123' } }));
    expect(weak.status).toBe(400);
    expect(errorCode(weak)).toBe('weak_password');
    expect((await c.get('/api/setup')).body).toEqual({ needed: true });
  });

  it('needs the double-submit CSRF token like the login', async () => {
    const c = new Client(base);
    const r = await c.post('/api/setup', body());
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('csrf_failed');
  });

  it('of two racing attempts exactly one creates the region; every later one is refused', async () => {
    const clients = [new Client(base), new Client(base), new Client(base)];
    for (const c of clients) await c.get('/api/auth/csrf');
    const answers = await Promise.all(
      clients.map((c, i) => c.post('/api/setup', body({ region: { code: `44088${i + 1}`, name: `地区${i}`, level: 'county' }, admin: { login: `first_${i}`, password: GOOD } }))),
    );
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(errorCode(r)).toBe('already_set_up');
    }
    const regions = await db.database.query<{ region_code: string }>('SELECT region_code FROM regions');
    expect(regions).toHaveLength(1);
    const winner = won[0]!.body;
    expect(winner.finance).toMatchObject({ code: 'CZJ', name: `${winner.region.name}财政局` });

    // The administrator signs in, sees the region and level, and needs no password change.
    const c = new Client(base);
    const login = await c.login(winner.admin.login, GOOD);
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'admin', org: { kind: 'finance', code: 'CZJ' }, region: { code: winner.region.code, level: 'county' } });
    expect(login.body.user.mustChangePassword).toBeUndefined();

    const again = new Client(base);
    await again.get('/api/auth/csrf');
    const later = await again.post('/api/setup', body());
    expect(later.status).toBe(409);
    expect(errorCode(later)).toBe('already_set_up');
    expect((await again.get('/api/setup')).body).toEqual({ needed: false });

    // Audited, in an intact chain.
    const audit = await c.get('/api/audit?action=region.setup');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('region.setup');
    const chain = await verifyAuditChain(db.database.db, winner.region.code);
    expect(chain.ok).toBe(true);

    // The region runs on the budget calendar from day one: before any year is opened, nothing
    // can be filed — one refusal naming the year, not a table per department.
    const gen = await c.post('/api/projects/generate', { year: 2027, stage: 'first' });
    expect(gen.status).toBe(423);
    expect(errorCode(gen)).toBe('year_not_open');
    expect(gen.body.error.message.zh).toContain('管理员尚未开放 2027 年度的预算日历');
  });
});

describe.each(BACKENDS)('temporary passwords as a sheet (%s)', (backend) => {
  let s: import('../../../test/helpers.ts').TestServer;
  beforeAll(async () => {
    s = await (await import('../../../test/helpers.ts')).startTestServer(backend);
  }, 300_000);
  afterAll(async () => s?.close());

  it('lays out imported accounts with their passwords and a warning; refuses an account without one; a new account is told so at sign-in', async () => {
    const { loggedIn } = await import('../../../test/helpers.ts');
    const { readGrids } = await import('@jixiao/files');
    const admin = await loggedIn(s.url, 't_admin');
    const form = new FormData();
    form.append('file', new Blob(['登录名,姓名,单位编码,角色\nsheet_a,张三,144001,填报人\nsheet_b,李四,144,主管部门审核人\n'], { type: 'text/csv' }), 'people.csv');
    const imported = await admin.post('/api/users/import', form);
    expect(imported.status).toBe(200);
    const rows = (imported.body.results as Array<{ key: string; temporaryPassword: string }>).map((r) => ({ login: r.key, temporaryPassword: r.temporaryPassword }));
    const res = await fetch(`${s.url}/api/users/password-sheet`, {
      method: 'POST',
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': admin.csrf!, 'content-type': 'application/json' },
      body: JSON.stringify({ rows }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/xlsx/);
    const read = await readGrids(new Uint8Array(await res.arrayBuffer()), 'sheet.xlsx');
    if ('code' in read) throw new Error(JSON.stringify(read));
    const text = read.grids[0]!.rows.map((r) => r.map((c) => c.text).join('|')).join('\n');
    expect(text).toContain('临时密码，请当面或以密封方式逐人发放');
    expect(text).toContain(`sheet_a|张三|144001`);
    expect(text).toContain(rows[0]!.temporaryPassword);
    expect(text).toContain('填报人 filer');

    // The person signs in: a new account, not a reset.
    const { Client } = await import('../../../test/helpers.ts');
    const person = new Client(s.url);
    const login = await person.login('sheet_a', rows[0]!.temporaryPassword);
    expect(login.body.user).toMatchObject({ mustChangePassword: true, mustChangeReason: 'new' });
    // After changing it, the account has no temporary password any more: no sheet lists it.
    expect((await person.post('/api/me/password', { currentPassword: rows[0]!.temporaryPassword, newPassword: 'Zhangsan-Own-Secret-9' })).status).toBe(200);
    const refused = await admin.post('/api/users/password-sheet', { rows: [rows[0]] });
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe('not_temporary');
    // A reset account is told it was reset.
    const users = await admin.get('/api/users');
    const b = (users.body.items as Array<{ id: string; login: string }>).find((u) => u.login === 'sheet_b')!;
    const reset = await admin.post(`/api/users/${b.id}/reset-password`, {});
    const again = await new Client(s.url).login('sheet_b', reset.body.temporaryPassword);
    expect(again.body.user).toMatchObject({ mustChangePassword: true, mustChangeReason: 'reset' });
  });
});
