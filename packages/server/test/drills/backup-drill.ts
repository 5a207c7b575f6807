/**
 * The backup drill: fill a database through the API (tables through the whole workflow, saves,
 * returns with comments, sign-ins and failed sign-ins, the audit chain), read every row of every
 * table (ALL_TABLES), write a backup, WIPE the database (PGlite: the data folder is deleted;
 * PostgreSQL: the database is dropped and created again), restore, read every row again and
 * compare row by row. Used by test/hardening/backup-drill.test.ts and `npm run drill:backup`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { restoreBackup, writeBackup } from '../../src/db/backup.ts';
import { openDatabase, type Database } from '../../src/db/open.ts';
import { ALL_TABLES } from '../../src/db/schema.ts';
import { canonicalJson } from '../../src/lib/canonical.ts';
import { Client, createPgDatabase, loggedIn, seedTables, seedWorld, type Backend } from '../helpers.ts';

export interface BackupFigures {
  backend: Backend;
  tables: number;
  rowsCompared: number;
  rowsByTable: Record<string, number>;
  backupBytes: number;
  backupMs: number;
  restoreMs: number;
  mismatches: number;
}

/** Every row of every table, as sorted canonical JSON (dates as ISO strings). */
export async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of Object.values(ALL_TABLES) as PgTable[]) {
    const name = getTableName(t);
    const rows = await database.query<Record<string, unknown>>(`SELECT * FROM "${name}"`);
    out[name] = rows.map((r) => canonicalJson(JSON.parse(JSON.stringify(r)))).sort();
  }
  return out;
}

async function fill(database: Database, projects: number): Promise<void> {
  const world = await seedWorld(database);
  const app = await buildApp({ database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const a = app.server.address();
    const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    const filer = await loggedIn(url, world.logins.filer);
    const reviewer = await loggedIn(url, world.logins.deptReviewer);
    const finance = await loggedIn(url, world.logins.finance);
    await new Client(url).login(world.logins.filer2, 'a wrong password'); // login_throttle and a failed sign-in
    const base = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    for (let i = 0; i < projects; i++) {
      const doc = { ...base, projectName: { raw: `备份演练项目-${i}` }, overview: { raw: `概况 ${i}：含“引号”、'单引号'、<标签> 与 =公式` } };
      const id = (await filer.post('/api/tables', { orgId: world.orgs.unit.id, document: doc })).body.table.id;
      await filer.put(`/api/tables/${id}`, { ...doc, overview: { raw: `${doc.overview.raw}（修改）` } }, { 'if-match': '"1"' });
      if (i % 2 === 0) {
        await filer.post(`/api/tables/${id}/submit`);
        await reviewer.post(`/api/tables/${id}/return`, { fieldComments: [{ field: 'overview', comment: `请补充 ${i}` }] });
        await filer.post(`/api/tables/${id}/submit`);
        await reviewer.post(`/api/tables/${id}/approve`);
        await finance.post(`/api/tables/${id}/approve`);
        if (i % 4 === 0) await finance.post(`/api/tables/${id}/publish`);
      }
    }
  } finally {
    await app.close();
  }
}

export async function runBackupDrill(backend: Backend, projects: number): Promise<BackupFigures> {
  const tmp = mkdtempSync(join(tmpdir(), 'jixiao-backup-drill-'));
  const file = join(tmp, 'drill.jsonl');
  let database: Database;
  let wipe: () => Promise<Database>;
  let drop: () => Promise<void> = async () => undefined;
  if (backend === 'pglite') {
    const dir = join(tmp, 'data');
    database = await openDatabase({ dataDir: dir });
    wipe = async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
      return openDatabase({ dataDir: dir });
    };
  } else {
    const pgdb = await createPgDatabase();
    drop = () => pgdb.drop();
    database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 3 });
    wipe = async () => {
      await database.close();
      const name = new URL(pgdb.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return openDatabase({ databaseUrl: pgdb.url, poolSize: 3 });
    };
  }
  try {
    await fill(database, projects);
    const before = await snapshot(database);
    let t = performance.now();
    await writeBackup(database, file);
    const backupMs = performance.now() - t;
    database = await wipe();
    const empty = await snapshot(database);
    const leftover = Object.entries(empty).filter(([, rows]) => rows.length > 0);
    if (leftover.length) throw new Error(`the wipe left rows in ${leftover.map(([n]) => n).join(', ')}`);
    t = performance.now();
    await restoreBackup(database, file);
    const restoreMs = performance.now() - t;
    const after = await snapshot(database);
    let mismatches = 0;
    let rowsCompared = 0;
    const rowsByTable: Record<string, number> = {};
    for (const [name, rows] of Object.entries(before)) {
      const back = after[name] ?? [];
      rowsByTable[name] = rows.length;
      rowsCompared += rows.length;
      if (rows.length !== back.length) mismatches += Math.abs(rows.length - back.length);
      for (let i = 0; i < Math.min(rows.length, back.length); i++) if (rows[i] !== back[i]) mismatches++;
    }
    const chain = await verifyAuditChain(database.db, '440823');
    if (!chain.ok) mismatches++;
    return {
      backend,
      tables: Object.keys(before).length,
      rowsCompared,
      rowsByTable,
      backupBytes: statSync(file).size,
      backupMs: Math.round(backupMs),
      restoreMs: Math.round(restoreMs),
      mismatches,
    };
  } finally {
    await database.close();
    await drop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
