/**
 * One password policy on every path that sets a password (issue 19, the class behind hole 3:
 * POST /api/me/password took `1234567890` while the administrator's route refused it).
 *
 * The paths are found, not remembered:
 * - every API operation whose request body has a field named like a password (from the app's own
 *   OpenAPI document) must be classified below — a new one fails until it is;
 * - every source file (server and CLI) that writes a password hash, calls `hashAcceptedPassword`
 *   or creates an account must be classified too, and `hashPassword` (argon2 without the policy)
 *   may be called only by the policy itself;
 * each class then has a case here: a weak password refused with 400 weak_password (the CLI: exit
 * 2 with the reason in Chinese and English), a generated one that passes the policy and must be
 * changed at first sign-in. An administrator's typed password (POST /api/users, PATCH
 * /api/users/:id) must also be changed at the next sign-in (docs/administration.md).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { passwordProblem } from '../../src/auth/password-policy.ts';
import { loadProvince } from '../../src/bulk/load-province.ts';
import { setUpRegion } from '../../src/administration/first-run.ts';
import { main as cli } from '../../../cli/src/main.ts';
import { BACKENDS, Client, createTestDatabase, errorCode, loggedIn, PASSWORD, startTestServer, type Res, type TestServer } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // packages/
/** The outside test's five, and a few more of the same kinds. */
const WEAK = (login: string) => ['1234567890', 'aaaaaaaaaa', 'password123', 'qwertyuiop', `my-${login}-pass`, 'abcdefghij', 'woaini1314!'];

/** Fields in request bodies that carry a password, and what the route does with each. */
const BODY_FIELDS: Record<string, 'sets' | 'checks' | 'lays out'> = {
  'POST /api/setup admin.password': 'sets',
  'POST /api/users password': 'sets',
  'PATCH /api/users/{id} password': 'sets',
  'POST /api/me/password newPassword': 'sets',
  'POST /api/me/password currentPassword': 'checks',
  'POST /api/auth/login password': 'checks',
  // Lays out temporary passwords already set (reset, import) as a sheet; refused unless the account still holds one.
  'POST /api/users/password-sheet rows[].temporaryPassword': 'lays out',
};

/** Source files that touch password hashes or make accounts, and the case below that covers each. */
const SOURCES: Record<string, string> = {
  'server/src/auth/password-policy.ts': 'the policy itself: hashAcceptedPassword',
  'server/src/auth/passwords.ts': 'argon2id (hashPassword, verifyPassword): called only by the policy',
  'server/src/db/schema.ts': 'the column',
  'server/src/routes/auth/index.ts': 'sign-in: reads the hash',
  'server/src/orgs/service.ts': 'createUser: every account made goes through it',
  'server/src/routes/users/index.ts': 'POST /api/users, PATCH /api/users/:id',
  'server/src/routes/me/index.ts': 'POST /api/me/password',
  'server/src/administration/accounts.ts': 'POST /api/users/:id/reset-password, POST /api/users/import (generated)',
  'server/src/administration/first-run.ts': 'POST /api/setup, jixiao init',
  'server/src/bulk/load-province.ts': 'jixiao generate --password',
  'server/src/demo/demo.ts': 'the demo accounts (their one password passes through createUser)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

/** `{ a: { b: string } }`-like JSON schema → the dotted paths of properties named like a password. */
function passwordFields(schema: unknown, at = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  const out: string[] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const p = at ? `${at}.${k}` : k;
    if (/password/i.test(k)) out.push(p);
    out.push(...passwordFields(v, p));
  }
  if (s.items) out.push(...passwordFields(s.items, `${at}[]`));
  for (const x of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) out.push(...passwordFields(x, at));
  return out;
}

const refusedWeak = (r: Res, what: string) => {
  expect(r.status, `${what}: ${JSON.stringify(r.body).slice(0, 200)}`).toBe(400);
  expect(errorCode(r), what).toBe('weak_password');
  expect(r.body.error.message.zh, what).toMatch(/密码/);
  expect(r.body.error.message.en, what).toMatch(/password/i);
};

