/**
 * `jixiao serve --workers 2` on PostgreSQL: two processes behind one port share sessions and
 * the version check (both in the database), so a session made by one process works on the
 * other and of concurrent saves of one version exactly one wins, whichever process takes them.
 * Without DATABASE_URL the command refuses with a clear message.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty, generateCountyTables } from '@jixiao/core';
import { openDatabase } from '../src/db/open.ts';
import { loadProvince } from '../src/bulk/load-province.ts';
import { BIN, Client, createPgDatabase, spawnServer } from './helpers.ts';

function freshGet(u: URL, cookie: string): Promise<{ status: number; text: string; worker: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, agent: false, headers: { cookie } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, worker: String(res.headers['x-jixiao-worker'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('jixiao serve --workers without PostgreSQL', () => {
  it('refuses, in Chinese and English', () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [BIN, 'serve', '--workers', '2', '--port', '0'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('PGlite');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe.skipIf(!process.env.DATABASE_URL)('jixiao serve --workers 2 (PostgreSQL)', () => {
  let pgdb: Awaited<ReturnType<typeof createPgDatabase>>;
  let child: ChildProcess | undefined;
  let url = '';
  const county = generateCounty(0, 9);
  const tables = generateCountyTables(county, { seed: 9 });

  beforeAll(async () => {
    pgdb = await createPgDatabase();
    const database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 2 });
    try {
      await loadProvince(database, { counties: 1, seed: 9 });
    } finally {
      await database.close();
    }
    const s = await spawnServer({ DATABASE_URL: pgdb.url, JIXIAO_POOL_SIZE: '4' }, ['--workers', '2']);
    child = s.child;
    url = s.url;
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await pgdb?.drop();
  });

  it('answers from both processes, and a session made by one works on the other', async () => {
    const filer = county.users.find((u) => u.role === 'filer')!;
    const c = new Client(url);
    expect((await c.login(filer.login, 'jixiao-province-2026')).status).toBe(200);
    const workers = new Set<string>();
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (let i = 0; i < 6; i++) {
      // A new connection each time: the cluster hands connections to the workers in turn.
      const r = await freshGet(new URL('/api/me', url), cookie);
      expect(r.status).toBe(200);
      const me = JSON.parse(r.text) as { user?: { login: string }; login?: string };
      expect(me.user?.login ?? me.login).toBe(filer.login);
      workers.add(r.worker);
    }
    expect(workers.size).toBe(2);
    // Signing out on one process ends the session on all.
    expect((await c.post('/api/auth/logout')).status).toBeLessThan(300);
    for (let i = 0; i < 4; i++) expect((await c.get('/api/me')).status).toBe(401);
  });

  it('of concurrent saves of one version, exactly one wins across processes', async () => {
    const draft = tables.find((t) => t.status === 'draft' && t.kind === 'project')!;
    const owner = county.users.find((u) => u.orgId === draft.orgId && u.role === 'filer')!;
    const c = new Client(url);
    expect((await c.login(owner.login, 'jixiao-province-2026')).status).toBe(200);
    const read = await c.get(`/api/tables/${draft.id}`);
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    const results = await Promise.all(Array.from({ length: 12 }, () => c.put(`/api/tables/${draft.id}`, read.body.document, { 'if-match': etag })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect(new Set(results.map((r) => r.headers.get('x-jixiao-worker'))).size).toBe(2);
    const after = await c.get(`/api/tables/${draft.id}`);
    expect(after.headers.get('etag')).toBe(`"${draft.version + 1}"`);
  });

  it('counts failed sign-ins across processes: the lockout holds whichever process answers', async () => {
    const victim = county.users.find((u) => u.role === 'dept_reviewer')!;
    const c = new Client(url);
    await c.get('/api/auth/csrf');
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // A new connection for every attempt: the cluster hands connections out in turn.
    const attempt = (password: string) =>
      new Promise<{ status: number; worker: string }>((resolve, reject) => {
        const body = JSON.stringify({ login: victim.login, password });
        const u = new URL('/api/auth/login', url);
        const req = httpRequest(
          { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false, headers: { cookie, 'x-csrf-token': c.csrf!, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-jixiao-worker'] ?? '') }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push(await attempt('wrong password'));
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(failures.map((f) => f.worker)).size).toBe(2);
    // Locked now, on every process, even with the right password.
    const locked = [await attempt('jixiao-province-2026'), await attempt('jixiao-province-2026')];
    expect(locked.map((l) => l.status)).toEqual([429, 429]);
    expect(new Set(locked.map((l) => l.worker)).size).toBe(2);
  });
});
