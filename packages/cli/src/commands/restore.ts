/**
 * `jixiao restore FILE [--data DIR] [--force]`: restores a backup into an empty database (the
 * PGlite data folder, or DATABASE_URL when set); `--force` empties a non-empty one first.
 */
import { basename } from 'node:path';
import { parseArgs, UsageError } from '../args.ts';
import { databasePlace } from '../database-place.ts';

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['data']);
  const file = positional[0];
  if (!file) throw new UsageError('用法：jixiao restore FILE [--data DIR] [--force]', 'usage: jixiao restore FILE [--data DIR] [--force]');
  const { openDatabase, restoreBackup, auditEveryRegion } = await import('@jixiao/server');
  const database = await openDatabase(databasePlace(flags.get('data')));
  try {
    const r = await restoreBackup(database, file, { force: flags.has('force') });
    await auditEveryRegion(database, 'restore', { file: basename(file), rows: r.rows });
    process.stdout.write(`已恢复 ${r.rows} 行 / restored ${r.rows} rows from ${file}\n`);
    for (const [t, n] of Object.entries(r.tables)) process.stdout.write(`  ${t.padEnd(18)} ${n}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
