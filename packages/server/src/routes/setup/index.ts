/**
 * First run (administration/first-run.ts): GET /api/setup says whether the system still needs
 * its region and first administrator; POST /api/setup creates them, once. Public, because no
 * account exists yet; the POST is a pre-session route checked by double-submit CSRF (the page
 * first reads GET /api/auth/csrf), and it is refused (409 already_set_up) as soon as any region
 * exists — the demo's too.
 */
import { z } from 'zod';
import type { RoutePlugin } from '../../app.ts';
import { REGION_LEVELS, setUpRegion, setupNeeded } from '../../administration/first-run.ts';
import { errors } from '../common.ts';

const level = z.enum(REGION_LEVELS).meta({ description: 'province 省, city 地级市, county 县级（县、县级市、区）' });

const plugin: RoutePlugin = async (app, { services }) => {
  const db = services.database.db;

  app.get(
    '/api/setup',
    {
      schema: {
        tags: ['system'],
        summary: '是否需要首次初始化 / does the system still need its first-run setup?',
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: await setupNeeded(db) }),
  );

  app.post(
    '/api/setup',
    {
      schema: {
        tags: ['system'],
        summary: '首次初始化：创建地区、财政局和第一个管理员（仅一次） / first run: create the region, its finance bureau and the first administrator (once)',
        description:
          'Only on an empty system: answers 409 already_set_up once any region exists. Send the jixiao_csrf cookie’s value (GET /api/auth/csrf) in x-csrf-token. The password follows the password policy (400 weak_password). Afterwards sign in as the administrator.',
        body: z.object({
          region: z.object({ code: z.string().max(20).meta({ description: '6-digit administrative code, e.g. 440881' }), name: z.string().max(100), level }),
          finance: z.object({ name: z.string().max(100).optional(), code: z.string().max(30).optional() }).optional(),
          admin: z.object({ login: z.string().max(100), displayName: z.string().max(100).optional(), password: z.string().min(1).max(200) }),
        }),
        response: {
          201: z.object({
            region: z.object({ code: z.string(), name: z.string(), level }),
            finance: z.object({ id: z.string(), code: z.string(), name: z.string() }),
            admin: z.object({ id: z.string(), login: z.string(), displayName: z.string() }),
          }),
          ...errors(400, 403, 409),
        },
      },
    },
    async (req, reply) => {
      const r = await setUpRegion(db, { ...req.body, via: 'web', ip: req.ip });
      return reply.code(201).send(r);
    },
  );
};

export default plugin;
