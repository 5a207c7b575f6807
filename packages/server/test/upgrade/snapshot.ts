/**
 * What an upgrade must keep: every row of every table, as the columns it had when the fixture
 * was made (a later migration may add columns; it may not change or drop what was stored). Rows
 * are read with to_jsonb in UTC, keys sorted, and kept as a SHA-256 per row — a fixture of a few
 * kilobytes instead of the documents themselves.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';

export interface Snapshot {
  /** table → its columns when the fixture was made */
  columns: Record<string, string[]>;
  /** table → primary key text (or row position) → sha256 of the row's stable JSON */
  rows: Record<string, Record<string, string>>;
}

/** Tables an upgrade may legitimately change: sign-in state, not records. */
const VOLATILE = new Set(['sessions', 'login_throttle', '__drizzle_migrations']);

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

async function rowsOf(database: Database, text: string): Promise<Record<string, unknown>[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL TimeZone = 'UTC'`));
    const r = (await tx.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] };
    return r.rows;
  });
}

/** Snapshots every table (or, given an earlier snapshot, the tables and columns it has). */
export async function takeSnapshot(database: Database, like?: Snapshot): Promise<Snapshot> {
  let columns = like?.columns;
  if (!columns) {
    columns = {};
    const cols = await rowsOf(
      database,
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    for (const c of cols) {
      const t = String(c.table_name);
      if (VOLATILE.has(t)) continue;
      (columns[t] ??= []).push(String(c.column_name));
    }
  }
  const rows: Snapshot['rows'] = {};
  for (const [table, cols] of Object.entries(columns)) {
    const pk = await rowsOf(
      database,
      `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '"${table}"'::regclass AND i.indisprimary ORDER BY a.attname`,
    );
    const keyCols = pk.map((p) => String(p.name));
    const all = await rowsOf(database, `SELECT to_jsonb(t) AS j FROM "${table}" t`);
    const out: Record<string, string> = {};
    all.forEach((r, i) => {
      const j = (typeof r.j === 'string' ? JSON.parse(r.j) : r.j) as Record<string, unknown>;
      const picked = Object.fromEntries(cols.map((c) => [c, j[c] ?? null]));
      const key = keyCols.length ? keyCols.map((k) => String(j[k])).join('/') : `#${i}`;
      out[key] = sha(stableJson(picked));
    });
    rows[table] = out;
  }
  return { columns, rows };
}
