/**
 * Opens the database: embedded PGlite in a data folder (default), or PostgreSQL when a
 * DATABASE_URL is given. Both run the same Drizzle schema and the same migration folder, and
 * migrations run on every start.
 */
import { fileURLToPath } from 'node:url';
import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import * as schema from './schema.ts';
import { lockDataDir, type DataDirLock } from './lock.ts';
import { isDatabaseUnavailable } from '../errors.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a transaction callback receives (same query API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface Database {
  db: Db;
  /**
   * Where read-only queries that may lag a little (dashboards, public pages, open data) go: a
   * streaming replica when one is configured, otherwise the same handle as `db`.
   */
  read: Db;
  kind: 'pglite' | 'postgres';
  /** Human description: the data folder or the server (password hidden). */
  where: string;
  /** The replica `read` goes to, described like `where`; undefined when reads go to the primary. */
  replica?: string;
  /**
   * Runs the migrations not yet applied (forward only). openDatabase runs them itself unless
   * told not to (`migrate: false`): `jixiao serve` listens first, so that readiness can say
   * 503 while they run, then calls this.
   */
  migrate(): Promise<void>;
  /** PostgreSQL: the pool's connections (in use = total − idle) and the requests waiting for one; PGlite has one connection and no pool. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** Runs raw SQL (used by backup/restore and tests). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Starts `COPY <table> (<columns>) FROM STDIN` (text format) on a connection of its own, for
   * bulk loading (src/bulk/). PostgreSQL streams the rows as they are written; PGlite gathers
   * them and copies every few megabytes from an in-memory file.
   */
  openCopy(copySql: string): Promise<CopyWriter>;
  /**
   * Makes committed writes durable on the disk, not just in the operating system's cache.
   * PostgreSQL does this itself at commit (a no-op here). Embedded PGlite writes through
   * Node's fs but its file system layer has no fsync, so this fsyncs the WAL segments and
   * their folder: a commit acknowledged after flush() survives a power cut, not only kill -9.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A COPY … FROM STDIN in progress. */
export interface CopyWriter {
  /** Sends COPY text made of whole rows; resolves when the stream can take more. */
  write(chunk: string): Promise<void>;
  /** Finishes the COPY: on PostgreSQL the rows commit together here. */
  end(): Promise<void>;
  /** Abandons the COPY (on PostgreSQL none of its rows commit). */
  abort(err?: Error): Promise<void>;
}

/** fsync every WAL segment (clean ones cost nothing) and the pg_wal folder itself. */
export function fsyncWal(pgdata: string): void {
  const wal = join(pgdata, 'pg_wal');
  let names: string[];
  try {
    names = readdirSync(wal);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^[0-9A-F]{24}$/.test(name)) continue;
    let fd: number | undefined;
    try {
      fd = openSync(join(wal, name), 'r+');
      fsyncSync(fd);
    } catch {
      /* recycled or removed meanwhile */
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  const dfd = openSync(wal, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

export interface OpenOptions {
  /** postgres://… — when set, PostgreSQL is used and dataDir is ignored. */
  databaseUrl?: string;
  /** PGlite data folder (default ./data). */
  dataDir?: string;
  /** Run migrations (default true). */
  migrate?: boolean;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /**
   * postgres://… of a streaming replica (DATABASE_REPLICA_URL): `Database.read` then queries it.
   * Only with databaseUrl; PGlite has no replicas.
   */
  replicaUrl?: string;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The advisory lock PostgreSQL migrations hold: one process migrates, the others wait. */
export const MIGRATION_LOCK = 4408230001;

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.replicaUrl && !opts.databaseUrl) {
    throw new Error('只有 PostgreSQL 可配置只读副本：请同时设置 DATABASE_URL / a read replica (DATABASE_REPLICA_URL) needs DATABASE_URL (PostgreSQL)');
  }
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(resolve(opts.dataDir ?? './data'), opts);
}

async function openPglite(dataDir: string, opts: OpenOptions): Promise<Database> {
  const lock: DataDirLock = lockDataDir(dataDir);
  let client: PGlite | undefined;
  try {
    // relaxedDurability: false — every query waits for its writes to reach the file system
    // before it resolves, so an acknowledged commit is on disk when the HTTP answer goes out.
    const pgdata = join(dataDir, 'pglite');
    client = await PGlite.create({ dataDir: pgdata, relaxedDurability: false });
    // Belt and braces against lost commits: WAL is written and fsynced at every commit.
    await client.exec(`SET synchronous_commit = on`);
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    const migrate = () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    if (opts.migrate !== false) await migrate();
    const c = client;
    let closed = false;
    return {
      db,
      read: db,
      kind: 'pglite',
      where: dataDir,
      migrate,
      async query<T>(text: string, params?: unknown[]) {
        return (await c.query<T>(text, params)).rows;
      },
      async openCopy(copySql: string) {
        return pgliteCopy(c, copySql);
      },
      async flush() {
        if (!closed) fsyncWal(pgdata);
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await c.close();
          fsyncWal(pgdata);
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    if (client) await client.close().catch(() => undefined);
    lock.release();
    throw err;
  }
}

/** PGlite has no COPY FROM STDIN: rows are gathered and copied from a Blob every few MB. */
function pgliteCopy(client: PGlite, copySql: string): CopyWriter {
  const blobSql = copySql.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");
  if (blobSql === copySql) throw new Error(`not a COPY … FROM STDIN: ${copySql}`);
  let parts: string[] = [];
  let size = 0;
  const send = async () => {
    if (size === 0) return;
    const blob = new Blob(parts);
    parts = [];
    size = 0;
    await client.query(blobSql, [], { blob });
  };
  return {
    async write(chunk) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 8 * 1024 * 1024) await send();
    },
    end: send,
    async abort() {
      parts = [];
      size = 0;
    },
  };
}

/**
 * COPY FROM STDIN through pg-copy-streams on a connection of its own (not the pool's: a loader
 * holds one COPY per table open at once, which must not starve the pool or wait on it).
 */
async function postgresCopy(url: string, copySql: string): Promise<CopyWriter> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  const stream = client.query(copyFromStdin(copySql));
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (err: Error) => {
      failure = err;
      reject(err);
    });
  });
  finished.catch(() => undefined); // observed in write/end
  let released = false;
  const release = (_err?: Error) => {
    if (released) return;
    released = true;
    void client.end().catch(() => undefined);
  };
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', fail);
            resolve();
          };
          const fail = (e: Error) => {
            stream.off('drain', done);
            reject(e);
          };
          stream.on('drain', done);
          stream.once('error', fail);
        });
      }
    },
    async end() {
      stream.end();
      try {
        await finished;
        release();
      } catch (err) {
        release(err as Error);
        throw err;
      }
    },
    async abort(err) {
      // Destroying the stream sends CopyFail: the server rolls the COPY back.
      stream.destroy(err ?? new Error('COPY abandoned'));
      await finished.catch(() => undefined);
      release(err ?? new Error('COPY abandoned'));
    },
  };
}

