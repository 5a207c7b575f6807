/**
 * What the request gates (CSRF, the password-change gate, the origin check) decide on.
 *
 * The route: a gate asks which route the router matched (`routeOf`), never the raw URL. The
 * router decodes percent-escapes (`/%61pi/tables` is `/api/tables` to it), so a gate comparing
 * the raw text can be walked around by spelling a path differently — the outside test of issue
 * 19 did exactly that, twice.
 *
 * The origin: a state-changing request from a browser carries `Origin` (and `Sec-Fetch-Site`);
 * one from another site is refused even when it somehow carries the right CSRF token.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';

/** The URL pattern of the route the router matched (`/api/tables/:id`), or '' when none matched (404). */
export function routeOf(req: FastifyRequest): string {
  return req.routeOptions.url ?? '';
}

/** `https://a.example, http://b.example:8080` → a set of normalised origins. */
export function parseAllowedOrigins(list: string[] | string | undefined): Set<string> {
  const items = typeof list === 'string' ? list.split(',') : (list ?? []);
  const out = new Set<string>();
  for (const item of items) {
    const o = normalisedOrigin(item.trim());
    if (o) out.add(o);
  }
  return out;
}

/** scheme://host[:port] in lower case with the scheme's default port left out, or null when it is not an origin. */
function normalisedOrigin(text: string): string | null {
  if (!text || text === 'null') return null;
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.host}`.toLowerCase(); // URL.host already drops :80 / :443
  } catch {
    return null;
  }
}

/** The host the client addressed (Host, or X-Forwarded-Host behind a trusted proxy), without a default port. */
function requestHost(req: FastifyRequest): string {
  return (req.host ?? '').toLowerCase().replace(/:(80|443)$/, '');
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export const originRefused = (origin: string | undefined) =>
  new ApiError(
    403,
    'origin_refused',
    {
      zh: `请求来自其他网站${origin ? `（${origin.slice(0, 100)}）` : ''}，已拒绝：修改数据的请求只接受本站页面发出`,
      en: `Refused: the request comes from another site${origin ? ` (${origin.slice(0, 100)})` : ''}; state-changing requests are accepted from this site's pages only`,
    },
    origin ? { origin: origin.slice(0, 200) } : undefined,
  );

/**
 * For a state-changing request: an `Origin` must be this server's own host (or one of
 * `allowed`); without `Origin`, a `Sec-Fetch-Site` of cross-site or same-site is refused.
 * Requests with neither (curl, the CLI, server-to-server) are left to the CSRF token.
 */
export function checkOrigin(req: FastifyRequest, allowed: ReadonlySet<string>): void {
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    const o = normalisedOrigin(origin);
    if (o && (allowed.has(o) || new URL(o).host === requestHost(req))) return;
    throw originRefused(origin);
  }
  const site = header(req, 'sec-fetch-site')?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') throw originRefused(undefined);
}
