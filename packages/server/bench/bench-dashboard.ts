/**
 * `npm run bench:dashboard [-- --county-size 7.5 --province-tables 200000 --runs 40 --skip-province]`
 *
 * Times the dashboard queries (every figure of GET /api/dashboard: progress, findings by code,
 * passing share, funds by type, units filed, monitoring and self-evaluation) and a drill-down
 * list, for the finance bureau and for a 主管部门, as p50/p95 over repeated runs:
 *
 * 1. a county of ≈3,000 target tables on embedded PGlite (aim p95 ≤ 100 ms);
 * 2. a province of ≈200,000 generated tables on PostgreSQL (aim p95 ≤ 300 ms): counties of
 *    ≈3,000 tables each, so every county's dashboard reads its 3,000 tables out of 200,000. The
 *    database is created on DATABASE_URL's server (or postgres://postgres@127.0.0.1:5432/) and
 *    dropped afterwards.
 *
 * Both are loaded with the bulk loader (src/bulk/load-province.ts). The baseline, measured in
 * the same run on the same database, is the cheapest query a dashboard could make: counting the
 * county's tables of the year.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Actor } from '../src/auth/session.ts';
import { loadProvince } from '../src/bulk/load-province.ts';
import { progressPrinter } from '../src/bulk/progress.ts';
import { buildDashboard } from '../src/dashboard/dashboard.ts';
import { openDatabase, type Database } from '../src/db/open.ts';
import { listTables } from '../src/tables/service.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const COUNTY_SIZE = arg('county-size', 7.5);
const PROVINCE_TABLES = arg('province-tables', 200_000);
const RUNS = arg('runs', 40);
const SKIP_PROVINCE = process.argv.includes('--skip-province');
const YEAR = 2026;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function actorOf(database: Database, region: string, role: 'finance_reviewer' | 'dept_reviewer', pick = 0): Promise<Actor> {
  const rows = await database.query<{ id: string; login: string; display_name: string; org_id: string; kind: Actor['orgKind']; code: string; name: string; n: number }>(
    `SELECT u.id, u.login, u.display_name, u.org_id, o.kind, o.code, o.name,
            (SELECT count(*)::int FROM target_tables t WHERE t.region_code = u.region_code AND t.dept_id = u.org_id) AS n
       FROM users u JOIN orgs o ON o.region_code = u.region_code AND o.id = u.org_id
      WHERE u.region_code = $1 AND u.role = $2 ORDER BY n DESC, u.login`,
    [region, role],
  );
  const u = rows[pick] ?? rows[0];
  if (!u) throw new Error(`no ${role} in ${region}`);
  return { id: u.id, regionCode: region, login: u.login, displayName: u.display_name, role, orgId: u.org_id, orgKind: u.kind, orgCode: u.code, orgName: u.name, sessionId: 'bench', csrfToken: 'bench' };
}

interface Timing {
  label: string;
  samples: number[];
}

async function time(label: string, runs: number, f: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await f(); // warm: prepared plans, caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    samples.push(performance.now() - t0);
  }
  return { label, samples };
}

function report(title: string, timings: Timing[], aimMs: number): boolean {
  const base = timings[0]!;
  const baseP50 = pct(base.samples, 50);
  console.log(`\n${title}`);
  let ok = true;
  for (const t of timings) {
    const p50 = pct(t.samples, 50);
    const p95 = pct(t.samples, 95);
    const isBase = t === base;
    const pass = isBase || p95 <= aimMs;
    if (!pass) ok = false;
    console.log(
      `  ${t.label.padEnd(58)} p50 ${ms(p50).padStart(9)}  p95 ${ms(p95).padStart(9)}  max ${ms(Math.max(...t.samples)).padStart(9)}` +
        (isBase ? '  (baseline)' : `  ${(p50 / baseP50).toFixed(1)}× baseline  ${pass ? 'ok' : `OVER the ${aimMs} ms aim`}`),
    );
  }
  return ok;
}

/** The timings for one county: the baseline, the dashboards of the finance bureau and of the biggest 主管部门, a drill-down. */
async function countyTimings(database: Database, regions: string[], runs: number): Promise<Timing[]> {
  const db = database.read;
  const fins = await Promise.all(regions.map((r) => actorOf(database, r, 'finance_reviewer')));
  const depts = await Promise.all(regions.map((r) => actorOf(database, r, 'dept_reviewer')));
  const code = (await buildDashboard(db, fins[0]!, { year: YEAR })).findings[0]?.code ?? 'value.unit-missing';
  let k = 0;
  const next = <T>(xs: T[]) => xs[k++ % xs.length]!;
  const out: Timing[] = [];
  out.push(await time('baseline: count(*) of the county’s tables of the year', runs, () => database.query('SELECT count(*) FROM target_tables WHERE region_code = $1 AND year = $2', [next(regions), YEAR])));
  out.push(await time('dashboard, finance bureau (whole county, every figure)', runs, () => buildDashboard(db, next(fins), { year: YEAR })));
  out.push(await time('dashboard, finance bureau, 二上 only', runs, () => buildDashboard(db, next(fins), { year: YEAR, stage: 'second' })));
  out.push(await time('dashboard, the largest 主管部门 (its units)', runs, () => buildDashboard(db, next(depts), { year: YEAR })));
  out.push(await time(`drill-down list: tables with finding ${code} (first page)`, runs, () => listTables(db, next(fins), { year: YEAR, finding: code, limit: 100, offset: 0 })));
  return out;
}

