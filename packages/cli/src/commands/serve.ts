/**
 * `jixiao serve [--demo] [--port N] [--host H] [--data DIR] [--workers N]`: the web server and API.
 * `--workers N` runs N processes behind the one port (node:cluster; needs DATABASE_URL).
 * DATABASE_REPLICA_URL: a streaming replica for public pages and dashboards.
 * Environment: PORT, HOST (default 127.0.0.1; 0.0.0.0 to listen on every interface),
 * JIXIAO_SECURE_COOKIES=1 behind HTTPS, JIXIAO_TRUST_PROXY=1 behind a reverse proxy (client
 * addresses for the login rate limit and the audit log), JIXIAO_LOG the log level (default info: one line per request;
 * silent for none), JSON lines unless stdout is a terminal.
 * Storage: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite in JIXIAO_DATA_DIR
 * (default ./data). `--demo` creates the 遂溪县 demo on an empty database and prints its logins.
 */
import { parseArgs, UsageError } from '../args.ts';

export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, ['port', 'host', 'data', 'workers']);
  const portText = (flags.get('port') as string | undefined) ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口无效：${portText}`, `invalid port: ${portText}`);
  const workersText = (flags.get('workers') as string | undefined) ?? process.env.JIXIAO_WORKERS;
  const workers = workersText === undefined ? 1 : Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`进程数无效：${workersText}`, `invalid --workers: ${workersText}`);
  const { startServer, serveCluster, ClusterConfigError, loggerOptions, LOG_LEVELS } = await import('@jixiao/server');
  // One JSON line per request unless JIXIAO_LOG says otherwise; readable lines on a terminal.
  const level = process.env.JIXIAO_LOG || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`JIXIAO_LOG 无效：${level}（可用 ${LOG_LEVELS.join('、')}）`, `invalid JIXIAO_LOG: ${level} (one of ${LOG_LEVELS.join(', ')})`);
  const logger = loggerOptions(level as (typeof LOG_LEVELS)[number], process.stdout.isTTY ? 'pretty' : 'json');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const replicaUrl = process.env.DATABASE_REPLICA_URL || undefined;
  const poolSize = process.env.JIXIAO_POOL_SIZE ? Number(process.env.JIXIAO_POOL_SIZE) : undefined;
  if (replicaUrl && !databaseUrl) throw new UsageError('DATABASE_REPLICA_URL 需要同时设置 DATABASE_URL', 'DATABASE_REPLICA_URL needs DATABASE_URL');
  const common = {
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(replicaUrl ? { replicaUrl } : {}),
    ...(poolSize ? { poolSize } : {}),
  };
  if (workers > 1 || (await import('node:cluster')).default.isWorker) {
    await serveCluster({
      workers,
      port,
      host: (flags.get('host') as string | undefined) ?? process.env.HOST ?? '127.0.0.1',
      ...common,
      demo: flags.has('demo'),
      logger,
      secureCookies: process.env.JIXIAO_SECURE_COOKIES === '1',
      trustProxy: process.env.JIXIAO_TRUST_PROXY === '1',
    }).catch((err: unknown) => {
      if (err instanceof ClusterConfigError) throw new UsageError(err.zh, err.en);
      throw err;
    });
    return new Promise<number>(() => undefined);
  }
  await startServer({
    ...common,
    port,
    host: (flags.get('host') as string | undefined) ?? process.env.HOST ?? '127.0.0.1',
    dataDir: (flags.get('data') as string | undefined) ?? process.env.JIXIAO_DATA_DIR ?? './data',
    demo: flags.has('demo'),
    logger,
    secureCookies: process.env.JIXIAO_SECURE_COOKIES === '1',
    trustProxy: process.env.JIXIAO_TRUST_PROXY === '1',
  });
  // Runs until SIGTERM/SIGINT, whose handlers close the database and exit.
  return new Promise<number>(() => undefined);
}
