/** GET /api/me: the signed-in user, their role and organisation. */
import type { RoutePlugin } from '../../app.ts';
import { requireActor } from '../../auth/session.ts';
import { errors } from '../common.ts';
import { meBody } from '../auth/schema.ts';
import { meView } from '../auth/index.ts';

const plugin: RoutePlugin = async (app) => {
  app.get('/api/me', { schema: { tags: ['auth'], summary: '当前用户 / the signed-in user', response: { 200: meBody, ...errors(401) } } }, async (req) =>
    meView(requireActor(req)),
  );
};

export default plugin;
