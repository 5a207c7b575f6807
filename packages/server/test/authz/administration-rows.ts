/**
 * Authorisation rows for the administration routes (src/routes/{orgs,users,calendar,projects,
 * rule-sets}, policies/administration.ts): writes are the region's administrator's
 * (canAdminister); the calendar, rule sets and project library are read by everyone signed in,
 * the library and what is owed within inOrgScope; a draft's id is given only to whom canRead
 * allows. Imports run as previews (dryRun) and years far from the fixtures' 2026 are used, so
 * no row changes what the other rows test.
 */
import type { Fixtures, Target } from './fixtures.ts';
import type { Expectations, Outcome, RouteRow } from './expectations.ts';

const P = (o: number): Expectations => ({ anonymous: o, filer: o, dept_reviewer: o, finance_reviewer: o, admin: o });
const signedIn = (o: number): Expectations => ({ ...P(o), anonymous: 401 });
const adminOnly = (ok: Outcome | readonly [Outcome, Outcome, Outcome]): Expectations => ({ anonymous: 401, filer: 403, dept_reviewer: 403, finance_reviewer: 403, admin: ok });
const FAR_YEAR = 2095;

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;
const admin = (f: Fixtures) => f.driver(f.world.a.logins.admin);
const csv = (text: string, name = 'list.csv') => {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return form;
};

/** FAR_YEAR managed, its 一上 open: made once per fixture set. */
const years = new WeakMap<Fixtures, Promise<void>>();
function farYear(f: Fixtures): Promise<void> {
  let p = years.get(f);
  if (!p) {
    p = (async () => {
      const a = await admin(f);
      const y = await a.put(`/api/calendar/${FAR_YEAR}`, { ruleSet: 'guangdong-2026' });
      const s = await a.put(`/api/calendar/${FAR_YEAR}/stages/first`, { opensAt: '2090-01-01T00:00:00Z', deadline: '2099-01-01T00:00:00Z' });
      if (y.status !== 200 || s.status !== 200) throw new Error(`fixture calendar: ${y.status} ${s.status}`);
      // Managing a year makes the region keep a calendar, which closes every other year to filing;
      // the matrix files in years it never manages (2026, 2100+), so its region goes back to one
      // loaded before the calendar. That gate has its own tests (routes/calendar/calendar.test.ts).
      await f.database?.query('UPDATE regions SET calendar_kept = false WHERE region_code = $1', [f.world.a.orgs.unit.regionCode]);
    })();
    years.set(f, p);
  }
  return p;
}