/**
 * drizzle's pooled transaction sends BEGIN before its try/finally: when BEGIN fails — an idle
 * client whose connection died with the server, handed out before the pool noticed — that client
 * is never released. The pool shrinks by one for good; after `poolSize` such failures every
 * request waits forever (no 503), and closing the pool never returns. So each transaction runs on
 * a client checked out here and always released — destroyed when its connection failed.
 */
function guardTransactions(db: Db, pool: pg.Pool): void {
  const transaction: Db['transaction'] = async (work, config) => {
    const client = await pool.connect();
    let failure: unknown;
    try {
      return await (drizzlePg({ client, schema }) as unknown as Db).transaction(work, config);
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      client.release(failure !== undefined && isDatabaseUnavailable(failure) ? (failure as Error) : undefined);
    }
  };
  (db as { transaction: Db['transaction'] }).transaction = transaction;
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  // bigint (int8) columns hold 分 and sequence numbers: safe integers, read them as numbers.
  pg.types.setTypeParser(20, (v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${v} is outside the safe integer range`);
    return n;
  });
  const migrate = async () => {
    // Serialise migrations between processes starting at once.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
      await migratePg(drizzlePg({ client: c, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await c.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
      await c.end();
    }
  };
  if (opts.migrate !== false) await migrate();
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  pool.on('error', () => undefined); // an idle client's error must not crash the process
  // Nor a checked-out client's: when the server goes away between two queries of a transaction,
  // the client emits 'error' with no pool listener attached (the query in flight still fails).
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  guardTransactions(db, pool);
  // Lag-tolerant reads go to the replica's own pool when one is configured.
  const replicaPool = opts.replicaUrl ? new pg.Pool({ connectionString: opts.replicaUrl, max: opts.poolSize ?? 10 }) : undefined;
  replicaPool?.on('error', () => undefined);
  replicaPool?.on('connect', (client) => client.on('error', () => undefined));
  const read = replicaPool ? (drizzlePg({ client: replicaPool, schema }) as unknown as Db) : db;
  let closed = false;
  return {
    db,
    read,
    kind: 'postgres',
    where: describeUrl(url),
    migrate,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: opts.poolSize ?? 10 }),
    ...(opts.replicaUrl ? { replica: describeUrl(opts.replicaUrl) } : {}),
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    openCopy(copySql: string) {
      return postgresCopy(url, copySql);
    },
    async flush() {
      /* PostgreSQL fsyncs its WAL at commit */
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), replicaPool?.end()]);
    },
  };
}
