/**
 * `npm run bench:core [-- --tables N]`: generates N (default 20,000; the full run: --tables 100000) realistic project tables,
 * then times checking them all (every rule of guangdong-2026) against JSON.parse of the same
 * tables, in the same run, and prints the ratio. Aim: checking costs at most 2× parsing.
 */
import { activeRules, checkTable, generateProjectTables, type ProjectTable } from '@jixiao/core';

const arg = process.argv.indexOf('--tables');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 20_000;
const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const t0 = performance.now();
const tables = generateProjectTables(N, 2026);
const json = tables.map((t) => JSON.stringify(t));
const genMs = performance.now() - t0;
const bytes = json.reduce((s, j) => s + Buffer.byteLength(j), 0);
const indicators = tables.reduce((s, t) => s + t.indicators.length, 0);
activeRules(); // resolve the rule set once, outside the timings

let sink = 0;
const parseTimes: number[] = [];
const checkTimes: number[] = [];
let findings = 0;
for (let round = 0; round < ROUNDS + 1; round++) {
  // Alternate to share any machine noise; round 0 is a warm-up.
  let a = performance.now();
  const parsed: ProjectTable[] = new Array(N);
  for (let i = 0; i < N; i++) parsed[i] = JSON.parse(json[i]!) as ProjectTable;
  const p = performance.now() - a;
  sink += parsed.length;
  a = performance.now();
  let f = 0;
  for (let i = 0; i < N; i++) f += checkTable(parsed[i]!).length;
  const c = performance.now() - a;
  if (round > 0) {
    parseTimes.push(p);
    checkTimes.push(c);
    findings = f;
  }
}

const parseMs = median(parseTimes);
const checkMs = median(checkTimes);
console.log(`bench:core — ${N.toLocaleString('en')} project tables, ${indicators.toLocaleString('en')} indicators, ${(bytes / 1048576).toFixed(1)} MB JSON (generated in ${(genMs / 1000).toFixed(1)} s)`);
console.log(`node ${process.version}, median of ${ROUNDS} rounds after a warm-up`);
console.log(`JSON.parse (baseline): ${parseMs.toFixed(0)} ms  (${((parseMs * 1000) / N).toFixed(1)} µs/table)`);
console.log(`checkTable (all rules): ${checkMs.toFixed(0)} ms  (${((checkMs * 1000) / N).toFixed(1)} µs/table, ${findings.toLocaleString('en')} findings)`);
console.log(`ratio check / parse: ${(checkMs / parseMs).toFixed(2)}×  (aim ≤ 2×)`);
if (sink < 0) console.log(sink);