async function tableCount(database: Database): Promise<number> {
  return Number((await database.query<{ n: number }>('SELECT count(*)::int AS n FROM target_tables'))[0]!.n);
}

async function pgliteCounty(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-dash-'));
  const database = await openDatabase({ dataDir: dir });
  try {
    console.log(`\n1. A county on PGlite (size ${COUNTY_SIZE}), loading…`);
    const r = await loadProvince(database, { counties: 1, seed: 7, size: COUNTY_SIZE, onProgress: progressPrinter(process.stderr, 10_000) });
    console.log(`   loaded ${r.targetTables.toLocaleString('en')} target tables in ${r.seconds.toFixed(1)} s (region ${r.regionCodes[0]})`);
    const t = await countyTimings(database, r.regionCodes, RUNS);
    return report(`PGlite, one county of ${(await tableCount(database)).toLocaleString('en')} tables — aim p95 ≤ 100 ms`, t, 100);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresProvince(): Promise<boolean> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `jixiao_bench_dash_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 8 });
  try {
    // Counties as big as the PGlite one, as many as it takes to reach the province's size.
    const probe = await loadProvince(database, { counties: 1, seed: 7, size: COUNTY_SIZE });
    const counties = Math.max(1, Math.ceil(PROVINCE_TABLES / probe.targetTables));
    console.log(`\n2. A province on PostgreSQL: ${counties} counties of ≈${probe.targetTables.toLocaleString('en')} tables, loading…`);
    const r = await loadProvince(database, { counties: counties - 1, first: 1, seed: 7, size: COUNTY_SIZE, onProgress: progressPrinter(process.stderr, 30_000) });
    console.log(`   loaded ${(r.targetTables + probe.targetTables).toLocaleString('en')} target tables in ${(r.seconds + probe.seconds).toFixed(0)} s`);
    const regions = [...probe.regionCodes, ...r.regionCodes];
    // Dashboards of ten counties in turn, so no one county's pages stay hot.
    const sample = Array.from({ length: 10 }, (_, i) => regions[Math.floor((i * regions.length) / 10)]!);
    const t = await countyTimings(database, sample, RUNS);
    return report(`PostgreSQL, province of ${(await tableCount(database)).toLocaleString('en')} tables (dashboards of 10 counties in turn) — aim p95 ≤ 300 ms`, t, 300);
  } finally {
    await database.close();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

console.log(`jixiao bench:dashboard — Node ${process.version}, ${RUNS} runs each after 3 warm-up runs`);
let ok = await pgliteCounty();
if (!SKIP_PROVINCE) ok = (await postgresProvince()) && ok;
console.log(ok ? '\nall dashboard queries within their aims' : '\nSOME DASHBOARD QUERIES ARE OVER THEIR AIMS');
process.exitCode = ok ? 0 : 1;
