/**
 * `jixiao generate --counties N [--seed S] [--year Y] [--first K] [--size F] [--first-stage-only]
 *   [--out FILE.ndjson] [--into postgres://…|DIR] [--password P] [--no-baseline] [--json]`
 *
 * Generates a synthetic province (deterministic from the seed: counties with region codes,
 * 财政局, 主管部门, 预算单位, accounts, 一上/二上 tables with revisions and workflow steps) and
 * writes it to a file (one county per JSON line) and/or loads it with COPY into a database
 * (a postgres:// URL, or a PGlite data folder), with a progress bar on stderr. After a load it
 * prints rows/s against a raw COPY of the same rows in the same run (`--no-baseline` skips it).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs, UsageError } from '../args.ts';

function intFlag(flags: Map<string, string | true>, name: string, fallback: number, min: number): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} 应为不小于 ${min} 的整数：${String(v)}`, `--${name} must be an integer ≥ ${min}: ${String(v)}`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, ['counties', 'seed', 'year', 'first', 'size', 'out', 'into', 'password']);
  if (positional.length) throw new UsageError(`多余的参数：${positional.join(' ')}`, `unexpected arguments: ${positional.join(' ')}`);
  if (!flags.has('counties')) throw new UsageError('请给出县的数目：--counties N', 'give the number of counties: --counties N');
  const counties = intFlag(flags, 'counties', 1, 1);
  const seed = intFlag(flags, 'seed', 1, 0);
  const year = intFlag(flags, 'year', 2026, 1990);
  const first = intFlag(flags, 'first', 0, 0);
  const sizeText = flags.get('size');
  const size = sizeText === undefined ? 1 : Number(sizeText);
  if (!(size > 0 && size <= 20)) throw new UsageError(`--size 应在 0 与 20 之间：${String(sizeText)}`, `--size must be in (0, 20]: ${String(sizeText)}`);
  const out = flags.get('out');
  const into = flags.get('into');
  if (out === true || into === true) throw new UsageError('--out 与 --into 需要一个值', '--out and --into need a value');
  if (!out && !into) throw new UsageError('请用 --out FILE 和/或 --into postgres://…|DIR 指定输出', 'say where to: --out FILE and/or --into postgres://…|DIR');
  const password = typeof flags.get('password') === 'string' ? (flags.get('password') as string) : undefined;
  const opts = { counties, seed, year, first, size, firstStageOnly: flags.has('first-stage-only') };

  let file: WriteStream | undefined;
  let lines = 0;
  const writeCounty = (c: object) => {
    file!.write(`${JSON.stringify(c)}\n`);
    lines++;
  };
  if (out) file = createWriteStream(out);
  const closeFile = async () => {
    if (!file) return;
    file.end();
    await once(file, 'finish');
  };
  try {
    if (!into) {
      const { generateProvince } = await import('@jixiao/core');
      const { progressPrinter } = await import('@jixiao/server');
      const show = progressPrinter();
      const t0 = performance.now();
      let tables = 0;
      let rows = 0;
      for (const c of generateProvince(opts)) {
        tables += c.tables.length;
        rows += 1 + c.orgs.length + c.users.length + c.tables.reduce((s, t) => s + 1 + t.revisions.length + t.events.length, 0);
        if (!file!.write(`${JSON.stringify(c)}\n`)) await once(file!, 'drain');
        lines++;
        show({ counties: lines, countiesTotal: counties, tables, rows, bytes: file!.bytesWritten, elapsedMs: performance.now() - t0, done: false });
      }
      await closeFile();
      show({ counties: lines, countiesTotal: counties, tables, rows, bytes: file!.bytesWritten, elapsedMs: performance.now() - t0, done: true });
      process.stdout.write(`已写入 / written: ${out} — ${counties} 县 counties, ${tables.toLocaleString('en')} 表 tables\n`);
      return 0;
    }
    const { openDatabase, loadProvince, progressPrinter, ProvinceLoadError } = await import('@jixiao/server');
    const isUrl = /^postgres(ql)?:\/\//.test(into);
    const database = await openDatabase(isUrl ? { databaseUrl: into } : { dataDir: into });
    try {
      const r = await loadProvince(database, {
        ...opts,
        ...(password ? { password } : {}),
        baseline: !flags.has('no-baseline'),
        onProgress: progressPrinter(),
        ...(file ? { onCounty: writeCounty } : {}),
      }).catch((err: unknown) => {
        if (err instanceof ProvinceLoadError) throw new UsageError(err.zh, err.en);
        // The password policy's refusal (400 weak_password in the API) as a sentence in both languages.
        const b = (err as { bilingual?: { zh: string; en: string } }).bilingual;
        if (b) throw new UsageError(b.zh, b.en);
        throw err;
      });
      await closeFile();
      if (flags.has('json')) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return 0;
      }
      const n = (x: number) => Math.round(x).toLocaleString('en');
      const p = (s: string) => process.stdout.write(`${s}\n`);
      p(`装入 / loaded into ${database.kind} ${database.where}: ${r.counties} 县 counties (${r.regionCodes[0]}…${r.regionCodes.at(-1)}), ${n(r.targetTables)} 目标表 tables`);
      p(`  rows: ${Object.entries(r.rows).map(([k, v]) => `${k} ${n(v)}`).join(', ')} — ${n(r.totalRows)} in all, ${(r.bytes / 1048576).toFixed(1)} MB of COPY text`);
      p(`  bulk load (generate + check + COPY): ${r.seconds.toFixed(1)} s, ${n(r.rowsPerSecond)} rows/s  (generating and checking in Node: ${r.generateSeconds.toFixed(1)} s)`);
      if (r.baseline) {
        const b = r.baseline;
        p(`  raw COPY of the same rows${b.counties < r.counties ? ` (first ${b.counties} counties, ${n(b.rows)} rows)` : ''}: ${b.seconds.toFixed(1)} s, ${n(b.rowsPerSecond)} rows/s`);
        p(`  ratio bulk load / raw COPY: ${((r.rowsPerSecond / b.rowsPerSecond) * 100).toFixed(0)}% of the raw rate`);
      }
      p(`  VACUUM (ANALYZE): ${r.analyzeSeconds.toFixed(1)} s`);
      p(`  每个账号的密码 / every account's password: ${r.password}   (e.g. ${'g' + r.regionCodes[0] + '_101001'} filer, ${'g' + r.regionCodes[0] + '_101_sh'} dept reviewer, ${'g' + r.regionCodes[0] + '_czj1'} finance)`);
      return 0;
    } finally {
      await database.close();
    }
  } finally {
    if (file && !file.closed) file.destroy();
  }
}
