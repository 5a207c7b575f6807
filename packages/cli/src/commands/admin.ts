/**
 * `jixiao admin import-orgs|import-users|import-projects FILE --as LOGIN [--year Y] [--apply]
 * [--data DIR] [--json]`: the bureau's batch imports on the server's database (PGlite folder, or
 * DATABASE_URL). Without --apply it only previews. One line per row: done, or why not; the exit
 * code is 1 when a row failed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError } from '../args.ts';

const KINDS: Record<string, 'orgs' | 'users' | 'projects'> = { 'import-orgs': 'orgs', 'import-users': 'users', 'import-projects': 'projects' };
const USAGE = 'jixiao admin import-orgs|import-users|import-projects FILE --as LOGIN [--year Y] [--apply] [--data DIR] [--json]';

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['as', 'year', 'data']);
  const kind = KINDS[positional[0] ?? ''];
  const file = positional[1];
  const as = flags.get('as');
  if (!kind || !file || typeof as !== 'string') throw new UsageError(`用法：${USAGE}`, `usage: ${USAGE}`);
  const yearFlag = flags.get('year');
  const year = typeof yearFlag === 'string' ? Number(yearFlag) : undefined;
  if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year 应为年份', '--year must be a year');
  const { openDatabase, runBatchImport, BatchError } = await import('@jixiao/server');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: (flags.get('data') as string | undefined) ?? process.env.JIXIAO_DATA_DIR ?? './data' });
  try {
    const r = await runBatchImport(database, { kind, fileName: file, bytes: readFileSync(file), as, year, apply: flags.has('apply') });
    if (flags.has('json')) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      for (const x of r.results) {
        const extra = typeof x.temporaryPassword === 'string' ? `  临时密码 temporary password: ${x.temporaryPassword}` : '';
        process.stdout.write(`${String(x.row).padStart(5)}  ${x.key.padEnd(24)} ${x.success ? x.action : `失败 failed: ${x.error?.message.zh} / ${x.error?.message.en}`}${extra}\n`);
      }
      const sum = Object.entries(r.summary).map(([k, v]) => `${k} ${v}`).join(', ');
      process.stdout.write(r.dryRun ? `预览，未保存（加 --apply 导入）/ preview, nothing saved (add --apply): ${sum}\n` : `已导入 / imported: ${sum}\n`);
    }
    return r.results.some((x) => !x.success) ? 1 : 0;
  } catch (err) {
    if (err instanceof BatchError) throw new UsageError(err.zh, err.en);
    const e = err as { bilingual?: { zh: string; en: string } };
    if (e.bilingual) throw new UsageError(e.bilingual.zh, e.bilingual.en);
    throw err;
  } finally {
    await database.close();
  }
}
