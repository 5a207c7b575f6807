/**
 * Logical backup and restore, portable between PGlite and PostgreSQL.
 *
 * Format (JSON lines, UTF-8): a header line, one line per row `{"t": table, "r": row}` in
 * restore order, and a trailer line with the row count and the sha256 of every line before it.
 * Rows are written through the Drizzle schema, so the types are the same on both databases
 * (timestamps as ISO strings, money as integer 分, documents as JSON). A backup is read in one
 * REPEATABLE READ, read-only transaction: a consistent snapshot even while the server writes.
 * Restore goes into an empty database (or, with `force`, empties it first) in one transaction.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { asc, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { join } from 'node:path';
import type { Database } from './open.ts';
import { MIGRATIONS_FOLDER } from './open.ts';
import { ALL_TABLES } from './schema.ts';

export const BACKUP_FORMAT = 'jixiao-backup';
export const BACKUP_FORMAT_VERSION = 1;
const BATCH = 1000;

interface Header {
  format: string;
  formatVersion: number;
  createdAt: string;
  source: string;
  migrations: string[];
  tables: Record<string, number>;
}

export class BackupError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'BackupError';
  }
}

function migrationTags(): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  return journal.entries.map((e) => e.tag);
}

const tables = Object.values(ALL_TABLES) as PgTable[];

function pkColumns(table: PgTable) {
  // Every primary key is made of these columns (region_code first): ordering by them gives the
  // same, stable order on both databases.
  const cols = getTableColumns(table);
  const named = Object.values(cols).filter((c) => ['region_code', 'id', 'table_id', 'version', 'seq'].includes(c.name));
  return named.length ? named : Object.values(cols);
}

export interface BackupSummary {
  file: string;
  rows: number;
  tables: Record<string, number>;
}

export async function writeBackup(database: Database, file: string): Promise<BackupSummary> {
  const out = createWriteStream(file, { encoding: 'utf8', flags: 'w' });
  const hash = createHash('sha256');
  const write = async (obj: unknown) => {
    const line = `${JSON.stringify(obj)}\n`;
    hash.update(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  let total = 0;
  const counts: Record<string, number> = {};
  try {
    await database.db.transaction(
      async (tx) => {
        for (const t of tables) {
          const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(t);
          counts[getTableName(t)] = c?.n ?? 0;
        }
        const header: Header = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          source: database.kind,
          migrations: migrationTags(),
          tables: counts,
        };
        await write(header);
        for (const t of tables) {
          const name = getTableName(t);
          const order = pkColumns(t).map((c) => asc(c));
          for (let offset = 0; ; offset += BATCH) {
            const rows = await tx
              .select()
              .from(t)
              .orderBy(...order)
              .limit(BATCH)
              .offset(offset);
            for (const r of rows) await write({ t: name, r });
            total += rows.length;
            if (rows.length < BATCH) break;
          }
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const digest = hash.digest('hex');
    out.write(`${JSON.stringify({ end: true, rows: total, sha256: digest })}\n`);
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return { file, rows: total, tables: counts };
}

export interface RestoreOptions {
  /** Empty a non-empty database first (TRUNCATE every table). */
  force?: boolean;
}

/** Reads a backup file's rows, verifying the checksum; calls `onRow` per row in order. */
async function readBackup(file: string, onHeader: (h: Header) => Promise<void>, onRow: (table: string, row: Record<string, unknown>) => Promise<void>) {
  const hash = createHash('sha256');
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header: Header | undefined;
  let trailer: { end: true; rows: number; sha256: string } | undefined;
  let rows = 0;
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line === '') continue;
    if (trailer) throw new BackupError(`备份文件在结尾标记之后还有内容（第 ${lineNo} 行）`, `Backup file has content after its end marker (line ${lineNo})`);
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new BackupError(`备份文件第 ${lineNo} 行不是合法的 JSON`, `Line ${lineNo} of the backup file is not valid JSON`);
    }
    if (!header) {
      if (obj.format !== BACKUP_FORMAT) throw new BackupError('这不是 jixiao 备份文件', 'This is not a jixiao backup file');
      if (obj.formatVersion !== BACKUP_FORMAT_VERSION) {
        throw new BackupError(`不支持的备份格式版本 ${String(obj.formatVersion)}`, `Unsupported backup format version ${String(obj.formatVersion)}`);
      }
      header = obj as unknown as Header;
      hash.update(`${line}\n`);
      await onHeader(header);
      continue;
    }
    if (obj.end === true) {
      trailer = obj as unknown as { end: true; rows: number; sha256: string };
      continue;
    }
    hash.update(`${line}\n`);
    await onRow(String(obj.t), obj.r as Record<string, unknown>);
    rows++;
  }
  if (!header) throw new BackupError('备份文件为空', 'The backup file is empty');
  if (!trailer) throw new BackupError('备份文件不完整（缺少结尾标记）', 'The backup file is truncated (no end marker)');
  if (trailer.rows !== rows || trailer.sha256 !== hash.digest('hex')) {
    throw new BackupError('备份文件校验和不符：文件已损坏或被修改', 'Backup checksum mismatch: the file is damaged or was changed');
  }
  return { header, rows };
}

export async function restoreBackup(database: Database, file: string, opts: RestoreOptions = {}): Promise<{ rows: number; tables: Record<string, number> }> {
  const byName = new Map(tables.map((t) => [getTableName(t), t]));
  const known = new Set(migrationTags());
  const counts: Record<string, number> = {};
  let rowsDone = 0;
  await database.db.transaction(async (tx) => {
    let batch: { table: PgTable; rows: Record<string, unknown>[] } | undefined;
    const flush = async () => {
      if (batch && batch.rows.length) await tx.insert(batch.table).values(batch.rows as never);
      batch = undefined;
    };
    const { rows } = await readBackup(
      file,
      async (h) => {
        const unknownMigrations = h.migrations.filter((m) => !known.has(m));
        if (unknownMigrations.length) {
          throw new BackupError(
            `备份来自更新的版本（迁移 ${unknownMigrations.join(', ')}），请先升级 jixiao`,
            `The backup comes from a newer version (migrations ${unknownMigrations.join(', ')}); upgrade jixiao first`,
          );
        }
        let nonEmpty = false;
        for (const t of tables) {
          const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(t);
          if ((c?.n ?? 0) > 0) nonEmpty = true;
        }
        if (nonEmpty && !opts.force) {
          throw new BackupError(
            '目标数据库不是空的：恢复只能写入空数据库（或使用 --force 先清空）',
            'The target database is not empty: restore into an empty database (or use --force to empty it first)',
          );
        }
        if (nonEmpty) await tx.execute(sql.raw(`TRUNCATE ${tables.map((t) => `"${getTableName(t)}"`).join(', ')}`));
      },
      async (name, row) => {
        const table = byName.get(name);
        if (!table) throw new BackupError(`备份中有未知的表 ${name}`, `Unknown table ${name} in the backup`);
        const cols = getTableColumns(table);
        for (const [key, col] of Object.entries(cols)) {
          if (col.columnType === 'PgTimestamp' && typeof row[key] === 'string') row[key] = new Date(row[key] as string);
        }
        if (batch && batch.table !== table) await flush();
        batch ??= { table, rows: [] };
        batch.rows.push(row);
        counts[name] = (counts[name] ?? 0) + 1;
        if (batch.rows.length >= 500) await flush();
      },
    );
    await flush();
    rowsDone = rows;
  });
  return { rows: rowsDone, tables: counts };
}