/** A project of the own unit in FAR_YEAR. */
async function project(f: Fixtures): Promise<string> {
  const a = await admin(f);
  const r = await a.post(`/api/projects?year=${FAR_YEAR}`, { orgId: f.side('own').unit.id, code: `M-${unique()}`, name: `矩阵项目${unique()}`, typeCode: '331', typeName: '部门预算部门职能类', level: 2 });
  if (r.status !== 201) throw new Error(`fixture project: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

/** An account to reset: a fresh one in the target's unit (region A), the spare one of region B. */
async function account(f: Fixtures, t: Target): Promise<string> {
  if (t === 'foreignRegion') return f.world.spareUsers.foreignRegion.id;
  const a = await admin(f);
  const r = await a.post('/api/users', { login: `m_${unique()}`, displayName: '矩阵', password: 'Jixiao-Matrix-2026!', orgId: f.side(t).unit.id, role: 'filer' });
  if (r.status !== 201) throw new Error(`fixture account: ${r.status}`);
  return r.body.id as string;
}

/** A fresh copy of guangdong-2026 to save a version of. */
async function ruleSetCopy(f: Fixtures): Promise<string> {
  const a = await admin(f);
  const name = `m-${unique()}`;
  const r = await a.post('/api/rule-sets', { base: 'guangdong-2026', name });
  if (r.status !== 201) throw new Error(`fixture rule set: ${r.status}`);
  return name;
}

export const ADMINISTRATION_ROWS: Record<string, RouteRow> = {
  // ── organisations ──
  'PATCH /api/orgs/:id': {
    policy: 'canAdminister; organisations of the own region only (another region’s is 404)',
    cases: [{ name: 'same name (no change)', build: async (f, t) => ({ path: `/api/orgs/${f.side(t).unit.id}`, body: { name: f.side(t).unit.name } }), expect: adminOnly([200, 200, 404]) }],
  },
  'GET /api/orgs/history': { policy: 'canReadAudit: administrator and finance reviewer', cases: [{ name: 'history', build: async () => ({ path: '/api/orgs/history' }), expect: { ...adminOnly(200), finance_reviewer: 200 }, scan: 'region' }] },
  'POST /api/orgs/import': {
    policy: 'canAdminister (preview)',
    cases: [{ name: 'preview', build: async () => ({ path: '/api/orgs/import?dryRun=1', form: csv(`单位编码,单位名称\nM${unique()},矩阵部门`) }), expect: adminOnly(200) }],
  },
  // ── people ──
  'POST /api/users/:id/reset-password': {
    policy: 'canAdminister; accounts of the own region only',
    cases: [{ name: 'fresh account', build: async (f, t) => ({ path: `/api/users/${await account(f, t)}/reset-password` }), expect: adminOnly([200, 200, 404]) }],
  },
  'POST /api/users/password-sheet': {
    policy: 'canAdminister; only accounts of the own region that still hold a temporary password (another region\'s login: 400 not_temporary)',
    cases: [
      {
        name: 'fresh reset',
        build: async (f, t) => {
          const a = await admin(f);
          if (t === 'foreignRegion') return { path: '/api/users/password-sheet', body: { rows: [{ login: f.world.spareUsers.foreignRegion.login, temporaryPassword: 'abcdefghjkmn' }] } };
          const id = await account(f, t);
          const r = await a.post(`/api/users/${id}/reset-password`, {});
          return { path: '/api/users/password-sheet', body: { rows: [{ login: r.body.user.login as string, temporaryPassword: r.body.temporaryPassword as string }] } };
        },
        expect: adminOnly([200, 200, 400]),
        scan: 'none',
      },
    ],
  },
  'POST /api/users/import': {
    policy: 'canAdminister (preview)',
    cases: [{ name: 'preview', build: async () => ({ path: '/api/users/import?dryRun=1', form: csv(`登录名,姓名,单位编码,角色\nm_${unique()},矩阵,144001,填报人`) }), expect: adminOnly(200) }],
  },
  'POST /api/me/password': {
    policy: 'the signed-in person, for their own account; the current password is checked',
    cases: [{ name: 'wrong current password', build: async () => ({ path: '/api/me/password', body: { currentPassword: 'not the password', newPassword: 'a new password here' } }), expect: signedIn(400) }],
  },
  // ── budget calendar ──
  'GET /api/calendar': { policy: 'canReadCalendar: signed in, the own region', cases: [{ name: 'years', build: async () => ({ path: '/api/calendar' }), expect: signedIn(200) }] },
  'GET /api/calendar/:year': { policy: 'canReadCalendar', cases: [{ name: 'year', build: async () => ({ path: '/api/calendar/2026' }), expect: signedIn(200) }] },
  'PUT /api/calendar/:year': { policy: 'canAdminister', cases: [{ name: 'far year', build: async (f) => (await farYear(f), { path: `/api/calendar/${FAR_YEAR}`, body: { ruleSet: 'guangdong-2026' } }), expect: adminOnly(200) }] },
  'PUT /api/calendar/:year/stages/:stage': {
    policy: 'canAdminister',
    cases: [{ name: 'far year 二上', build: async (f) => (await farYear(f), { path: `/api/calendar/${FAR_YEAR}/stages/second`, body: { opensAt: '2090-01-01T00:00:00Z', deadline: '2099-01-01T00:00:00Z' } }), expect: adminOnly(200) }],
  },
  'POST /api/calendar/:year/stages/:stage/close': {
    policy: 'canAdminister',
    cases: [{ name: 'far year 调整', build: async (f) => {
      await farYear(f);
      await (await admin(f)).put(`/api/calendar/${FAR_YEAR}/stages/adjust`, { opensAt: '2090-01-01T00:00:00Z', deadline: '2099-01-01T00:00:00Z', reopen: true });
      return { path: `/api/calendar/${FAR_YEAR}/stages/adjust/close` };
    }, expect: adminOnly(200) }],
  },
  'GET /api/calendar/:year/stages/:stage/owed': {
    policy: 'signed in; items within inOrgScope; a table id only where canRead',
    cases: [{ name: 'owed 2026 一上', build: async () => ({ path: '/api/calendar/2026/stages/first/owed' }), expect: signedIn(200) }],
  },
  'GET /api/calendar/:year/stages/:stage/overdue': {
    policy: 'signed in; within inOrgScope; a table id only where canRead',
    cases: [{ name: 'overdue 2026 一上', build: async () => ({ path: '/api/calendar/2026/stages/first/overdue' }), expect: signedIn(200) }],
  },
  // ── project library ──
  'GET /api/project-types': { policy: 'signed in', cases: [{ name: 'dictionary', build: async () => ({ path: '/api/project-types' }), expect: signedIn(200) }] },
  'PUT /api/project-types/:code': { policy: 'canAdminister', cases: [{ name: 'type', build: async () => ({ path: '/api/project-types/331', body: { name: '部门预算部门职能类' } }), expect: adminOnly(200) }] },
  'GET /api/projects': { policy: 'signed in; projects within inOrgScope (canReadProject)', cases: [{ name: 'library', build: async () => ({ path: '/api/projects?year=2026' }), expect: signedIn(200) }] },
  'POST /api/projects': {
    policy: 'canAdminister; the owner must be a unit of the own region',
    cases: [{ name: 'project of the target unit', build: async (f, t) => ({ path: `/api/projects?year=${FAR_YEAR}`, body: { orgId: f.side(t).unit.id, code: `M-${unique()}`, name: '矩阵项目', typeCode: '331', typeName: '部门预算部门职能类', level: 2 } }), expect: adminOnly([201, 201, 400]) }],
  },
  'PATCH /api/projects/:id': { policy: 'canAdminister', cases: [{ name: 'rename', build: async (f) => ({ path: `/api/projects/${await project(f)}`, body: { name: `矩阵改名${unique()}` } }), expect: adminOnly(200) }] },
  'POST /api/projects/import': {
    policy: 'canAdminister (preview)',
    cases: [{ name: 'preview', build: async () => ({ path: `/api/projects/import?year=${FAR_YEAR}&dryRun=1`, form: csv(`项目编码,项目名称,单位编码,项目类型\nM-${unique()},矩阵项目,144001,331-部门预算部门职能类`) }), expect: adminOnly(200) }],
  },
  'POST /api/projects/generate': { policy: 'canAdminister (creates in the unit’s name: canCreateFromLibrary)', cases: [
      {
        name: 'far year',
        build: async (f) => (await farYear(f), { path: '/api/projects/generate', body: { year: FAR_YEAR, stage: 'first' } }),
        // The administrator passes the policy and reaches the calendar, which refuses once: the far year's 一上 opens in 2090.
        classify: (r) => (r.status === 423 && (r.body as { error?: { code?: string } }).error?.code === 'stage_not_open' ? 'gated' : r.status),
        expect: adminOnly('gated'),
      },
    ] },
  // ── rule sets ──
  'GET /api/rule-sets': { policy: 'signed in', cases: [{ name: 'list', build: async () => ({ path: '/api/rule-sets' }), expect: signedIn(200) }] },
  'GET /api/rule-sets/:name': { policy: 'signed in; the own region’s copies', cases: [{ name: 'built-in', build: async () => ({ path: '/api/rule-sets/guangdong-2026' }), expect: signedIn(200) }] },
  'POST /api/rule-sets': { policy: 'canAdminister', cases: [{ name: 'copy', build: async () => ({ path: '/api/rule-sets', body: { base: 'guangdong-2026', name: `m-${unique()}` } }), expect: adminOnly(201) }] },
  'POST /api/rule-sets/:name/preview': {
    policy: 'seesWholeRegion: administrator and finance reviewer; lists the year’s tables by name and status (drafts included, by design: a change affects them) without content',
    cases: [{ name: 'preview', build: async () => ({ path: '/api/rule-sets/guangdong-2026/preview', body: { year: 2026, changes: [{ rule: 'indicators.total-min', params: { min: 6 } }] } }), expect: { anonymous: 401, filer: 403, dept_reviewer: 403, finance_reviewer: 200, admin: 200 }, scan: 'region' }],
  },
  'PUT /api/rule-sets/:name': {
    policy: 'canAdminister; copies only',
    cases: [{ name: 'new version of a copy', build: async (f) => ({ path: `/api/rule-sets/${await ruleSetCopy(f)}`, body: { expectedVersion: 1, changes: [{ rule: 'indicators.total-min', params: { min: 6 } }], comment: '矩阵' } }), expect: adminOnly(200) }],
  },
};
