/**
 * Liveness and readiness apart (issue 25): /api/health/live answers while the process is up;
 * /api/health/ready says 503 while migrations run, while shutting down and while the database
 * cannot be reached, and 200 otherwise. /api/health keeps its old answer.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK } from '../../src/db/open.ts';
import { startServer, type RunningServer } from '../../src/serve.ts';
import { BACKENDS, Client, createPgDatabase, errorCode, startTestServer, type TestServer } from '../helpers.ts';
import { freePort } from '../free-port.ts';

describe.each(BACKENDS)('liveness and readiness (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => s?.close());

  it('live and ready when up; ready says 503 while draining, live stays 200', async () => {
    const c = new Client(s.url);
    expect((await c.get('/api/health/live')).body).toMatchObject({ ok: true, pid: process.pid });
    expect((await c.get('/api/health/ready')).body).toEqual({ ok: true, phase: 'ready', database: backend });
    expect((await c.get('/api/health')).body).toMatchObject({ ok: true, database: backend });
    s.app.services.phase = 'draining';
    try {
      const r = await c.get('/api/health/ready');
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ ok: false, phase: 'draining', message: { en: 'the server is shutting down' } });
      expect((await c.get('/api/health/live')).status).toBe(200);
    } finally {
      s.app.services.phase = 'ready';
    }
  });
});


async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(process.env.DATABASE_URL)('readiness on PostgreSQL: migrations and outages', () => {
  let pgdb: Awaited<ReturnType<typeof createPgDatabase>>;
  let running: RunningServer | undefined;
  beforeAll(async () => {
    pgdb = await createPgDatabase();
  });
  afterAll(async () => {
    await running?.close();
    await pgdb?.drop();
  });

  it('503 while migrations run (another process holds the migration lock), other routes 503 starting; ready once migrated', async () => {
    const holder = new pg.Client({ connectionString: pgdb.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = startServer({ databaseUrl: pgdb.url, port, host: '127.0.0.1', handleSignals: false, print: () => undefined });
    try {
      const c = new Client(url);
      await waitFor('liveness', async () => ((await c.get('/api/health/live')).status === 200 ? true : undefined));
      const ready = await c.get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ok: false, phase: 'migrating', database: 'postgres' });
      expect(ready.headers.get('retry-after')).toBe('5');
      const me = await c.get('/api/me');
      expect(me.status).toBe(503);
      expect(errorCode(me)).toBe('starting');
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
      await holder.end();
    }
    running = await started;
    const c = new Client(url);
    expect((await c.get('/api/health/ready')).body).toEqual({ ok: true, phase: 'ready', database: 'postgres' });
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('503 while the database refuses connections, 200 again when it is back', async () => {
    const name = new URL(pgdb.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const c = new Client(running!.url.replace('localhost', '127.0.0.1'));
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const r = await waitFor('503', async () => {
        const x = await c.get('/api/health/ready');
        return x.status === 503 ? x : undefined;
      });
      expect(r.body).toMatchObject({ ok: false, phase: 'ready', message: { en: 'the database cannot be reached' } });
      expect((await c.get('/api/health/live')).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitFor('ready again', async () => ((await c.get('/api/health/ready')).status === 200 ? true : undefined));
  });
});
