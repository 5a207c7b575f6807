/**
 * /metrics in the Prometheus text format (prom-client): requests by route and status with their
 * latency, the database (PGlite or PostgreSQL; the PostgreSQL pool's connections in use, idle and
 * the requests waiting for one), saves and workflow steps, check time and export jobs, and the
 * process's own (CPU, memory, event loop lag, GC).
 *
 * Each app has its own registry (tests run several apps in one process); the check-time histogram
 * is the process's, since the checker is called from many places. With `--workers N` each worker
 * answers for itself (the `pid` label tells them apart): scrape each, or sum in Prometheus.
 *
 * Who may read it: addresses in JIXIAO_METRICS_ALLOW (default loopback) — the client address as
 * Fastify sees it, so behind a proxy JIXIAO_TRUST_PROXY decides whose address that is — or anyone
 * sending `Authorization: Bearer <JIXIAO_METRICS_TOKEN>`. Anyone else gets 404, as if there were
 * no such page.
 */
import { BlockList, isIP } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/open.ts';
import { routeOf } from '../auth/request-gates.ts';
import { noSuchRoute } from '../errors.ts';

/** Seconds the checker takes over one table (every save, import and submit runs it). */
export const checkSeconds = new Histogram({
  name: 'jixiao_check_seconds',
  help: 'Time to check one target table (all rules), seconds',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [],
});

/** Routes whose success is a domain event worth counting. */
const TABLE_ACTIONS: Record<string, string> = {
  'POST /api/tables': 'create',
  'PUT /api/tables/:id': 'save',
  'POST /api/tables/:id/submit': 'submit',
  'POST /api/tables/:id/approve': 'approve',
  'POST /api/tables/:id/return': 'return',
  'POST /api/tables/:id/publish': 'publish',
};

export interface MetricsAccess {
  /** Addresses and ranges (`10.0.0.0/8`, `::1`) that may read /metrics. */
  allow: string[];
  /** A bearer token that opens /metrics from anywhere. */
  token?: string;
}

function blockListOf(ranges: string[]): BlockList {
  const list = new BlockList();
  for (const r of ranges) {
    const [addr, bits] = r.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d. */
function addressAllowed(list: BlockList, ip: string): boolean {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (v4) return list.check(v4, 'ipv4');
  const kind = isIP(ip);
  return kind !== 0 && list.check(ip, kind === 6 ? 'ipv6' : 'ipv4');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function installMetrics(app: FastifyInstance, database: Database, access: MetricsAccess): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ pid: String(process.pid) });
  collectDefaultMetrics({ register: registry, prefix: 'jixiao_' });
  registry.registerMetric(checkSeconds);

  const requests = new Counter({ name: 'jixiao_http_requests_total', help: 'HTTP requests answered, by method, matched route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'jixiao_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, seconds, by method, matched route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const tableActions = new Counter({ name: 'jixiao_table_actions_total', help: 'Target table saves and workflow steps that succeeded (create, save, submit, approve, return, publish)', labelNames: ['action'], registers: [registry] });
  const exportsStarted = new Counter({ name: 'jixiao_export_jobs_started_total', help: 'Batch export jobs started by this process', registers: [registry] });
  new Gauge({ name: 'jixiao_database_info', help: 'The database this process uses (1 for its kind: pglite or postgres)', labelNames: ['kind'], registers: [registry] }).set({ kind: database.kind }, 1);
  new Gauge({
    name: 'jixiao_export_jobs',
    help: 'Batch export jobs kept in the database, by phase (finished ones are kept an hour)',
    labelNames: ['phase'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const rows = (await database.db.execute(sql`SELECT phase, count(*)::int AS n FROM export_jobs GROUP BY phase`)) as unknown as { rows: Array<{ phase: string; n: number }> };
        for (const r of rows.rows) this.set({ phase: r.phase }, Number(r.n));
      } catch {
        /* the database is away: the request counts still say so */
      }
    },
  });
  if (database.poolStats) {
    const stats = database.poolStats;
    new Gauge({
      name: 'jixiao_db_pool_connections',
      help: 'PostgreSQL pool connections of this process, by state (in_use, idle) and its maximum (max)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const s = stats();
        this.set({ state: 'in_use' }, s.total - s.idle);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'max' }, s.max);
      },
    });
    new Gauge({
      name: 'jixiao_db_pool_waiting',
      help: 'Queries waiting for a free PostgreSQL pool connection',
      registers: [registry],
      collect() {
        this.set(stats().waiting);
      },
    });
  }

  app.addHook('onResponse', async (req, reply) => {
    const route = routeOf(req) || '(no route)';
    if (route === '/metrics') return;
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode < 300) {
      const key = `${req.method} ${route}`;
      const action = TABLE_ACTIONS[key];
      if (action) tableActions.inc({ action });
      if (key === 'POST /api/exports') exportsStarted.inc();
    }
  });

  const allowed = blockListOf(access.allow);
  const token = access.token ? digest(access.token) : undefined;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? digest(auth.slice(7)) : undefined;
    const byToken = !!token && !!bearer && timingSafeEqual(token, bearer);
    if (!byToken && !addressAllowed(allowed, req.ip)) throw noSuchRoute(req);
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });
  return registry;
}
