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
 */
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { loggedIn, seedTables, startTestServer, type Client, type Res, type TestServer } from '../helpers.ts';
import { makeZip } from '../../../files/test/zip-helper.ts';

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

  it('is still up, with every table there and the audit chain intact', async () => {
    expect((await sessions[0]!.get('/api/health')).status).toBe(200);
    expect((await sessions[2]!.get(`/api/tables/${publishedId}`)).status).toBe(200);
    expect(await verifyAuditChain(s.db.database.db, '440823')).toMatchObject({ ok: true });
  });
});
