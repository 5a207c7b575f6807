/**
 * docs/configuration.md and the code agree (issue 25): every environment variable the server,
 * the CLI and the file library read is in the page's table, and everything in the table is read.
 * A wrong value stops `jixiao serve` with a message naming the setting, in Chinese and English.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSettings, SETTING_NAMES, SettingsError } from '../../src/config/settings.ts';
import { BIN } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SETTINGS_MODULE = 'packages/server/src/config/settings.ts';

/** The code that runs in production: each package's src (tests excluded) and the CLI's bin. */
function sourceFiles(): string[] {
  const out: string[] = [];
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    for (const dir of ['src', 'bin']) {
      let names: string[];
      try {
        names = readdirSync(join(ROOT, 'packages', pkg, dir), { recursive: true }).map(String);
      } catch {
        continue;
      }
      for (const n of names) if (/\.(ts|tsx|mjs|js)$/.test(n) && !/\.test\.tsx?$/.test(n)) out.push(join(ROOT, 'packages', pkg, dir, n));
    }
  }
  return out;
}

/** Names read as process.env.X / process.env['X'] / { X } = process.env, and any read by a computed name. */
function environmentReads(): { names: Map<string, string[]>; computed: string[] } {
  const names = new Map<string, string[]>();
  const computed: string[] = [];
  const add = (name: string, where: string) => names.set(name, [...(names.get(name) ?? []), where]);
  for (const file of sourceFiles()) {
    const rel = relative(ROOT, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) add(m[1]!, rel);
    for (const m of text.matchAll(/process\.env\[\s*(['"`])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]/g)) add(m[2]!, rel);
    for (const m of text.matchAll(/\{([^}]*)\}\s*=\s*process\.env\b/g)) for (const n of m[1]!.split(',')) add(n.split(':')[0]!.trim(), rel);
    for (const m of text.matchAll(/process\.env\[\s*(?!['"`][A-Za-z_])/g)) computed.push(`${rel}@${m.index}`);
    // The settings module reads every key of its schema from the environment it is given.
    if (rel === SETTINGS_MODULE) for (const n of SETTING_NAMES) add(n, rel);
  }
  return { names, computed };
}

function documented(): Set<string> {
  const page = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
  const table = page.split('## Settings')[1]!.split('\n## ')[0]!;
  return new Set([...table.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1]!));
}

describe('configuration', () => {
  it('every variable the code reads is documented, and every documented one is read', () => {
    const { names, computed } = environmentReads();
    const docs = documented();
    expect(docs.size).toBeGreaterThan(15);
    const undocumented = [...names.keys()].filter((n) => !docs.has(n)).map((n) => `${n} (${names.get(n)!.join(', ')})`);
    expect(undocumented, 'read in code but missing from docs/configuration.md').toEqual([]);
    expect([...docs].filter((n) => !names.has(n)), 'in docs/configuration.md but read nowhere').toEqual([]);
    // A read by a computed name could not be checked: only the settings module may do it.
    expect(computed, 'process.env[…] with a computed name outside the settings module').toEqual([]);
    // Reads outside the settings module: only the PDF renderer's library default.
    const outside = [...names].flatMap(([n, files]) => files.filter((f) => f !== SETTINGS_MODULE).map((f) => `${n} ${f}`));
    expect(outside).toEqual(['JIXIAO_CHROMIUM packages/files/src/official/pdf-renderer.ts']);
  });

  it('defaults when nothing is set; flags and lists parsed', () => {
    const s = readSettings({});
    expect(s).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', JIXIAO_DATA_DIR: './data', JIXIAO_LOG: 'info', JIXIAO_SECURE_COOKIES: false, JIXIAO_TRUST_PROXY: false, JIXIAO_WORKERS: 1 });
    expect(s.DATABASE_URL).toBeUndefined();
    const t = readSettings({ JIXIAO_SECURE_COOKIES: '1', JIXIAO_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8', PORT: '', JIXIAO_METRICS_ALLOW: '192.168.0.0/16' });
    expect(t).toMatchObject({ JIXIAO_SECURE_COOKIES: true, JIXIAO_TRUST_PROXY: ['127.0.0.1', '10.0.0.0/8'], PORT: 3000, JIXIAO_METRICS_ALLOW: ['192.168.0.0/16'] });
  });

  it('names every bad setting at once, hides secrets', () => {
    let err: unknown;
    try {
      readSettings({ PORT: '80a', DATABASE_URL: 'postgres://jx:s3cret@db/jixiao', DATABASE_REPLICA_URL: 'mysql://x', JIXIAO_METRICS_TOKEN: 'short-secret', JIXIAO_TRUST_PROXY: 'sometimes' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SettingsError);
    const e = err as SettingsError;
    expect(e.problems.map((p) => p.name).sort()).toEqual(['DATABASE_REPLICA_URL', 'JIXIAO_METRICS_TOKEN', 'JIXIAO_TRUST_PROXY', 'PORT']);
    expect(e.message).not.toContain('short-secret');
    expect(() => readSettings({ DATABASE_REPLICA_URL: 'postgres://jx:s3cret@replica/jixiao' })).toThrow(/DATABASE_REPLICA_URL.*needs DATABASE_URL/s);
    try {
      readSettings({ DATABASE_URL: 'postgres://jx:s3cret@/nohost' });
    } catch (x) {
      expect((x as Error).message).toContain('DATABASE_URL');
      expect((x as Error).message).not.toContain('s3cret');
    }
  });

  it('jixiao serve refuses to start on an invalid setting, naming it in Chinese and English', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', JIXIAO_DATA_DIR: '/nonexistent/never-opened', JIXIAO_POOL_SIZE: 'lots', JIXIAO_LOG: 'loud' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('环境变量 JIXIAO_POOL_SIZE="lots" 无效');
    expect(r.stderr).toContain('environment variable JIXIAO_LOG="loud" is invalid: must be one of fatal, error, warn, info, debug, trace, silent');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a sentence, not a stack trace
    expect(r.stdout).not.toContain('listening');
  });
});
