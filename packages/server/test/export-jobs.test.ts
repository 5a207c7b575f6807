/**
 * Finished export files are dropped after their time, and the space they took is reused: on
 * PGlite (no autovacuum) the table would otherwise keep every file ever exported as dead rows.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportJobs } from '../src/exports/jobs.ts';
import { createTestDatabase, type TestDatabase } from './helpers.ts';

describe('export jobs on PGlite', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.cleanup());

  it('keep the table as small as the files they hold', async () => {
    db = await createTestDatabase('pglite');
    const jobs = new ExportJobs(db.database.db, 0); // keep nothing once finished: each start sweeps the last
    const size = async () => Number((await db!.database.query<{ n: string }>(`SELECT pg_total_relation_size('export_jobs') AS n`))[0]!.n);
    const MB = 1024 * 1024;
    for (let i = 0; i < 12; i++) {
      const job = await jobs.start({ regionCode: 'r', actorId: 'a', format: 'xlsx', title: `t${i}`, total: 1 }, async () => ({ name: 'x.xlsx', type: 'application/x', bytes: new Uint8Array(randomBytes(MB)) }));
      await jobs.idle();
      expect((await jobs.get(job.id))?.phase).toBe('done');
      expect((await jobs.file(job.id))?.bytes.byteLength).toBe(MB);
    }
    // One live 1 MB file (random bytes do not compress), the others gone and their space reused.
    const rows = await db.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM export_jobs`);
    expect(rows[0]!.n).toBe(1);
    expect(await size()).toBeLessThan(4 * MB);
  }, 120_000);
});
