/** `jixiao export`, the real binary: the seed to official documents (one per table, or one file), read back; exchange files imported again; and a batch from a running server. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importText, printedForm, type TargetTable } from '@jixiao/core';
import { readTableFile } from '@jixiao/files';
import { PASSWORD, startTestServer, loggedIn, seedTables } from '../../server/test/helpers.ts';
import { BIN, ROOT, jixiao } from './run-jixiao.ts';
import { withoutProvenance } from '../../core/test/helpers/table-data.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
const out = mkdtempSync(join(tmpdir(), 'jixiao-export-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Async, so a server in this process can answer it. */
function jixiaoAsync(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const c = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b) => (stdout += b));
    c.stderr.on('data', (b) => (stderr += b));
    c.on('exit', (code) => ok({ code, stdout, stderr }));
  });
}
const data = (t: TargetTable) => withoutProvenance(t);

describe('jixiao export', () => {
  it('the seed file → one .xlsx per table, named after it, each read back to the same table', async () => {
    const dir = join(out, 'each');
    const r = jixiao('export', SEED, '--format', 'xlsx', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['工作经费.xlsx', '遂溪县数字赋能实体经济发展规划编制费用.xlsx', '遂溪县科工贸和信息化局2026年县级部门整体预算绩效目标表.xlsx']);
    const back = await readTableFile(new Uint8Array(readFileSync(join(dir, '工作经费.xlsx'))), 'w.xlsx');
    expect(data(back.tables[0]!)).toEqual(data(printedForm(seed[1]!)));
  }, 120_000);

  it('--one: all tables in one workbook; exchange JSON imports again with jixiao import', async () => {
    const book = join(out, 'all.xlsx');
    expect(jixiao('export', SEED, '--format', 'xlsx', '--one', book).code).toBe(0);
    const back = await readTableFile(new Uint8Array(readFileSync(book)), 'all.xlsx');
    expect(back.tables.map((t) => t.kind)).toEqual(['dept-overall', 'project', 'project']);
    const json = join(out, 'all.exchange.json');
    expect(jixiao('export', SEED, '--format', 'exchange', '--one', json).code).toBe(0);
    const imp = jixiao('import', '--json', json);
    expect(imp.code).toBe(0);
    const r = JSON.parse(imp.stdout).results[0];
    expect(r.tables.map((t: { name: string }) => t.name)).toEqual(['遂溪县科工贸和信息化局', '工作经费', '遂溪县数字赋能实体经济发展规划编制费用']);
  }, 180_000);

  it('--out DIR that does not exist yet is created (the findings report too); a file in the way is a clear error', () => {
    const dir = join(out, 'not', 'yet');
    const r = jixiao('export', SEED, '--format', 'findings', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['检查意见.xlsx']);
    const one = join(out, 'one', 'deeper', 'all.exchange.json');
    expect(jixiao('export', SEED, '--format', 'exchange', '--one', one).code).toBe(0);
    expect(readdirSync(join(out, 'one', 'deeper'))).toEqual(['all.exchange.json']);
    const blocked = jixiao('export', SEED, '--format', 'exchange', '--out', join(one, 'sub'));
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain('无法创建输出文件夹');
    expect(blocked.stderr).toContain('cannot create the output folder');
    expect(blocked.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('bad usage and unreadable files get clear messages and exit codes', () => {
    expect(jixiao('export', SEED).code).toBe(2);
    expect(jixiao('export', SEED, '--format', 'exe').stderr).toMatch(/--format/);
    const missing = jixiao('export', join(out, 'nope.xlsx'), '--format', 'xlsx', '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.xlsx/);
  }, 180_000);

  it('--server: a batch of the account’s tables, with the job polled until the file is ready', async () => {
    const s = await startTestServer('pglite');
    try {
      const c = await loggedIn(s.url, s.world.logins.deptFiler);
      for (const doc of seedTables().clean) {
        const owner = doc.kind === 'dept-overall' ? s.world.orgs.dept.id : s.world.orgs.unit.id;
        expect((await c.post('/api/tables', { orgId: owner, stage: 'first', document: doc })).status).toBe(201);
      }
      const file = join(out, 'server.xlsx');
      const r = await jixiaoAsync({ JIXIAO_PASSWORD: PASSWORD }, 'export', '--server', s.url, '--user', s.world.logins.deptReviewer, '--year', '2026', '--format', 'xlsx', '--out', file);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('3 tables');
      expect((await readTableFile(new Uint8Array(readFileSync(file)), 's.xlsx')).tables).toHaveLength(3);
      const wrong = await jixiaoAsync({ JIXIAO_PASSWORD: 'wrong' }, 'export', '--server', s.url, '--user', s.world.logins.deptReviewer, '--year', '2026', '--format', 'xlsx', '--out', file);
      expect(wrong.code).toBe(1);
      const none = await jixiaoAsync({ JIXIAO_PASSWORD: PASSWORD }, 'export', '--server', s.url, '--user', s.world.logins.filer2, '--year', '2026', '--format', 'xlsx', '--out', file);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('No table you may read matches');
    } finally {
      await s.close();
    }
  }, 120_000);
});
