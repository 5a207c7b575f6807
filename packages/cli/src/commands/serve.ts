/**
 * `jixiao serve [--demo] [--port N] [--host H] [--data DIR] [--workers N]`: the web server and API.
 * `--workers N` runs N processes behind the one port (node:cluster; needs DATABASE_URL).
 * Every setting it reads from the environment (PORT, HOST, DATABASE_URL, DATABASE_REPLICA_URL,
 * JIXIAO_SECURE_COOKIES, JIXIAO_TRUST_PROXY, JIXIAO_LOG …) is read and checked by the server's
 * settings module before anything starts, and listed in docs/configuration.md; a flag wins over
 * its variable. `--demo` creates the 遂溪县 demo on an empty database and prints its logins.
 */
import { readSettings } from '@jixiao/server/settings';
import { parseArgs, UsageError } from '../args.ts';

export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, ['port', 'host', 'data', 'workers']);
  // Invalid settings stop the start here, each named (SettingsError), before the server loads.
  const settings = readSettings();
  const portText = flags.get('port') as string | undefined;
  const port = portText === undefined ? settings.PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口无效：${portText}`, `invalid port: ${portText}`);
  const workersText = flags.get('workers') as string | undefined;
  const workers = workersText === undefined ? settings.JIXIAO_WORKERS : Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`进程数无效：${workersText}`, `invalid --workers: ${workersText}`);
  const host = (flags.get('host') as string | undefined) ?? settings.HOST;
  const { startServer, serveCluster, ClusterConfigError, loggerOptions } = await import('@jixiao/server');
  // One JSON line per request unless JIXIAO_LOG says otherwise; readable lines on a terminal.
  const format = settings.JIXIAO_LOG_FORMAT === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : settings.JIXIAO_LOG_FORMAT;
  const common = {
    ...(settings.DATABASE_URL ? { databaseUrl: settings.DATABASE_URL } : {}),
    ...(settings.DATABASE_REPLICA_URL ? { replicaUrl: settings.DATABASE_REPLICA_URL } : {}),
    ...(settings.JIXIAO_POOL_SIZE ? { poolSize: settings.JIXIAO_POOL_SIZE } : {}),
    port,
    host,
    demo: flags.has('demo'),
    logger: loggerOptions(settings.JIXIAO_LOG, format),
    secureCookies: settings.JIXIAO_SECURE_COOKIES,
    trustProxy: settings.JIXIAO_TRUST_PROXY,
    shutdownTimeoutMs: settings.JIXIAO_SHUTDOWN_TIMEOUT,
  };
  if (workers > 1 || (await import('node:cluster')).default.isWorker) {
    await serveCluster({ workers, ...common }).catch((err: unknown) => {
      if (err instanceof ClusterConfigError) throw new UsageError(err.zh, err.en);
      throw err;
    });
    return new Promise<number>(() => undefined);
  }
  await startServer({ ...common, dataDir: (flags.get('data') as string | undefined) ?? settings.JIXIAO_DATA_DIR });
  // Runs until SIGTERM/SIGINT, whose handlers close the database and exit.
  return new Promise<number>(() => undefined);
}
