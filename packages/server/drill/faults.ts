/**
 * `npm run drill:faults [-- --kills N] [-- --only pglite|postgres]`: the kill -9 drill, 20 kills
 * per backend by default, on embedded PGlite (a temporary folder) and on PostgreSQL (a throwaway
 * instance of our own — initdb on a free port — or DATABASE_URL's server when set). Prints each
 * kill and the figures; exit code 1 if anything acknowledged was lost or anything is corrupt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/open.ts';
import { createPgDatabase } from '../test/helpers.ts';
import { runKillDrill, type KillFigures, type KillTarget } from '../test/drills/kill-drill.ts';
import { ownPostgresSkipReason, startOwnPostgres } from '../test/drills/own-postgres.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const kills = Number(arg('kills') ?? 20);
const only = arg('only');
const log = (l: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);

const results: KillFigures[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
try {
  if (!only || only === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-drill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
    await (await openDatabase({ dataDir: dir })).close(); // initdb and migrations before the first start
    const t: KillTarget = { name: 'pglite', env: { JIXIAO_DATA_DIR: dir, DATABASE_URL: '' }, reopen: () => openDatabase({ dataDir: dir }) };
    results.push(await runKillDrill(t, kills, { log }));
  }
  if (!only || only === 'postgres') {
    let url: string;
    if (process.env.DATABASE_URL) {
      const pgdb = await createPgDatabase();
      cleanups.push(() => pgdb.drop());
      url = pgdb.url;
    } else {
      const skip = ownPostgresSkipReason();
      if (skip) throw new Error(`PostgreSQL drill cannot run: ${skip}`);
      const own = await startOwnPostgres();
      cleanups.push(() => own.stop());
      url = await own.createDatabase('jixiao_drill');
    }
    const t: KillTarget = { name: 'postgres', env: { DATABASE_URL: url }, reopen: () => openDatabase({ databaseUrl: url, poolSize: 2 }) };
    results.push(await runKillDrill(t, kills, { log }));
  }
} finally {
  for (const c of cleanups.reverse()) await c();
}
process.stdout.write('\n| backend | kills | acknowledged writes | tables checked | last saves checked | submissions checked | audit entries verified | lost | corrupt | seconds |\n|---|---|---|---|---|---|---|---|---|---|\n');
for (const r of results) {
  process.stdout.write(`| ${r.backend} | ${r.kills} | ${r.acknowledged} | ${r.tablesChecked} | ${r.savesChecked} | ${r.submissionsChecked} | ${r.auditEntries} | ${r.lost} | ${r.corrupt} | ${r.seconds} |\n`);
}
process.exit(results.some((r) => r.lost || r.corrupt) ? 1 : 0);
