/**
 * `npm run bench:load`: the last days before the 二上 deadline on a province-size database.
 *
 * 1. A fresh database on the DATABASE_URL server is loaded with a synthetic province
 *    (loadProvince: COPY), and one session per virtual user is put in the sessions table.
 * 2. Hundreds of virtual users, each with its own session, work without pause: filers read
 *    their 二上 tables, list them, save them (PUT with If-Match of the version they read) and
 *    submit them (refused with the findings while errors remain); 主管部门 reviewers list what
 *    is submitted to them, read it and approve or return it with comments; the public reads
 *    the published list. Errors are 5xx or broken connections; 409/422 are the answers a real
 *    user gets (someone saved first, the checker refuses) and are counted apart.
 * 3. The same load runs against `jixiao serve` as 1 process and then as N processes behind one
 *    port (node:cluster), in the same run, and the throughput ratio is printed.
 *
 * Everything runs on this machine: the load generator, the server processes and PostgreSQL
 * share its cores, so N processes can scale only as far as the cores left over allow.
 *
 * Flags: --counties N (default 4; a province: 120) --sessions N (default 200) --seconds S
 * (default 10 per phase) --think MS (pause between a user's requests, 0–2× MS; default 0: every
 * user sends its next request as soon as the last is answered, which measures the most the
 * server can do) --workers 1,2 (the process counts to compare) --rounds R (default 2:
 * phases alternate 1, N, 1, N so a change in the machine's load hits both) --keep (keep the
 * database and print its URL). Needs DATABASE_URL; without it, says so and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { GeneratedCounty } from '@jixiao/core';
import { openDatabase } from '../src/db/open.ts';
import { loadProvince } from '../src/bulk/load-province.ts';
import { progressPrinter } from '../src/bulk/progress.ts';
import { SESSION_TTL_MS, tokenId } from '../src/auth/session.ts';
import { copyRow } from '../src/bulk/copy-text.ts';
import { createPgDatabase } from '../test/helpers.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/jixiao.mjs', import.meta.url));

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const COUNTIES = Number(flag('counties', '4'));
const SESSIONS = Number(flag('sessions', '200'));
const SECONDS = Number(flag('seconds', '10'));
const WORKERS = flag('workers', '1,2').split(',').map(Number);
/** Phases alternate (1, N, 1, N …) so that a change in the machine's load hits both alike. */
const ROUNDS = Number(flag('rounds', '2'));
const WARMUP_MS = Number(flag('warmup', '4')) * 1000;
/** Pause between one user's requests (ms, uniformly 0–2× this); 0 = as fast as answers come. */
const THINK_MS = Number(flag('think', '0'));

interface Vu {
  kind: 'filer' | 'reviewer' | 'public';
  cookie: string;
  csrf: string;
  regionCode: string;
  /** Filer: the 二上 drafts they work on (those they submit leave the list). */
  tables: string[];
  initialTables: string[];
  versions: Map<string, number>;
  documents: Map<string, unknown>;
}

type Op = 'read' | 'list' | 'save' | 'submit' | 'review-list' | 'review-read' | 'approve' | 'return' | 'public';

