/**
 * `jixiao admin import-orgs|import-users|import-projects FILE [--year Y] [--apply] [--json]` and
 * either
 *   --server URL --user LOGIN   through a running server's API, signed in as that administrator
 *                               (password: JIXIAO_PASSWORD, a hidden prompt, or stdin) — the way
 *                               to use it while the service runs, with no downtime; or
 *   --as LOGIN [--data DIR]     directly on the database (PGlite folder or DATABASE_URL), for a
 *                               stopped server or PostgreSQL.
 * The PGlite folder can be opened by one process only, so a server running on it makes the
 * direct form fail with a hint to use --server. Without --apply it only previews. One line per
 * row: done, or why not; the exit code is 1 when a row failed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, UsageError } from '../args.ts';
import { readPassword } from '../password-input.ts';
import { databasePlace } from '../database-place.ts';
import { replyError, ServerClient } from '../server-client.ts';

const KINDS: Record<string, 'orgs' | 'users' | 'projects'> = { 'import-orgs': 'orgs', 'import-users': 'users', 'import-projects': 'projects' };
const USAGE =
  'jixiao admin import-orgs|import-users|import-projects FILE (--server URL --user LOGIN | --as LOGIN [--data DIR]) [--year Y] [--apply] [--json]';

/** The import routes' answer (the same shape from the API and from runBatchImport). */
interface BatchReply {
  dryRun: boolean;
  summary: Record<string, number>;
  results: Array<{ row: number; key: string; action: string; success: boolean; error?: { message: { zh: string; en: string } }; temporaryPassword?: string }>;
}

/** Chinese first for the actions the imports report (create, rename+move, …). */
const ACTION_ZH: Record<string, string> = {
  create: '新增',
  rename: '改名',
  recode: '改编码',
  move: '移动',
  update: '更新',
  deactivate: '停用',
  reactivate: '启用',
  unchanged: '无变化',
  none: '未处理',
};
export const actionText = (a: string) => `${a.split('+').map((x) => ACTION_ZH[x] ?? x).join('、')} ${a}`;

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['as', 'year', 'data', 'server', 'user']);
  const kind = KINDS[positional[0] ?? ''];
  const file = positional[1];
  const as = flags.get('as');
  const server = flags.get('server');
  const user = flags.get('user');
  const viaServer = typeof server === 'string';
  if (!kind || !file || (viaServer ? typeof user !== 'string' : typeof as !== 'string')) throw new UsageError(`用法：${USAGE}`, `usage: ${USAGE}`);
  const yearFlag = flags.get('year');
  const year = typeof yearFlag === 'string' ? Number(yearFlag) : undefined;
  if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year 应为年份', '--year must be a year');
  if (kind === 'projects' && year === undefined) throw new UsageError('导入项目库需要 --year', 'import-projects needs --year');
  const bytes = readFileSync(file);
  const r = viaServer
    ? await throughServer(server, user as string, kind, file, bytes, year, flags.has('apply'))
    : await onDatabase(flags, kind, file, bytes, as as string, year);
  print(r, flags.has('json'));
  return r.results.some((x) => !x.success) ? 1 : 0;
}

async function throughServer(server: string, user: string, kind: 'orgs' | 'users' | 'projects', file: string, bytes: Buffer, year: number | undefined, apply: boolean): Promise<BatchReply> {
  const client = new ServerClient(server);
  const password = await readPassword('JIXIAO_PASSWORD', `${user} 的密码 / password for ${user}: `);
  await client.signIn(user, password);
  try {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), basename(file));
    const q = new URLSearchParams();
    if (!apply) q.set('dryRun', '1');
    if (year !== undefined) q.set('year', String(year));
    const r = await client.send('POST', `/api/${kind}/import${q.size ? `?${q}` : ''}`, form);
    if (!r.ok) throw replyError(r);
    return r.body as unknown as BatchReply;
  } finally {
    await client.signOut();
  }
}

async function onDatabase(flags: Map<string, string | true>, kind: 'orgs' | 'users' | 'projects', file: string, bytes: Buffer, as: string, year: number | undefined): Promise<BatchReply> {
  const { openDatabase, runBatchImport, BatchError, DataDirLockedError } = await import('@jixiao/server');
  let database;
  try {
    database = await openDatabase(databasePlace(flags.get('data')));
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new UsageError(
        `${err.zh}\n服务运行时请改用：jixiao admin … --server http://localhost:3000 --user 管理员登录名（无需停机）`,
        `${err.en}\nWhile the server runs, use: jixiao admin … --server http://localhost:3000 --user ADMIN_LOGIN (no downtime)`,
      );
    }
    throw err;
  }
  try {
    return await runBatchImport(database, { kind, fileName: file, bytes, as, year, apply: flags.has('apply') });
  } catch (err) {
    if (err instanceof BatchError) throw new UsageError(err.zh, err.en);
    const e = err as { bilingual?: { zh: string; en: string } };
    if (e.bilingual) throw new UsageError(e.bilingual.zh, e.bilingual.en);
    throw err;
  } finally {
    await database.close();
  }
}

function print(r: BatchReply, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  for (const x of r.results) {
    const extra = typeof x.temporaryPassword === 'string' ? `  临时密码 temporary password: ${x.temporaryPassword}` : '';
    process.stdout.write(`${String(x.row).padStart(5)}  ${x.key.padEnd(24)} ${x.success ? actionText(x.action) : `失败 failed: ${x.error?.message.zh} / ${x.error?.message.en}`}${extra}\n`);
  }
  const sum = Object.entries(r.summary).map(([k, v]) => `${SUMMARY_ZH[k] ?? k} ${k} ${v}`).join(', ');
  process.stdout.write(r.dryRun ? `预览，未保存（加 --apply 导入）/ preview, nothing saved (add --apply): ${sum}\n` : `已导入 / imported: ${sum}\n`);
}

const SUMMARY_ZH: Record<string, string> = { rows: '行数', created: '新增', updated: '更新', changed: '变更', unchanged: '无变化', failed: '失败' };
