/**
 * kill -9 during a mixed write load, a few times in a row on the same database (the full drill,
 * 20 kills per backend, is `npm run drill:faults`): every acknowledged write survives and nothing
 * is corrupt. PostgreSQL runs when DATABASE_URL is set (a fresh database on that server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { BACKENDS, createPgDatabase } from '../helpers.ts';
import { runKillDrill, type KillTarget } from '../drills/kill-drill.ts';

const KILLS = Number(process.env.JIXIAO_TEST_KILLS ?? 2);

describe.each(BACKENDS)('faults: kill -9 under mixed write load, %s', (backend) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(`loses nothing acknowledged and corrupts nothing over ${KILLS} kills`, async () => {
    let target: KillTarget;
    if (backend === 'postgres') {
      const pgdb = await createPgDatabase();
      cleanups.push(() => pgdb.drop());
      target = { name: 'postgres', env: { DATABASE_URL: pgdb.url }, reopen: () => openDatabase({ databaseUrl: pgdb.url, poolSize: 2 }) };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'jixiao-faults-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      target = { name: 'pglite', env: { JIXIAO_DATA_DIR: dir, DATABASE_URL: '' }, reopen: () => openDatabase({ dataDir: dir }) };
    }
    const f = await runKillDrill(target, KILLS, { minAcked: 15 });
    expect(f).toMatchObject({ kills: KILLS, lost: 0, corrupt: 0 });
    expect(f.acknowledged).toBeGreaterThanOrEqual(15 * KILLS);
    process.stdout.write(`faults (${backend}): ${JSON.stringify(f)}\n`);
  }, 300_000);
});
