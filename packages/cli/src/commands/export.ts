/**
 * `jixiao export` — official documents and exchange files, from two sources:
 *
 *   jixiao export FILE_OR_FOLDER... --format xlsx [--out DIR | --one FILE]
 *     Reads the tables in the files (every format `jixiao import` reads, the exchange format
 *     too) and writes each as an official document into DIR (default: the current folder), or
 *     all of them into one file with --one (a workbook with a sheet per table, one Word
 *     document or PDF, one exchange file, a zip).
 *
 *   jixiao export --server URL --user LOGIN --year 2026 [--org CODE] [--stage first]
 *                 [--status published] [--kind project] --format xlsx --out FILE
 *     Asks a running Jixiao server for a batch export (POST /api/exports) as that account —
 *     so it gets exactly the tables the account may read, and the export is audited — shows
 *     the job's progress, and saves the file. The password comes from JIXIAO_PASSWORD.
 *
 * Formats: xlsx, docx, pdf, html, csv (exchange, one file), exchange (JSON), exchange-csv (zip
 * of tables.csv and indicators.csv), findings (the findings report, .xlsx), and for the server
 * also zip-xlsx, zip-docx, zip-pdf. Exit 0: written; 1: some input could not be read; 2: usage.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkTable, type TargetTable } from '@jixiao/core';
import { PdfRenderer, readTableFile, isFileReadError } from '@jixiao/files';
import { parseArgs, UsageError } from '../args.ts';
import { expandPaths } from './import.ts';
import { ServerClient } from '../server-client.ts';
import { readSettings } from '@jixiao/server/settings';

const FILE_FORMATS = ['xlsx', 'docx', 'pdf', 'html', 'csv', 'exchange', 'exchange-csv', 'findings'] as const;
const SERVER_FORMATS = ['xlsx', 'docx', 'pdf', 'zip-xlsx', 'zip-docx', 'zip-pdf', 'exchange', 'csv', 'exchange-csv', 'findings'] as const;

const USAGE = {
  zh: '用法：jixiao export 文件或文件夹... --format xlsx|docx|pdf|html|csv|exchange|exchange-csv|findings [--out 文件夹 | --one 文件]\n      jixiao export --server URL --user 账号 --year 2026 [--org 编码] [--stage first] [--status published] --format xlsx --out 文件',
  en: 'usage: jixiao export FILE_OR_FOLDER... --format FORMAT [--out DIR | --one FILE]\n       jixiao export --server URL --user LOGIN --year 2026 [--org CODE] [--stage first] [--status published] --format FORMAT --out FILE',
};

const say = (zh: string, en: string) => process.stderr.write(`${zh} / ${en}\n`);

function progressBar(done: number, total: number, label: string): void {
  if (!process.stderr.isTTY) return;
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : 0;
  process.stderr.write(`\r\x1b[K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${label}`);
}

/** Makes the folder (and its parents) the output goes to, or says clearly why it cannot. */
async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`无法创建输出文件夹 ${dir}（${code}：路径中有同名文件，或没有写权限）`, `cannot create the output folder ${dir} (${code}: a file of that name is in the way, or no permission to write)`);
  }
}

/** Writes an output file, creating its folder first; an error names the file, never a bare ENOENT. */
async function writeOut(path: string, bytes: Uint8Array): Promise<void> {
  await ensureDir(dirname(path));
  try {
    await writeFile(path, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`无法写入 ${path}（${code}）`, `cannot write ${path} (${code})`);
  }
}

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['format', 'out', 'one', 'server', 'user', 'year', 'org', 'stage', 'status', 'kind', 'title']);
  const format = flags.get('format');
  if (typeof format !== 'string') throw new UsageError(`缺少 --format\n${USAGE.zh}`, `--format is required\n${USAGE.en}`);
  if (flags.has('server')) return fromServer(flags, format);
  if (positional.length === 0) throw new UsageError(USAGE.zh, USAGE.en);
  return fromFiles(positional, flags, format);
}

