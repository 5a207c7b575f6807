/**
 * Bulk loading of a synthetic province (core's `generateProvince`) with COPY: regions,
 * organisations, accounts, target tables, their revisions and workflow steps. One COPY per
 * database table runs for the whole load, each on its own connection, fed county by county as
 * the generator makes them, so the database writes while Node generates the next county.
 *
 * `baseline: true` also writes the same COPY text to temporary files and, after the load,
 * copies those bytes raw into empty twins of the tables (same columns and indexes, in the
 * schema jixiao_bulk_baseline, dropped afterwards): the floor a loader can reach on this
 * database, measured in the same run.
 *
 * Notes for a load into a live database: every COPY commits on its own at the end, so a load
 * that fails leaves the tables it had finished; load into a fresh database (or new counties:
 * `first`). Loaded rows have no audit entries (the audit log records what people did).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { generateCounty, generateCountyTablesByDept, regionCodeOf, type GeneratedCounty, type ProvinceOptions, type SyntheticCounty, type SyntheticTable } from '@jixiao/core';
import type { CopyWriter, Database } from '../db/open.ts';
import { orgs, regions, tableRevisions, targetTables, users, workflowEvents } from '../db/schema.ts';
import { hashAcceptedPassword } from '../auth/password-policy.ts';
import { copyRow, type CopyValue } from './copy-text.ts';

/** The password of every generated account unless another is given. */
export const PROVINCE_PASSWORD = 'jixiao-province-2026';

export interface LoadProvinceOptions extends ProvinceOptions {
  /** Password of every generated account (default PROVINCE_PASSWORD); hashed once. */
  password?: string;
  /** Also time a raw COPY of the same rows (see the file comment). Default false. */
  baseline?: boolean;
  /** Raw-COPY at most this many bytes of COPY text (whole counties; default 1 GiB). */
  baselineMaxBytes?: number;
  /** Called after each county and at the end (`done`). */
  onProgress?: (p: LoadProgress) => void;
  /**
   * VACUUM (ANALYZE) the loaded tables afterwards (default true): statistics for the planner,
   * and hint bits and the visibility map set once, not by the first readers.
   */
  analyze?: boolean;
  /** Also receives each generated county (e.g. to write it to a file). */
  onCounty?: (county: GeneratedCounty) => void;
}

export interface LoadProgress {
  counties: number;
  countiesTotal: number;
  tables: number;
  rows: number;
  bytes: number;
  elapsedMs: number;
  done: boolean;
}