describe('every path that sets a password is found', () => {
  it('source files that write hashes or make accounts are all classified; hashPassword is called by the policy only', () => {
    const found = new Set<string>();
    for (const f of [...sourceFiles(join(ROOT, 'server/src')), ...sourceFiles(join(ROOT, 'cli/src'))]) {
      const text = readFileSync(f, 'utf8');
      const rel = relative(ROOT, f);
      if (/passwordHash|password_hash|hashAcceptedPassword\(|createUser\(|hashPassword\(/.test(text)) found.add(rel);
      if (/\bhashPassword\(/.test(text.replace(/export function hashPassword\(/, ''))) {
        expect(['server/src/auth/password-policy.ts', 'server/src/auth/passwords.ts'], `${rel} calls hashPassword: use hashAcceptedPassword`).toContain(rel);
      }
    }
    const unclassified = [...found].filter((f) => !SOURCES[f]);
    expect(unclassified, 'files that set passwords or make accounts without a case in password-paths.test.ts').toEqual([]);
    expect([...found].sort()).toEqual(Object.keys(SOURCES).sort());
  });

  it('request-body fields named like a password are all classified', async () => {
    const db = await createTestDatabase('pglite');
    const app = await buildApp({ database: db.database });
    try {
      await app.ready();
      const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>> };
      const fields: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          for (const c of Object.values(op.requestBody?.content ?? {})) for (const f of passwordFields(c.schema)) fields.push(`${method.toUpperCase()} ${path} ${f}`);
        }
      }
      expect([...new Set(fields)].sort()).toEqual(Object.keys(BODY_FIELDS).sort());
    } finally {
      await app.close();
      await db.cleanup();
    }
  });
});

describe.each(BACKENDS)('every path that sets a password applies the one policy (%s)', (backend) => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await loggedIn(s.url, s.world.logins.admin);
  }, 120_000);
  afterAll(async () => s?.close());

  const userId = async (login: string) => ((await admin.get('/api/users')).body.items as Array<{ id: string; login: string }>).find((u) => u.login === login)!.id;

  it('POST /api/setup (the first administrator) refuses a weak password', async () => {
    // Setup answers only on an empty system: its own database.
    const empty = await createTestDatabase(backend);
    const app = await buildApp({ database: empty.database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const c = new Client(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
      await c.get('/api/auth/csrf');
      for (const pw of WEAK('lj_admin')) {
        refusedWeak(await c.post('/api/setup', { region: { code: '440881', name: '廉江市', level: 'county' }, admin: { login: 'lj_admin', password: pw } }), `setup ${pw}`);
      }
      expect((await empty.database.query('SELECT 1 FROM users')).length, 'nothing was made').toBe(0);
    } finally {
      await app.close();
      await empty.cleanup();
    }
  });

  it('POST /api/users refuses a weak password; a typed one must be changed at first sign-in', async () => {
    const body = (login: string, password: string) => ({ login, displayName: '新同事', password, orgId: s.world.orgs.unit.id, role: 'filer' });
    for (const pw of WEAK('xintongshi')) refusedWeak(await admin.post('/api/users', body('xintongshi', pw)), `POST /api/users ${pw}`);
    const made = await admin.post('/api/users', body('xintongshi', 'a typed password 2026'));
    expect(made.status).toBe(201);
    expect(made.body.mustChangePassword).toBe(true);
    const c = new Client(s.url);
    const signIn = await c.login('xintongshi', 'a typed password 2026');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ mustChangePassword: true, mustChangeReason: 'new' });
    expect(errorCode(await c.get('/api/tables'))).toBe('password_change_required');
    expect((await c.post('/api/me/password', { currentPassword: 'a typed password 2026', newPassword: 'my very own password' })).status).toBe(200);
    expect((await c.get('/api/tables')).status).toBe(200);
  });

  it('PATCH /api/users/:id { password } refuses a weak password; a typed one must be changed at the next sign-in', async () => {
    const id = await userId(s.world.logins.deptFiler2);
    for (const pw of WEAK(s.world.logins.deptFiler2)) refusedWeak(await admin.request('PATCH', `/api/users/${id}`, { password: pw }), `PATCH ${pw}`);
    // Refused: the old password still signs in, with nothing to change.
    const before = await new Client(s.url).login(s.world.logins.deptFiler2);
    expect(before.status).toBe(200);
    expect(before.body.user.mustChangePassword).toBeUndefined();
    const set = await admin.request('PATCH', `/api/users/${id}`, { password: 'typed by the admin 2026' });
    expect(set.status).toBe(200);
    expect(set.body.mustChangePassword).toBe(true);
    const c = new Client(s.url);
    const signIn = await c.login(s.world.logins.deptFiler2, 'typed by the admin 2026');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ mustChangePassword: true, mustChangeReason: 'reset' });
    expect(errorCode(await c.get('/api/tables'))).toBe('password_change_required');
    expect((await c.post('/api/me/password', { currentPassword: 'typed by the admin 2026', newPassword: PASSWORD })).status).toBe(200);
    expect((await c.get('/api/tables')).status).toBe(200);
  });

  it('POST /api/me/password refuses a weak password', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptReviewer2);
    for (const pw of WEAK(s.world.logins.deptReviewer2)) refusedWeak(await c.post('/api/me/password', { currentPassword: PASSWORD, newPassword: pw }), `me/password ${pw}`);
  });

  it('generated passwords (reset, bulk import of people) pass the policy and must be changed at first sign-in', async () => {
    const reset = await admin.post(`/api/users/${await userId(s.world.logins.filer2)}/reset-password`);
    expect(reset.status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob(['登录名,姓名,单位编码,角色\nimp_zhang,张三,144001,填报人\n']), 'people.csv');
    const imported = await admin.post('/api/users/import', form);
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    const row = (imported.body.results as Array<{ key: string; temporaryPassword?: string }>).find((r) => r.key === 'imp_zhang')!;
    for (const [login, temp] of [
      [s.world.logins.filer2, reset.body.temporaryPassword as string],
      ['imp_zhang', row.temporaryPassword!],
    ] as const) {
      expect(passwordProblem(temp, { login }), `${login}: ${temp}`).toBeNull();
      const c = new Client(s.url);
      expect((await c.login(login, temp)).body.user.mustChangePassword).toBe(true);
      expect(errorCode(await c.get('/api/tables'))).toBe('password_change_required');
    }
  });

  it('the service paths the CLI takes (setUpRegion for init, loadProvince for generate --password) refuse a weak password', async () => {
    const empty = await createTestDatabase(backend);
    try {
      for (const pw of WEAK('lj_admin')) {
        await expect(setUpRegion(empty.database.db, { region: { code: '440881', name: '廉江市', level: 'county' }, admin: { login: 'lj_admin', password: pw }, via: 'cli' }), pw).rejects.toMatchObject({ code: 'weak_password' });
      }
      // Generated accounts share one password and have no one login to compare it with.
      for (const pw of WEAK('lj_admin').filter((p) => !p.includes('lj_admin'))) {
        await expect(loadProvince(empty.database, { counties: 1, seed: 1, year: 2026, first: 0, size: 1, password: pw }), pw).rejects.toMatchObject({ code: 'weak_password' });
      }
      expect((await empty.database.query('SELECT 1 FROM users')).length, 'nothing was made').toBe(0);
    } finally {
      await empty.cleanup();
    }
  });
});

