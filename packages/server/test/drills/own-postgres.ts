/**
 * A throwaway PostgreSQL of our own (initdb into a temporary folder, a free port on loopback, as
 * the postgres OS user when running as root), for the fault drills that stop, crash and restart
 * the database. The shared server at 127.0.0.1:5432 is never touched.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgBinDir, replicaSkipReason } from '../streaming-replica.ts';
import { freePort } from '../free-port.ts';

/** Why our own PostgreSQL cannot be started here, or undefined when it can. */
export const ownPostgresSkipReason = replicaSkipReason;


export interface OwnPostgres {
  url(db: string): string;
  createDatabase(name: string): Promise<string>;
  /** Crash it (pg_ctl stop -m immediate: no checkpoint, recovery from the WAL at the next start). */
  crash(): void;
  start(): void;
  stop(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = pgBinDir()!;
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-ownpg-'));
  chmodSync(dir, 0o755);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    root ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { encoding: 'utf8', stdio: 'pipe' }) : execFileSync(join(bin, tool), args, { encoding: 'utf8', stdio: 'pipe' });
  const port = await freePort();
  const data = join(dir, 'data');
  // fsync stays on: a crash must lose nothing that was committed.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c shared_buffers=32MB -c max_connections=60`;
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', 'start']);
    running = true;
  };
  start();
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    url,
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    crash() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    start,
    async stop() {
      if (running) {
        try {
          run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
        } catch {
          /* already down */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
