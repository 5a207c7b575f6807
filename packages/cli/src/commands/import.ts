/**
 * `jixiao import PATH... [--json] [--lang zh|en|both]`
 * Reads every table in the files (folders are walked recursively), with a progress bar on
 * stderr when it is a terminal, then prints a summary table and, per file, the import findings
 * with the cell they point at. `--json` prints `{ results: [{ file, success, tables, error,
 * findings }] }` for machines. Exit 0: every file was read; 1: some file could not be read;
 * 2: usage.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { countBySeverity, describeCellRef, type Finding, type TargetTable } from '@jixiao/core';
import { readTableFile, isFileReadError } from '@jixiao/files';
import { parseArgs, UsageError } from '../args.ts';
import { describeForm } from '../form-description.ts';

/** One file's outcome (the JSON shape of `--json`). */
export interface ImportResult {
  file: string;
  success: boolean;
  tables: Array<{
    kind: TargetTable['kind'];
    title: string;
    name: string;
    indicators: number;
    findings: { error: number; warning: number; info: number };
    /** The form the table was read as (region, year, header fields, indicator columns), or null when none was recognised. */
    form: TargetTable['form'] | null;
  }>;
  error: { code: string; zh: string; en: string } | null;
  /** Import findings (`import.*`), each with the cell it points at. */
  findings: Finding[];
  /** Milliseconds spent reading and recognising the file. */
  ms: number;
}

const WALK_EXT = /\.(xlsx|xlsm|docx|html?|csv|tsv|txt|text|pdf)$/i;

/** Files named on the command line, and the table files under the folders named there. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && WALK_EXT.test(e.name) && !e.name.startsWith('~$')) out.push(p);
    }
  };
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      out.push(p); // reported as not found, per file
      continue;
    }
    if (info.isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

function tableName(t: TargetTable): string {
  if (t.kind === 'dept-overall') return t.deptName.raw;
  return t.projectName.raw;
}

/** Reads one file into tables; never throws (an unreadable file is `success: false`). */
export async function importFile(path: string): Promise<ImportResult> {
  const started = performance.now();
  const fail = (code: string, zh: string, en: string): ImportResult => ({
    file: path,
    success: false,
    tables: [],
    error: { code, zh, en },
    findings: [],
    ms: Math.round(performance.now() - started),
  });
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fail('not-a-file', `${path} 是文件夹`, `${path} is a folder`);
    if (info.size > 50 * 1024 * 1024) {
      const mb = (info.size / 1048576).toFixed(1);
      return fail('too-large', `文件过大（${mb} MB，上限 50 MB）`, `file too large (${mb} MB, limit 50 MB)`);
    }
    bytes = new Uint8Array(await readFile(path));
  } catch {
    return fail('not-found', `找不到文件 ${path}`, `file not found: ${path}`);
  }
  let result: { tables: TargetTable[]; findings: Finding[] };
  try {
    // Every format packages/files reads, and the exchange format (JSON, one-file CSV, zip of two CSVs).
    result = await readTableFile(bytes, basename(path));
  } catch (e) {
    if (isFileReadError(e)) return fail(e.code, e.message.zh, e.message.en);
    const msg = e instanceof Error ? e.message : String(e);
    return fail('internal', `无法读取：${msg}`, `cannot read: ${msg}`);
  }
  return {
    file: path,
    success: true,
    tables: result.tables.map((t, i) => ({
      kind: t.kind,
      title: t.title,
      name: tableName(t),
      indicators: t.indicators.length,
      findings: countBySeverity(result.findings.filter((f) => f.location.table === i)),
      form: t.form ?? null,
    })),
    error: null,
    findings: result.findings,
    ms: Math.round(performance.now() - started),
  };
}

/** A one-line progress bar on stderr, redrawn in place. */
class Progress {
  private readonly on: boolean;
  constructor(
    private readonly total: number,
    stream: NodeJS.WriteStream,
  ) {
    this.on = Boolean(stream.isTTY) && total > 0;
  }
  tick(done: number, file: string): void {
    if (!this.on) return;
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const name = basename(file);
    const label = name.length > 40 ? `…${name.slice(-39)}` : name;
    process.stderr.write(`\r\x1b[K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${this.total} ${label}`);
  }
  end(): void {
    if (this.on) process.stderr.write('\r\x1b[K');
  }
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const cut = (s: string, n: number) => {
  if (width(s) <= n) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > n - 1) break;
    out += ch;
  }
  return `${out}…`;
};
/** Cuts a path from the left, so the file's own name stays in view. */
const cutPath = (s: string, n: number) => {
  if (width(s) <= n) return s;
  const chars = [...s];
  let out = '';
  for (let i = chars.length - 1; i >= 0 && width(chars[i] + out) <= n - 1; i--) out = chars[i] + out;
  return `…${out}`;
};