describe('the CLI commands that set a password refuse a weak one (exit 2, the reason in Chinese and English)', () => {
  it('jixiao init and jixiao generate --password', async () => {
    const db = await createTestDatabase('pglite'); // a migrated, empty data folder
    await db.database.close();
    const out: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    const saved = process.env.JIXIAO_ADMIN_PASSWORD;
    const savedUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // the folder, not the CI's PostgreSQL
    try {
      process.env.JIXIAO_ADMIN_PASSWORD = 'qwertyuiop';
      expect(await cli(['init', '--region', '440881', '--name', '廉江市', '--level', 'county', '--admin-login', 'lj_admin', '--data', db.where])).toBe(2);
      expect(out.join('')).toMatch(/密码.*\n?.*password|password.*密码/is);
      out.length = 0;
      expect(await cli(['generate', '--counties', '1', '--into', db.where, '--password', '1234567890'])).toBe(2);
      expect(out.join(''), 'generate names the problem in both languages').toMatch(/密码/);
      expect(out.join('')).toMatch(/password/i);
    } finally {
      spy.mockRestore();
      if (saved === undefined) delete process.env.JIXIAO_ADMIN_PASSWORD;
      else process.env.JIXIAO_ADMIN_PASSWORD = saved;
      if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
      rmSync(db.where, { recursive: true, force: true });
    }
  }, 60_000);
});
