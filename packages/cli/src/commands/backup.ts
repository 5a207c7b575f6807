/**
 * `jixiao backup FILE [--data DIR]`: a logical backup (JSON lines, every row of every table) of
 * the PGlite data folder, or of DATABASE_URL when set. Restorable on either database.
 */
import { basename } from 'node:path';
import { parseArgs, UsageError } from '../args.ts';
import { databasePlace } from '../database-place.ts';

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['data']);
  const file = positional[0];
  if (!file) throw new UsageError('用法：jixiao backup FILE [--data DIR]', 'usage: jixiao backup FILE [--data DIR]');
  const { openDatabase, writeBackup, auditEveryRegion } = await import('@jixiao/server');
  const database = await openDatabase(databasePlace(flags.get('data')));
  try {
    const r = await writeBackup(database, file);
    await auditEveryRegion(database, 'backup', { file: basename(file), rows: r.rows });
    process.stdout.write(`已备份 ${r.rows} 行到 ${file} / backed up ${r.rows} rows to ${file}\n`);
    for (const [t, n] of Object.entries(r.tables)) process.stdout.write(`  ${t.padEnd(18)} ${n}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
