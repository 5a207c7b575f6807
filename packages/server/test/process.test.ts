/** One process per data folder, clean shutdown on SIGTERM, and the CLI's messages. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { DataDirLockedError } from '../src/db/lock.ts';
import { BIN, spawnServer } from './helpers.ts';

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('the PGlite data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process with a bilingual message, and is released on SIGTERM', async () => {
    const env = { JIXIAO_DATA_DIR: dir, DATABASE_URL: '' };
    const first = await spawnServer(env);
    expect(first.output()).toMatch(/admin/);
    expect(existsSync(join(dir, 'jixiao.lock'))).toBe(true);

    const second = await runCli(['serve', '--port', '0'], env);
    expect(second.code).toBe(2);
    expect(second.out).toMatch(/正被另一个进程（pid \d+）使用/);
    expect(second.out).toMatch(/in use by another process/);
    const backup = await runCli(['backup', join(dir, 'x.jsonl')], env);
    expect(backup.code).toBe(2);

    // In the same process too.
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);

    const exited = new Promise<number | null>((r) => first.child.once('exit', (code) => r(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'jixiao.lock'))).toBe(false);

    // The demo is created once; a restart keeps the data and prints the logins again.
    const again = await spawnServer(env);
    expect(again.output()).toMatch(/demo logins/);
    expect(again.output()).not.toMatch(/created the 遂溪县 demo/);
    const stopped = new Promise((r) => again.child.once('exit', r));
    again.child.kill('SIGINT');
    await stopped;
  }, 120_000);
});
