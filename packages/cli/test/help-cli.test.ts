/** Every command answers --help with its usage and exit 0, doing nothing else (no server, no files). */
import { describe, expect, it } from 'vitest';
import { jixiao } from './run-jixiao.ts';

const COMMANDS = ['check', 'rules', 'import', 'export', 'serve', 'generate', 'admin', 'backup', 'restore', 'audit'];

describe('jixiao <command> --help', () => {
  it.each(COMMANDS)('%s --help prints its usage and exits 0', (name) => {
    const r = jixiao(name, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`jixiao ${name}`);
    expect(r.stdout).toMatch(/用法 \/ usage/);
  });

  it('serve -h returns at once instead of starting a server', () => {
    const started = Date.now();
    const r = jixiao('serve', '-h', '--port', '0');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/listening|http:\/\//i);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('jixiao --help lists every command', () => {
    const r = jixiao('--help');
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.stderr).toContain(`  ${name}`);
  });
});