type Lang = 'zh' | 'en' | 'both';
const say = (m: { zh: string; en: string }, lang: Lang) => (lang === 'zh' ? m.zh : lang === 'en' ? m.en : `${m.zh} / ${m.en}`);

export function formatSummary(results: ImportResult[], lang: Lang = 'both'): string {
  const head = ['文件 file', '结果 result', '表 tables', '指标 indicators', '提示 notes', '说明 detail'];
  const rows = results.map((r) => [
    cutPath(r.file, 48),
    r.success ? '✓ 已读取 read' : '✗ 失败 failed',
    String(r.tables.length),
    String(r.tables.reduce((s, t) => s + t.indicators, 0)),
    String(r.findings.length),
    r.error ? cut(say(r.error, lang), 60) : r.tables.map((t) => cut(t.name || t.title, 20)).join('、'),
  ]);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  // Which form each table was read as: the checker asks only for what that form has.
  const forms = results.flatMap((r) => r.tables.map((t, i) => `${cutPath(r.file, 48)} #${i + 1}  ${describeForm(t.form ?? undefined)}`));
  if (forms.length) out.push('', ...forms);
  const ok = results.filter((r) => r.success).length;
  const tables = results.reduce((s, r) => s + r.tables.length, 0);
  const inds = results.reduce((s, r) => s + r.tables.reduce((a, t) => a + t.indicators, 0), 0);
  out.push('');
  out.push(
    lang === 'en'
      ? `${results.length} files: ${ok} read, ${results.length - ok} failed; ${tables} tables, ${inds} indicators.`
      : lang === 'zh'
        ? `共 ${results.length} 个文件：读取 ${ok} 个，失败 ${results.length - ok} 个；${tables} 张表，${inds} 个指标。`
        : `共 ${results.length} 个文件：读取 ${ok} 个，失败 ${results.length - ok} 个；${tables} 张表，${inds} 个指标。 / ${results.length} files: ${ok} read, ${results.length - ok} failed; ${tables} tables, ${inds} indicators.`,
  );
  return out.join('\n');
}

export function formatFindings(results: ImportResult[], lang: Lang = 'both'): string {
  const out: string[] = [];
  const mark = { error: '✗', warning: '⚠', info: 'ℹ' } as const;
  for (const r of results) {
    if (!r.findings.length) continue;
    out.push('', `${r.file}`);
    for (const f of r.findings) {
      const where = f.location.source ? describeCellRef(f.location.source) : undefined;
      const table = f.location.table !== undefined ? `#${f.location.table + 1} ` : '';
      out.push(`  ${mark[f.severity]} ${table}${f.code}${where ? ` @ ${lang === 'en' ? where.en : where.zh}` : ''}`);
      out.push(`    ${say(f.message, lang)}`);
    }
  }
  return out.join('\n');
}

export async function run(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args, ['lang']);
  const lang = (flags.get('lang') ?? 'both') as Lang;
  if (!['zh', 'en', 'both'].includes(lang)) throw new UsageError('--lang 只能是 zh、en 或 both', '--lang must be zh, en or both');
  for (const k of flags.keys()) if (!['json', 'lang', 'quiet'].includes(k)) throw new UsageError(`未知选项 --${k}`, `unknown option --${k}`);
  if (positional.length === 0) throw new UsageError('用法：jixiao import 文件或文件夹... [--json]', 'usage: jixiao import FILE_OR_FOLDER... [--json]');

  const files = await expandPaths(positional);
  const progress = new Progress(files.length, process.stderr);
  const results: ImportResult[] = [];
  for (const [i, file] of files.entries()) {
    progress.tick(i, file);
    results.push(await importFile(file));
  }
  progress.tick(files.length, '');
  progress.end();

  if (flags.has('json')) process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
  else {
    process.stdout.write(`${formatSummary(results, lang)}\n`);
    if (!flags.has('quiet')) {
      const f = formatFindings(results, lang);
      if (f) process.stdout.write(`${f}\n`);
    }
  }
  return results.every((r) => r.success) ? 0 : 1;
}