export interface RawCopyResult {
  rows: number;
  bytes: number;
  counties: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface LoadProvinceResult {
  counties: number;
  regionCodes: string[];
  /** Rows per database table. */
  rows: Record<string, number>;
  totalRows: number;
  /** Target tables (预算绩效目标表) loaded. */
  targetTables: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Time spent generating and checking tables in Node (part of `seconds`). */
  generateSeconds: number;
  analyzeSeconds: number;
  baseline?: RawCopyResult;
  password: string;
}

/** The columns a loader writes, by Drizzle key; the others take their defaults. */
interface Target {
  table: PgTable;
  keys: string[];
}

const TARGETS = {
  regions: { table: regions, keys: ['regionCode', 'name', 'createdAt'] },
  orgs: { table: orgs, keys: ['regionCode', 'id', 'kind', 'code', 'name', 'parentId', 'createdAt'] },
  users: { table: users, keys: ['regionCode', 'id', 'login', 'displayName', 'passwordHash', 'orgId', 'role', 'disabled', 'createdAt'] },
  targetTables: {
    table: targetTables,
    keys: ['regionCode', 'id', 'kind', 'orgId', 'deptId', 'year', 'stage', 'status', 'name', 'title', 'version', 'errorCount', 'warningCount', 'currentAmountFen', 'basedOnId', 'basedOnVersion', 'createdBy', 'createdAt', 'updatedAt'],
  },
  tableRevisions: { table: tableRevisions, keys: ['regionCode', 'tableId', 'version', 'document', 'findings', 'errorCount', 'warningCount', 'authorId', 'createdAt', 'reason'] },
  workflowEvents: { table: workflowEvents, keys: ['regionCode', 'id', 'tableId', 'action', 'fromStatus', 'toStatus', 'version', 'actorId', 'comment', 'fieldComments', 'createdAt'] },
} satisfies Record<string, Target>;

type TargetName = keyof typeof TARGETS;
const NAMES = Object.keys(TARGETS) as TargetName[];

/** `COPY "<schema>"."<table>" ("col", …) FROM STDIN` for a target. */
export function copySql(t: Target, schema = 'public'): string {
  const cols = getTableColumns(t.table) as Record<string, { name: string }>;
  const names = t.keys.map((k) => {
    const c = cols[k];
    if (!c) throw new Error(`${getTableName(t.table)} has no column ${k}`);
    return `"${c.name}"`;
  });
  return `COPY "${schema}"."${getTableName(t.table)}" (${names.join(', ')}) FROM STDIN`;
}

type CopyText = { text: Record<TargetName, string>; rows: Record<TargetName, number> };

function emptyParts(): Record<TargetName, string[]> {
  return Object.fromEntries(NAMES.map((n) => [n, [] as string[]])) as Record<TargetName, string[]>;
}

function joined(out: Record<TargetName, string[]>): CopyText {
  const text = {} as Record<TargetName, string>;
  const rows = {} as Record<TargetName, number>;
  for (const n of NAMES) {
    text[n] = out[n].join('');
    rows[n] = out[n].length;
  }
  return { text, rows };
}

/** COPY text of a county's region, organisations and accounts. */
function countyHeadText(c: SyntheticCounty, passwordHash: string): CopyText {
  const out = emptyParts();
  const r = c.regionCode;
  const founded = new Date(Date.UTC(2025, 8, 1));
  out.regions.push(copyRow([r, c.name, founded]));
  for (const o of c.orgs) out.orgs.push(copyRow([r, o.id, o.kind, o.code, o.name, o.parentId, founded]));
  for (const u of c.users) out.users.push(copyRow([r, u.id, u.login, u.displayName, passwordHash, u.orgId, u.role, false, founded]));
  return joined(out);
}

/** COPY text of target tables with their revisions and workflow steps. */
function tablesText(r: string, tables: SyntheticTable[]): CopyText {
  const out = emptyParts();
  for (const t of tables) {
    out.targetTables.push(
      copyRow([r, t.id, t.kind, t.orgId, t.deptId, t.year, t.stage, t.status, t.name, t.title, t.version, t.errorCount, t.warningCount, t.currentAmountFen, t.basedOnId, t.basedOnVersion, t.createdBy, t.createdAt, t.updatedAt]),
    );
    for (const v of t.revisions) {
      out.tableRevisions.push(copyRow([r, t.id, v.version, v.document as CopyValue, v.findings as CopyValue, v.errorCount, v.warningCount, v.authorId, v.createdAt, v.reason]));
    }
    for (const e of t.events) {
      out.workflowEvents.push(copyRow([r, e.id, t.id, e.action, e.fromStatus, e.toStatus, e.version, e.actorId, e.comment, e.fieldComments, e.createdAt]));
    }
  }
  return joined(out);
}

/** The COPY text of one whole county, per database table. */
export function countyCopyText(c: GeneratedCounty, passwordHash: string): CopyText {
  const head = countyHeadText(c, passwordHash);
  const body = tablesText(c.regionCode, c.tables);
  return {
    text: Object.fromEntries(NAMES.map((n) => [n, head.text[n] + body.text[n]])) as Record<TargetName, string>,
    rows: Object.fromEntries(NAMES.map((n) => [n, head.rows[n] + body.rows[n]])) as Record<TargetName, number>,
  };
}

/** Lets pending socket writes go out between two pieces of CPU work. */
const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

export class ProvinceLoadError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'ProvinceLoadError';
  }
}

