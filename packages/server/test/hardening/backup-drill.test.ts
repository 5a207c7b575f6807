/** Backup, wipe, restore, and every row of every table compared (the drill: `npm run drill:backup`). */
import { describe, expect, it } from 'vitest';
import { ALL_TABLES } from '../../src/db/schema.ts';
import { BACKENDS } from '../helpers.ts';
import { runBackupDrill } from '../drills/backup-drill.ts';

describe.each(BACKENDS)('backup drill (%s)', (backend) => {
  it('restores every row of every table after the database is wiped', async () => {
    const f = await runBackupDrill(backend, 4);
    expect(f.tables).toBe(Object.keys(ALL_TABLES).length);
    expect(f.mismatches).toBe(0);
    expect(f.rowsByTable).toMatchObject({ target_tables: 4, users: 8 });
    expect(f.rowsByTable.workflow_events).toBeGreaterThanOrEqual(10);
    expect(f.rowsByTable.login_throttle).toBeGreaterThanOrEqual(1);
    expect(f.rowsCompared).toBeGreaterThan(60);
    process.stdout.write(`backup drill (${backend}): ${JSON.stringify(f)}\n`);
  }, 300_000);
});
