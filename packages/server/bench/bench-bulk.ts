/**
 * `npm run bench:bulk [-- --counties N]`: loads a synthetic province (default 8 counties ≈ 3,000
 * target tables; `--counties 520` ≈ 200,000 tables, a large province) into a fresh database on
 * the DATABASE_URL server with loadProvince (generate + check + COPY, one stream per table),
 * then COPYs the very same rows raw into empty twins of the tables, in the same run, and prints
 * both rates and their ratio. Without DATABASE_URL it loads into a temporary PGlite folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/db/open.ts';
import { loadProvince } from '../src/bulk/load-province.ts';
import { progressPrinter } from '../src/bulk/progress.ts';
import { createPgDatabase } from '../test/helpers.ts';

const i = process.argv.indexOf('--counties');
const COUNTIES = i > 0 ? Number(process.argv[i + 1]) : 8;

async function main(): Promise<void> {
  let database: Database;
  let cleanup: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const pgdb = await createPgDatabase();
    database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 2 });
    cleanup = () => pgdb.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-bulk-'));
    database = await openDatabase({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    console.log(`jixiao bench:bulk — ${COUNTIES} counties into ${database.kind}, Node ${process.version}`);
    const r = await loadProvince(database, { counties: COUNTIES, seed: 1, baseline: true, onProgress: progressPrinter(process.stderr, 10_000) });
    const n = (x: number) => Math.round(x).toLocaleString('en');
    const mb = r.bytes / 1048576;
    console.log(`rows: ${Object.entries(r.rows).map(([k, v]) => `${k} ${n(v)}`).join(', ')}; ${n(r.targetTables)} target tables, ${mb.toFixed(1)} MB of COPY text`);
    console.log(`bulk load (generate + check + encode + COPY): ${r.seconds.toFixed(1)} s, ${n(r.rowsPerSecond)} rows/s, ${(mb / r.seconds).toFixed(1)} MB/s, ${n(r.targetTables / r.seconds)} tables/s`);
    console.log(`  of which generating and checking in Node: ${r.generateSeconds.toFixed(1)} s`);
    const b = r.baseline!;
    console.log(`raw COPY of the same rows (baseline): ${b.seconds.toFixed(1)} s, ${n(b.rowsPerSecond)} rows/s, ${(b.bytes / 1048576 / b.seconds).toFixed(1)} MB/s`);
    console.log(`ratio bulk load / raw COPY: ${(r.rowsPerSecond / b.rowsPerSecond).toFixed(2)}× (1.00× would be the database's own COPY rate)`);
    console.log(`VACUUM (ANALYZE) afterwards: ${r.analyzeSeconds.toFixed(1)} s`);
    if (database.kind === 'postgres') {
      // On-disk size with indexes: what a county costs, for sizing a province or a country.
      const sizes = await database.query<{ t: string; b: string }>(
        `SELECT relname AS t, pg_total_relation_size(c.oid)::text AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND relname = ANY($1::text[]) ORDER BY 2 DESC`,
        [Object.keys(r.rows)],
      );
      const total = sizes.reduce((t, x) => t + Number(x.b), 0);
      console.log(`on disk (tables + indexes + TOAST): ${(total / 1048576).toFixed(1)} MB, ${(total / 1048576 / r.counties).toFixed(2)} MB a county, ${((total / r.targetTables) / 1024).toFixed(1)} KB a target table — ${sizes.map((x) => `${x.t} ${(Number(x.b) / 1048576).toFixed(1)}`).join(', ')} MB`);
    }
  } finally {
    await database.close();
    await cleanup();
  }
}

await main();
