/**
 * Hostile input against the real app. Property-based (fast-check): for EVERY registered route
 * that takes a JSON body, bodies are generated from the route's own schema (the Zod schemas, as
 * the OpenAPI document states them) with hostile strings in every string — SQL metacharacters,
 * markup and script, spreadsheet formulas, NUL and lone surrogates, bidi overrides, very long
 * text — plus wrong types and extra keys, and sent by signed-in users of every role; path
 * parameters and query strings get the same strings. Then the fixed cases: an oversize body, deep
 * JSON, a zip bomb, an oversize file, random bytes as an upload, broken multipart.
 *
 * Every answer must be below 500, and every 4xx must carry the one error shape with zh and en.
 * After all of it, the server still answers, the data is all there (no SQL got through) and the
 * audit chain is intact.
 *
 * Issue 19's classes (an outside test found seven holes this test did not; each class below is
 * generated the same way and fails with its hole put back — which class finds which hole):
 * - spellings of every route (percent-encoded, doubled and trailing slashes, case, dot segments,
 *   composed) under the password-change and CSRF gates → hole 1 (`/%61pi/tables` with a
 *   temporary password) and hole 2 (`/api/auth/%6cogin` without the token);
 * - generated weak and strong passwords on every route that sets one, judged against the one
 *   policy → hole 3 (POST /api/me/password took what the policy refuses);
 * - the hostile strings' formulas read back from every CSV the server writes → hole 4 (the
 *   open-data CSV served `=HYPERLINK(…)` unescaped);
 * - unknown keys nested 1–3,000 deep at random places of a valid document → hole 5 (500 at
 *   2,000 levels, stored at 1,500);
 * - control characters (NUL first) and bidi overrides in multipart file names, stored imports →
 *   hole 6 (500 on a NUL in the name);
 * - bursts of 10–50 parallel wrong sign-ins at the default limits → hole 7 (13 of 40 passwords
 *   checked before 429).
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { decodeCsv } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { passwordProblem } from '../../src/auth/password-policy.ts';
import { SEED_FILE } from '../../src/demo/demo.ts';
import { Client, loggedIn, PASSWORD, seedTables, startTestServer, type Res, type TestServer } from '../helpers.ts';
import { makeZip } from '../../../files/test/zip-helper.ts';
import { pathVariants } from '../security/path-variants.ts';
import { raw } from '../security/raw-http.ts';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 12);

/** Strings an attacker (or a careless paste) sends. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE target_tables; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)--',
  "\\'; DELETE FROM users WHERE ''='",
  "$$; DROP TABLE audit_log; $$",
  '%27%20OR%201=1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '=HYPERLINK("http://evil.example","点我")',
  '+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\'/C calc\'!A0',
  '-2+3',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\ufeff',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  '../../../../etc/passwd',
  '%s%s%s%n',
  '\r\nSet-Cookie: x=y',
  '１２３．４５万元',
  '≥≤≠±',
  '😀'.repeat(50),
  'ä'.repeat(5000),
  'x'.repeat(70_000),
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

type Schema = Record<string, any>;

/** A body arbitrary from a JSON schema (OpenAPI, made from the Zod schemas), hostile in every leaf. */
function fromSchema(schema: Schema | undefined, defs: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constantFrom(null, 'x', 1);
  if (schema.$ref) return fromSchema(defs[String(schema.$ref).split('/').pop()!], defs, depth + 1);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v: Schema) => fromSchema(v, defs, depth + 1)));
  const wrong = fc.constantFrom<unknown>(null, true, -1, 1e308, [], {}, 'x');
  let right: fc.Arbitrary<unknown>;
  if (schema.enum) right = fc.oneof(fc.constantFrom(...schema.enum), hostileString);
  else if ('const' in schema) right = fc.constant(schema.const);
  else
    switch (schema.type) {
      case 'string':
        right = fc.oneof(hostileString, fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) }));
        break;
      case 'integer':
      case 'number':
        right = fc.oneof(fc.integer({ min: schema.minimum ?? -1e6, max: Math.min(schema.maximum ?? 1e6, 1e9) }), fc.constantFrom(0, -1, 2 ** 53, -(2 ** 31), 1.5));
        break;
      case 'boolean':
        right = fc.boolean();
        break;
      case 'array':
        right = fc.array(fromSchema(schema.items, defs, depth + 1), { maxLength: 3 });
        break;
      case 'object':
      case undefined: {
        const props: Record<string, Schema> = schema.properties ?? {};
        if (Object.keys(props).length === 0) {
          right = schema.type === 'object' ? fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) : fc.jsonValue({ maxDepth: 2 });
          break;
        }
        const required: string[] = schema.required ?? [];
        right = fc
          .record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, defs, depth + 1)])), { requiredKeys: required.filter((k) => k in props) })
          .chain((o) =>
            fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype', "'; --"), { nil: undefined }).map((extra) => {
              if (extra) Object.defineProperty(o, extra, { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
              return o;
            }),
          );
        break;
      }
      default:
        right = fc.jsonValue({ maxDepth: 2 });
    }
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** encodeURIComponent refuses unpaired surrogates; a URL carries the replacement character instead. */
const enc = (v: string) => encodeURIComponent(v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** The answer is not a crash, and a refusal says why in both languages. */
function wellBehaved(res: Res, what: string): void {
  if (res.status >= 500) throw new Error(`${what.slice(0, 150)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400) {
    const e = (res.body as { error?: { code?: unknown; message?: { zh?: unknown; en?: unknown } } })?.error;
    if (typeof e?.code !== 'string' || typeof e.message?.zh !== 'string' || typeof e.message?.en !== 'string' || !e.message.zh || !e.message.en) {
      throw new Error(`${what.slice(0, 150)}: ${res.status} without the bilingual error shape: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    if (/\bat [\w.<>]+ \(|\.ts:\d+|node_modules/.test(JSON.stringify(res.body))) throw new Error(`${what}: a stack trace leaked`);
  }
}

describe('hostile input: no 500, no crash, a clear 4xx in Chinese and English', () => {
  let s: TestServer;
  let sessions: Client[];
  let doc: any;
  let draftId: string;
  let publishedId: string;
  let openapi: { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };
  const counts = { cases: 0, routes: 0 };

  beforeAll(async () => {
    s = await startTestServer('pglite', { loginLimits: { perLogin: 100_000, perIp: 1_000_000, windowMs: 60_000 } });
    const w = s.world.logins;
    sessions = await Promise.all([w.filer, w.deptReviewer, w.finance, w.admin, w.deptFiler].map((l) => loggedIn(s.url, l)));
    doc = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!);
    const made = await sessions[0]!.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    draftId = made.body.table.id;
    const p = await sessions[0]!.post('/api/tables', { orgId: s.world.orgs.unit.id, document: { ...doc, projectName: { raw: '已公开项目' } } });
    publishedId = p.body.table.id;
    await sessions[0]!.post(`/api/tables/${publishedId}/submit`);
    await sessions[1]!.post(`/api/tables/${publishedId}/approve`);
    await sessions[2]!.post(`/api/tables/${publishedId}/approve`);
    await sessions[2]!.post(`/api/tables/${publishedId}/publish`);
    openapi = (await sessions[0]!.get('/api/openapi.json')).body;
  }, 120_000);
  afterAll(async () => {
    process.stdout.write(`hostile input: ${counts.routes} routes, ${counts.cases} requests\n`);
    await s?.close();
  });

  /** Real ids where the route wants one (so bodies reach the handler), hostile ones otherwise. */
  const pathFor = (template: string, hostile: string | null) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (hostile !== null) return enc(hostile);
      if (name === 'id') return draftId;
      if (name === 'version') return '1';
      if (name === 'year') return '2026';
      if (name === 'stage') return 'first';
      return 'x';
    });

  it('every JSON body, path parameter and query string of every route, generated from its schema', async () => {
    const defs = openapi.components?.schemas ?? {};
    const failures: string[] = [];
    for (const [template, ops] of Object.entries(openapi.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (template === '/api/auth/logout') continue; // would end the sessions the test uses
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const query: Schema[] = (op.parameters ?? []).filter((p: Schema) => p.in === 'query');
        counts.routes++;
        const queryArb = fc.array(
          fc.tuple(fc.constantFrom(...(query.length ? query.map((q) => q.name as string) : ['q'])), hostileString),
          { maxLength: 3 },
        );
        const arb = fc.record({
          who: fc.nat({ max: sessions.length - 1 }),
          body: bodySchema ? fromSchema(bodySchema, defs) : fc.constant(undefined),
          hostileParam: fc.option(hostileString, { nil: null, freq: 3 }),
          query: queryArb,
        });
        try {
          await fc.assert(
            fc.asyncProperty(arb, async ({ who, body, hostileParam, query: q }) => {
              const qs = q.length ? `?${q.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : '';
              const path = pathFor(template, hostileParam) + qs;
              const headers: Record<string, string> = method === 'put' ? { 'if-match': '"1"' } : {};
              const res = await sessions[who]!.request(method.toUpperCase(), path, method === 'get' ? undefined : (body ?? {}), headers);
              counts.cases++;
              wellBehaved(res, `${method.toUpperCase()} ${path.slice(0, 120)}`);
            }),
            { numRuns: RUNS, seed: Number(process.env.HOSTILE_SEED ?? 20261127), endOnFailure: true, includeErrorInReport: true },
          );
        } catch (err) {
          failures.push(`${method.toUpperCase()} ${template}: ${(err as Error).message.replace(/(.)\1{40,}/gu, '$1…').split('\n').slice(0, 8).join(' | ').slice(0, 700)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('SQL metacharacters in filters find nothing and change nothing', async () => {
    const before = await s.db.database.query<{ n: number }>('SELECT (SELECT count(*) FROM target_tables)::int + (SELECT count(*) FROM users)::int AS n');
    for (const v of HOSTILE_STRINGS.slice(0, 9)) {
      for (const p of [`/api/tables?org=${encodeURIComponent(v)}`, `/api/tables?finding=${encodeURIComponent(v)}`, `/api/tables?projectType=${encodeURIComponent(v)}`, `/api/public/tables?region=${encodeURIComponent(v)}&year=2026`, `/api/audit?action=${encodeURIComponent(v)}`]) {
        const r = await sessions[3]!.get(p);
        wellBehaved(r, p);
        if (r.status === 200 && Array.isArray(r.body.items)) expect(r.body.items, p).toEqual([]);
        counts.cases++;
      }
      // As a login name: the same "wrong name or password" as any other.
      const c = await sessions[0]!.request('POST', '/api/auth/login', { login: v.slice(0, 100) || 'x', password: v.slice(0, 200) || 'x' });
      expect([400, 401], v).toContain(c.status);
      counts.cases++;
    }
    const after = await s.db.database.query<{ n: number }>('SELECT (SELECT count(*) FROM target_tables)::int + (SELECT count(*) FROM users)::int AS n');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('stores hostile text as text: what was saved is what is read back', async () => {
    const filer = sessions[0]!;
    let version = (await filer.get(`/api/tables/${draftId}`)).body.table.version;
    for (const v of ["'; DROP TABLE target_tables; --", '<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil.example","点我")', '\u202eevil']) {
      const r = await filer.put(`/api/tables/${draftId}`, { ...doc, overview: { raw: v } }, { 'if-match': `"${version}"` });
      expect(r.status, v).toBe(200);
      version = r.body.table.version;
      expect((await filer.get(`/api/tables/${draftId}`)).body.document.overview.raw).toBe(v);
      counts.cases++;
    }
    // NUL cannot be stored in PostgreSQL text: refused with a clear 400, not a 500.
    const nul = await filer.put(`/api/tables/${draftId}`, { ...doc, overview: { raw: 'a\u0000b' } }, { 'if-match': `"${version}"` });
    wellBehaved(nul, 'NUL');
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('unstorable_text');
    expect(nul.body.error.message.zh).toMatch(/\/overview\/raw/);
    const half = await filer.put(`/api/tables/${draftId}`, { ...doc, overview: { raw: 'x\ud800y' } }, { 'if-match': `"${version}"` });
    expect(half.status).toBe(400);
  });

  it('refuses an oversize body, deep JSON and broken JSON with 4xx', async () => {
    const filer = sessions[0]!;
    const big = await filer.request('PUT', `/api/tables/${draftId}`, { ...doc, overview: { raw: 'x'.repeat(5 * 1024 * 1024) } }, { 'if-match': '"1"' });
    wellBehaved(big, 'oversize');
    expect(big.status).toBe(413);
    expect(big.body.error.message.zh).toMatch(/过大/);
    for (const depth of [1000, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const raw = `{"overview":{"raw":"x"},"extra":${deep}}`;
      const r = await fetch(`${s.url}/api/tables/${draftId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: `jixiao_session=${filer.cookies.get('jixiao_session')}`, 'x-csrf-token': filer.csrf!, 'if-match': '"1"' },
        body: raw,
      });
      const res = { status: r.status, headers: r.headers, body: await r.json().catch(() => null) };
      wellBehaved(res, `deep ${depth}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      counts.cases++;
    }
    for (const raw of ['{', '{"a":', 'null', '"string"', '[]', '\u0000', '{"__proto__":{"polluted":1}}']) {
      const r = await fetch(`${s.url}/api/tables`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `jixiao_session=${filer.cookies.get('jixiao_session')}`, 'x-csrf-token': filer.csrf! },
        body: raw,
      });
      const res = { status: r.status, headers: r.headers, body: await r.json().catch(() => null) };
      wellBehaved(res, `raw ${raw}`);
      expect(res.status, raw).toBe(400);
      counts.cases++;
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses zip bombs, oversize files, random bytes and broken multipart on import', async () => {
    const filer = sessions[0]!;
    const upload = (bytes: Uint8Array, name: string) => {
      const f = new FormData();
      f.append('file', new Blob([bytes]), name);
      return filer.post('/api/import', f);
    };
    const workbook = { name: 'xl/workbook.xml', data: deflateRawSync(new TextEncoder().encode('<workbook/>')), size: 11 };
    const bomb = makeZip([workbook, { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(new Uint8Array(200 * 1024 * 1024), { level: 9 }), size: 2000 }]);
    const b = await upload(bomb, 'bomb.xlsx');
    wellBehaved(b, 'zip bomb');
    expect(b.status).toBe(413);
    expect(b.body.error.code).toBe('file_zip_bomb');
    const huge = await upload(new Uint8Array(21 * 1024 * 1024), 'huge.xlsx');
    wellBehaved(huge, 'oversize file');
    expect(huge.status).toBe(413);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('a.xlsx', 'a.docx', 'a.csv', 'a.txt', 'a.html', 'a.xls', 'a.pdf', 'a', '../../x.txt', '<script>.txt'), async (bytes, name) => {
        const r = await upload(bytes, name);
        counts.cases++;
        wellBehaved(r, `upload ${name}`);
      }),
      { numRuns: RUNS * 3, seed: 20261127 },
    );
    const broken = await fetch(`${s.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', cookie: `jixiao_session=${filer.cookies.get('jixiao_session')}`, 'x-csrf-token': filer.csrf! },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated',
    });
    wellBehaved({ status: broken.status, headers: broken.headers, body: await broken.json().catch(() => null) }, 'broken multipart');
    expect(broken.status).toBeGreaterThanOrEqual(400);
  }, 120_000);

  // ——— Issue 19's classes ———

  const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  const errorOf = (r: Res) => (r.body as { error?: { code?: string } })?.error?.code;

  it('issue 19, holes 1–2: no spelling of any route passes the password-change or CSRF gate the route has', async () => {
    const admin = sessions[3]!;
    const users = (await admin.get('/api/users')).body.items as Array<{ id: string; login: string }>;
    const reset = await admin.post(`/api/users/${users.find((u) => u.login === s.world.logins.filer2)!.id}/reset-password`);
    const temp = new Client(s.url);
    expect((await temp.login(s.world.logins.filer2, reset.body.temporaryPassword)).status).toBe(200);
    const anon = new Client(s.url);
    await anon.get('/api/auth/csrf'); // the cookie, never the header: sign-in and setup must refuse
    const jsonBody = (m: string) => (UNSAFE.has(m) ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {});
    const gates = [
      { name: 'password change', unsafeOnly: false, send: (m: string, p: string) => raw(s.url, m, p, { as: temp, ...jsonBody(m) }), code: 'password_change_required' },
      { name: 'CSRF', unsafeOnly: true, send: (m: string, p: string) => raw(s.url, m, p, { as: sessions[0]!, csrf: false, ...jsonBody(m) }), code: 'csrf_failed' },
      { name: 'sign-in CSRF', unsafeOnly: true, send: (m: string, p: string) => raw(s.url, m, p, { as: anon, csrf: false, ...jsonBody(m) }), code: 'csrf_failed' },
    ];
    const seen = new Set<string>();
    const routes = s.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && r.url !== '/api/auth/logout' && !seen.has(`${r.method} ${r.url}`) && seen.add(`${r.method} ${r.url}`));
    const canonical = new Map<string, string | undefined>();
    let gated = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.nat({ max: gates.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (route, g, picks) => {
        const gate = gates[g]!;
        if (gate.unsafeOnly && !UNSAFE.has(route.method)) return;
        const path = route.url.replace(/:\w+/g, draftId).replace(/\*$/, 'x');
        const key = `${gate.name} ${route.method} ${path}`;
        if (!canonical.has(key)) canonical.set(key, errorOf(await gate.send(route.method, path)));
        if (canonical.get(key) !== gate.code) return; // the gate does not guard this route
        // One spelling, or a spelling of a spelling (`//%61pi/tables/`, `%25…` double encoding).
        let variant = path;
        for (const n of picks) {
          const vs = pathVariants(variant);
          variant = vs[n % vs.length]![1];
        }
        const res = await gate.send(route.method, variant);
        counts.cases++;
        gated++;
        wellBehaved(res, `${gate.name} ${route.method} ${variant}`);
        const code = errorOf(res);
        // Refused by the same gate; or no route (404); or another route's schema refused the parameter;
        // or, for a path that is no API route at all (`/%2561pi/%2e/…`: the web app's files), the file
        // server refused the dot segment (403 fst_static_forbidden_path) — never a handler behind the gate.
        const ok =
          code === gate.code ||
          (res.status === 404 && code === 'not_found') ||
          (res.status === 400 && code === 'invalid_request') ||
          (res.status === 403 && code === 'fst_static_forbidden_path' && !/^\/api\//i.test((() => { try { return decodeURIComponent(variant); } catch { return variant; } })()));
        if (!ok) throw new Error(`${gate.name}: ${route.method} ${variant} answered ${res.status} ${code ?? ''} — canonical ${path} answered ${gate.code}`);
      }),
      { numRuns: RUNS * 40, seed: Number(process.env.HOSTILE_SEED ?? 20261127), endOnFailure: true },
    );
    expect(gated).toBeGreaterThan(RUNS * 10);
  }, 300_000);

  it('issue 19, hole 3: every route that sets a password gives the one policy’s verdict', async () => {
    // Weak by construction (digit runs, repeats, keyboard rows, common words with digits, the login) and strong ones.
    const login = s.world.logins.deptReviewer2;
    const weak = fc.oneof(
      fc.nat({ max: 9 }).chain((d) => fc.integer({ min: 10, max: 14 }).map((n) => Array.from({ length: n }, (_, i) => String((d + i) % 10)).join(''))),
      fc.tuple(fc.constantFrom('a', '1', '哈', 'x'), fc.integer({ min: 10, max: 20 })).map(([c, n]) => c.repeat(n)),
      fc.tuple(fc.constantFrom('password', 'qwertyuiop', 'iloveyou', 'woaini', 'admin'), fc.nat({ max: 99999 })).map(([w, n]) => `${w}${n}`),
      fc.constantFrom('qwertyuiop', 'asdfghjkl;', '1qaz2wsx3edc', 'abcdefghijk'),
      fc.string({ minLength: 0, maxLength: 6 }).map((x) => `${x}${login}${x}`.padEnd(10, '!')),
    );
    const strong = fc.tuple(fc.constantFrom('预算绩效', 'lantern', '遂溪 县', 'Tide&Stone'), fc.uuid()).map(([w, u]) => `${w}-${u.slice(0, 13)}`);
    const me = await loggedIn(s.url, login);
    let current = PASSWORD;
    const admin = sessions[3]!;
    const users = (await admin.get('/api/users')).body.items as Array<{ id: string; login: string }>;
    const other = users.find((u) => u.login === s.world.logins.deptFiler2)!;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: weak }, { weight: 1, arbitrary: strong }), async (pw) => {
        const verdict = (l: string) => (passwordProblem(pw, { login: l }) ? 400 : 200);
        const own = await me.post('/api/me/password', { currentPassword: current, newPassword: pw });
        if (!(own.status === 400 && errorOf(own) === 'same_password')) {
          expect([own.status, errorOf(own) ?? 'ok'], `POST /api/me/password ${pw}`).toEqual(verdict(login) === 400 ? [400, 'weak_password'] : [200, 'ok']);
        }
        if (own.status === 200) current = pw;
        const set = await admin.request('PATCH', `/api/users/${other.id}`, { password: pw });
        expect([set.status, errorOf(set) ?? 'ok'], `PATCH /api/users/:id ${pw}`).toEqual(verdict(other.login) === 400 ? [400, 'weak_password'] : [200, 'ok']);
        checked += 2;
        counts.cases += 2;
      }),
      { numRuns: RUNS * 3, seed: Number(process.env.HOSTILE_SEED ?? 20261127), endOnFailure: true },
    );
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it('issue 19, hole 4: no CSV the server writes starts a cell with a formula character', async () => {
    const formulas = HOSTILE_STRINGS.filter((x) => /^[=+\-@]/.test(x));
    const d = structuredClone(doc);
    d.projectName = { raw: `${formulas[0]} 公开` };
    d.overview = { raw: formulas[1] };
    formulas.forEach((f, i) => d.indicators[i % d.indicators.length] && (d.indicators[i % d.indicators.length].name = { raw: f }));
    const made = await sessions[0]!.post('/api/tables', { orgId: s.world.orgs.unit.id, document: d });
    expect(made.status, JSON.stringify(made.body).slice(0, 300)).toBe(201);
    const id = made.body.table.id;
    for (const [c, step] of [[0, 'submit'], [1, 'approve'], [2, 'approve'], [2, 'publish']] as const) expect((await sessions[c]!.post(`/api/tables/${id}/${step}`)).status, step).toBe(200);
    // Every CSV: the formats the table and public export routes list, and open data.
    const formats = (op: Schema | undefined) => ((op?.parameters ?? []) as Schema[]).find((p) => p.name === 'format')?.schema?.enum?.filter((f: string) => f.includes('csv')) ?? [];
    const urls = [
      ...formats(openapi.paths['/api/tables/{id}/export']?.get).map((f: string) => `/api/tables/${id}/export?format=${f}`),
      ...formats(openapi.paths['/api/public/tables/{id}/export']?.get).map((f: string) => `/api/public/tables/${id}/export?format=${f}`),
      '/api/open-data/indicators.csv?region=440823&year=2026',
    ];
    expect(urls.length).toBeGreaterThanOrEqual(3);
    const reader = sessions[2]!;
    const cookie = [...reader.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const u of urls) {
      const r = await fetch(s.url + u, { headers: { cookie } });
      expect(r.status, u).toBe(200);
      const bytes = new Uint8Array(await r.arrayBuffer());
      // A CSV, or the CSV files of a zip (the exchange format's tables.csv + indicators.csv).
      const texts = /zip/.test(r.headers.get('content-type') ?? '')
        ? Object.entries(unzipSync(bytes))
            .filter(([n]) => n.endsWith('.csv'))
            .map(([, b]) => strFromU8(b))
        : [new TextDecoder().decode(bytes)];
      expect(texts.length, u).toBeGreaterThan(0);
      const cells = texts.flatMap((t) => decodeCsv(t.replace(/^\uFEFF/, '')).flat());
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c)), u).toEqual([]);
      expect(cells.some((c) => formulas.some((f) => c === `'${f}`)), `${u} holds the escaped formulas`).toBe(true);
      counts.cases++;
    }
  });

  it('issue 19, hole 5: unknown keys nested up to 3,000 deep anywhere in a valid document are dropped or refused, never a 500 or stored', async () => {
    const filer = sessions[0]!;
    const places = ['', '.projectName', '.period.start', '.indicators.0', '.indicators.0.value', '.indicators.1.level1', '.totalAmount'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...places), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('extra', 'a', '__meta', "'; --"), fc.boolean(), async (place, depth, key, create) => {
        const d = structuredClone(doc);
        let at: any = d;
        for (const k of place.split('.').filter(Boolean)) at = at[k];
        at[key] = '@@';
        const body = JSON.stringify(d).replace(`"${key.replace(/'/g, "'")}":"@@"`, `"${key}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
        const version = (await filer.get(`/api/tables/${draftId}`)).body.table.version;
        const res = create
          ? await raw(s.url, 'POST', '/api/tables', { as: filer, headers: { 'content-type': 'application/json' }, body: `{"orgId":${JSON.stringify(s.world.orgs.unit.id)},"document":${body}}` })
          : await raw(s.url, 'PUT', `/api/tables/${draftId}`, { as: filer, headers: { 'content-type': 'application/json', 'if-match': `"${version}"` }, body });
        counts.cases++;
        wellBehaved(res, `${create ? 'POST' : 'PUT'} ${key} at ${place || '/'} ${depth} deep`);
        if (res.status >= 400) expect(errorOf(res), `${depth} deep`).toMatch(/^(too_deep|table_exists|conflict|duplicate.*)$/);
        else {
          const stored = await filer.get(`/api/tables/${res.body.table.id}`);
          expect(JSON.stringify(stored.body.document)).not.toContain(`"${key}":`);
        }
      }),
      { numRuns: RUNS * 3, seed: Number(process.env.HOSTILE_SEED ?? 20261127), endOnFailure: true },
    );
  }, 120_000);

  it('issue 19, hole 6: control characters and overrides in an upload’s file name are never a 500 and never stored', async () => {
    const filer = sessions[0]!;
    const seedText = readFileSync(SEED_FILE, 'utf8');
    const name = String((doc as { projectName: { raw: string } }).projectName.raw);
    const nasty = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b[31m', '\u007f', '\r\n', '\t', '\u202e', '\u2066', '\ud800', '\ufeff', '/', '\\', '..', '"');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(nasty, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }), async (parts) => {
        const fileName = `seed${parts.join('')}.txt`;
        // A fresh project name each time, so each upload stores its tables (and with them the file name).
        const text = seedText.split(name).join(`${name}${++n}`);
        const boundary = 'jixiao-fuzz-boundary';
        const body = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
          Buffer.from(fileName.replace(/"/g, '%22').replace(/\r|\n/g, ' ') /* the header line itself must hold */, 'utf8'),
          Buffer.from(`"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`),
        ]);
        const res = await raw(s.url, 'POST', '/api/import', { as: filer, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
        counts.cases++;
        wellBehaved(res, `upload named ${JSON.stringify(fileName)}`);
        for (const t of (res.body as { created?: Array<{ id: string }> }).created ?? []) {
          const stored = JSON.stringify((await filer.get(`/api/tables/${t.id}`)).body.document);
          expect(stored, JSON.stringify(fileName)).not.toMatch(/\\u0000|\\u0001|\\u0007|\\u001b|\\u007f|\u202e|\u2066|\\ud800/i);
        }
      }),
      { numRuns: RUNS * 2, seed: Number(process.env.HOSTILE_SEED ?? 20261127), endOnFailure: true },
    );
  }, 120_000);

  it('issue 19, hole 7: bursts of parallel wrong sign-ins at the default limits check at most the limit', async () => {
    // A second app on the same database with the default limits (the fuzz server's are lifted).
    const strict = await buildApp({ database: s.db.database });
    await strict.listen({ host: '127.0.0.1', port: 0 });
    const addr = strict.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    try {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 10, max: 50 }), fc.boolean(), async (n, real) => {
          // A real login (its password checked) or a made-up one (a dummy hash checked): counted the same.
          const login = real ? s.world.logins.finance : `nobody_${++run}_${n}`;
          // Each burst from a clean slate: the address's count too (all tests sign in from 127.0.0.1).
          await s.db.database.query(`DELETE FROM login_throttle WHERE key = $1 OR key LIKE 'ip:%'`, [`login:${login}`]);
          const clients = await Promise.all(Array.from({ length: n }, async () => {
            const c = new Client(url);
            await c.get('/api/auth/csrf');
            return c;
          }));
          const res = await Promise.all(clients.map((c) => c.post('/api/auth/login', { login, password: 'wrong password!' })));
          const statuses = res.map((r) => r.status);
          counts.cases += n;
          // The default limit is 5 a login name: exactly 5 passwords checked, however the burst interleaves.
          expect(statuses.filter((x) => x === 401).length, `${n} parallel for ${login}`).toBe(5);
          expect(statuses.every((x) => x === 401 || x === 429), statuses.join(',')).toBe(true);
        }),
        { numRuns: 4, seed: Number(process.env.HOSTILE_SEED ?? 20261127), endOnFailure: true },
      );
    } finally {
      await strict.close();
      await s.db.database.query(`DELETE FROM login_throttle`);
    }
  }, 120_000);

  it('is still up, with every table there and the audit chain intact', async () => {
    expect((await sessions[0]!.get('/api/health')).status).toBe(200);
    expect((await sessions[2]!.get(`/api/tables/${publishedId}`)).status).toBe(200);
    expect(await verifyAuditChain(s.db.database.db, '440823')).toMatchObject({ ok: true });
  });
});
