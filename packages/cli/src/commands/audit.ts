/**
 * `jixiao audit verify [--data DIR] [--region CODE] [--json]`: recomputes every region's audit
 * hash chain (or one region's) from the database and says where it breaks. Exit code 0 when every
 * chain is intact, 1 when one is broken (changed, removed or reordered entries), 2 on a usage or
 * database error — so a cron job or a security review can run it as is.
 */
import { parseArgs, UsageError } from '../args.ts';
import { databasePlace } from '../database-place.ts';

const USAGE = new UsageError('用法：jixiao audit verify [--data DIR] [--region CODE] [--json]', 'usage: jixiao audit verify [--data DIR] [--region CODE] [--json]');

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['data', 'region']);
  if (positional[0] !== 'verify' || positional.length > 1) throw USAGE;
  const { openDatabase, verifyAuditChain } = await import('@jixiao/server');
  const database = await openDatabase(databasePlace(flags.get('data')));
  try {
    const only = flags.get('region');
    // Every chain there is: regions, and the chain of failed sign-ins with unknown names (000000).
    const regions =
      typeof only === 'string'
        ? [only]
        : (
            await database.query<{ region_code: string }>(
              'SELECT region_code FROM audit_heads UNION SELECT DISTINCT region_code FROM audit_log ORDER BY 1',
            )
          ).map((r) => r.region_code);
    const reports = [];
    for (const region of regions) reports.push({ region, ...(await verifyAuditChain(database.db, region)) });
    const broken = reports.filter((r) => !r.ok);
    if (flags.has('json')) {
      process.stdout.write(`${JSON.stringify({ ok: broken.length === 0, regions: reports }, null, 2)}\n`);
    } else {
      for (const r of reports) {
        process.stdout.write(
          r.ok
            ? `✓ ${r.region}: ${r.entries} 条记录，哈希链完整 / ${r.entries} entries, chain intact\n`
            : `✗ ${r.region}: 第 ${r.brokenAt} 条起哈希链断裂（${r.reason}） / chain broken at entry ${r.brokenAt}: ${r.reason}\n`,
        );
      }
      if (reports.length === 0) process.stdout.write('审计日志为空 / the audit log is empty\n');
    }
    return broken.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}
