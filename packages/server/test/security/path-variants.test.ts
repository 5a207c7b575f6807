/**
 * Every gate against every spelling of every route (issue 19, the class behind holes 1 and 2).
 *
 * The routes come from the app itself (`registeredRoutes`, filled by an onRoute hook), so a route
 * added tomorrow is covered without touching this file. Each route's path is written in variants
 * a router, a proxy or a browser may read as the same path — percent-encoded letters, an encoded
 * slash or dot, doubled slashes, a trailing slash, changed case, dot segments, a backslash — and
 * sent byte for byte (raw-http.ts; `fetch` would normalise some of them away) under each gate:
 *
 * - authentication: no session at all;
 * - password change: signed in with an administrator's temporary password;
 * - CSRF: signed in, a state-changing request without the token (and with a wrong one);
 * - Origin: signed in, the right token, `Origin: http://evil.example`;
 * - stage gate: a table of a closed 一上 stage, each state-changing table route by its owner.
 *
 * The canonical path is sent first. Where the gate refuses it, each variant must be one of:
 * - refused with the same status and code (the router read it as the same route: the gate, which
 *   decides on the matched route, refused it as it);
 * - 404 `not_found` because no route matched;
 * - another route the router matched (`/api/calendar/` is `/api/calendar/:year` with an empty
 *   year), refused by the same gate or by that route's schema before any handler ran;
 * - for the stage gate only (it sits in the service, past the onRequest gates): the parameter
 *   spelled differently (upper case, `;x=1`) is another table, which is not found (404).
 * Anything else — above all a 2xx — fails, and so does any 5xx. Where a gate does not guard a
 * route (a public page, a route the temporary password may use) a variant may answer anything but
 * a 5xx. Which route the router matched for each variant comes from an onResponse hook, so the
 * figures printed count each kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { BACKENDS, Client, createTestDatabase, loggedIn, seedTables, seedWorld, type Backend, type Res, type TestDatabase, type World } from '../helpers.ts';
import { raw } from './raw-http.ts';
import { pathVariants } from './path-variants.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const { clean } = seedTables();

interface Figures {
  routes: number;
  variants: number;
  refusedByGate: number;
  noRoute: number;
  otherRoute: number;
  otherResource: number;
  sameAsCanonical: number;
  otherRefusal: number;
}

interface Outcome {
  status: number;
  code: string | undefined;
}
const outcome = (r: Res): Outcome => ({ status: r.status, code: (r.body as { error?: { code?: string } })?.error?.code });
const show = (o: Outcome) => `${o.status}${o.code ? ` ${o.code}` : ''}`;
const same = (a: Outcome, b: Outcome) => a.status === b.status && a.code === b.code;
const isNoRoute = (o: Outcome) => o.status === 404 && o.code === 'not_found';

/** A concrete path for a route pattern: parameters filled with `fill(name)`, a wildcard with a file name. */
const concrete = (url: string, fill: (name: string) => string) => url.replace(/:(\w+)/g, (_m, name: string) => fill(name)).replace(/\*$/, 'index.html');

/** A body the route's schema may accept or refuse — the gates run before either. */
const bodyFor = (method: string) => (UNSAFE.has(method) ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {});