interface Sample {
  op: Op;
  ms: number;
  status: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

function http(base: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string; etag?: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: base.hostname, port: base.port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ...(res.headers.etag ? { etag: res.headers.etag } : {}) }));
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('error', () => resolve({ status: 0, text: '' }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Small deterministic choice per virtual user (the load is the same from run to run). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function runVu(base: URL, vu: Vu, seed: number, until: number, record: (s: Sample) => void): Promise<void> {
  const rnd = rng(seed);
  const headers = { cookie: vu.cookie, 'x-csrf-token': vu.csrf };
  const timed = async (op: Op, method: string, path: string, body?: string, extra: Record<string, string> = {}) => {
    const t0 = performance.now();
    const r = await http(base, method, path, { ...headers, ...extra }, body);
    if (Date.now() < until) record({ op, ms: performance.now() - t0, status: r.status });
    if (THINK_MS > 0) await new Promise((res) => setTimeout(res, rnd() * 2 * THINK_MS));
    return r;
  };
  while (Date.now() < until) {
    if (vu.kind === 'public') {
      await timed('public', 'GET', `/api/public/tables?region=${vu.regionCode}&year=2026&limit=50`);
      continue;
    }
    if (vu.kind === 'reviewer') {
      const list = await timed('review-list', 'GET', '/api/tables?stage=second&status=submitted&limit=20');
      let items: Array<{ id: string; version: number }> = [];
      try {
        items = (JSON.parse(list.text) as { items: Array<{ id: string; version: number }> }).items ?? [];
      } catch {
        /* counted by its status */
      }
      const t = items[Math.floor(rnd() * items.length)];
      if (!t) continue;
      await timed('review-read', 'GET', `/api/tables/${t.id}`);
      if (rnd() < 0.4) await timed('approve', 'POST', `/api/tables/${t.id}/approve`, JSON.stringify({ version: t.version, comment: '同意' }));
      else await timed('return', 'POST', `/api/tables/${t.id}/return`, JSON.stringify({ version: t.version, comment: '请将满意度指标量化', fieldComments: [{ field: 'ind:i1:value', indicatorId: 'i1', comment: '请量化' }] }));
      continue;
    }
    if (vu.tables.length === 0) {
      await timed('list', 'GET', '/api/tables?stage=second&limit=20');
      continue;
    }
    const id = vu.tables[Math.floor(rnd() * vu.tables.length)]!;
    const gone = (res: { status: number; text: string }) => {
      // Submitted meanwhile (by this user): not theirs to edit until a reviewer returns it.
      if (res.status === 409 && /not_editable|invalid_state/.test(res.text)) {
        vu.tables = vu.tables.filter((x) => x !== id);
        vu.documents.delete(id);
        return true;
      }
      return false;
    };
    const r = rnd();
    if (r < 0.5 || !vu.documents.has(id)) {
      const res = await timed('read', 'GET', `/api/tables/${id}`);
      if (res.status === 200) {
        vu.versions.set(id, Number(res.etag?.replace(/"/g, '')));
        vu.documents.set(id, (JSON.parse(res.text) as { document: unknown }).document);
      }
    } else if (r < 0.6) {
      await timed('list', 'GET', '/api/tables?stage=second&limit=20');
    } else if (r < 0.88) {
      const doc = vu.documents.get(id) as { annualGoal?: { raw: string } };
      if (doc.annualGoal) doc.annualGoal = { raw: `${doc.annualGoal.raw.replace(/（第\d+稿）$/, '')}（第${Math.floor(rnd() * 100)}稿）` };
      const res = await timed('save', 'PUT', `/api/tables/${id}`, JSON.stringify(doc), { 'if-match': `"${vu.versions.get(id)}"` });
      if (res.status === 200 && res.etag) vu.versions.set(id, Number(res.etag.replace(/"/g, '')));
      else if (!gone(res) && res.status === 409) vu.documents.delete(id); // read it again before the next save
    } else {
      const res = await timed('submit', 'POST', `/api/tables/${id}/submit`, JSON.stringify({ version: vu.versions.get(id) }));
      if (res.status === 200) vu.tables = vu.tables.filter((x) => x !== id);
      else gone(res);
    }
  }
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

interface PhaseResult {
  workers: number;
  requests: number;
  rps: number;
  /** Throughput of each round, to show how steady it was. */
  perRound: number[];
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  refused: number;
  byOp: Map<Op, number[]>;
  /** Answers other than 2xx, by request: "409×3 422×1". */
  otherByOp: Map<Op, Map<number, number>>;
}

function summarise(workers: number, runs: Array<{ samples: Sample[]; seconds: number }>): PhaseResult {
  const samples = runs.flatMap((r) => r.samples);
  const secs = runs.reduce((t, r) => t + r.seconds, 0);
  const all = samples.map((x) => x.ms).sort((a, b) => a - b);
  const byOp = new Map<Op, number[]>();
  for (const x of samples) byOp.set(x.op, [...(byOp.get(x.op) ?? []), x.ms]);
  for (const v of byOp.values()) v.sort((a, b) => a - b);
  const otherByOp = new Map<Op, Map<number, number>>();
  for (const x of samples) {
    if (x.status >= 200 && x.status < 300) continue;
    const m = otherByOp.get(x.op) ?? new Map<number, number>();
    m.set(x.status, (m.get(x.status) ?? 0) + 1);
    otherByOp.set(x.op, m);
  }
  return {
    workers,
    requests: samples.length,
    rps: samples.length / secs,
    perRound: runs.map((r) => r.samples.length / r.seconds),
    p50: pct(all, 50),
    p95: pct(all, 95),
    p99: pct(all, 99),
    errors: samples.filter((x) => x.status === 0 || x.status >= 500).length,
    refused: samples.filter((x) => x.status === 409 || x.status === 422).length,
    byOp,
    otherByOp,
  };
}

function spawnServer(env: Record<string, string>, workers: number): Promise<{ child: ChildProcess; url: string }> {
  const args = [BIN, 'serve', '--port', '0', ...(workers > 1 ? ['--workers', String(workers)] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function phase(dbUrl: string, workers: number, vus: Vu[]): Promise<{ samples: Sample[]; seconds: number }> {
  // Each process gets a share of the connections the database allows a benchmark (≈ 24).
  const server = await spawnServer({ DATABASE_URL: dbUrl, JIXIAO_POOL_SIZE: String(Math.max(4, Math.floor(24 / workers))) }, workers);
  try {
    const base = new URL(server.url);
    const warm = Date.now() + WARMUP_MS;
    await Promise.all(vus.map((vu, i) => runVu(base, vu, 1000 + i, warm, () => undefined)));
    const samples: Sample[] = [];
    const t0 = performance.now();
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(vus.map((vu, i) => runVu(base, vu, 2000 + i + workers * 7919, until, (s) => samples.push(s))));
    return { samples, seconds: Math.min((performance.now() - t0) / 1000, SECONDS) };
  } finally {
    await stopServer(server.child);
  }
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.log('bench:load skipped: set DATABASE_URL=postgres://user@host:5432/db (a fresh database is created on that server and dropped afterwards)');
    return;
  }
  const cpu = cpus();
  console.log(`jixiao bench:load — ${COUNTIES} counties, ${SESSIONS} concurrent sessions${THINK_MS ? ` (think time 0–${2 * THINK_MS} ms)` : ' (no think time)'}, ${SECONDS} s per phase after ${WARMUP_MS / 1000} s warm-up, workers ${WORKERS.join(' vs ')}, ${ROUNDS} rounds`);
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('(load generator, server processes and PostgreSQL share these cores)');
  const pgdb = await createPgDatabase();
  try {
    const database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 2 });
    const counties: GeneratedCounty[] = [];
    let vus: Vu[] = [];
    try {
      const r = await loadProvince(database, {
        counties: COUNTIES,
        seed: 2026,
        onProgress: progressPrinter(process.stderr, 10_000),
        // Keep what the virtual users need, not the documents.
        onCounty: (c) => counties.push({ ...c, tables: c.tables.map((t) => ({ ...t, revisions: [], events: [] })) }),
      });
      console.log(`province: ${r.targetTables.toLocaleString('en')} target tables, ${r.totalRows.toLocaleString('en')} rows loaded with COPY in ${r.seconds.toFixed(1)} s (${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s)`);
      vus = makeVus(counties);
      await insertSessions(database, vus);
    } finally {
      await database.close();
    }
    const mix = { filer: vus.filter((v) => v.kind === 'filer').length, reviewer: vus.filter((v) => v.kind === 'reviewer').length, public: vus.filter((v) => v.kind === 'public').length };
    console.log(`sessions: ${mix.filer} filers, ${mix.reviewer} 主管部门 reviewers, ${mix.public} public readers`);
    const runs = new Map<number, Array<{ samples: Sample[]; seconds: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of WORKERS) {
        // Each phase starts from each user's view afresh.
        for (const v of vus) {
          v.documents.clear();
          v.versions.clear();
          v.tables = [...v.initialTables];
        }
        const r = await phase(pgdb.url, w, vus);
        console.error(`round ${round + 1}, ${w} process(es): ${(r.samples.length / r.seconds).toFixed(0)} req/s`);
        runs.set(w, [...(runs.get(w) ?? []), r]);
      }
    }
    report([...runs].map(([w, r]) => summarise(w, r)));
    if (process.argv.includes('--keep')) console.log(`database kept: ${pgdb.url}`);
  } finally {
    if (!process.argv.includes('--keep')) await pgdb.drop();
  }
}

function makeVus(counties: GeneratedCounty[]): Vu[] {
  const filers: Vu[] = [];
  const reviewers: Vu[] = [];
  const publics: Vu[] = [];
  const blank = (kind: Vu['kind'], regionCode: string): Vu => ({ kind, cookie: '', csrf: '', regionCode, tables: [], initialTables: [], versions: new Map(), documents: new Map() });
  for (const c of counties) {
    const second = c.tables.filter((t) => t.stage === 'second');
    for (const u of c.users) {
      if (u.role === 'filer') {
        // A filer in the last days works on their drafts (the others wait for review).
        const mine = second.filter((t) => t.orgId === u.orgId && t.status === 'draft').map((t) => t.id);
        if (mine.length) filers.push({ ...blank('filer', c.regionCode), tables: mine, initialTables: mine, cookie: u.id });
      } else if (u.role === 'dept_reviewer') reviewers.push({ ...blank('reviewer', c.regionCode), cookie: u.id });
    }
    publics.push({ ...blank('public', c.regionCode), cookie: '' });
  }
  // 80 % filers, 15 % reviewers, 5 % public — spread over the counties.
  const take = <T>(xs: T[], n: number) => Array.from({ length: Math.min(n, xs.length) }, (_, i) => xs[Math.floor((i * xs.length) / Math.min(n, xs.length))]!);
  const nPublic = Math.max(1, Math.round(SESSIONS * 0.05));
  const nReview = Math.max(1, Math.round(SESSIONS * 0.15));
  const picked = [...take(filers, SESSIONS - nPublic - nReview), ...take(reviewers, nReview), ...Array.from({ length: nPublic }, (_, i) => ({ ...publics[i % publics.length]! }))];
  return picked;
}

/** One real session row per virtual user (as a login would make), without paying argon2 for each. */
async function insertSessions(database: Awaited<ReturnType<typeof openDatabase>>, vus: Vu[]): Promise<void> {
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_TTL_MS);
  const w = await database.openCopy('COPY sessions (region_code, id, user_id, csrf_token, created_at, expires_at) FROM STDIN');
  let text = '';
  for (const vu of vus) {
    if (vu.kind === 'public') continue;
    const userId = vu.cookie;
    const token = randomBytes(32).toString('base64url');
    vu.csrf = randomBytes(32).toString('base64url');
    vu.cookie = `jixiao_session=${token}; jixiao_csrf=${vu.csrf}`;
    text += copyRow([vu.regionCode, tokenId(token), userId, vu.csrf, now, expires]);
  }
  await w.write(text);
  await w.end();
}

function report(results: PhaseResult[]): void {
  const base = results[0]!;
  const line = (cols: string[]) => console.log(cols.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(10))).join(' '));
  console.log('');
  line(['server', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', '409/422', 'errors', `vs ${base.workers} proc`, 'each round']);
  for (const r of results) {
    line([`${r.workers} process${r.workers > 1 ? 'es' : ''}`, r.rps.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), String(r.requests), String(r.refused), String(r.errors), `${(r.rps / base.rps).toFixed(2)}×`, r.perRound.map((x) => x.toFixed(0)).join(', ')]);
  }
  for (const r of results) {
    console.log(`\nby request, ${r.workers} process${r.workers > 1 ? 'es' : ''}:`);
    line(['request', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'not 2xx']);
    for (const [op, ms] of [...r.byOp].sort((a, b) => b[1].length - a[1].length)) {
      const other = [...(r.otherByOp.get(op) ?? [])].map(([st, n]) => `${st || 'fail'}×${n}`).join(' ');
      line([op, String(ms.length), pct(ms, 50).toFixed(1), pct(ms, 95).toFixed(1), pct(ms, 99).toFixed(1), other || '-']);
    }
  }
  const last = results[results.length - 1]!;
  if (results.length > 1) console.log(`\nscaling: ${last.workers} processes give ${(last.rps / base.rps).toFixed(2)}× the throughput of ${base.workers} (ideal ${(last.workers / base.workers).toFixed(0)}×; ${cpus().length} cores shared with PostgreSQL and the load generator)`);
}

await main();
