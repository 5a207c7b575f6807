/**
 * Starting and stopping the server: open the database (migrations run), optionally create the
 * demo, listen, and on SIGTERM/SIGINT stop taking requests, finish the ones in flight and close
 * the database (PGlite flushes and releases the data folder's lock).
 */
import { buildApp, type App, type AppOptions } from './app.ts';
import { openDatabase, type Database } from './db/open.ts';
import { ensureDemo } from './demo/demo.ts';
import { setupNeeded } from './administration/first-run.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** A streaming replica for lag-tolerant reads (DATABASE_REPLICA_URL); PostgreSQL only. */
  replicaUrl?: string;
  /** Pool size per process for PostgreSQL (default 10). */
  poolSize?: number;
  demo?: boolean;
  logger?: AppOptions['logger'];
  secureCookies?: boolean;
  /** true, or the proxies' addresses and ranges (Fastify trustProxy). */
  trustProxy?: boolean | string[];
  /** On SIGTERM/SIGINT: how long requests in flight may take to finish before the process exits anyway (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Print lines (default: stdout). */
  print?: (line: string) => void;
  /** Install SIGTERM/SIGINT handlers (default true). */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: App;
  database: Database;
  url: string;
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  // Listen first, migrate second: a load balancer's readiness probe gets 503 (not a refused
  // connection) while a long migration runs, and liveness stays 200.
  const database = await openDatabase({
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.replicaUrl ? { replicaUrl: opts.replicaUrl } : {}),
    ...(opts.poolSize ? { poolSize: opts.poolSize } : {}),
    migrate: false,
  });
  let app: App | undefined;
  try {
    app = await buildApp({ database, logger: opts.logger ?? false, secureCookies: opts.secureCookies ?? false, trustProxy: opts.trustProxy ?? false, migrating: true });
    await app.listen({ port: opts.port ?? 3000, host: opts.host ?? '127.0.0.1' });
    await database.migrate();
    if (opts.demo) {
      const demo = await ensureDemo(database);
      for (const l of demo.lines) print(l);
    }
    app.services.phase = 'ready';
  } catch (err) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 3000);
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : 'localhost';
  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`;
  print(`绩效 Jixiao 已启动 / listening on ${url}  (API docs: ${url}/api/docs; database: ${database.kind} ${database.where}${database.replica ? `; reads: replica ${database.replica}` : ''})`);
  if (await setupNeeded(database.db)) {
    print(`系统尚未初始化：请在浏览器打开 ${url} 创建本地区、财政局和第一个管理员（或运行 jixiao init）`);
    print(`Not set up yet: open ${url} in a browser to create the region, its finance bureau and the first administrator (or run jixiao init)`);
  }

  let closing: Promise<void> | undefined;
  const running: RunningServer = {
    app,
    database,
    url,
    close() {
      closing ??= (async () => {
        app.services.phase = 'draining';
        try {
          await app.close();
        } finally {
          await database.close();
        }
      })();
      return closing;
    },
  };
  if (opts.handleSignals !== false) {
    const bound = opts.shutdownTimeoutMs ?? 10_000;
    const stop = (sig: string) => {
      print(`收到 ${sig}，正在关闭（最多等待 ${bound} 毫秒）/ ${sig}: shutting down (at most ${bound} ms)`);
      // No new connections from here on (the listener closes at once); requests in flight
      // finish, up to the bound. Past it, their connections are cut and the process exits 1.
      const timer = setTimeout(() => {
        print(`${bound} 毫秒后仍有未完成的请求，强制退出 / requests still in flight after ${bound} ms: exiting`);
        app.server.closeAllConnections();
        void database.close().finally(() => process.exit(1));
        setTimeout(() => process.exit(1), 2_000).unref();
      }, bound);
      timer.unref();
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`关闭出错 / error while closing: ${(err as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  }
  return running;
}
