/**
 * `jixiao serve --workers 2` on PostgreSQL: two processes behind one port share sessions and
 * the version check (both in the database), so a session made by one process works on the
 * other and of concurrent saves of one version exactly one wins, whichever process takes them.
 * Without DATABASE_URL the command refuses with a clear message.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty, generateCountyTables } from '@jixiao/core';
import { openDatabase } from '../src/db/open.ts';
import { loadProvince } from '../src/bulk/load-province.ts';
import { BIN, Client, createPgDatabase, spawnServer } from './helpers.ts';

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
    for (let i = 0; i < 40; i++) {
      const r = await c.get('/api/me');
      expect(r.status).toBe(200);
      expect(r.body.user?.login ?? r.body.login).toBe(filer.login);
      workers.add(r.headers.get('x-jixiao-worker') ?? '');
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
});
