/**
 * Public reads go to the read replica (DATABASE_REPLICA_URL), tested against a real streaming
 * standby started on loopback (test/streaming-replica.ts): the read handle is in recovery, a
 * table published on the primary stays invisible on the public page while the standby's replay
 * is paused — while the signed-in API, on the primary, already shows it — and appears once
 * replay resumes. Skips, saying why, where the PostgreSQL server binaries are missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { generateCounty, generateCountyTables } from '@jixiao/core';
import { buildApp, type App } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/open.ts';
import { loadProvince, PROVINCE_PASSWORD } from '../src/bulk/load-province.ts';
import { Client } from './helpers.ts';
import { replicaSkipReason, startStreamingPair, type StreamingPair } from './streaming-replica.ts';

const skip = replicaSkipReason();
if (skip) console.log(`replica tests skipped: ${skip}`);

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!!skip)('read replica (a real streaming standby on loopback)', () => {
  let pair: StreamingPair;
  let database: Database;
  let app: App;
  let url = '';
  const county = generateCounty(0, 3);
  const tables = generateCountyTables(county, { seed: 3 });

  beforeAll(async () => {
    pair = await startStreamingPair();
    const admin = new pg.Client({ connectionString: pair.primaryUrl('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE jixiao');
    await admin.end();
    database = await openDatabase({ databaseUrl: pair.primaryUrl('jixiao'), replicaUrl: pair.standbyUrl('jixiao'), poolSize: 3 });
    await loadProvince(database, { counties: 1, seed: 3 });
    // Wait for the standby to replay the load.
    await until('replication', async () => {
      const [r] = await pair.standbyQuery<{ n: string }>('jixiao', 'SELECT count(*) AS n FROM target_tables');
      return Number(r!.n) === tables.length ? true : undefined;
    });
    app = await buildApp({ database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const a = app.server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await pair?.stop();
  });

  it('reads through a connection to the standby, writes through the primary', async () => {
    const inRecovery = async (db: Database['db']) => ((await db.execute(sql`SELECT pg_is_in_recovery() AS r`)) as unknown as { rows: Array<{ r: boolean }> }).rows[0]!.r;
    expect(await inRecovery(database.read)).toBe(true);
    expect(await inRecovery(database.db)).toBe(false);
    expect(database.replica).toContain(':' + new URL(pair.standbyUrl('jixiao')).port);
  });

  it('serves public pages from the replica: a new publication appears only once the standby replays it', async () => {
    const pub = new Client(url);
    const list = await pub.get(`/api/public/tables?region=${county.regionCode}&year=2026&limit=500`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(tables.filter((t) => t.status === 'published').length);

    const target = tables.find((t) => t.status === 'finance_approved')!;
    expect((await pub.get(`/api/public/tables/${target.id}`)).status).toBe(404);
    await pair.standbyQuery('jixiao', 'SELECT pg_wal_replay_pause()');
    try {
      const finance = new Client(url);
      const login = county.users.find((u) => u.role === 'finance_reviewer')!.login;
      expect((await finance.login(login, PROVINCE_PASSWORD)).status).toBe(200);
      const r = await finance.post(`/api/tables/${target.id}/publish`, { version: target.version });
      expect(r.status).toBe(200);
      expect(r.body.table.status).toBe('published');
      // The signed-in API reads the primary: published at once.
      expect((await finance.get(`/api/tables/${target.id}`)).body.table.status).toBe('published');
      // The public page reads the paused standby: not yet.
      await new Promise((res) => setTimeout(res, 300));
      expect((await pub.get(`/api/public/tables/${target.id}`)).status).toBe(404);
    } finally {
      await pair.standbyQuery('jixiao', 'SELECT pg_wal_replay_resume()');
    }
    const shown = await until('the standby to replay the publication', async () => {
      const r = await pub.get(`/api/public/tables/${target.id}`);
      return r.status === 200 ? r : undefined;
    });
    expect(shown.body.table.id).toBe(target.id);
  });
});
