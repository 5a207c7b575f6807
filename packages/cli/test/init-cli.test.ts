/**
 * Day one from the command line, the real binary on an empty PGlite folder: `jixiao init` (the
 * password from stdin, never echoed; a second run refused), then `jixiao serve` without --demo
 * says how to start, and `jixiao admin … --server URL --user LOGIN` imports through the running
 * server while the direct form, which the server's lock on the folder refuses, says to use it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-jixiao.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-init-cli-'));
const data = join(dir, 'data');
const PW = 'Lianjiang-Caizheng-2027';
let server: ChildProcess | undefined;

afterAll(async () => {
  if (server && server.exitCode === null) {
    const gone = new Promise((ok) => server!.once('exit', ok));
    server.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  delete env.DATABASE_URL;
  if (!opts.env?.JIXIAO_ADMIN_PASSWORD) delete env.JIXIAO_ADMIN_PASSWORD;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 180_000, env, input: opts.input ?? '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('jixiao init, then admin commands beside a running server', () => {
  it('sets up the region once; the password comes from stdin and is never printed', () => {
    const init = ['init', '--region', '440881', '--name', '廉江市', '--level', 'county', '--admin-login', 'lj_admin', '--data', data];
    const weak = run(init, { input: '1234567890\n' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/密码/);
    const ok = run(init, { input: `${PW}\n` });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('已初始化');
    expect(ok.stdout).toContain('廉江市财政局 (CZJ)');
    expect(ok.stdout + ok.stderr).not.toContain(PW);
    const again = run([...init.slice(0, -3), 'second_admin', '--data', data], { env: { JIXIAO_ADMIN_PASSWORD: PW } });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已完成初始化');
  }, 400_000);

  it('imports through the running server (no downtime); the direct form says to use --server', async () => {
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.DATABASE_URL;
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (d) => (out += String(d)));
    server.stderr!.on('data', (d) => (out += String(d)));
    const url = await new Promise<string>((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`no start:\n${out}`)), 120_000);
      server!.stdout!.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) (clearTimeout(t), ok(m[1]!.replace('localhost', '127.0.0.1')));
      });
    });
    // Already set up: no setup hint.
    expect(out).not.toContain('尚未初始化');

    const file = join(dir, 'orgs.csv');
    writeFileSync(file, '单位编码,单位名称,上级编码\n101,廉江市教育局,\n101001,廉江市第一中学,101\n');
    const direct = run(['admin', 'import-orgs', file, '--as', 'lj_admin', '--data', data]);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toContain('--server');

    const preview = run(['admin', 'import-orgs', file, '--server', url, '--user', 'lj_admin'], { env: { JIXIAO_PASSWORD: PW } });
    expect(preview.stderr).toBe('');
    expect(preview.stdout).toMatch(/3\s+101001\s+新增 create/);
    expect(preview.stdout).toContain('预览，未保存');
    const apply = run(['admin', 'import-orgs', file, '--server', url, '--user', 'lj_admin', '--apply', '--json'], { env: { JIXIAO_PASSWORD: PW } });
    expect(apply.code).toBe(0);
    expect(JSON.parse(apply.stdout).summary).toMatchObject({ created: 2 });
    const wrong = run(['admin', 'import-orgs', file, '--server', url, '--user', 'lj_admin'], { env: { JIXIAO_PASSWORD: 'not-the-password-1' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('用户名或密码错误');
    // The server saw it: the organisations are there for the web.
    const users = run(['admin', 'import-users', join(dir, 'none.csv'), '--server', url, '--user', 'lj_admin'], { env: { JIXIAO_PASSWORD: PW } });
    expect(users.code).toBe(2);
  }, 400_000);
});
