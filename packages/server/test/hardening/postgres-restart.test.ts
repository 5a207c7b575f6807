/**
 * PostgreSQL crashes and comes back under load (our own throwaway instance — never the shared
 * one): while it is down the server answers 503 database_unavailable in Chinese and English and
 * /api/health says so; when it is back the server reconnects by itself, and every write it
 * acknowledged before the crash is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { openDatabase, type Database } from '../../src/db/open.ts';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { Client, loggedIn, seedTables, seedWorld, type World } from '../helpers.ts';
import { ownPostgresSkipReason, startOwnPostgres, type OwnPostgres } from '../drills/own-postgres.ts';

const skip = ownPostgresSkipReason();

describe.skipIf(skip !== undefined)('PostgreSQL restart under load', () => {
  let pgs: OwnPostgres;
  let database: Database;
  let app: App;
  let url: string;
  let world: World;
  beforeAll(async () => {
    pgs = await startOwnPostgres();
    database = await openDatabase({ databaseUrl: await pgs.createDatabase('jixiao'), poolSize: 5 });
    world = await seedWorld(database);
    app = await buildApp({ database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const a = app.server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }, 120_000);
  afterAll(async () => {
    // Each step is bounded and named: a teardown that hangs (once, under CI load, for 60 s) must
    // say which step — and our PostgreSQL is stopped whatever happens.
    const bounded = async (step: string, work: () => Promise<unknown> | undefined) => {
      let timer: NodeJS.Timeout | undefined;
      const started = Date.now();
      try {
        await Promise.race([work(), new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`teardown: ${step} did not finish in 20 s`)), 20_000)))]);
      } finally {
        clearTimeout(timer);
        if (Date.now() - started > 5_000) process.stdout.write(`postgres restart teardown: ${step} took ${Date.now() - started} ms\n`);
      }
    };
    try {
      await bounded('app.close()', () => app?.close());
      await bounded('database.close()', () => database?.close());
    } finally {
      await pgs?.stop();
    }
  }, 90_000);

  it('answers 503 with zh/en while the database is down, reconnects when it is back, loses no acknowledged write', async () => {
    const filer = await loggedIn(url, world.logins.filer);
    const doc = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    const made = await filer.post('/api/tables', { orgId: world.orgs.unit.id, document: { ...doc, projectName: { raw: '重启测试' } } });
    const id = made.body.table.id as string;
    let acked = { version: 1, overview: doc.overview.raw as string };
    const statuses = new Map<number, number>();
    let stop = false;
    let down = false;
    const outage: Array<{ status: number; code?: string; zh?: string; en?: string }> = [];
    const writer = (async () => {
      for (let n = 0; !stop; n++) {
        const overview = `save ${n}`;
        const r = await filer.put(`/api/tables/${id}`, { ...doc, projectName: { raw: '重启测试' }, overview: { raw: overview } }, { 'if-match': `"${acked.version}"` });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200) acked = { version: r.body.table.version, overview };
        else if (down) outage.push({ status: r.status, code: r.body?.error?.code, zh: r.body?.error?.message?.zh, en: r.body?.error?.message?.en });
        if (r.status !== 200) await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    while (acked.version < 10) await wait(50);
    const before = acked.version;
    down = true;
    pgs.crash();
    await wait(1500);
    const health = await new Client(url).get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.ok).toBe(false);
    expect(health.body.message).toEqual({ zh: '数据库暂时无法连接', en: 'The database cannot be reached' });
    const read = await filer.get(`/api/tables/${id}`);
    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe('database_unavailable');
    expect(read.headers.get('retry-after')).toBe('5');
    pgs.start();
    down = false;
    const back = Date.now();
    while ((await new Client(url).get('/api/health')).status !== 200) {
      expect(Date.now() - back).toBeLessThan(30_000);
      await wait(100);
    }
    const reconnectMs = Date.now() - back;
    const after = acked.version;
    while (acked.version < after + 5) await wait(50);
    stop = true;
    await writer;
    expect(outage.length).toBeGreaterThan(0);
    for (const o of outage) {
      expect(o.status).toBe(503);
      expect(o.code).toBe('database_unavailable');
      expect(o.zh).toMatch(/数据库/);
      expect(o.en).toMatch(/database/);
    }
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    // Every acknowledged save is there, exactly as acknowledged.
    const [row] = await database.query<{ version: number }>('SELECT version FROM target_tables WHERE id = $1', [id]);
    expect(row!.version).toBe(acked.version);
    const [rev] = await database.query<{ overview: string }>("SELECT document #>> '{overview,raw}' AS overview FROM table_revisions WHERE table_id = $1 AND version = $2", [id, acked.version]);
    expect(rev!.overview).toBe(acked.overview);
    expect(before).toBeLessThanOrEqual(after);
    expect((await verifyAuditChain(database.db, '440823')).ok).toBe(true);
    process.stdout.write(`postgres restart: ${outage.length} requests answered 503 during the outage, reconnected ${reconnectMs} ms after the restart, ${acked.version} versions acknowledged, lost 0\n`);
  }, 120_000);
});