/**
 * Generates a province and loads it with COPY. Returns rows/s (end to end: generating, checking,
 * encoding and copying) and, with `baseline`, the rows/s of a raw COPY of the same bytes.
 */
export async function loadProvince(database: Database, opts: LoadProvinceOptions): Promise<LoadProvinceResult> {
  if (!Number.isInteger(opts.counties) || opts.counties < 1) throw new ProvinceLoadError('县的数目应为正整数', 'counties must be a positive integer');
  const first = opts.first ?? 0;
  const codes = Array.from({ length: opts.counties }, (_, i) => regionCodeOf(first + i));
  const taken = await database.query<{ region_code: string }>('SELECT region_code FROM regions WHERE region_code = ANY($1::text[])', [codes]);
  if (taken.length > 0) {
    throw new ProvinceLoadError(
      `数据库中已有地区 ${taken.map((t) => t.region_code).slice(0, 5).join('、')}：请装入空数据库，或用 --first 从后面的县开始`,
      `The database already holds region ${taken.map((t) => t.region_code).slice(0, 5).join(', ')}: load into an empty database, or start at a later county with --first`,
    );
  }
  const password = opts.password ?? PROVINCE_PASSWORD;
  // Every generated account shares it; the policy is the same as everywhere (no login to compare with).
  const passwordHash = await hashAcceptedPassword(password, { login: '' });
  const started = performance.now();
  const writers = new Map<TargetName, CopyWriter>();
  const rows = Object.fromEntries(NAMES.map((n) => [n, 0])) as Record<TargetName, number>;
  let bytes = 0;
  let tables = 0;
  let counties = 0;
  let generateMs = 0;
  // Raw-COPY files (baseline): whole counties until the byte budget is spent.
  const teeDir = opts.baseline ? mkdtempSync(join(tmpdir(), 'jixiao-bulk-')) : undefined;
  const tee = new Map<TargetName, number>();
  const teeRows = Object.fromEntries(NAMES.map((n) => [n, 0])) as Record<TargetName, number>;
  let teeBytes = 0;
  let teeCounties = 0;
  const teeBudget = opts.baselineMaxBytes ?? 1024 ** 3;
  const progress = (done: boolean) =>
    opts.onProgress?.({ counties, countiesTotal: opts.counties, tables, rows: NAMES.reduce((s, n) => s + rows[n], 0), bytes, elapsedMs: performance.now() - started, done });
  try {
    for (const n of NAMES) writers.set(n, await database.openCopy(copySql(TARGETS[n])));
    if (teeDir) for (const n of NAMES) tee.set(n, openSync(join(teeDir, `${n}.copy`), 'w'));
    let pending: Promise<unknown> = Promise.resolve();
    // Whole counties go to the raw-COPY files until their budget is spent.
    let teeThisCounty = false;
    /** Queues one piece (after the previous one was taken) and counts it. */
    const send = async (piece: CopyText) => {
      await pending;
      const size = NAMES.reduce((s, k) => s + Buffer.byteLength(piece.text[k]), 0);
      if (teeThisCounty) {
        for (const k of NAMES) {
          if (piece.text[k]) writeSync(tee.get(k)!, piece.text[k]);
          teeRows[k] += piece.rows[k];
        }
        teeBytes += size;
      }
      pending = Promise.all(NAMES.map((k) => (piece.text[k] ? writers.get(k)!.write(piece.text[k]) : undefined)));
      for (const k of NAMES) rows[k] += piece.rows[k];
      bytes += size;
    };
    const tableOpts = { seed: opts.seed ?? 1, year: opts.year ?? 2026, firstStageOnly: opts.firstStageOnly ?? false };
    for (let i = first; i < first + opts.counties; i++) {
      teeThisCounty = !!teeDir && teeBytes < teeBudget;
      let g0 = performance.now();
      const county = generateCounty(i, opts.seed ?? 1, opts.size ?? 1);
      const head = countyHeadText(county, passwordHash);
      generateMs += performance.now() - g0;
      await send(head);
      const all: SyntheticTable[] | undefined = opts.onCounty ? [] : undefined;
      // One 主管部门 at a time: the database copies one part while Node makes the next.
      const parts = generateCountyTablesByDept(county, tableOpts);
      for (;;) {
        g0 = performance.now();
        const next = parts.next();
        if (next.done) break;
        const part = next.value;
        const piece = tablesText(county.regionCode, part);
        generateMs += performance.now() - g0;
        await send(piece);
        all?.push(...part);
        tables += part.length;
        await yieldToIo();
      }
      if (teeThisCounty) teeCounties++;
      if (all) opts.onCounty!({ ...county, tables: all });
      counties++;
      progress(false);
    }
    await pending;
    // Finish the COPYs (each commits here); rows of one table never wait on another's.
    await Promise.all(NAMES.map((n) => writers.get(n)!.end()));
    writers.clear();
    const seconds = (performance.now() - started) / 1000;
    progress(true);
    const a0 = performance.now();
    if (opts.analyze !== false) for (const n of NAMES) await database.query(`VACUUM (ANALYZE) "${getTableName(TARGETS[n].table)}"`);
    const analyzeSeconds = (performance.now() - a0) / 1000;
    const totalRows = NAMES.reduce((s, n) => s + rows[n], 0);
    const result: LoadProvinceResult = {
      counties,
      regionCodes: codes,
      rows: Object.fromEntries(NAMES.map((n) => [getTableName(TARGETS[n].table), rows[n]])),
      totalRows,
      targetTables: tables,
      bytes,
      seconds,
      rowsPerSecond: totalRows / seconds,
      generateSeconds: generateMs / 1000,
      analyzeSeconds,
      password,
    };
    if (teeDir) {
      for (const fd of tee.values()) closeSync(fd);
      tee.clear();
      result.baseline = await rawCopy(database, teeDir, teeRows, teeBytes, teeCounties);
    }
    return result;
  } finally {
    for (const w of writers.values()) await w.abort().catch(() => undefined);
    for (const fd of tee.values()) closeSync(fd);
    if (teeDir) rmSync(teeDir, { recursive: true, force: true });
  }
}

