/**
 * Makes the upgrade fixtures (fixtures/upgrade/) with the schema of the commit it runs on: the
 * 遂溪县 demo in a PGlite data folder (tar.xz) and in PostgreSQL (pg_dump, plain SQL, gzip),
 * with a snapshot of every row of each. Run once per schema era; upgrade.test.ts starts the
 * current server on them and compares.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx packages/server/test/upgrade/make-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openDatabase, type Database } from '../../src/db/open.ts';
import { ensureDemo } from '../../src/demo/demo.ts';
import { createPgDatabase } from '../helpers.ts';
import { takeSnapshot } from './snapshot.ts';

const OUT = fileURLToPath(new URL('../../../../fixtures/upgrade/', import.meta.url));
const PASSWORD = 'upgrade-fixture-2026';

async function demo(database: Database) {
  await ensureDemo(database, { password: PASSWORD });
  return takeSnapshot(database);
}

const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const parent = mkdtempSync(join(tmpdir(), 'jixiao-upgrade-fixture-'));
const dir = join(parent, 'data');
const pglite = await openDatabase({ dataDir: dir });
const pgliteSnapshot = await demo(pglite);
await pglite.close();
// xz: 1.1 MB where gzip gives 4.8 MB (the WAL segment is mostly zeros, the catalog repeats).
execFileSync('tar', ['-cJf', join(OUT, 'pglite-data.tar.xz'), '-C', parent, 'data'], { env: { ...process.env, XZ_OPT: '-9' } });
rmSync(parent, { recursive: true, force: true });

if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is needed for the PostgreSQL fixture');
const pgdb = await createPgDatabase();
const postgres = await openDatabase({ databaseUrl: pgdb.url });
const postgresSnapshot = await demo(postgres);
await postgres.close();
const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', pgdb.url], { maxBuffer: 256 * 1024 * 1024 });
writeFileSync(join(OUT, 'postgres.sql.gz'), gzipSync(dump, { level: 9 }));
await pgdb.drop();

writeFileSync(
  join(OUT, 'expected.json'),
  `${JSON.stringify({ madeAt: commit, password: PASSWORD, pglite: pgliteSnapshot, postgres: postgresSnapshot }, null, 1)}\n`,
);
console.log(`fixtures/upgrade made at ${commit}`);
