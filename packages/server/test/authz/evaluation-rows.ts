/**
 * Authorisation rows for monitoring and self-evaluation (/api/rounds, /api/reports,
 * /api/evaluation): rounds are the finance bureau's to open and everyone's in the region to see
 * (policies/evaluation.ts); reports are read, edited and moved through the workflow exactly like
 * target tables (policies/tables.ts canRead / canEdit / decide), and started by those who may
 * file for the approved table's owner (canStartReport).
 */
import type { Client } from '../helpers.ts';
import type { Fixtures, Target } from './fixtures.ts';
import type { Case, Expectations, RouteRow } from './expectations.ts';

type ReportStatus = 'draft' | 'submitted' | 'dept_approved' | 'finance_approved' | 'published';

const signedIn = (o: number): Expectations => ({ anonymous: 401, filer: o, dept_reviewer: o, finance_reviewer: o, admin: o });
const READ_DRAFT: Expectations = { anonymous: 401, filer: [200, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: 404, admin: 404 };
const READ_SUBMITTED: Expectations = { anonymous: 401, filer: [200, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: [200, 200, 404], admin: [200, 200, 404] };
const ROUND_MANAGE: Expectations = { anonymous: 401, filer: [403, 403, 404], dept_reviewer: [403, 403, 404], finance_reviewer: [200, 200, 404], admin: [200, 200, 404] };

const rounds = new WeakMap<Fixtures, Map<Target, string>>();
const reports = new WeakMap<Fixtures, Map<string, string>>();

/** The open monitoring round of the target's region (own and foreignOrg share region A's). */
async function roundOf(f: Fixtures, t: Target): Promise<string> {
  let m = rounds.get(f);
  if (!m) rounds.set(f, (m = new Map()));
  const key: Target = t === 'foreignRegion' ? 'foreignRegion' : 'own';
  let id = m.get(key);
  if (!id) {
    const finance = await f.driver(f.side(key).financeReviewer);
    const r = await finance.post('/api/rounds', { kind: 'monitoring', year: 2026, month: 7, deadline: '2030-08-10' });
    if (r.status !== 201) throw new Error(`fixture round: ${r.status} ${JSON.stringify(r.body)}`);
    m.set(key, (id = r.body.id as string));
  }
  return id;
}

/** Progress that meets every target on schedule: no findings, so the report can be submitted. */
async function fill(filer: Client, id: string): Promise<void> {
  const doc = (await filer.get(`/api/reports/${id}`)).body.document;
  const inds = doc.targets.indicators.filter((i: { name: { raw: string } }) => i.name.raw.trim());
  doc.report.indicators.forEach((p: Record<string, unknown>, k: number) => {
    const v = inds[k].value;
    p.achieved = { raw: v.quantitative && v.number !== null ? `${v.number}${v.unit ?? ''}` : '达成' };
  });
  const adj = doc.report.execution.adjustedBudget.fen ?? 0;
  doc.report.execution.executed = { raw: (adj / 1_000_000).toFixed(6) };
  const r = await filer.put(`/api/reports/${id}`, doc, { 'if-match': '"1"' });
  if (r.status !== 200 || r.body.report.errorCount !== 0) throw new Error(`fixture fill: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
}

/** A report on a fresh approved table of the target's unit, driven to `status`. */
async function report(f: Fixtures, t: Target, status: ReportStatus, fresh: boolean): Promise<string> {
  let m = reports.get(f);
  if (!m) reports.set(f, (m = new Map()));
  const key = `${t}:${status}`;
  if (!fresh && m.has(key)) return m.get(key)!;
  const side = f.side(t);
  const table = await f.table(t, 'finance_approved', true);
  const filer = await f.driver(side.filer);
  const c = await filer.post('/api/reports', { roundId: await roundOf(f, t), tableId: table.id });
  if (c.status !== 201) throw new Error(`fixture report: ${c.status} ${JSON.stringify(c.body)}`);
  const id = c.body.report.id as string;
  if (status !== 'draft') await fill(filer, id);
  const steps: Array<[string, string]> = [
    [side.filer, 'submit'],
    [side.deptReviewer, 'approve'],
    [side.financeReviewer, 'approve'],
    [side.financeReviewer, 'publish'],
  ];
  const order: ReportStatus[] = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'];
  for (let i = 0; i < order.indexOf(status); i++) {
    const [login, action] = steps[i]!;
    const r = await (await f.driver(login)).post(`/api/reports/${id}/${action}`, {});
    if (r.status !== 200) throw new Error(`fixture report ${action}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  if (!fresh) m.set(key, id);
  return id;
}

function readRow(suffix: string, policy: string): RouteRow {
  return {
    policy,
    cases: [
      { name: 'draft', build: async (f, t) => ({ path: `/api/reports/${await report(f, t, 'draft', false)}${suffix}` }), expect: READ_DRAFT },
      { name: 'submitted', build: async (f, t) => ({ path: `/api/reports/${await report(f, t, 'submitted', false)}${suffix}` }), expect: READ_SUBMITTED },
    ],
  };
}

function step(action: string, status: ReportStatus, expect: Expectations): Case {
  return {
    name: status,
    build: async (f, t, _p, fresh) => {
      const id = await report(f, t, status, fresh);
      // A draft must be complete to be submitted; fill the fresh one.
      if (status === 'draft' && fresh) await fill(await f.driver(f.side(t).filer), id);
      return { path: `/api/reports/${id}/${action}`, body: { comment: '矩阵测试意见' } };
    },
    expect,
  };
}

export const EVALUATION_ROWS: Record<string, RouteRow> = {
  'GET /api/rounds': { policy: 'canSeeRound: signed in, the own region’s rounds', cases: [{ name: 'list', build: async () => ({ path: '/api/rounds' }), expect: signedIn(200) }] },
  'POST /api/rounds': {
    policy: 'canManageRounds: the finance bureau (finance reviewer, administrator) opens a round in its region',
    cases: [{ name: 'open', build: async () => ({ path: '/api/rounds', body: { kind: 'monitoring', year: 2099, month: 7, deadline: '2099-08-10' } }), expect: { anonymous: 401, filer: 403, dept_reviewer: 403, finance_reviewer: 201, admin: 201 } }],
  },
  'GET /api/rounds/:id': {
    policy: 'canSeeRound: the own region only (another region’s round is 404)',
    cases: [{ name: 'round', build: async (f, t) => ({ path: `/api/rounds/${await roundOf(f, t)}` }), expect: { anonymous: 401, filer: [200, 200, 404], dept_reviewer: [200, 200, 404], finance_reviewer: [200, 200, 404], admin: [200, 200, 404] } }],
  },
  'PATCH /api/rounds/:id': {
    policy: 'canManageRounds: the finance bureau moves a deadline, closes or reopens a round of its region',
    cases: [{ name: 'deadline', build: async (f, t) => ({ path: `/api/rounds/${await roundOf(f, t)}`, body: { deadline: '2030-08-10' } }), expect: ROUND_MANAGE }],
  },
  'GET /api/evaluation/owed': { policy: 'signed in; obligations within inOrgScope only', cases: [{ name: 'owed', build: async () => ({ path: '/api/evaluation/owed' }), expect: signedIn(200) }] },
  'GET /api/evaluation/rollup': { policy: 'signed in; roll-ups of approved tables within inOrgScope only', cases: [{ name: 'rollup', build: async () => ({ path: '/api/evaluation/rollup?year=2026' }), expect: signedIn(200) }] },
  'GET /api/reports': { policy: 'signed in; lists only what canRead allows (reportVisibility())', cases: [{ name: 'list', build: async () => ({ path: '/api/reports' }), expect: signedIn(200) }] },
  'POST /api/reports': {
    policy: 'canStartReport (= canCreateFor) on an approved table the actor can see, in an open round of the own region',
    cases: [
      {
        name: 'start',
        build: async (f, t) => ({ path: '/api/reports', body: { roundId: await roundOf(f, t), tableId: (await f.table(t, 'finance_approved', true)).id } }),
        expect: { anonymous: 401, filer: [201, 404, 404], dept_reviewer: [201, 404, 404], finance_reviewer: [403, 403, 404], admin: [403, 403, 404] },
      },
    ],
  },
  'GET /api/reports/:id': readRow('', 'canRead'),
  'GET /api/reports/:id/revisions': readRow('/revisions', 'canRead'),
  'GET /api/reports/:id/revisions/:version': readRow('/revisions/1', 'canRead'),
  'GET /api/reports/:id/events': readRow('/events', 'canRead'),
  'GET /api/reports/:id/export': {
    policy: 'canRead (a monitoring report prints as the 绩效运行监控表; audited as report.export)',
    cases: [
      { name: 'draft', build: async (f, t) => ({ path: `/api/reports/${await report(f, t, 'draft', false)}/export?format=xlsx` }), expect: READ_DRAFT, scan: 'none' },
      { name: 'submitted', build: async (f, t) => ({ path: `/api/reports/${await report(f, t, 'submitted', false)}/export?format=xlsx` }), expect: READ_SUBMITTED, scan: 'none' },
    ],
  },
  'PUT /api/reports/:id': {
    policy: 'canEdit: drafts, by filers and dept reviewers in scope; a readable report in another state is 409 not_editable',
    cases: [
      {
        name: 'draft',
        build: async (f, t, _p, fresh) => {
          const id = await report(f, t, 'draft', fresh);
          const doc = (await (await f.driver(f.side(t).filer)).get(`/api/reports/${id}`)).body.document;
          return { path: `/api/reports/${id}`, body: doc, headers: { 'if-match': '"1"' } };
        },
        expect: READ_DRAFT,
      },
      {
        name: 'submitted',
        build: async (f, t) => {
          const id = await report(f, t, 'submitted', false);
          const doc = (await (await f.driver(f.side(t).filer)).get(`/api/reports/${id}`)).body.document;
          return { path: `/api/reports/${id}`, body: doc, headers: { 'if-match': '"2"' } };
        },
        expect: { anonymous: 401, filer: [409, 404, 404], dept_reviewer: [409, 404, 404], finance_reviewer: [409, 409, 404], admin: [409, 409, 404] },
      },
    ],
  },
  'POST /api/reports/:id/submit': {
    policy: 'decide(): filers in scope submit complete drafts',
    cases: [step('submit', 'draft', { anonymous: 401, filer: [200, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: 404, admin: 404 })],
  },
  'POST /api/reports/:id/approve': {
    policy: 'decide(): the 主管部门 reviewer approves submitted reports, the finance reviewer department-approved ones',
    cases: [
      step('approve', 'submitted', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: [403, 403, 404], admin: [403, 403, 404] }),
      step('approve', 'dept_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] }),
    ],
  },
  'POST /api/reports/:id/return': {
    policy: 'decide(): whoever may approve the current step may return it, with a comment',
    cases: [
      step('return', 'submitted', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: [403, 403, 404], admin: [403, 403, 404] }),
      step('return', 'finance_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] }),
    ],
  },
  'POST /api/reports/:id/publish': {
    policy: 'decide(): the finance reviewer publishes finance-approved reports of the region',
    cases: [step('publish', 'finance_approved', { anonymous: 401, filer: [403, 404, 404], dept_reviewer: [403, 404, 404], finance_reviewer: [200, 200, 404], admin: [403, 403, 404] })],
  },
};
