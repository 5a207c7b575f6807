/**
 * THE AUTHORISATION MATRIX: one row per registered route ("METHOD /url" exactly as Fastify
 * registers it), each with one or more cases; each case says how to call the route against a
 * target and the exact HTTP status every persona must get:
 *
 *   persona: status                  — the same for every target
 *   persona: [own, foreignOrg, foreignRegion]
 *
 * Personas (test/authz/fixtures.ts) act from region A: filer of unit 144001, reviewer of 主管部门
 * 144, the 财政局's finance reviewer and administrator, and anonymous. Targets: `own` (unit
 * 144001 / 主管部门 144), `foreignOrg` (unit 145001 / 主管部门 145, same region), `foreignRegion`
 * (region B 440881). A resource the persona may not read answers 404, exactly like one that
 * does not exist; one they may read but not change answers 403 (or 409 when only its state
 * forbids it).
 *
 * matrix.test.ts calls every registered route as every persona on every target, compares the
 * status with this table, scans every 2xx body for tables the persona may not see, and sends
 * every state-changing route without and with a wrong CSRF token. A route with no row here
 * fails the test: ADD A ROW WHEN YOU ADD A ROUTE (and state the policy it follows).
 */
import type { Res } from '../helpers.ts';
import { PASSWORD } from '../helpers.ts';
import type { Client } from '../helpers.ts';
import type { Fixtures, Persona, Target } from './fixtures.ts';
import { EVALUATION_ROWS } from './evaluation-rows.ts';
import { EXPORT_ROWS } from './export-rows.ts';
import { ADMINISTRATION_ROWS } from './administration-rows.ts';

export type Outcome = number | string;
export type PerTarget = Outcome | readonly [Outcome, Outcome, Outcome];
export type Expectations = Record<Persona, PerTarget>;

export interface Call {
  path: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Send from this client instead of the persona's shared session (login, logout). */
  client?: Client;
}

export interface Case {
  name: string;
  /** The request for a target. `fresh`: the call is expected to change the resource, so make a new one. */
  build(f: Fixtures, target: Target, persona: Persona, fresh: boolean): Promise<Call>;
  expect: Expectations;
  /** Maps a response to the outcome compared with `expect` (default: its status). */
  classify?: (res: Res) => Outcome;
  /**
   * Leak scan of 2xx bodies: `full` — no table the persona may not read; `region` — nothing of
   * another region (for the audit log, which names the region's drafts by design); `none`.
   */
  scan?: 'full' | 'region' | 'none';
}

export interface RouteRow {
  /** The policy this row encodes (src/policies/…), in one sentence. */
  policy: string;
  cases: Case[];
  /** Present only in some configurations (e.g. `/` without a web build, `/*` with one). */
  optional?: boolean;
}

const P = (o: Outcome): Expectations => ({ anonymous: o, filer: o, dept_reviewer: o, finance_reviewer: o, admin: o });
const signedIn = (o: Outcome): Expectations => ({ ...P(o), anonymous: 401 });
const adminOnly = (ok: PerTarget): Expectations => ({ anonymous: 401, filer: 403, dept_reviewer: 403, finance_reviewer: 403, admin: ok });

/** Who reads a table (policies/tables.ts canRead): scope, and drafts only for filers and dept reviewers. */
const READ_DRAFT: Expectations = {
  anonymous: 401,
  filer: [200, 404, 404],
  dept_reviewer: [200, 404, 404],
  finance_reviewer: 404,
  admin: 404,
};
const READ_SUBMITTED: Expectations = {
  anonymous: 401,
  filer: [200, 404, 404],
  dept_reviewer: [200, 404, 404],
  finance_reviewer: [200, 200, 404],
  admin: [200, 200, 404],
};

const tablePath = (suffix: string) => async (f: Fixtures, target: Target, status: 'draft' | 'submitted' | 'published') =>
  ({ path: `/api/tables/${(await f.table(target, status)).id}${suffix}` }) as Call;

