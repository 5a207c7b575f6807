/**
 * PostgreSQL: a pooled connection that dies (the server restarted, an administrator ended it)
 * and is handed out before the pool notices fails the transaction it was given — and must go back
 * to the pool, not leak. Leaked, the pool shrinks for good: with every connection leaked, each
 * request waits forever and closing the pool never returns.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/open.ts';
import { isDatabaseUnavailable } from '../src/errors.ts';
import { createPgDatabase } from './helpers.ts';

const within = <T>(ms: number, what: string, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what} did not finish in ${ms} ms`)), ms))]);

describe.skipIf(!process.env.DATABASE_URL)('pooled connections that die (PostgreSQL)', () => {
  let pgdb: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
  let database: Database | undefined;
  let admin: pg.Client | undefined;
  afterAll(async () => {
    await admin?.end();
    await pgdb?.drop();
  });

  it('a transaction handed a dead connection fails as unavailable, and the pool keeps working and closes', async () => {
    pgdb = await createPgDatabase();
    database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 1 });
    admin = new pg.Client({ connectionString: pgdb.url });
    await admin.connect();
    const pid = async () => Number((await within(10_000, 'a query on the pool', database!.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')))[0]!.pid);
    let failed = 0;
    for (let i = 0; i < 5; i++) {
      const victim = await pid(); // the pool's one connection, idle again
      await admin.query('SELECT pg_terminate_backend($1)', [victim]);
      // At once: the pool still holds the dead connection as idle and hands it out.
      try {
        await within(10_000, 'a transaction on a dead connection', database.db.transaction(async (tx) => tx.execute(sql`SELECT 1`)));
      } catch (e) {
        expect(isDatabaseUnavailable(e), String(e)).toBe(true);
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(0); // the race this test is about did happen
    // With its one connection leaked the pool would wait here forever.
    await within(10_000, 'a transaction after the failures', database.db.transaction(async (tx) => tx.execute(sql`SELECT 1`)));
    await within(10_000, 'closing the pool', database.close());
  }, 90_000);
});
