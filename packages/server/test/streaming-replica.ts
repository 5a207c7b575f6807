/**
 * A real PostgreSQL primary and a streaming standby on loopback, in temporary folders, for the
 * replica tests: initdb a primary, pg_basebackup -R a standby from it, start both on free ports
 * (as the postgres OS user when running as root, as PostgreSQL refuses to run as root), and tear
 * everything down afterwards. The shared server at 127.0.0.1:5432 is never touched.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export function pgBinDir(): string | undefined {
  return BIN_DIRS.find((d) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => existsSync(join(d, b))));
}

/** Why the replica tests cannot run here, or undefined when they can. */
export function replicaSkipReason(): string | undefined {
  if (!pgBinDir()) return `PostgreSQL server binaries not found in ${BIN_DIRS.join(', ')}`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
      execFileSync('runuser', ['--help'], { stdio: 'ignore' });
    } catch {
      return 'running as root without a postgres OS user or runuser';
    }
  }
  return undefined;
}


export interface StreamingPair {
  primaryUrl(db: string): string;
  standbyUrl(db: string): string;
  /** Runs SQL on the standby (e.g. pg_wal_replay_pause()). */
  standbyQuery<T = Record<string, unknown>>(db: string, text: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const bin = pgBinDir()!;
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-replica-'));
  chmodSync(dir, 0o755);
  let uid = -1;
  let gid = -1;
  if (root) {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const cmd = join(bin, tool);
    const out = root ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', stdio: 'pipe' }) : execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' });
    return out;
  };
  const [p1, p2] = [await freePort(), await freePort()];
  const primary = join(dir, 'primary');
  const standby = join(dir, 'standby');
  const opts = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c shared_buffers=32MB -c max_connections=40`;
  const started: string[] = [];
  const stop = async () => {
    for (const d of started.reverse()) {
      try {
        run('pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already down */
      }
    }
    started.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', ['-D', primary, '-l', join(dir, 'primary.log'), '-o', opts(p1), '-w', 'start']);
    started.push(primary);
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '--no-sync']);
    run('pg_ctl', ['-D', standby, '-l', join(dir, 'standby.log'), '-o', opts(p2), '-w', 'start']);
    started.push(standby);
  } catch (err) {
    await stop();
    throw err;
  }
  const url = (port: number, db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    primaryUrl: (db) => url(p1, db),
    standbyUrl: (db) => url(p2, db),
    async standbyQuery<T>(db: string, text: string) {
      const c = new pg.Client({ connectionString: url(p2, db) });
      await c.connect();
      try {
        return (await c.query(text)).rows as T[];
      } finally {
        await c.end();
      }
    },
    stop,
  };
}
