/**
 * `npm run bench [-- --only load,api] [-- --timeout 900]`: runs every `bench:*` script of the
 * root package.json (found by prefix, so a new benchmark is picked up without touching this
 * file), one after another, and rewrites docs/benchmarks.md with, for each: what it measures
 * (the doc comment at the top of its script), the command, the machine and how loaded it was,
 * how long it took, its figures and ratios, and its full output.
 *
 * `--only a,b` runs some of them and keeps the other sections of the existing file as they were.
 * DATABASE_URL is passed on: without it the PostgreSQL parts of the benchmarks skip themselves.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(ROOT, 'docs', 'benchmarks.md');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

interface Run {
  name: string;
  command: string;
  script: string;
  about: string;
  seconds: number;
  code: number | null;
  output: string;
  loadBefore: number[];
  loadAfter: number[];
  at: string;
}

/** The leading block comment of the file a script runs, as plain text. */
function describeScript(script: string): string {
  const m = /(\S+\.(?:ts|mjs|js))/.exec(script);
  if (!m) return '';
  const file = join(ROOT, m[1]!);
  if (!existsSync(file)) return '';
  const c = /^\s*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'));
  if (!c) return '';
  return c[1]!
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const PROGRESS = /^\s*\[[#-]+\]/;

/** Output as a person reads it: progress redraws (\r) and progress lines collapsed to their last state. */
function clean(text: string): string {
  const lines = text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.split('\r').filter((x) => x.trim() !== '').at(-1) ?? '');
  return lines
    .filter((l, i) => !PROGRESS.test(l) || !PROGRESS.test(lines[i + 1] ?? ''))
    .join('\n')
    .trim();
}

/** Lines that carry a ratio to a baseline or a headline figure. */
function keyLines(output: string): string[] {
  const lines = output.split('\n').filter((l) => /ratio|scaling|baseline|skipped/i.test(l) && !PROGRESS.test(l));
  return lines.slice(0, 12);
}

function runOne(name: string, script: string): Promise<Run> {
  const loadBefore = loadavg();
  const at = new Date().toISOString();
  const t0 = performance.now();
  const timeoutS = Number(flag('timeout') ?? 1200);
  return new Promise((resolveRun) => {
    const child = spawn('npm', ['run', '--silent', name], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d);
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += String(d);
      process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      output += `\n[bench] stopped after ${timeoutS} s\n`;
      child.kill('SIGTERM');
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({
        name,
        command: `npm run ${name}`,
        script,
        about: describeScript(script),
        seconds: (performance.now() - t0) / 1000,
        code,
        output: clean(output),
        loadBefore,
        loadAfter: loadavg(),
        at,
      });
    });
  });
}

async function postgresVersion(): Promise<string> {
  if (!process.env.DATABASE_URL) return 'not set (DATABASE_URL unset: PostgreSQL parts skipped)';
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  try {
    await c.connect();
    const r = await c.query<{ v: string }>('SELECT version() AS v');
    return r.rows[0]!.v.replace(/ on .*/, '');
  } catch (err) {
    return `unreachable (${(err as Error).message})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function section(r: Run): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const status = r.code === 0 ? 'ok' : `exit ${r.code}`;
  const keys = keyLines(r.output);
  return [
    `<!-- ${r.name} -->`,
    `## ${r.name}`,
    '',
    `\`${r.command}\` → \`${r.script}\``,
    '',
    r.about ? r.about.split('\n').map((l) => (l.trim() ? `> ${l}` : '>')).join('\n') : '',
    '',
    `Run ${r.at.replace('T', ' ').slice(0, 16)} UTC · ${r.seconds.toFixed(0)} s · ${status} · load average (1/5/15 min) before ${load(r.loadBefore)}, after ${load(r.loadAfter)}`,
    '',
    ...(keys.length ? ['Headline ratios:', '', ...keys.map((l) => `- \`${l.trim()}\``), ''] : []),
    'Output:',
    '',
    '```',
    r.output,
    '```',
    '',
    `<!-- /${r.name} -->`,
    '',
  ].join('\n');
}

/** Sections of the existing file, by bench name (kept for benches not run this time). */
function previousSections(): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(DOC)) return out;
  const text = readFileSync(DOC, 'utf8');
  for (const m of text.matchAll(/<!-- (bench:[\w:-]+) -->\n([\s\S]*?)<!-- \/\1 -->\n/g)) out.set(m[1]!, m[0]);
  return out;
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const all = Object.keys(pkg.scripts)
    .filter((k) => k.startsWith('bench:'))
    .sort();
  const only = flag('only')
    ?.split(',')
    .map((s) => (s.startsWith('bench:') ? s : `bench:${s}`));
  const chosen = only ? all.filter((k) => only.includes(k)) : all;
  if (only && chosen.length !== only.length) {
    console.error(`unknown benchmark in --only: ${only.filter((o) => !all.includes(o)).join(', ')} (known: ${all.join(', ')})`);
    process.exit(2);
  }
  const cpu = cpus();
  const machine = [
    `- CPU: ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}`,
    `- Memory: ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; ${type()} ${release()}`,
    `- Node ${process.version}; PostgreSQL: ${await postgresVersion()}`,
    `- Load average when the run started: ${loadavg().map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min). The machine is shared: other work running at the same time lowers every figure, which is why each benchmark compares against a baseline measured in the same run.`,
  ].join('\n');
  console.log(`npm run bench: ${chosen.join(', ')}`);
  const runs = new Map<string, string>(previousSections());
  const results: Run[] = [];
  for (const name of chosen) {
    console.log(`\n===== ${name}: ${pkg.scripts[name]} =====`);
    const r = await runOne(name, pkg.scripts[name]!);
    results.push(r);
    runs.set(name, section(r));
  }
  const summary = all.map((name) => {
    const r = results.find((x) => x.name === name);
    const kept = !r && runs.has(name);
    const when = r ? `${r.at.slice(0, 10)}, ${r.seconds.toFixed(0)} s, ${r.code === 0 ? 'ok' : `exit ${r.code}`}` : kept ? 'kept from an earlier run' : 'not run yet';
    return `| [${name}](#${name.replace(':', '')}) | \`npm run ${name}\` | ${when} |`;
  });
  const body = [
    '# Benchmarks',
    '',
    'Every benchmark of the project: root `package.json` scripts named `bench:*`. This file is written by',
    '`npm run bench` (all of them; `npm run bench -- --only load,api` for some, keeping the others\' sections).',
    'Each prints its figures next to a baseline measured in the same run, so the ratios mean something on a',
    'busy machine where the absolute figures do not. Default sizes keep the whole run to minutes; each',
    'section says how to run the full size; the full-size runs made so far (a 120-county province) and',
    'what they show are in [scaling.md](scaling.md#figures-from-this-issues-runs).',
    '',
    '## Machine',
    '',
    machine,
    '',
    '| benchmark | command | last run |',
    '| --- | --- | --- |',
    ...summary,
    '',
    ...all.filter((n) => runs.has(n)).map((n) => runs.get(n)!),
  ].join('\n');
  writeFileSync(DOC, `${body.trimEnd()}\n`);
  console.log(`\nwrote ${DOC}`);
  if (results.some((r) => r.code !== 0)) process.exitCode = 1;
}

await main();
