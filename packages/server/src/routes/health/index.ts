/**
 * Health checks for an operator's probes:
 * - GET /api/health/live — the process is up and its event loop answers (never touches the
 *   database: a database outage must not make an orchestrator restart healthy processes);
 * - GET /api/health/ready — it can serve: migrations have run, it is not shutting down, and the
 *   database answers `SELECT 1`; 503 with the reason otherwise (a load balancer stops sending);
 * - GET /api/health — as before: up and the database answering.
 */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { ApiError } from '../../errors.ts';

const Reason = z.object({ zh: z.string(), en: z.string() });
const Ready = z.object({ ok: z.boolean(), phase: z.enum(['migrating', 'ready', 'draining']), database: z.enum(['pglite', 'postgres']), message: Reason.optional() });

/** Routes that answer while migrations run (the rest answer 503 starting). */
export const answersWhileStarting = (route: string): boolean => route.startsWith('/api/health') || route === '/metrics';

export const starting = () =>
  new ApiError(503, 'starting', { zh: '服务正在启动（数据库迁移中），请稍后再试', en: 'The server is starting (database migrations running); try again shortly' }, undefined, { 'retry-after': '5' });

const plugin: RoutePlugin = async (app, { services }) => {
  const databaseAnswers = async (): Promise<boolean> => {
    try {
      await services.database.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  };

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查 / health check',
        response: {
          200: z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), startedAt: z.string() }),
          503: z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), startedAt: z.string(), message: Reason }),
        },
      },
    },
    async (_req, reply) => {
      const body = { database: services.database.kind, startedAt: services.startedAt.toISOString() };
      if (await databaseAnswers()) return { ok: true, ...body };
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ ok: false, ...body, message: { zh: '数据库暂时无法连接', en: 'The database cannot be reached' } });
    },
  );

  app.get(
    '/api/health/live',
    {
      schema: {
        tags: ['system'],
        summary: '存活检查 / liveness: the process answers',
        response: { 200: z.object({ ok: z.literal(true), pid: z.number().int(), uptimeSeconds: z.number() }) },
      },
    },
    async () => ({ ok: true as const, pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    '/api/health/ready',
    {
      schema: {
        tags: ['system'],
        summary: '就绪检查 / readiness: migrations done, not shutting down, database answering',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      const phase = services.phase;
      const base = { phase, database: services.database.kind };
      const notReady = (zh: string, en: string) => reply.code(503).header('retry-after', '5').send({ ok: false, ...base, message: { zh, en } });
      if (phase === 'migrating') return notReady('数据库迁移进行中', 'database migrations are running');
      if (phase === 'draining') return notReady('服务正在关闭', 'the server is shutting down');
      if (!(await databaseAnswers())) return notReady('数据库暂时无法连接', 'the database cannot be reached');
      return { ok: true, ...base };
    },
  );
};

export default plugin;