describe.each(BACKENDS)('every gate × every spelling of every route (%s)', (backend: Backend) => {
  let db: TestDatabase;
  let world: World;
  let app: App;
  let url: string;
  /** Raw URL → the route pattern the router matched ('' when none): what the gate saw. */
  const matched = new Map<string, string>();
  const routes: Array<{ method: string; url: string }> = [];
  const figures: Record<string, Figures> = {};

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    world = await seedWorld(db.database);
    app = await buildApp({ database: db.database, loginLimits: { perLogin: 100_000, perIp: 1_000_000, windowMs: 60_000 } });
    // Added after the routes, before the app is ready: Fastify gives it to every route.
    app.addHook('onResponse', async (req) => {
      matched.set(`${req.method} ${req.raw.url}`, req.routeOptions.url ?? '');
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const seen = new Set<string>();
    for (const r of app.registeredRoutes) {
      const k = `${r.method} ${r.url}`;
      if (r.method === 'HEAD' || seen.has(k)) continue; // HEAD runs the GET handler
      seen.add(k);
      routes.push(r);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
    const lines = Object.entries(figures).map(
      ([g, f]) =>
        `  ${g}: ${f.routes} routes, ${f.variants} variants — ${f.refusedByGate} refused by the gate as the canonical path, ${f.noRoute} no route (404), ` +
        `${f.otherRoute} another route refused before its handler, ${f.otherResource} another resource (404), ${f.sameAsCanonical} answered as the ungated canonical path, ${f.otherRefusal} other refusals of an ungated route`,
    );
    if (lines.length) process.stdout.write(`path variants (${backend}):\n${lines.join('\n')}\n`);
  });

  /**
   * Sends each route's canonical path and then its variants under one gate; returns the mismatches.
   * `refusedBy` says whether the canonical answer is this gate's refusal; `onlyRefused` skips the
   * variants of routes the gate lets through (their handlers would act on the session).
   */
  async function runGate(
    gate: string,
    list: Array<{ method: string; url: string }>,
    send: (method: string, path: string) => Promise<Res>,
    refusedBy: (o: Outcome) => boolean,
    opts: { onlyRefused?: boolean; fill?: (name: string) => string; gateInHandler?: boolean; minRefused: number },
  ): Promise<string[]> {
    const bad: string[] = [];
    const f = (figures[gate] = { routes: 0, variants: 0, refusedByGate: 0, noRoute: 0, otherRoute: 0, otherResource: 0, sameAsCanonical: 0, otherRefusal: 0 });
    let refusedRoutes = 0;
    for (const r of list) {
      const path = concrete(r.url, opts.fill ?? (() => '00000000-0000-4000-8000-000000000000'));
      const canonical = outcome(await send(r.method, path));
      const refused = refusedBy(canonical);
      if (refused) refusedRoutes++;
      if (canonical.status >= 500) bad.push(`${r.method} ${path}: canonical answered ${show(canonical)}`);
      if (opts.onlyRefused && !refused) continue;
      f.routes++;
      // The variants of one route in parallel (they are refusals: nothing they do depends on order).
      const answers = await Promise.all(pathVariants(path).map(async ([kind, variant]) => [kind, variant, outcome(await send(r.method, variant))] as const));
      for (const [kind, variant, got] of answers) {
        f.variants++;
        const sawRoute = matched.get(`${r.method} ${variant}`) ?? '';
        const why = `${gate}: ${r.method} ${variant} (${kind}; the router matched ${JSON.stringify(sawRoute)}) answered ${show(got)}, canonical ${path} answered ${show(canonical)}`;
        if (got.status >= 500) bad.push(why);
        else if (same(got, canonical)) f[refused ? 'refusedByGate' : 'sameAsCanonical']++;
        else if (!refused) f.otherRefusal++; // the gate does not guard this route: any refusal will do, never a 5xx
        else if (sawRoute === '' || sawRoute === '/*') {
          if (isNoRoute(got)) f.noRoute++;
          else bad.push(`${why} — no route, yet not 404`);
        }
        else if (sawRoute === r.url) {
          // The same route to the router, so the same gate — unless the variant spelled the
          // parameter differently (upper case, `;x=1`): another resource, which the handler does
          // not find. Only a gate inside the handler (the stage gate) can get that far.
          const paramChanged = opts.fill !== undefined && !variant.split('/').includes(opts.fill('id'));
          if (opts.gateInHandler && paramChanged && got.status === 404) f.otherResource++;
          else bad.push(`${why} — the same route, not refused as it`);
        } else if (refusedBy(got) || (got.status === 400 && got.code === 'invalid_request')) {
          // Another route (`/api/calendar/` is `/api/calendar/:year` with an empty year): its own
          // gate refused it, or its schema refused the parameter before any handler ran.
          f.otherRoute++;
        } else bad.push(`${why} — another route, not refused`);
      }
    }
    // The gate really was in force on the routes it guards (the test is not vacuous).
    expect(refusedRoutes, `${gate}: routes whose canonical path the gate refused`).toBeGreaterThanOrEqual(opts.minRefused);
    return bad;
  }

  it('variants are distinct spellings of the path, each kind present', () => {
    const v = pathVariants('/api/tables/abc/submit');
    expect(v.map(([, p]) => p)).toContain('/%61pi/tables/abc/submit');
    expect(v.map(([, p]) => p)).toContain('/api/tables/abc/%73ubmit');
    expect(v.map(([, p]) => p)).toContain('/api//tables/abc/submit');
    expect(v.map(([, p]) => p)).toContain('/api/tables/abc/submit/');
    expect(v.map(([, p]) => p)).toContain('/API/tables/abc/submit');
    expect(v.map(([, p]) => p)).toContain('/api/x/../tables/abc/submit');
    expect(v.length).toBeGreaterThanOrEqual(15);
    expect(routes.length, 'routes enumerated from the app').toBeGreaterThan(60);
  });

  it('authentication: without a session every variant answers as the canonical path (401 where it is refused) or 404', async () => {
    const bad = await runGate('authentication', routes, (m, p) => raw(url, m, p, bodyFor(m)), (o) => o.status === 401, { minRefused: 20 });
    expect(bad).toEqual([]);
  }, 120_000);

  it('password change: with a temporary password every variant of a gated route answers 403 password_change_required or 404', async () => {
    const admin = await loggedIn(url, world.logins.admin);
    const users = (await admin.get('/api/users')).body.items as Array<{ id: string; login: string }>;
    const target = users.find((u) => u.login === world.logins.filer2)!;
    const reset = await admin.post(`/api/users/${target.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temp = new Client(url);
    expect((await temp.login(world.logins.filer2, reset.body.temporaryPassword)).status).toBe(200);
    // Logout is one of the routes the gate lets through; sent, it would end the session under test.
    const list = routes.filter((r) => r.url !== '/api/auth/logout');
    const bad = await runGate('password change', list, (m, p) => raw(url, m, p, { as: temp, ...bodyFor(m) }), (o) => o.status === 403 && o.code === 'password_change_required', {
      onlyRefused: true,
      minRefused: 50,
    });
    expect(bad).toEqual([]);
    // Still the temporary session: the gate held throughout.
    expect((await temp.get('/api/tables')).body.error.code).toBe('password_change_required');
  }, 120_000);

  it('CSRF: signed in, every variant of every state-changing route without the token (or with a wrong one) answers 403 csrf_failed or 404', async () => {
    const filer = await loggedIn(url, world.logins.filer);
    const unsafe = routes.filter((r) => UNSAFE.has(r.method));
    for (const token of [undefined, 'forged-token-0123456789abcdef0123456789abcdef']) {
      const bad = await runGate(
        token ? 'CSRF (wrong token)' : 'CSRF (no token)',
        unsafe,
        (m, p) => raw(url, m, p, { as: filer, csrf: false, ...bodyFor(m), headers: { 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) } }),
        (o) => o.status === 403 && o.code === 'csrf_failed',
        { onlyRefused: true, minRefused: unsafe.length },
      );
      expect(bad).toEqual([]);
    }
    // Sign-in and setup (no session yet) are checked by double submit: the cookie without the header.
    const anon = new Client(url);
    await anon.get('/api/auth/csrf');
    const bad = await runGate(
      'CSRF (sign-in, setup)',
      unsafe.filter((r) => ['/api/auth/login', '/api/setup'].includes(r.url)),
      (m, p) => raw(url, m, p, { as: anon, csrf: false, ...bodyFor(m) }),
      (o) => o.status === 403 && o.code === 'csrf_failed',
      { onlyRefused: true, minRefused: 2 },
    );
    expect(bad).toEqual([]);
  }, 120_000);

  it('Origin: the right token from another site is refused on every variant of every state-changing route (403 origin_refused) or 404', async () => {
    const filer = await loggedIn(url, world.logins.filer);
    const unsafe = routes.filter((r) => UNSAFE.has(r.method));
    const bad = await runGate(
      'Origin',
      unsafe,
      (m, p) => raw(url, m, p, { as: filer, ...bodyFor(m), headers: { 'content-type': 'application/json', origin: 'http://evil.example' } }),
      (o) => o.status === 403 && o.code === 'origin_refused',
      { onlyRefused: true, minRefused: unsafe.length },
    );
    expect(bad).toEqual([]);
  }, 120_000);

  it('stage gate: a closed stage’s tables are refused (423 stage_closed) on every variant of every table route that changes them, or 404', async () => {
    const admin = await loggedIn(url, world.logins.admin);
    const filer = await loggedIn(url, world.logins.filer);
    const reviewer = await loggedIn(url, world.logins.deptReviewer);
    const day = 24 * 3600_000;
    expect((await admin.put('/api/calendar/2029', { ruleSet: 'guangdong-2026' })).status).toBe(200);
    expect((await admin.put('/api/calendar/2029/stages/first', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + day).toISOString() })).status).toBe(200);
    const make = async (name: string) => {
      const doc = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
      doc.projectName = { raw: name };
      const created = await filer.post('/api/tables', { orgId: world.orgs.unit.id, stage: 'first', year: 2029, document: doc });
      expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
      return created.body as { table: { id: string }; document: unknown };
    };
    // A draft (the filer saves and submits it) and a submitted table (the reviewer approves or returns it).
    const draft = await make('冻结草稿');
    const submitted = await make('冻结待审');
    expect((await filer.post(`/api/tables/${submitted.table.id}/submit`)).status).toBe(200);
    expect((await admin.post('/api/calendar/2029/stages/first/close')).status).toBe(200);
    const tableRoutes = routes.filter((r) => UNSAFE.has(r.method) && r.url.startsWith('/api/tables/:id'));
    const sendAs = (c: Client, doc: unknown) => (m: string, p: string) =>
      raw(url, m, p, {
        as: c,
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify(m === 'PUT' ? doc : { comment: '请补充指标' }),
      });
    const gate = (o: Outcome) => o.status === 423 && o.code === 'stage_closed';
    const bad = [
      ...(await runGate('stage gate (filer, draft)', tableRoutes, sendAs(filer, draft.document), gate, { onlyRefused: true, fill: () => draft.table.id, gateInHandler: true, minRefused: 2 })),
      ...(await runGate('stage gate (reviewer, submitted)', tableRoutes, sendAs(reviewer, submitted.document), gate, { onlyRefused: true, fill: () => submitted.table.id, gateInHandler: true, minRefused: 2 })),
    ];
    expect(bad).toEqual([]);
    // Nothing was written: the tables are as they were.
    expect((await filer.get(`/api/tables/${draft.table.id}`)).body.table).toMatchObject({ version: 1, status: 'draft' });
    expect((await filer.get(`/api/tables/${submitted.table.id}`)).body.table).toMatchObject({ version: 1, status: 'submitted' });
  }, 120_000);
});

