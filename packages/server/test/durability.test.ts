/**
 * Durability: an acknowledged write survives kill -9. The real server runs as its own process
 * (`jixiao serve --demo`); writers save and create tables under load; the process is killed
 * with SIGKILL mid-load; the database is reopened and every acknowledged write must be there,
 * with exactly the content that was acknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { DEMO_PASSWORD_DEFAULT } from '../src/demo/demo.ts';
import { BACKENDS, Client, createPgDatabase, seedTables, spawnServer } from './helpers.ts';

describe.each(BACKENDS)('durability: acknowledged writes survive kill -9 (%s)', (backend) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('kills the server under write load and finds every acknowledged write after reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-kill9-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let env: Record<string, string> = { JIXIAO_DATA_DIR: dir, DATABASE_URL: '' };
    let reopen = () => openDatabase({ dataDir: dir });
    if (backend === 'postgres') {
      const pgdb = await createPgDatabase();
      cleanups.push(() => pgdb.drop());
      env = { DATABASE_URL: pgdb.url };
      reopen = () => openDatabase({ databaseUrl: pgdb.url });
    }
    const server = await spawnServer(env);
    const client = new Client(server.url);
    expect((await client.login('bumen', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
    const orgs = await client.get('/api/orgs');
    const unitId = orgs.body.items.find((o: any) => o.code === '144001').id;
    const base = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;

    // Writers: each owns one table and saves it again and again; one more keeps creating tables.
    const acked = new Map<string, { version: number; overview: string }>();
    const created: string[] = [];
    let stop = false;
    let failures = 0;
    const writer = async (w: number) => {
      const doc = { ...base, projectName: { raw: `耐久测试-${w}` } };
      const c = await client.post('/api/tables', { orgId: unitId, document: doc });
      if (c.status !== 201) throw new Error(JSON.stringify(c.body));
      const id = c.body.table.id as string;
      acked.set(id, { version: 1, overview: doc.overview.raw });
      for (let n = 1; !stop; n++) {
        const overview = `writer ${w} save ${n}`;
        try {
          const r = await client.put(`/api/tables/${id}`, { ...doc, overview: { raw: overview } }, { 'if-match': `"${acked.get(id)!.version}"` });
          if (r.status !== 200) throw new Error(`save: ${r.status} ${JSON.stringify(r.body)}`);
          acked.set(id, { version: r.body.table.version, overview });
        } catch (err) {
          if (stop) return;
          failures++;
          if (failures > 50) throw err;
        }
      }
    };
    const creator = async () => {
      for (let n = 0; !stop; n++) {
        try {
          const r = await client.post('/api/tables', { orgId: unitId, document: { ...base, projectName: { raw: `新建-${n}` } } });
          if (r.status === 201) created.push(r.body.table.id);
        } catch {
          if (stop) return;
        }
      }
    };
    const load = Promise.allSettled([writer(1), writer(2), writer(3), writer(4), creator()]);
    // Let the load run (at least 2 s and 40 acknowledged writes, however slow the machine),
    // then kill the process without warning, in the middle of it.
    const ackedCount = () => [...acked.values()].reduce((s, a) => s + a.version, 0) + created.length;
    const started = Date.now();
    while (Date.now() - started < 2000 || (ackedCount() < 40 && Date.now() - started < 30_000)) await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    stop = true;
    await load;

    const totalAcked = ackedCount();
    expect(totalAcked).toBeGreaterThanOrEqual(40); // there really was load
    if (process.env.JIXIAO_DEBUG) console.log(`acknowledged writes before kill -9: ${totalAcked}`);

    // Reopen (for PGlite this also takes over the dead process's lock) and check every write.
    const database = await reopen();
    try {
      for (const [id, a] of acked) {
        const [row] = await database.query<{ version: number }>('SELECT version FROM target_tables WHERE id = $1', [id]);
        expect(row, `table ${id}`).toBeDefined();
        expect(row!.version).toBeGreaterThanOrEqual(a.version);
        const [rev] = await database.query<{ document: any }>('SELECT document FROM table_revisions WHERE table_id = $1 AND version = $2', [id, a.version]);
        expect(rev!.document.overview.raw).toBe(a.overview);
      }
      for (const id of created) {
        const rows = await database.query('SELECT 1 FROM target_tables WHERE id = $1', [id]);
        expect(rows.length, `created ${id}`).toBe(1);
      }
      // Every acknowledged save also has its audit entry, and the chain is intact.
      const { verifyAuditChain } = await import('../src/audit/audit.ts');
      expect(await verifyAuditChain(database.db, '440823')).toMatchObject({ ok: true });
    } finally {
      await database.close();
    }
  }, 120_000);
});
