/**
 * `npm run drill:backup [-- --projects N]`: backup, wipe, restore and compare every row of every
 * table, on PGlite and (when DATABASE_URL is set) PostgreSQL. Prints the figures; exit code 1 on
 * any difference.
 */
import { BACKENDS } from '../test/helpers.ts';
import { runBackupDrill } from '../test/drills/backup-drill.ts';

const i = process.argv.indexOf('--projects');
const projects = i > 0 ? Number(process.argv[i + 1]) : 60;
let bad = false;
process.stdout.write('| backend | tables | rows compared | backup size | backup ms | restore ms | mismatches |\n|---|---|---|---|---|---|---|\n');
for (const backend of BACKENDS) {
  const f = await runBackupDrill(backend, projects);
  bad ||= f.mismatches > 0;
  process.stdout.write(`| ${backend} | ${f.tables} | ${f.rowsCompared} | ${(f.backupBytes / 1024).toFixed(0)} KiB | ${f.backupMs} | ${f.restoreMs} | ${f.mismatches} |\n`);
  process.stderr.write(`${backend} rows by table: ${JSON.stringify(f.rowsByTable)}\n`);
}
process.exit(bad ? 1 : 0);
