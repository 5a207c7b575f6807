/**
 * `npm run bench:fidelity [-- --dir DIR ...] [--rules auto|NAME] [--no-write] [--record-baseline LABEL] [--file N ...] [--verbose]`
 * Reads and checks every corpus file (default fixtures/corpus) as `jixiao check` does, scores it
 * against its .expect.json, prints per file and in total (all, dev, holdout, holdout2), and writes
 * docs/fidelity.md. `--record-baseline LABEL` also keeps these totals in docs/fidelity-baseline.json,
 * which later runs show as "before". `--write-floors` records the current ratios (rounded down to whole percents)
 * as the floors packages/cli/test/fidelity.test.ts holds for these folders: run it when the
 * figures have improved, or when new corpus files honestly lower them.
 * `--file N` (repeatable) scores only the files whose names start with `N_` (nothing is written);
 * `--verbose` prints, under each file, the rows not right, errors that are no marked defect and
 * defects missed.
 * Exit 1 when a corpus file or expectation is broken.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadRuleSetOption } from '../packages/cli/src/rule-set-option.ts';
import { runFidelity } from '../packages/cli/src/fidelity/run-fidelity.ts';
import { fidelityMarkdown, fidelityText, ratiosOf, summarise, type Baseline } from '../packages/cli/src/fidelity/fidelity-report.ts';

const args = process.argv.slice(2);
const dirs: string[] = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--dir') dirs.push(args[++i]!);
if (!dirs.length) dirs.push('fixtures/corpus');
const picks = args.flatMap((a, i) => (args[i - 1] === '--file' ? [`${a}_`] : []));
// A partial run must not overwrite the report, the baseline or the floors of the whole corpus.
const only = picks.length ? new Set(dirs.flatMap((d) => (existsSync(d) ? readdirSync(d) : [])).filter((n) => !n.endsWith('.json') && picks.some((p) => n.startsWith(p)))) : undefined;
const write = !args.includes('--no-write') && !only;
const bi = args.indexOf('--record-baseline');
const baselineLabel = bi >= 0 ? args[bi + 1] : undefined;
const BASELINE = 'docs/fidelity-baseline.json';

const started = performance.now();
const run = await runFidelity(dirs, await loadRuleSetOption(args.includes('--rules') ? args[args.indexOf('--rules') + 1] : undefined), only);
const ms = performance.now() - started;
const summary = summarise(run.files);
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
process.stdout.write(fidelityText(run, summary, args.includes('--verbose')));
process.stdout.write(`\n${run.files.length} files in ${(ms / 1000).toFixed(1)} s · load average ${load}\n`);

if (baselineLabel && !only) {
  const b: Baseline = { label: baselineLabel, summary: { all: summary.all, dev: summary.dev, holdout: summary.holdout, holdout2: summary.holdout2 } };
  writeFileSync(BASELINE, `${JSON.stringify(b, null, 2)}\n`);
  process.stdout.write(`baseline "${baselineLabel}" written to ${BASELINE}\n`);
}
if (args.includes('--write-floors') && !only) {
  const FLOORS = 'packages/cli/test/fidelity-floors.json';
  const floors = existsSync(FLOORS) ? (JSON.parse(readFileSync(FLOORS, 'utf8')) as Record<string, unknown>) : {};
  // Whole percents, rounded down: a new corpus file moves a ratio a little without failing the test.
  const down = (r: number | null) => (r === null ? null : Math.floor(r * 100) / 100);
  const of = (t: typeof summary.all) => Object.fromEntries(Object.entries(ratiosOf(t)).map(([k, v]) => [k, down(v)]));
  // One run covers one set of folders: the floors are kept per folder run alone.
  // The files they were measured on are kept with them: a file added later is not held to them until the floors are written again.
  if (dirs.length === 1 && run.files.length) floors[dirs[0]!] = { files: run.files.map((f) => f.file), all: of(summary.all), dev: of(summary.dev), holdout: of(summary.holdout), holdout2: of(summary.holdout2) };
  writeFileSync(FLOORS, `${JSON.stringify(floors, null, 2)}\n`);
  process.stdout.write(`floors written to ${FLOORS}\n`);
}
if (write) {
  const baseline = existsSync(BASELINE) ? (JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline) : undefined;
  const ruleSets = [...new Set(run.files.flatMap((f) => f.ruleSet.split(', ')))].sort();
  const cmd = `npm run bench:fidelity${dirs.join() === 'fixtures/corpus' ? '' : ` -- ${dirs.map((d) => `--dir ${d}`).join(' ')}`}`;
  writeFileSync('docs/fidelity.md', fidelityMarkdown(run, summary, { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', ruleSets, command: cmd, load }, baseline));
  process.stdout.write('docs/fidelity.md written\n');
}
process.exit(run.problems.length ? 1 : 0);
