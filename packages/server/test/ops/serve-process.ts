/**
 * `jixiao serve` as its own process on a seeded database (PGlite folder or a fresh PostgreSQL
 * database), stdout and stderr captured: what an operator's log collector would receive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, createTestDatabase, seedWorld, type Backend, type World } from '../helpers.ts';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  world: World;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  cleanup(): Promise<void>;
}

export async function serveProcess(backend: Backend, env: Record<string, string> = {}, args: string[] = []): Promise<ServeProcess> {
  const db = await createTestDatabase(backend);
  const world = await seedWorld(db.database);
  // The server opens the folder itself (one process per PGlite folder).
  const where = db.where;
  await db.database.close();
  const place = backend === 'pglite' ? { JIXIAO_DATA_DIR: where, DATABASE_URL: '' } : { DATABASE_URL: where };
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, JIXIAO_LOG: '', ...place, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    child,
    url,
    world,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await db.cleanup();
    },
  };
}
