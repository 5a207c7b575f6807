/**
 * The region's indicator library (指标库): the indicators of its approved tables (财政已审 and
 * 已公开, current versions) plus core's starter set, grouped by core's buildIndicatorLibrary.
 *
 * Built once per region and kept in memory. Whether it is still current is decided by a stamp
 * the database gives cheaply — how many approved tables the region has and when the last of
 * them changed — so an approval (or a return of an approved table) anywhere, by any server
 * process of a cluster, is seen on the next request: `fresh` callers (the suggestions) wait for
 * the rebuild, saves take the library they have and let it refresh behind them.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { buildIndicatorLibrary, STARTER_ENTRIES, tableContext, type IndicatorLibrary, type TargetTable } from '@jixiao/core';
import type { Database, Db } from '../db/open.ts';
import { tableRevisions, targetTables } from '../db/schema.ts';

export const APPROVED_STATUSES = ['finance_approved', 'published'] as const;
/** The newest approved tables a library is built from (bounds memory on a large region). */
export const LIBRARY_MAX_TABLES = 5000;

interface Slot {
  stamp: string;
  library: IndicatorLibrary;
  /** Project names (the first word of an entry's context) anyone may see: published tables and the starter set. */
  publicSources: Set<string>;
  tables: number;
  builtAt: Date;
}

const approved = (region: string) => and(eq(targetTables.regionCode, region), inArray(targetTables.status, [...APPROVED_STATUSES]));

async function stampOf(db: Db, region: string): Promise<string> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${targetTables.updatedAt})::text` })
    .from(targetTables)
    .where(approved(region));
  return `${r?.n ?? 0}|${r?.last ?? ''}`;
}

async function build(db: Db, region: string, stamp: string): Promise<Slot> {
  const rows = await db
    .select({ document: tableRevisions.document, status: targetTables.status })
    .from(targetTables)
    .innerJoin(
      tableRevisions,
      and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)),
    )
    .where(approved(region))
    .orderBy(sql`${targetTables.updatedAt} desc`)
    .limit(LIBRARY_MAX_TABLES);
  const tables = rows.map((r) => r.document as TargetTable);
  const source = (context: string) => context.split(' ')[0] ?? '';
  const publicSources = new Set(STARTER_ENTRIES.map((e) => source(e.context)));
  rows.forEach((r, i) => r.status === 'published' && publicSources.add(source(tableContext(tables[i]!))));
  return { stamp, library: buildIndicatorLibrary(tables), publicSources, tables: tables.length, builtAt: new Date() };
}

export class LibraryCache {
  private readonly slots = new Map<string, Slot>();
  /** Builds done (for tests and the log). */
  builds = 0;

  constructor(private readonly db: Db) {}

  /** The region's library; `fresh` waits for a rebuild when approvals changed since it was built. */
  async get(region: string, opts: { fresh?: boolean } = {}): Promise<Omit<Slot, 'stamp'>> {
    const stamp = await stampOf(this.db, region);
    const slot = this.slots.get(region);
    if (slot && slot.stamp === stamp) return slot;
    if (slot && !opts.fresh) {
      void this.refresh(region, stamp).catch(() => undefined);
      return slot;
    }
    return this.refresh(region, stamp);
  }

  private readonly pending = new Map<string, Promise<Slot>>();

  /** One build per region at a time; callers asking meanwhile share it. */
  private refresh(region: string, stamp: string): Promise<Slot> {
    const running = this.pending.get(region);
    if (running) return running;
    const p = build(this.db, region, stamp)
      .then((s) => {
        this.builds++;
        this.slots.set(region, s);
        return s;
      })
      .finally(() => this.pending.delete(region));
    this.pending.set(region, p);
    return p;
  }
}

const caches = new WeakMap<Database, LibraryCache>();
/** One cache per open database (reads go to the lag-tolerant handle). */
export function libraryCache(database: Database): LibraryCache {
  let c = caches.get(database);
  if (!c) caches.set(database, (c = new LibraryCache(database.read)));
  return c;
}