const BASELINE_SCHEMA = 'jixiao_bulk_baseline';

/** COPY the saved text into empty twins of the tables, all at once as the load does, and time it. */
async function rawCopy(database: Database, dir: string, rows: Record<TargetName, number>, bytes: number, counties: number): Promise<RawCopyResult> {
  await database.query(`DROP SCHEMA IF EXISTS ${BASELINE_SCHEMA} CASCADE`);
  await database.query(`CREATE SCHEMA ${BASELINE_SCHEMA}`);
  try {
    for (const n of NAMES) {
      const name = getTableName(TARGETS[n].table);
      await database.query(`CREATE TABLE ${BASELINE_SCHEMA}."${name}" (LIKE public."${name}" INCLUDING ALL)`);
    }
    const t0 = performance.now();
    await Promise.all(
      NAMES.map(async (n) => {
        const w = await database.openCopy(copySql(TARGETS[n], BASELINE_SCHEMA));
        try {
          await streamLines(join(dir, `${n}.copy`), (chunk) => w.write(chunk));
          await w.end();
        } catch (err) {
          await w.abort(err as Error);
          throw err;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const total = NAMES.reduce((s, n) => s + rows[n], 0);
    return { rows: total, bytes, counties, seconds, rowsPerSecond: total / seconds };
  } finally {
    await database.query(`DROP SCHEMA IF EXISTS ${BASELINE_SCHEMA} CASCADE`);
  }
}

/** Reads a file in ~1 MiB pieces cut at line ends (so every piece is whole rows). */
async function streamLines(file: string, write: (chunk: string) => Promise<void>): Promise<void> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const data = Buffer.concat([carry, buf.subarray(0, n)]);
      const end = data.lastIndexOf(0x0a);
      if (end < 0) {
        carry = data;
        continue;
      }
      await write(data.subarray(0, end + 1).toString('utf8'));
      carry = Buffer.from(data.subarray(end + 1));
    }
    if (carry.length) await write(carry.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
