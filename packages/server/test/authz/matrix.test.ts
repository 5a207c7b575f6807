/**
 * The authorisation matrix (expectations.ts) against the real app: every registered route, as
 * every persona, on its own organisation, a foreign one and a foreign region.
 *
 * - A registered route without a row fails (a new route cannot be forgotten); so does a row
 *   for a route that no longer exists (unless marked optional).
 * - Every call's status must equal the row's expectation exactly (404 where a 403 would reveal
 *   that a resource exists).
 * - Every 2xx body is scanned for the ids and names of tables the persona may not read.
 * - Every state-changing route, sent by a persona who may call it, is refused without the CSRF
 *   token and with a wrong one (403 csrf_failed), and nothing is written (the audit log does
 *   not grow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, loggedIn, startTestServer, type Res, type TestServer } from '../helpers.ts';
import { MATRIX, type Call, type Case, type Outcome } from './expectations.ts';
import { Fixtures, PERSONAS, seedMatrixWorld, TARGETS, type FixtureTable, type Persona, type Target } from './fixtures.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Policy restated independently of src/policies: may this persona see this (unchanging) table? */
function visibleTo(p: Persona, t: FixtureTable): boolean {
  if (t.status === 'published') return true; // public pages show it to anyone
  if (p === 'anonymous' || t.target === 'foreignRegion') return false;
  if (p === 'filer' || p === 'dept_reviewer') return t.target === 'own';
  return t.status !== 'draft';
}

function expected(c: Case, p: Persona, t: Target): Outcome {
  const e = c.expect[p];
  return Array.isArray(e) ? e[TARGETS.indexOf(t)]! : (e as Outcome);
}

const isOk = (o: Outcome) => typeof o === 'string' || (o >= 200 && o < 300);

async function send(client: Client, method: string, call: Call, headers: Record<string, string> = {}): Promise<Res> {
  const h = { ...call.headers, ...headers };
  if (call.form) return client.request(method, call.path, call.form, h);
  if (method === 'GET' || method === 'HEAD') return client.request(method, call.path, undefined, h);
  return client.request(method, call.path, call.body ?? {}, h);
}

