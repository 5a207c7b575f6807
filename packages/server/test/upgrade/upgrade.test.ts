/**
 * Upgrades (issue 25): the current server started on data stored by an earlier schema — a PGlite
 * data folder and a PostgreSQL pg_dump of the 遂溪县 demo, made before this changes
 * (fixtures/upgrade/, see make-fixtures.ts) — migrates them forward and reads every row back
 * unchanged: each table's columns as they were, row by row (SHA-256 of each). Through the API,
 * every table, its revisions and the audit log answer, and the audit chain verifies.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { startServer, type RunningServer } from '../../src/serve.ts';
import { Client, createPgDatabase } from '../helpers.ts';
import { takeSnapshot, type Snapshot } from './snapshot.ts';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/upgrade/', import.meta.url));
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { madeAt: string; password: string; pglite: Snapshot; postgres: Snapshot };

async function readBack(running: RunningServer, want: Snapshot): Promise<void> {
  // Row by row, as stored (the migrations that ran since may add columns, never change these).
  const got = await takeSnapshot(running.database, want);
  for (const table of Object.keys(want.rows)) expect(got.rows[table], table).toEqual(want.rows[table]);
  expect(Object.keys(want.rows.target_tables!).length).toBeGreaterThan(0);
  expect(Object.keys(want.rows.audit_log!).length).toBeGreaterThan(0);

  // Through the API: the region's administrator reads every table, its revisions and the audit log.
  const c = new Client(running.url.replace('localhost', '127.0.0.1'));
  expect((await c.login('admin', expected.password)).status).toBe(200);
  const tables = await running.database.query<{ id: string; version: number }>('SELECT id, version FROM target_tables');
  for (const t of tables) {
    const r = await c.get(`/api/tables/${t.id}`);
    expect(r.status, t.id).toBe(200);
    expect(r.body.table.version).toBe(t.version);
    const revs = await c.get(`/api/tables/${t.id}/revisions`);
    expect(revs.status).toBe(200);
  }
  const audit = await c.get('/api/audit?limit=200');
  expect(audit.status).toBe(200);
  const regions = await running.database.query<{ region_code: string }>('SELECT region_code FROM regions');
  for (const r of regions) {
    const chain = await verifyAuditChain(running.database.db, r.region_code);
    expect(chain, r.region_code).toMatchObject({ ok: true });
  }
  expect((await c.get('/api/health/ready')).status).toBe(200);
}

describe('upgrade from the fixtures made with an earlier schema', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const f of cleanups.reverse()) await f();
  });

  it('a PGlite data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-upgrade-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    execFileSync('tar', ['-xJf', join(FIXTURES, 'pglite-data.tar.xz'), '-C', dir]);
    const running = await startServer({ dataDir: join(dir, 'data'), port: 0, handleSignals: false, print: () => undefined });
    cleanups.push(() => running.close());
    await readBack(running, expected.pglite);
  }, 120_000);

  it.runIf(process.env.DATABASE_URL)('a PostgreSQL pg_dump', async () => {
    const pgdb = await createPgDatabase();
    cleanups.push(() => pgdb.drop());
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', pgdb.url], { input: gunzipSync(readFileSync(join(FIXTURES, 'postgres.sql.gz'))), stdio: ['pipe', 'ignore', 'pipe'] });
    const running = await startServer({ databaseUrl: pgdb.url, port: 0, handleSignals: false, print: () => undefined });
    cleanups.push(() => running.close());
    await readBack(running, expected.postgres);
  }, 120_000);
});