async function fromFiles(paths: string[], flags: Map<string, string | true>, format: string): Promise<number> {
  if (!(FILE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format 应为 ${FILE_FORMATS.join('、')}`, `--format must be one of ${FILE_FORMATS.join(', ')}`);
  }
  const { renderBatch, renderTable } = await import('@jixiao/server');
  const files = await expandPaths(paths);
  const items: Array<{ table: TargetTable; meta: object; findings: ReturnType<typeof checkTable> }> = [];
  let failed = 0;
  for (const [i, file] of files.entries()) {
    progressBar(i, files.length, basename(file));
    try {
      const r = await readTableFile(new Uint8Array(await readFile(file)), basename(file));
      for (const table of r.tables) items.push({ table, meta: {}, findings: checkTable(table) });
      if (r.tables.length === 0) say(`${file}：没有识别出目标表`, `${file}: no table recognised`);
    } catch (e) {
      failed++;
      if (isFileReadError(e)) say(`${file}：${e.message.zh}`, `${file}: ${e.message.en}`);
      else say(`${file}：无法读取（${(e as Error).message}）`, `${file}: cannot be read (${(e as Error).message})`);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (items.length === 0) {
    say('没有可导出的目标表', 'no table to export');
    return 1;
  }
  const pdf = new PdfRenderer();
  try {
    const one = flags.get('one');
    if (typeof one === 'string' || format === 'findings') {
      if (format === 'html') throw new UsageError('--one 不支持 html；请用 pdf 或 docx', '--one does not take html; use pdf or docx');
      const out = typeof one === 'string' ? one : join(typeof flags.get('out') === 'string' ? (flags.get('out') as string) : '.', '检查意见.xlsx');
      const title = String(flags.get('title') ?? basename(out).replace(/\.[^.]+$/, ''));
      const f = await renderBatch(items, format as Parameters<typeof renderBatch>[1], title, pdf, (d, t) => progressBar(d, t, ''));
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      await writeOut(out, f.bytes);
      process.stdout.write(`已写出 ${out}（${items.length} 张表）/ wrote ${out} (${items.length} tables)\n`);
    } else {
      const dir = typeof flags.get('out') === 'string' ? (flags.get('out') as string) : '.';
      await ensureDir(dir);
      const used = new Set<string>();
      for (const [i, item] of items.entries()) {
        progressBar(i, items.length, '');
        const f = await renderTable(item, format as Parameters<typeof renderTable>[1], pdf);
        let name = f.name;
        for (let k = 2; used.has(name); k++) name = f.name.replace(/(\.[^.]+(?:\.zip)?)$/, ` (${k})$1`);
        used.add(name);
        await writeOut(join(dir, name), f.bytes);
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        process.stdout.write(`${join(dir, name)}\n`);
      }
    }
  } finally {
    await pdf.close();
  }
  return failed ? 1 : 0;
}

/** A cookie-keeping client of the server's API (the same calls the web app makes). */
async function fromServer(flags: Map<string, string | true>, format: string): Promise<number> {
  if (!(SERVER_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format 应为 ${SERVER_FORMATS.join('、')}`, `--format must be one of ${SERVER_FORMATS.join(', ')}`);
  }
  const base = String(flags.get('server')).replace(/\/+$/, '');
  const user = flags.get('user');
  const out = flags.get('out');
  const year = Number(flags.get('year'));
  const password = readSettings().JIXIAO_PASSWORD;
  if (typeof user !== 'string' || typeof out !== 'string' || !Number.isInteger(year)) throw new UsageError(USAGE.zh, USAGE.en);
  if (!password) throw new UsageError('请在环境变量 JIXIAO_PASSWORD 中给出密码', 'give the password in the JIXIAO_PASSWORD environment variable');
  const client = new ServerClient(base);
  const call = (method: string, path: string, body?: unknown) => client.call(method, path, body);
  const json = async (res: Response) => {
    const b = (await res.json().catch(() => ({}))) as { error?: { message?: { zh: string; en: string } } } & Record<string, unknown>;
    if (!res.ok) {
      const m = b.error?.message ?? { zh: `服务器答复 ${res.status}`, en: `the server answered ${res.status}` };
      say(m.zh, m.en);
      return undefined;
    }
    return b;
  };
  await call('GET', '/api/auth/csrf');
  if (!(await json(await call('POST', '/api/auth/login', { login: user, password })))) return 1;
  const body: Record<string, unknown> = { year, format };
  for (const k of ['org', 'stage', 'status', 'kind', 'title'] as const) if (typeof flags.get(k) === 'string') body[k] = flags.get(k);
  let job = (await json(await call('POST', '/api/exports', body))) as { id: string; phase: string; done: number; total: number; file: { url: string } | null; error: { zh: string; en: string } | null } | undefined;
  if (!job) return 1;
  while (job.phase !== 'done' && job.phase !== 'failed') {
    progressBar(job.done, job.total, job.phase);
    await new Promise((ok) => setTimeout(ok, 300));
    job = (await json(await call('GET', `/api/exports/${job.id}`))) as typeof job;
    if (!job) return 1;
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (job.phase === 'failed' || !job.file) {
    say(job.error?.zh ?? '导出失败', job.error?.en ?? 'the export failed');
    return 1;
  }
  const res = await call('GET', job.file.url);
  if (!res.ok) return (await json(res), 1);
  await writeOut(out, new Uint8Array(await res.arrayBuffer()));
  await call('POST', '/api/auth/logout', {});
  process.stdout.write(`已写出 ${out}（${job.total} 张表）/ wrote ${out} (${job.total} tables)\n`);
  return 0;
}