describe('authorisation matrix: every route × every role × own / foreign organisation / foreign region', () => {
  let s: TestServer;
  let f: Fixtures;
  const clients = new Map<Persona, Client>();
  const routes: Array<{ method: string; url: string }> = [];

  beforeAll(async () => {
    // The matrix seeds its own second region, so it starts from an empty database.
    s = await startTestServer('pglite', { loginLimits: { perLogin: 1000, perIp: 100_000, windowMs: 60_000 } });
    const world = await seedMatrixWorld(s.db.database, s.world);
    f = new Fixtures(s.url, world, s.db.database);
    clients.set('anonymous', new Client(s.url));
    for (const p of PERSONAS) if (p !== 'anonymous') clients.set(p, await loggedIn(s.url, f.login(p)));
    // The unchanging tables the leak scan looks for: every status for every target.
    for (const t of TARGETS) for (const st of ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'] as const) await f.table(t, st);
    const seen = new Set<string>();
    for (const r of s.app.registeredRoutes) {
      if (r.method === 'HEAD' || seen.has(key(r))) continue; // HEAD runs the GET handler
      seen.add(key(r));
      routes.push(r);
    }
  }, 180_000);
  afterAll(async () => s?.close());

  it('has a row for every registered route, and no row for a route that is gone', () => {
    const missing = routes.map(key).filter((k) => !MATRIX[k]);
    expect(missing, 'routes without a row in test/authz/expectations.ts — add one').toEqual([]);
    const registered = new Set(routes.map(key));
    const stale = Object.entries(MATRIX)
      .filter(([k, row]) => !row.optional && !registered.has(k))
      .map(([k]) => k);
    expect(stale, 'rows for routes that are not registered').toEqual([]);
    // HEAD mirrors GET: every HEAD route has its GET.
    // (The API docs plugin registers a HEAD-only alias for /api/docs/; it is public like the rest of the docs.)
    for (const r of s.app.registeredRoutes.filter((x) => x.method === 'HEAD' && !x.url.startsWith('/api/docs'))) expect(registered.has(`GET ${r.url}`), r.url).toBe(true);
  });

  it('gives every persona exactly the expected answer on every route and target, and leaks nothing', async () => {
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let calls = 0;
    const staticTables = () => [...f.tables].filter((t) => !t.fresh);
    for (const r of routes) {
      const row = MATRIX[key(r)];
      if (!row) continue;
      for (const c of row.cases) {
        for (const p of PERSONAS) {
          for (const t of TARGETS) {
            const want = expected(c, p, t);
            const fresh = UNSAFE.has(r.method) && isOk(want);
            // Denied calls use the shared table of the target and status (they must not change
            // it; if one did, its expectation fails); allowed state changes get a table of their own.
            const call = await c.build(f, t, p, fresh);
            const res = await send(call.client ?? clients.get(p)!, r.method, call);
            calls++;
            const got = c.classify ? c.classify(res) : res.status;
            if (got !== want) {
              mismatches.push(`${key(r)} [${c.name}] as ${p} on ${t}: expected ${want}, got ${got} ${JSON.stringify(res.body).slice(0, 200)}`);
            }
            if (typeof res.status === 'number' && res.status >= 400 && res.status !== 404 && typeof res.body === 'object') {
              // Every refusal has the one error shape with zh and en.
              const e = (res.body as { error?: { message?: { zh?: unknown; en?: unknown } } }).error;
              if (typeof e?.message?.zh !== 'string' || typeof e?.message?.en !== 'string') mismatches.push(`${key(r)} as ${p}: error body without zh/en`);
            }
            if (res.status >= 200 && res.status < 300 && (c.scan ?? 'full') !== 'none') {
              const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
              for (const tb of staticTables()) {
                if (visibleTo(p, tb)) continue;
                if (c.scan === 'region' && tb.target !== 'foreignRegion') continue;
                if (text.includes(tb.id) || text.includes(tb.name)) leaks.push(`${key(r)} [${c.name}] as ${p} on ${t} shows ${tb.target} ${tb.status} table ${tb.name}`);
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(500);
    process.stdout.write(`authz matrix: ${routes.length} routes, ${calls} calls, 0 mismatches, 0 leaks\n`);
  }, 600_000);

  it('refuses every state-changing route without the CSRF token or with a wrong one, and writes nothing', async () => {
    const audited = async () => (await s.db.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
    let checked = 0;
    for (const r of routes.filter((x) => UNSAFE.has(x.method))) {
      const row = MATRIX[key(r)]!;
      for (const c of row.cases) {
        const who = PERSONAS.flatMap((p) => TARGETS.map((t) => [p, t] as const)).find(([p, t]) => p !== 'anonymous' && isOk(expected(c, p, t)));
        if (!who) continue;
        const [p, t] = who;
        const call = await c.build(f, t, p, true);
        const client = call.client ?? clients.get(p)!;
        for (const token of ['', 'forged-token-0123456789abcdef0123456789abcdef']) {
          const before = await audited();
          const res = await send(client, r.method, call, { 'x-csrf-token': token });
          expect(res.status, `${key(r)} [${c.name}] token=${JSON.stringify(token)}`).toBe(403);
          expect((res.body as { error: { code: string } }).error.code).toBe('csrf_failed');
          expect(await audited(), `${key(r)} wrote while refused`).toBe(before);
          checked++;
        }
        // The same call with the token goes through: the refusal was the token's doing.
        const ok = await send(client, r.method, call);
        expect(isOk(c.classify ? c.classify(ok) : ok.status), `${key(r)} [${c.name}] with the token: ${ok.status}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(20);
  }, 300_000);
});
