/**
 * Several server processes behind one port (node:cluster): the primary opens the database once
 * (migrations, the demo), then forks N workers that each run the whole app on the same port;
 * the primary hands connections to them in turn. This works because a worker keeps nothing a
 * request needs in memory: sessions, the version a save is checked against (row lock) and the
 * audit chain head (row lock) are all in PostgreSQL. PGlite is one process's folder, so a cluster
 * needs DATABASE_URL.
 *
 * The primary restarts a worker that dies, and on SIGTERM/SIGINT asks every worker to finish
 * its requests and close, then exits.
 */
import cluster, { type Worker } from 'node:cluster';
import { openDatabase } from './db/open.ts';
import { ensureDemo } from './demo/demo.ts';
import { startServer, type ServeOptions } from './serve.ts';

export interface ClusterOptions extends ServeOptions {
  workers: number;
}

interface ListeningMessage {
  jixiao: 'listening';
  url: string;
}

const isListening = (m: unknown): m is ListeningMessage => typeof m === 'object' && m !== null && (m as ListeningMessage).jixiao === 'listening';

export class ClusterConfigError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/**
 * In the primary: prepares the database, forks the workers and resolves with the URL once all
 * listen. In a worker: starts one server and tells the primary. Never returns control to a CLI
 * loop: the process runs until a signal.
 */
export async function serveCluster(opts: ClusterOptions): Promise<{ url: string; workers: number } | null> {
  if (cluster.isWorker) {
    const running = await startServer({ ...opts, demo: false, print: () => undefined });
    // Which process answered (for operators and the tests): set before Fastify sends headers.
    const id = String(cluster.worker?.id ?? process.pid);
    running.app.server.on('request', (_req, res) => res.setHeader('x-jixiao-worker', id));
    process.send?.({ jixiao: 'listening', url: running.url } satisfies ListeningMessage);
    return null;
  }
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  if (!opts.databaseUrl) {
    throw new ClusterConfigError(
      '多进程运行需要 PostgreSQL（DATABASE_URL）：嵌入式 PGlite 的数据目录只能由一个进程打开',
      'Several processes need PostgreSQL (DATABASE_URL): an embedded PGlite folder is opened by one process only',
    );
  }
  if (!Number.isInteger(opts.workers) || opts.workers < 1 || opts.workers > 64) {
    throw new ClusterConfigError(`进程数应在 1 到 64 之间：${opts.workers}`, `workers must be between 1 and 64: ${opts.workers}`);
  }
  // Migrations and the demo once, before any worker opens the database.
  const database = await openDatabase({ databaseUrl: opts.databaseUrl });
  try {
    if (opts.demo) for (const l of (await ensureDemo(database)).lines) print(l);
  } finally {
    await database.close();
  }

  let stopping = false;
  let started = false;
  const urls = new Map<number, string>();
  const ready = new Promise<string>((resolve, reject) => {
    cluster.on('message', (w, m: unknown) => {
      if (!isListening(m)) return;
      urls.set(w.id, m.url);
      if (!started && urls.size >= opts.workers) {
        started = true;
        resolve(m.url);
      }
    });
    cluster.on('exit', (w, code, signal) => {
      urls.delete(w.id);
      if (stopping) return;
      const why = signal ?? String(code);
      if (!started) {
        // A worker that cannot start (bad URL, port taken) would fail again: give up.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        reject(new Error(`进程 ${w.process.pid} 启动失败（${why}） / worker ${w.process.pid} failed to start (${why})`));
        return;
      }
      print(`进程 ${w.process.pid} 退出（${why}），重新启动 / worker ${w.process.pid} exited (${why}); starting another`);
      cluster.fork();
    });
  });
  for (let i = 0; i < opts.workers; i++) cluster.fork();
  const url = await ready;
  print(`绩效 Jixiao 已启动 / listening on ${url}  (${opts.workers} 个进程 workers; database: PostgreSQL${opts.replicaUrl ? ' + read replica' : ''})`);

  if (opts.handleSignals !== false) {
    const stop = (sig: string) => {
      if (stopping) return;
      stopping = true;
      print(`收到 ${sig}，正在关闭 / ${sig}: shutting down ${opts.workers} workers`);
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      let left = workers.length;
      if (left === 0) process.exit(0);
      for (const w of workers) {
        w.once('exit', () => {
          if (--left === 0) process.exit(0);
        });
        // Each worker's own handler finishes its requests and closes its pool.
        w.process.kill('SIGTERM');
      }
      // Each worker exits within its own bound; this one only guards against a worker that hangs.
      setTimeout(() => process.exit(1), (opts.shutdownTimeoutMs ?? 10_000) + 5_000).unref();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  }
  return { url, workers: opts.workers };
}
