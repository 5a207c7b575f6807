/** GET /api/health: is the server up and the database answering? */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';

const plugin: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查 / health check',
        response: {
          200: z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), startedAt: z.string() }),
          503: z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), startedAt: z.string(), message: z.object({ zh: z.string(), en: z.string() }) }),
        },
      },
    },
    async (_req, reply) => {
      const body = { database: services.database.kind, startedAt: services.startedAt.toISOString() };
      try {
        await services.database.query('SELECT 1');
        return { ok: true, ...body };
      } catch {
        return reply
          .code(503)
          .header('retry-after', '5')
          .send({ ok: false, ...body, message: { zh: '数据库暂时无法连接', en: 'The database cannot be reached' } });
      }
    },
  );
};

export default plugin;
