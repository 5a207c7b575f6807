/** The real `jixiao` binary, run as a user runs it: from the repository root, on the embedded default. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/jixiao.mjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `jixiao ARGS…` and waits; DATABASE_URL is left out, so nothing reaches the CI's PostgreSQL unless an argument names it. */
export function jixiao(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 120_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
