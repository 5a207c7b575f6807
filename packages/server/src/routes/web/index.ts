/**
 * The web app: packages/web/dist (or JIXIAO_WEB_DIST) at `/` — index.html never cached, the
 * hashed files under /assets cached for a year. The app uses hash routes, so nothing else is
 * needed. Without a build, `/` says how to make one.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { RoutePlugin } from '../../app.ts';
import { noSuchRoute } from '../../errors.ts';
import { readSettings } from '../../config/settings.ts';

/** `/api…`, `//api…`, `/API…`, `/%61pi…`: what a reader of the path would take for the API. */
const isApiPath = (url: string) => {
  const path = url.split('?')[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* undecodable: judged as written */
  }
  return /^[\/\\.]*api([\/\\]|$)/i.test(decoded);
};

export function webDistDir(): string {
  return readSettings().JIXIAO_WEB_DIST || fileURLToPath(new URL('../../../../web/dist/', import.meta.url));
}

const plugin: RoutePlugin = async (app, opts) => {
  const dir = opts.webDist ?? webDistDir();
  if (existsSync(`${dir}/index.html`)) {
    // /api is the API's: a path there that no API route matched (`/api//tables`, `/API/x`) is the
    // API's 404 in its error shape, not a file lookup (which answered 403 for a doubled slash).
    app.addHook('onRequest', async (req) => {
      if (isApiPath(req.url)) throw noSuchRoute(req);
    });
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      decorateReply: false,
      wildcard: true,
      index: ['index.html'],
      setHeaders(res, path) {
        void res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>绩效 Jixiao</title><body>' +
          '<h1>绩效 Jixiao</h1><p>网页界面尚未构建：请运行 <code>npm run build -w packages/web</code> 后重启。' +
          '<br>The web app is not built yet: run <code>npm run build -w packages/web</code> and restart.</p>' +
          '<p><a href="/api/docs">API 文档 / API docs</a></p></body></html>',
      ),
  );
};

export default plugin;
