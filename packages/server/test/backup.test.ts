/**
 * Logical backup and restore round-trip every row, between PGlite and PostgreSQL in both
 * directions (PostgreSQL when DATABASE_URL is set).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, restoreBackup, writeBackup } from '../src/db/backup.ts';
import { verifyAuditChain } from '../src/audit/audit.ts';
import { BACKENDS, BIN, createTestDatabase, loggedIn, seedTables, startTestServer, type TestServer } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jixiao-backup-'));
const rowLines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1, -2);

describe('backup and restore', () => {
  let source: TestServer;
  let sourceFile: string;
  beforeAll(async () => {
    source = await startTestServer('pglite');
    // Real data through the API: tables, revisions, workflow events with comments, sessions, audit.
    const { clean } = seedTables();
    const filer = await loggedIn(source.url, source.world.logins.filer);
    const reviewer = await loggedIn(source.url, source.world.logins.deptReviewer);
    const p = await filer.post('/api/tables', { orgId: source.world.orgs.unit.id, document: clean.find((t) => t.kind === 'project') });
    const id = p.body.table.id;
    await filer.post(`/api/tables/${id}/submit`);
    await reviewer.post(`/api/tables/${id}/return`, { fieldComments: [{ field: 'overview', comment: '请补充“资金用途”' }] });
    const doc = (await filer.get(`/api/tables/${id}`)).body.document;
    doc.overview.raw += '（已补充）';
    await filer.put(`/api/tables/${id}`, doc, { 'if-match': '"1"' });
    const deptFiler = await loggedIn(source.url, source.world.logins.deptFiler);
    await deptFiler.post('/api/tables', { orgId: source.world.orgs.dept.id, document: clean.find((t) => t.kind === 'dept-overall') });
    sourceFile = join(tmp, 'source.jsonl');
    const r = await writeBackup(source.db.database, sourceFile);
    expect(r.tables).toMatchObject({ regions: 1, orgs: 5, users: 8, target_tables: 2, table_revisions: 3, workflow_events: 2 });
    expect(r.tables.audit_log).toBeGreaterThanOrEqual(8);
  });
  afterAll(async () => {
    await source?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it.each(BACKENDS)('PGlite → %s → PGlite: every row comes back identical', async (target) => {
    const t = await createTestDatabase(target);
    const back = await createTestDatabase('pglite');
    try {
      const restored = await restoreBackup(t.database, sourceFile);
      expect(restored.rows).toBe(rowLines(sourceFile).length);
      const mid = join(tmp, `mid-${target}.jsonl`);
      await writeBackup(t.database, mid);
      expect(rowLines(mid)).toEqual(rowLines(sourceFile));
      expect(await verifyAuditChain(t.database.db, '440823')).toMatchObject({ ok: true });
      // …and back from there into a fresh PGlite.
      await restoreBackup(back.database, mid);
      const end = join(tmp, `end-${target}.jsonl`);
      await writeBackup(back.database, end);
      expect(rowLines(end)).toEqual(rowLines(sourceFile));
      // Money stays integer 分 and documents stay JSON.
      const [row] = await back.database.query<{ current_amount_fen: unknown }>(`SELECT current_amount_fen FROM target_tables WHERE kind = 'project'`);
      expect(Number(row!.current_amount_fen)).toBe(13_000_000);
    } finally {
      await t.cleanup();
      await back.cleanup();
    }
  });

  it('refuses a non-empty database unless forced, and a damaged file always', async () => {
    const t = await createTestDatabase('pglite');
    try {
      await restoreBackup(t.database, sourceFile);
      await expect(restoreBackup(t.database, sourceFile)).rejects.toThrow(/not empty/);
      const again = await restoreBackup(t.database, sourceFile, { force: true });
      expect(again.rows).toBe(rowLines(sourceFile).length);
      const lines = readFileSync(sourceFile, 'utf8').split('\n');
      const i = lines.findIndex((l) => l.includes('"t":"orgs"'));
      lines[i] = lines[i]!.replace('遂溪县', '廉江市');
      const damaged = join(tmp, 'damaged.jsonl');
      writeFileSync(damaged, lines.join('\n'));
      await expect(restoreBackup(t.database, damaged, { force: true })).rejects.toBeInstanceOf(BackupError);
      const truncated = join(tmp, 'truncated.jsonl');
      writeFileSync(truncated, lines.slice(0, 10).join('\n'));
      await expect(restoreBackup(t.database, truncated, { force: true })).rejects.toThrow(/truncated/);
      // The failed restores changed nothing (one transaction).
      const [n] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM orgs WHERE name LIKE '廉江市%'`);
      expect(n!.n).toBe(0);
    } finally {
      await t.cleanup();
    }
  });

  it('jixiao backup / jixiao restore on data folders', async () => {
    const from = mkdtempSync(join(tmpdir(), 'jixiao-cli-from-'));
    const to = mkdtempSync(join(tmpdir(), 'jixiao-cli-to-'));
    const run = (args: string[], dir: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, JIXIAO_DATA_DIR: dir, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        c.stdout.on('data', (d) => (out += String(d)));
        c.stderr.on('data', (d) => (out += String(d)));
        c.on('exit', (code) => resolve({ code, out }));
      });
    try {
      const t = await createTestDatabase('pglite');
      await restoreBackup(t.database, sourceFile);
      await t.database.close();
      // Reuse that folder as the CLI's source.
      const file = join(tmp, 'cli.jsonl');
      const b = await run(['backup', file], t.where);
      expect(b.code, b.out).toBe(0);
      expect(b.out).toMatch(/backed up \d+ rows/);
      const r = await run(['restore', file], to);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/restored \d+ rows/);
      const again = await run(['restore', file], to);
      expect(again.code).toBe(2);
      expect(again.out).toMatch(/不是空的/);
      rmSync(t.where, { recursive: true, force: true });
    } finally {
      rmSync(from, { recursive: true, force: true });
      rmSync(to, { recursive: true, force: true });
    }
  }, 120_000);
});
