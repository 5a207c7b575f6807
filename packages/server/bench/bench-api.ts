/**
 * `npm run bench:api`: load on GET /api/tables/:id and PUT /api/tables/:id (save + validate, a
 * new revision each time) on PGlite and on PostgreSQL (DATABASE_URL: a fresh database is made
 * on that server and dropped afterwards; without it the PostgreSQL rows are skipped), and on a
 * bare Fastify route in the same run. Prints throughput, p50/p99 latency and the ratio of each
 * throughput to the bare route's. A script that prints figures, not a test.
 *
 * Request logging (on by default in `jixiao serve`, issue 25) is measured both ways in the same
 * run: each database's GET and PUT run with logs off and with one JSON line per request written
 * to a file (as stdout redirected to a file would be), alternating off/on twice so that a busy
 * machine's drift falls on both; the ratio line gives its cost.
 *
 * Options (environment): BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 10).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/open.ts';
import { loggerOptions } from '../src/ops/logging.ts';
import { Client, createPgDatabase, seedTables, seedWorld } from '../test/helpers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, opts: autocannon.Options): Promise<Row> {
  const r = await autocannon({ duration: SECONDS, connections: CONNECTIONS, ...opts });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function bare(): Promise<Row> {
  const app = Fastify();
  app.get('/bare', async () => ({ ok: true, hello: '绩效' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  try {
    return await load('bare Fastify GET /bare', { url: `${url}/bare` });
  } finally {
    await app.close();
  }
}

async function benchDatabase(kind: string, database: Database): Promise<Row[]> {
  const world = await seedWorld(database);
  const logDir = mkdtempSync(join(tmpdir(), 'jixiao-bench-log-'));
  const logFile = join(logDir, 'requests.log');
  const logStream = createWriteStream(logFile);
  // Tables made once, saved by every round (each round reads the versions it left).
  const setup = await buildApp({ database, loginLimits: { perLogin: 1000, perIp: 1000 } });
  await setup.listen({ host: '127.0.0.1', port: 0 });
  const c = new Client(urlOf(setup));
  await c.login(world.logins.filer);
  const base = seedTables().clean.find((t) => t.kind === 'project')! as any;
  const ids: string[] = [];
  const bodies = new Map<string, string>();
  for (let i = 0; i < CONNECTIONS + 2; i++) {
    const r = await c.post('/api/tables', { orgId: world.orgs.unit.id, document: { ...base, projectName: { raw: `压测项目-${i}` } } });
    if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.table.id);
    bodies.set(r.body.table.id, JSON.stringify({ ...base, projectName: { raw: `压测项目-${i}` }, overview: { raw: '压测保存：每次保存都是一个新版本，并重新检查。' } }));
  }
  await setup.close();
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const headers = { cookie, 'x-csrf-token': c.csrf!, 'content-type': 'application/json' };
  const versions = new Map(ids.map((id) => [id, 1]));

  const round = async (logs: boolean): Promise<Row[]> => {
    const app = await buildApp({ database, loginLimits: { perLogin: 1000, perIp: 1000 }, logger: logs ? loggerOptions('info', 'json', logStream) : false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = urlOf(app);
    const tag = `${kind}${logs ? ' logs on' : ''}`;
    try {
      const get = await load(`${tag}: GET /api/tables/:id`, { url: `${url}/api/tables/${ids[0]}`, headers });
      // Each request takes a table no other request is saving, sends the version it last
      // returned, and gives the table back (autocannon resets its per-request context).
      const free = [...ids];
      const put = await load(`${tag}: PUT /api/tables/:id (save + validate)`, {
        url,
        headers,
        requests: [
          {
            method: 'PUT',
            setupRequest: (req: any, ctx: any) => {
              ctx.id = free.pop();
              return { ...req, path: `/api/tables/${ctx.id}`, headers: { ...headers, 'if-match': `"${versions.get(ctx.id)}"` }, body: bodies.get(ctx.id) };
            },
            onResponse: (status: number, text: string, ctx: any) => {
              if (process.env.BENCH_DEBUG && status !== 200) console.log(status, ctx.id, text.slice(0, 200));
              try {
                const b = JSON.parse(text);
                const v = status === 200 ? b.table.version : b.error?.details?.currentVersion;
                if (typeof v === 'number') versions.set(ctx.id, v);
              } catch {
                /* counted as non-2xx */
              }
              free.push(ctx.id);
            },
          },
        ],
      } as autocannon.Options);
      return [get, put];
    } finally {
      await app.close();
    }
  };
  try {
    const runs: Row[][] = [];
    // ABBA order (off, on, on, off): every PUT adds a revision, so later rounds run on a fuller
    // database; with off/on/off/on the "on" rounds were later on average and paid for it.
    for (const logs of [false, true, true, false]) runs.push(await round(logs));
    const off = mean(runs[0]!, runs[3]!);
    const on = mean(runs[1]!, runs[2]!);
    await new Promise((r) => logStream.end(r));
    const lines = statSync(logFile).size;
    for (let i = 0; i < off.length; i++) {
      const name = off[i]!.name.replace(`${kind}: `, '');
      console.log(`${kind} ${name}: ratio logs on / off ${(on[i]!.rps / off[i]!.rps).toFixed(3)} (${off[i]!.rps.toFixed(1)} → ${on[i]!.rps.toFixed(1)} req/s)`);
    }
    console.log(`${kind}: request log written ${(lines / 1024).toFixed(0)} KiB`);
    return [...off, ...on];
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

function urlOf(app: { server: { address(): unknown } }): string {
  const addr = app.server.address() as { port?: number } | null;
  return `http://127.0.0.1:${addr?.port ?? 0}`;
}

/** Two runs of the same scenarios averaged (throughput and latency alike). */
function mean(a: Row[], b: Row[]): Row[] {
  return a.map((x, i) => {
    const y = b[i]!;
    return { name: x.name, rps: (x.rps + y.rps) / 2, p50: (x.p50 + y.p50) / 2, p99: (x.p99 + y.p99) / 2, non2xx: x.non2xx + y.non2xx, errors: x.errors + y.errors };
  });
}

function print(rows: Row[], bareRow: Row): void {
  const line = (cols: string[]) => console.log(cols.map((c, i) => (i === 0 ? c.padEnd(52) : c.padStart(11))).join(' '));
  line(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'non-2xx']);
  for (const r of [bareRow, ...rows]) {
    line([r.name, r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), `${((r.rps / bareRow.rps) * 100).toFixed(1)}%`, String(r.non2xx + r.errors)]);
  }
}

async function main(): Promise<void> {
  console.log(`jixiao bench:api — ${SECONDS}s per scenario, ${CONNECTIONS} connections, Node ${process.version}`);
  const bareRow = await bare();
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-'));
  const pglite = await openDatabase({ dataDir: dir });
  try {
    rows.push(...(await benchDatabase('PGlite', pglite)));
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.DATABASE_URL) {
    const pgdb = await createPgDatabase();
    const pgsql = await openDatabase({ databaseUrl: pgdb.url, poolSize: CONNECTIONS });
    try {
      rows.push(...(await benchDatabase('PostgreSQL', pgsql)));
    } finally {
      await pgsql.close();
      await pgdb.drop();
    }
  } else {
    console.log('(PostgreSQL skipped: set DATABASE_URL=postgres://user@host:5432/db — a fresh database is created on that server)');
  }
  print(rows, bareRow);
}

await main();