function readRow(suffix: string, policy: string): RouteRow {
  const build = tablePath(suffix);
  return {
    policy,
    cases: [
      { name: 'draft', build: (f, t) => build(f, t, 'draft'), expect: READ_DRAFT },
      { name: 'submitted', build: (f, t) => build(f, t, 'submitted'), expect: READ_SUBMITTED },
      { name: 'published', build: (f, t) => build(f, t, 'published'), expect: READ_SUBMITTED },
    ],
  };
}

/** A workflow step on a table in `status` (fresh when it may succeed). */
function step(action: string, status: 'draft' | 'submitted' | 'dept_approved' | 'finance_approved', expect: Expectations): Case {
  return {
    name: status,
    build: async (f, t, _p, fresh) => ({ path: `/api/tables/${(await f.table(t, status, fresh)).id}/${action}`, body: { comment: '矩阵测试意见' } }),
    expect,
  };
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export const MATRIX: Record<string, RouteRow> = {
  // ── system, docs, the web app: public ───────────────────────────────────────────────
  'GET /api/health': { policy: 'public', cases: [{ name: 'up', build: async () => ({ path: '/api/health' }), expect: P(200) }] },
  'GET /api/health/live': { policy: 'public', cases: [{ name: 'up', build: async () => ({ path: '/api/health/live' }), expect: P(200) }] },
  'GET /api/health/ready': { policy: 'public', cases: [{ name: 'ready', build: async () => ({ path: '/api/health/ready' }), expect: P(200) }] },
  'GET /metrics': { policy: 'JIXIAO_METRICS_ALLOW (loopback) or the metrics token', cases: [{ name: 'from loopback', build: async () => ({ path: '/metrics' }), expect: P(200), scan: 'none' }] },
  'GET /api/openapi.json': { policy: 'public', cases: [{ name: 'doc', build: async () => ({ path: '/api/openapi.json' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs': { policy: 'public', cases: [{ name: 'page', build: async () => ({ path: '/api/docs' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs/static/index.html': { policy: 'public', cases: [{ name: 'page', build: async () => ({ path: '/api/docs/static/index.html' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs/static/swagger-initializer.js': { policy: 'public', cases: [{ name: 'js', build: async () => ({ path: '/api/docs/static/swagger-initializer.js' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs/json': { policy: 'public', cases: [{ name: 'doc', build: async () => ({ path: '/api/docs/json' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs/yaml': { policy: 'public', cases: [{ name: 'doc', build: async () => ({ path: '/api/docs/yaml' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs/static/*': { policy: 'public', cases: [{ name: 'asset', build: async () => ({ path: '/api/docs/static/swagger-ui.css' }), expect: P(200), scan: 'none' }] },
  'GET /api/docs/*': { policy: 'public', optional: true, cases: [{ name: 'asset', build: async () => ({ path: '/api/docs/swagger-ui.css' }), expect: P(200), scan: 'none' }] },
  'GET /': { policy: 'public (the web app, or how to build it)', optional: true, cases: [{ name: 'page', build: async () => ({ path: '/' }), expect: P(200), scan: 'none' }] },
  'GET /*': { policy: 'public (the built web app)', optional: true, cases: [{ name: 'page', build: async () => ({ path: '/index.html' }), expect: P(200), scan: 'none' }] },

  // ── auth ─────────────────────────────────────────────────────────────────────────────
  'GET /api/auth/csrf': { policy: 'public', cases: [{ name: 'token', build: async () => ({ path: '/api/auth/csrf' }), expect: P(200) }] },
  'POST /api/auth/login': {
    policy: 'anyone with the right password (double-submit CSRF); the target is whose account',
    cases: [
      {
        name: 'spare account',
        build: async (f, t) => {
          const c = new (await import('../helpers.ts')).Client(f.base);
          await c.get('/api/auth/csrf');
          return { path: '/api/auth/login', body: { login: f.world.spareUsers[t].login, password: PASSWORD }, client: c };
        },
        expect: P(200),
        scan: 'none',
      },
    ],
  },
  'POST /api/auth/logout': {
    policy: 'a signed-in user ends their own session',
    cases: [{ name: 'own session', build: async (f, _t, p) => ({ path: '/api/auth/logout', body: {}, ...(p === 'anonymous' ? {} : { client: await f.freshSession(p) }) }), expect: signedIn(200) }],
  },
  'GET /api/setup': { policy: 'public: whether the first-run setup is still needed (no region yet)', cases: [{ name: 'needed?', build: async () => ({ path: '/api/setup' }), expect: P(200) }] },
  'POST /api/setup': {
    policy: 'anyone, but only on an empty system (administration/first-run.ts); once a region exists everyone gets 409 already_set_up',
    cases: [
      {
        name: 'after setup',
        build: async (f) => {
          const c = new (await import('../helpers.ts')).Client(f.base);
          await c.get('/api/auth/csrf');
          return { path: '/api/setup', body: { region: { code: '440881', name: '廉江市', level: 'county' }, admin: { login: `setup_${unique()}`, password: 'Lianjiang-Caizheng-2027' } }, client: c };
        },
        expect: P(409),
      },
    ],
  },
  'GET /api/me': { policy: 'signed in', cases: [{ name: 'me', build: async () => ({ path: '/api/me' }), expect: signedIn(200) }] },

  // ── tables ───────────────────────────────────────────────────────────────────────────
  'GET /api/tables': {
    policy: 'signed in; lists only what canRead allows (visibility())',
    cases: [{ name: 'by org', build: async (f, t) => ({ path: `/api/tables?org=${f.side(t).unit.code}&limit=500` }), expect: signedIn(200) }],
  },
  'POST /api/tables': {
    policy: 'canCreateFor: filers and dept reviewers for organisations in their scope; derive needs canRead of the source',
    cases: [
      {
        name: 'create',
        build: async (f, t) => ({ path: '/api/tables', body: { orgId: f.side(t).unit.id, document: f.documentFor(t, f.uniqueName(t, 'create')) } }),
        // Another region's organisation is unknown in the actor's region: 400 unknown_org, as for no such organisation.
        expect: { anonymous: 401, filer: [201, 403, 400], dept_reviewer: [201, 403, 400], finance_reviewer: [403, 403, 400], admin: [403, 403, 400] },
      },
      {
        name: 'derive 二上',
        build: async (f, t) => ({ path: '/api/tables', body: { from: (await f.table(t, 'submitted', true)).id, stage: 'second' } }),
        expect: { anonymous: 401, filer: [201, 404, 404], dept_reviewer: [201, 404, 404], finance_reviewer: [403, 403, 404], admin: [403, 403, 404] },
      },
    ],
  },
  'GET /api/tables/:id': readRow('', 'canRead'),
  'GET /api/tables/:id/findings': readRow('/findings', 'canRead'),
  'GET /api/tables/:id/revisions': readRow('/revisions', 'canRead'),
  'GET /api/tables/:id/revisions/:version': readRow('/revisions/1', 'canRead'),
  'GET /api/tables/:id/diff': readRow('/diff', 'canRead'),
  'GET /api/tables/:id/events': readRow('/events', 'canRead'),
  // GET /api/tables/:id/export and the other downloads: test/authz/export-rows.ts
  'POST /api/tables/:id/exported': {
    policy: 'canRead (records a browser export in the audit log)',
    cases: [
      { name: 'draft', build: async (f, t) => ({ path: `/api/tables/${(await f.table(t, 'draft')).id}/exported`, body: { format: 'xlsx' } }), expect: READ_DRAFT },
      { name: 'submitted', build: async (f, t) => ({ path: `/api/tables/${(await f.table(t, 'submitted')).id}/exported`, body: { format: 'xlsx' } }), expect: READ_SUBMITTED },
    ],
  },
  'PUT /api/tables/:id': {
    policy: 'canEdit: drafts, by filers and dept reviewers in scope; a readable table in another state is 409 not_editable',
    cases: [
      {
        name: 'draft',
        build: async (f, t, _p, fresh) => {
          const tb = await f.table(t, 'draft', fresh);
          return { path: `/api/tables/${tb.id}`, body: f.documentFor(t, tb.name), headers: { 'if-match': '"1"' } };
        },
        expect: READ_DRAFT,
      },
      {
        name: 'submitted',
        build: async (f, t) => {
          const tb = await f.table(t, 'submitted');
          return { path: `/api/tables/${tb.id}`, body: f.documentFor(t, tb.name), headers: { 'if-match': '"1"' } };
        },
        expect: { anonymous: 401, filer: [409, 404, 404], dept_reviewer: [409, 404, 404], finance_reviewer: [409, 409, 404], admin: [409, 409, 404] },
      },
    ],
  },
  'POST /api/tables/:id/submit': {
    policy: 'decide(): filers in scope submit drafts',
    cases: [step('submit', 'draft', { anonymous: 401, filer: [200, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: 404, admin: 404 })],
  },
  'POST /api/tables/:id/approve': {
    policy: 'decide(): the 主管部门 reviewer approves submitted tables, the finance reviewer approves department-approved ones',
    cases: [
      step('approve', 'submitted', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: [403, 403, 404], admin: [403, 403, 404] }),
      step('approve', 'dept_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] }),
    ],
  },
  'POST /api/tables/:id/return': {
    policy: 'decide(): whoever may approve the current step may return it, with a comment',
    cases: [
      step('return', 'submitted', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: [403, 403, 404], admin: [403, 403, 404] }),
      step('return', 'dept_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] }),
      step('return', 'finance_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] }),
    ],
  },
  'POST /api/tables/:id/publish': {
    policy: 'decide(): the finance reviewer publishes finance-approved tables of the region',
    cases: [step('publish', 'finance_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] })],
  },
  'POST /api/import': {
    policy: 'signed in; each table in the file is created only where canCreateFor allows (others are reported as skipped)',
    cases: [
      {
        name: 'seed file into the target unit',
        build: async (f, t) => {
          const form = new FormData();
          form.append('orgId', f.side(t).unit.id);
          form.append('year', String(f.nextImportYear()));
          form.append('file', new Blob([f.seedText]), 'seed.txt');
          return { path: '/api/import', form };
        },
        classify: (r) => (r.status === 201 ? ((r.body as { created: unknown[] }).created.length > 0 ? 'created' : 'skipped') : r.status),
        expect: { anonymous: 401, filer: ['created', 'skipped', 'skipped'], dept_reviewer: ['created', 'skipped', 'skipped'], finance_reviewer: 'skipped', admin: 'skipped' },
      },
    ],
  },

  // ── organisations, accounts ──────────────────────────────────────────────────────────
  'GET /api/orgs': { policy: 'signed in: the organisations of the own region', cases: [{ name: 'list', build: async () => ({ path: '/api/orgs' }), expect: signedIn(200) }] },
  'POST /api/orgs': {
    policy: 'canAdminister: the region’s administrator',
    cases: [
      {
        name: 'unit under the target dept',
        build: async (f, t) => ({ path: '/api/orgs', body: { kind: 'unit', code: `M${unique()}`, name: '矩阵新单位', parentId: f.side(t).dept.id } }),
        expect: adminOnly([201, 201, 400]),
      },
    ],
  },
  'GET /api/orgs/:id/checks': {
    policy: 'inOrgScope of the department (unit users see none)',
    cases: [
      {
        name: 'target dept',
        build: async (f, t) => ({ path: `/api/orgs/${f.side(t).dept.id}/checks?year=2026` }),
        expect: { anonymous: 401, filer: 404, dept_reviewer: [200, 404, 404], finance_reviewer: [200, 200, 404], admin: [200, 200, 404] },
      },
    ],
  },
  'GET /api/users': { policy: 'canAdminister', cases: [{ name: 'list', build: async () => ({ path: '/api/users' }), expect: adminOnly(200) }] },
  'POST /api/users': {
    policy: 'canAdminister; the organisation must be in the region',
    cases: [
      {
        name: 'filer in the target unit',
        build: async (f, t) => ({ path: '/api/users', body: { login: `m_${unique()}`, displayName: '矩阵', password: 'Jixiao-Matrix-2026!', orgId: f.side(t).unit.id, role: 'filer' } }),
        expect: adminOnly([201, 201, 400]),
      },
    ],
  },
  'PATCH /api/users/:id': {
    policy: 'canAdminister; accounts of the own region only',
    cases: [{ name: 'spare account', build: async (f, t) => ({ path: `/api/users/${f.world.spareUsers[t].id}`, body: { disabled: false } }), expect: adminOnly([200, 200, 404]) }],
  },

  // ── audit, dashboards ────────────────────────────────────────────────────────────────
  'GET /api/audit': { policy: 'canReadAudit: admin and finance reviewer of the region', cases: [{ name: 'log', build: async () => ({ path: '/api/audit?limit=500' }), expect: { ...adminOnly(200), finance_reviewer: 200 }, scan: 'region' }] },
  'GET /api/audit/verify': { policy: 'canReadAudit', cases: [{ name: 'verify', build: async () => ({ path: '/api/audit/verify' }), expect: { ...adminOnly(200), finance_reviewer: 200 } }] },
  'GET /api/dashboard': {
    policy: 'canViewDashboard: the finance bureau and 主管部门 reviewers, figures over readable tables only',
    cases: [{ name: '2026', build: async () => ({ path: '/api/dashboard?year=2026' }), expect: { anonymous: 401, filer: 403, dept_reviewer: 200, finance_reviewer: 200, admin: 200 } }],
  },

  // ── indicator library ────────────────────────────────────────────────────────────────
  'GET /api/library/suggestions': {
    policy: 'canUseLibrary: any signed-in user of the region; a source project is named only where maySeeSource (finance, or published)',
    cases: [{ name: 'project', build: async () => ({ path: `/api/library/suggestions?name=${encodeURIComponent('工作经费')}&goal=${encodeURIComponent('全年举办科普活动3次')}` }), expect: { anonymous: 401, filer: 200, dept_reviewer: 200, finance_reviewer: 200, admin: 200 } }],
  },
  'GET /api/library': {
    policy: 'canUseLibrary: any signed-in user of the region',
    cases: [{ name: 'entries', build: async () => ({ path: '/api/library?limit=500' }), expect: { anonymous: 401, filer: 200, dept_reviewer: 200, finance_reviewer: 200, admin: 200 } }],
  },

  // ── public pages ─────────────────────────────────────────────────────────────────────
  'GET /api/public/regions': { policy: 'public', cases: [{ name: 'list', build: async () => ({ path: '/api/public/regions' }), expect: P(200) }] },
  'GET /api/public/tables': {
    policy: 'public: published tables of any region only',
    cases: [{ name: 'target region', build: async (f, t) => ({ path: `/api/public/tables?region=${f.side(t).regionCode}&year=2026&limit=500` }), expect: P(200) }],
  },
  'GET /api/open-data/regions/:region/years': {
    policy: 'public: counts of published tables only',
    cases: [{ name: 'target region', build: async (f, t) => ({ path: `/api/open-data/regions/${f.side(t).regionCode}/years` }), expect: P(200) }],
  },
  'GET /api/open-data/indicators.csv': {
    policy: 'public: indicators of published tables only (PUBLIC_STATUS)',
    cases: [{ name: 'target region', build: async (f, t) => ({ path: `/api/open-data/indicators.csv?region=${f.side(t).regionCode}&year=2026` }), expect: P(200) }],
  },
  'GET /api/open-data/indicators.json': {
    policy: 'public: indicators of published tables only (PUBLIC_STATUS)',
    cases: [{ name: 'target region', build: async (f, t) => ({ path: `/api/open-data/indicators.json?region=${f.side(t).regionCode}&year=2026` }), expect: P(200) }],
  },
  'GET /api/public/tables/:id': {
    policy: 'isPublic: published only, anything else 404',
    cases: [
      { name: 'published', build: async (f, t) => ({ path: `/api/public/tables/${(await f.table(t, 'published')).id}` }), expect: P(200) },
      { name: 'submitted', build: async (f, t) => ({ path: `/api/public/tables/${(await f.table(t, 'submitted')).id}` }), expect: P(404) },
      { name: 'draft', build: async (f, t) => ({ path: `/api/public/tables/${(await f.table(t, 'draft')).id}` }), expect: P(404) },
    ],
  },
  // ── monitoring and self-evaluation (test/authz/evaluation-rows.ts) ──────────────────
  ...EVALUATION_ROWS,
  // ── downloads (test/authz/export-rows.ts) ────────────────────────────────────────────
  ...EXPORT_ROWS,
  // ── administration: organisations, people, calendar, project library, rule sets (test/authz/administration-rows.ts) ──
  ...ADMINISTRATION_ROWS,
};
