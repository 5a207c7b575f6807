/**
 * The Fastify application: security headers, cookies, sessions and CSRF, Zod validation and
 * serialisation, the OpenAPI document (/api/openapi.json, docs page at /api/docs), one error
 * shape, and one plugin per API resource (src/routes/<resource>/).
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { swaggerOptions } from './openapi.ts';
import type { Database } from './db/open.ts';
import { installRequestLog } from './ops/logging.ts';
import { installMetrics, type MetricsAccess } from './ops/metrics.ts';
import { answersWhileStarting, starting } from './routes/health/index.ts';
import { readSettings } from './config/settings.ts';
import { clientErrorHandler, installErrorHandlers, installJsonBodyGuard } from './errors.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from './auth/rate-limit.ts';
import { CSRF_COOKIE, CSRF_FAILED, CSRF_HEADER, loadActor, sameToken, SESSION_COOKIE } from './auth/session.ts';
import { checkOrigin, parseAllowedOrigins, routeOf } from './auth/request-gates.ts';
import type { Services } from './services.ts';
import authRoutes from './routes/auth/index.ts';
import meRoutes from './routes/me/index.ts';
import tableRoutes from './routes/tables/index.ts';
import importRoutes from './routes/import/index.ts';
import orgRoutes from './routes/orgs/index.ts';
import userRoutes from './routes/users/index.ts';
import auditRoutes from './routes/audit/index.ts';
import healthRoutes from './routes/health/index.ts';
import publicRoutes from './routes/public/index.ts';
import dashboardRoutes from './routes/dashboard/index.ts';
import libraryRoutes from './routes/library/index.ts';
import openDataRoutes from './routes/open-data/index.ts';
import roundRoutes from './routes/rounds/index.ts';
import reportRoutes from './routes/reports/index.ts';
import { PdfRenderer } from '@jixiao/files';
import exportRoutes from './routes/exports/index.ts';
import calendarRoutes from './routes/calendar/index.ts';
import projectRoutes from './routes/projects/index.ts';
import ruleSetRoutes from './routes/rule-sets/index.ts';
import { allowedWhilePasswordMustChange, passwordChangeRequired } from './policies/administration.ts';
import setupRoutes from './routes/setup/index.ts';
import webRoutes from './routes/web/index.ts';

export interface AppOptions {
  database: Database;
  /** Fastify logger option (default false; `jixiao serve` passes ops/logging.ts loggerOptions). */
  logger?: boolean | Record<string, unknown>;
  secureCookies?: boolean;
  loginLimits?: Partial<LoginLimits>;
  ruleSet?: string;
  /** true, or the proxies' addresses and ranges (JIXIAO_TRUST_PROXY). */
  trustProxy?: boolean | string[];
  /** Who may read /metrics (default: JIXIAO_METRICS_ALLOW, loopback; JIXIAO_METRICS_TOKEN). */
  metrics?: MetricsAccess;
  /** Start in the `migrating` phase (startServer migrates after listening, then sets `ready`). Default false: ready. */
  migrating?: boolean;
  /** Upload limit for POST /api/import (default 20 MiB). */
  maxUploadBytes?: number;
  /** The built web app (default packages/web/dist, or JIXIAO_WEB_DIST). */
  webDist?: string;
  /**
   * Origins besides the server's own that may send state-changing requests (default: none, or
   * JIXIAO_ALLOWED_ORIGINS, comma-separated) — e.g. the public address when a proxy rewrites Host.
   */
  allowedOrigins?: string[];
}

export type App = FastifyInstance & { services: Services; registeredRoutes: RegisteredRoute[] };

