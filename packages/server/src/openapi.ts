/**
 * The OpenAPI document's frame: servers, security schemes and, per operation, an operationId and
 * the security it needs. Derived from the registered routes in one place, so that every route
 * declares them without each route file repeating it; linted with Redocly's recommended rules
 * (test/openapi-lint.test.ts).
 */
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { CSRF_HEADER, SESSION_COOKIE } from './auth/session.ts';

/** Operations a visitor may call without a session: the public tables, open data, health, sign-in. */
const PUBLIC_OPERATIONS = [/^\/api\/public\//, /^\/api\/open-data\//, /^\/api\/health/, /^\/api\/auth\/(csrf|login)$/];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `GET /api/tables/:id/revisions` → `getTablesByIdRevisions`: unique per method and path, URL-safe. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** Which credentials an operation needs: none, the session cookie, or the cookie and the CSRF header. */
export function securityOf(method: string, url: string): Array<Record<string, string[]>> {
  const unsafe = STATE_CHANGING.has(method.toUpperCase());
  if (PUBLIC_OPERATIONS.some((p) => p.test(url))) {
    // Sign-in is double-submit: the CSRF header must echo the pre-session cookie.
    return unsafe ? [{ csrf: [] }] : [{}];
  }
  return unsafe ? [{ session: [], csrf: [] }] : [{ session: [] }];
}

type TransformArg = Parameters<typeof jsonSchemaTransform>[0];

export const swaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: '绩效 Jixiao API',
      version: '0.1.0',
      description:
        '预算绩效目标表的填报、检查、审核与公开。Sessions are httpOnly cookies; every state-changing request needs the x-csrf-token header (the value of the jixiao_csrf cookie). Errors: { error: { code, message: { zh, en }, details? } }.',
    },
    servers: [{ url: '/', description: '本服务 / this server' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey' as const, in: 'cookie', name: SESSION_COOKIE, description: '登录后的会话 / the session set by POST /api/auth/login' },
        csrf: { type: 'apiKey' as const, in: 'header', name: CSRF_HEADER, description: '值为 jixiao_csrf Cookie / the value of the jixiao_csrf cookie' },
      },
    },
  },
  transform(arg: TransformArg) {
    const out = jsonSchemaTransform(arg);
    const method = [arg.route.method].flat()[0] ?? 'GET';
    const schema = out.schema;
    return {
      ...out,
      schema: { ...schema, operationId: schema.operationId ?? operationIdOf(method, arg.url), security: schema.security ?? securityOf(method, arg.url) },
    } as typeof out;
  },
  transformObject(arg: Parameters<typeof jsonSchemaTransformObject>[0]) {
    const doc = jsonSchemaTransformObject(arg);
    return dropUnusedComponents(doc as OpenApiDocument) as typeof doc;
  },
};

type OpenApiDocument = { paths?: unknown; components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

/**
 * Zod's registry declares an input variant (`…Input`) beside every named schema; for a schema only
 * ever sent, that variant is unused. Drop those unreached; every schema named in the registry stays
 * (clients build their types from them).
 */
function dropUnusedComponents(doc: OpenApiDocument): OpenApiDocument {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!reached.has(name)) {
          reached.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(doc.paths);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name) || !name.endsWith('Input')));
  return { ...doc, components: { ...doc.components, schemas: kept } };
}