/** A route as registered (method and URL pattern): the authorisation matrix enumerates these. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that take a state-changing request without a session: checked by double submit. */
const PRE_SESSION = new Set(['/api/auth/login', '/api/setup']);

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // One line per request, written by installRequestLog (ops/logging.ts) with only what is safe.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 4 * 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    clientErrorHandler,
    // Request ids in logs, never in error bodies. Each process (cluster worker) numbers its own
    // requests, so the id starts with the process id: ids stay unique across workers and restarts.
    genReqId: (() => {
      let n = 0;
      const prefix = `${process.pid.toString(36)}-`;
      return () => `${prefix}${(++n).toString(36)}`;
    })(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every route, /metrics included, is recorded (the authorisation matrix enumerates them).
  const registeredRoutes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) registeredRoutes.push({ method, url: r.url });
  });
  installErrorHandlers(app);
  installJsonBodyGuard(app);
  installRequestLog(app);
  const settings = readSettings();
  installMetrics(app, opts.database, opts.metrics ?? { allow: settings.JIXIAO_METRICS_ALLOW, ...(settings.JIXIAO_METRICS_TOKEN ? { token: settings.JIXIAO_METRICS_TOKEN } : {}) });
  const allowedOrigins = parseAllowedOrigins(opts.allowedOrigins ?? settings.JIXIAO_ALLOWED_ORIGINS);
  app.decorate('registeredRoutes', registeredRoutes);

  const services: Services = {
    database: opts.database,
    limiter: new LoginLimiter({ ...DEFAULT_LOGIN_LIMITS, ...opts.loginLimits }),
    secureCookies: opts.secureCookies ?? false,
    startedAt: new Date(),
    phase: opts.migrating ? 'migrating' : 'ready',
    pdf: new PdfRenderer(),
    ...(opts.ruleSet ? { ruleSet: opts.ruleSet } : {}),
  };
  app.decorate('services', services);
  app.addHook('onClose', async () => services.pdf.close());
  app.decorateRequest('actor', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Plain http on localhost must keep working; behind HTTPS the proxy sets HSTS.
        upgradeInsecureRequests: opts.secureCookies ? [] : null,
      },
    },
    hsts: opts.secureCookies ?? false,
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: opts.maxUploadBytes ?? 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // While migrations run only the health checks (and metrics) answer: the schema is not there yet.
  app.addHook('onRequest', async (req) => {
    if (services.phase === 'migrating' && !answersWhileStarting(routeOf(req))) throw starting();
  });

  // Who is asking, and — for a state-changing request — did the page that asked know the
  // session's CSRF token? (A cross-site form cannot read the jixiao_csrf cookie.) Every gate
  // decides on the route the router matched (`routeOf`), never on the raw URL: the router
  // decodes `%61pi` to `api`, so a gate comparing the raw text would be walked around.
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.actor = await loadActor(services.database.db, token);
    if (!UNSAFE.has(req.method)) return;
    checkOrigin(req, allowedOrigins);
    const header = req.headers[CSRF_HEADER];
    const sent = Array.isArray(header) ? header[0] : header;
    if (PRE_SESSION.has(routeOf(req))) {
      if (!sameToken(sent, req.cookies[CSRF_COOKIE])) throw CSRF_FAILED();
      return;
    }
    if (req.actor && !sameToken(sent, req.actor.csrfToken)) throw CSRF_FAILED();
    // Without a session the route itself answers 401.
  });

  // A temporary password from an administrator's reset is changed before anything else.
  app.addHook('onRequest', async (req) => {
    if (req.actor?.mustChangePassword && !allowedWhilePasswordMustChange(routeOf(req))) throw passwordChangeRequired();
  });

  // An acknowledged write must be on disk: before answering a state-changing request, make the
  // database flush (PGlite: fsync the WAL; PostgreSQL did so at commit).
  app.addHook('onSend', async (req, _reply, payload) => {
    if (UNSAFE.has(req.method)) await services.database.flush();
    return payload;
  });

  const deps = { services };
  await app.register(healthRoutes, deps);
  await app.register(setupRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(meRoutes, deps);
  await app.register(tableRoutes, deps);
  await app.register(importRoutes, deps);
  await app.register(orgRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(publicRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(libraryRoutes, deps);
  await app.register(openDataRoutes, deps);
  await app.register(roundRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(exportRoutes, deps);
  await app.register(calendarRoutes, deps);
  await app.register(projectRoutes, deps);
  await app.register(ruleSetRoutes, deps);
  await app.register(webRoutes, { ...deps, ...(opts.webDist ? { webDist: opts.webDist } : {}) });
  return app as unknown as App;
}

export type RoutePlugin = import('fastify-type-provider-zod').FastifyPluginAsyncZod<{ services: Services; webDist?: string }>;
