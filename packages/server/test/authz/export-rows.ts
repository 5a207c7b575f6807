/**
 * Authorisation rows for the downloads (src/routes/exports, policies/exports.ts): a table's
 * documents and findings report follow canRead exactly like GET /api/tables/:id; a published
 * table downloads for anyone (isPublic); a batch takes only the tables its starter may read, and
 * its job and file belong to the starter alone. The exchange format is used where it can be, so
 * the leak scan reads the tables a file holds.
 */
import type { Fixtures, Target } from './fixtures.ts';
import type { Call, Expectations, RouteRow } from './expectations.ts';

const P = (o: number): Expectations => ({ anonymous: o, filer: o, dept_reviewer: o, finance_reviewer: o, admin: o });
const READ_DRAFT: Expectations = { anonymous: 401, filer: [200, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: 404, admin: 404 };
const READ_SUBMITTED: Expectations = { anonymous: 401, filer: [200, 404, 404], dept_reviewer: [200, 404, 404], finance_reviewer: [200, 200, 404], admin: [200, 200, 404] };
const STARTER_ONLY: Expectations = { anonymous: 401, filer: [200, 404, 404], dept_reviewer: 404, finance_reviewer: 404, admin: 404 };

const tableCall = (suffix: string, status: 'draft' | 'submitted' | 'published') => async (f: Fixtures, t: Target) => ({ path: `/api/tables/${(await f.table(t, status)).id}${suffix}` }) as Call;

function readRow(suffix: string, policy: string, scan: 'full' | 'none' = 'full'): RouteRow {
  return {
    policy,
    cases: [
      { name: 'draft', build: tableCall(suffix, 'draft'), expect: READ_DRAFT, scan },
      { name: 'submitted', build: tableCall(suffix, 'submitted'), expect: READ_SUBMITTED, scan },
      { name: 'published', build: tableCall(suffix, 'published'), expect: READ_SUBMITTED, scan },
    ],
  };
}

/** A finished batch export (exchange JSON) of the target's unit, started by the target's filer. */
const jobs = new WeakMap<Fixtures, Map<Target, string>>();
async function jobOf(f: Fixtures, t: Target): Promise<string> {
  let m = jobs.get(f);
  if (!m) jobs.set(f, (m = new Map()));
  let id = m.get(t);
  if (!id) {
    const side = f.side(t);
    await f.table(t, 'draft');
    const starter = await f.driver(side.filer);
    const r = await starter.post('/api/exports', { year: 2026, format: 'exchange', org: side.unit.code });
    if (r.status !== 202) throw new Error(`fixture export job: ${r.status} ${JSON.stringify(r.body)}`);
    id = r.body.id as string;
    for (let i = 0; i < 600; i++) {
      const j = await starter.get(`/api/exports/${id}`);
      if (j.body.phase === 'done') break;
      if (j.body.phase === 'failed') throw new Error(`fixture export job failed: ${JSON.stringify(j.body)}`);
      await new Promise((ok) => setTimeout(ok, 50));
    }
    m.set(t, id);
  }
  return id;
}

export const EXPORT_ROWS: Record<string, RouteRow> = {
  'GET /api/tables/:id/export': {
    policy: 'canRead, like GET /api/tables/:id (every download audited)',
    cases: [
      ...readRow('/export?format=exchange', '').cases,
      { name: 'stored JSON', build: tableCall('/export', 'submitted'), expect: READ_SUBMITTED },
      { name: 'xlsx', build: tableCall('/export?format=xlsx', 'submitted'), expect: READ_SUBMITTED, scan: 'none' },
    ],
  },
  'GET /api/tables/:id/findings-report': readRow('/findings-report', 'canRead, like GET /api/tables/:id/findings', 'none'),
  'GET /api/public/tables/:id/export': {
    policy: 'isPublic: published only, anything else 404, like GET /api/public/tables/:id',
    cases: [
      { name: 'published', build: async (f, t) => ({ path: `/api/public/tables/${(await f.table(t, 'published')).id}/export?format=exchange` }), expect: P(200) },
      { name: 'submitted', build: async (f, t) => ({ path: `/api/public/tables/${(await f.table(t, 'submitted')).id}/export?format=exchange` }), expect: P(404) },
      { name: 'draft', build: async (f, t) => ({ path: `/api/public/tables/${(await f.table(t, 'draft')).id}/export?format=exchange` }), expect: P(404) },
    ],
  },
  'POST /api/exports': {
    policy: 'signed in; the batch takes only the tables the starter may read (visibility() and canRead); none readable → 400 no_tables; another region’s unit is unknown → 400 unknown_org',
    cases: [
      {
        name: 'the target unit’s tables',
        build: async (f, t) => {
          await f.table(t, 'submitted');
          return { path: '/api/exports', body: { year: 2026, format: 'exchange', org: f.side(t).unit.code } };
        },
        expect: { anonymous: 401, filer: [202, 400, 400], dept_reviewer: [202, 400, 400], finance_reviewer: [202, 202, 400], admin: [202, 202, 400] },
      },
    ],
  },
  'GET /api/exports/:id': {
    policy: 'canReadExportJob: the job is its starter’s; anyone else 404',
    cases: [{ name: 'the target filer’s job', build: async (f, t) => ({ path: `/api/exports/${await jobOf(f, t)}` }), expect: STARTER_ONLY }],
  },
  'GET /api/exports/:id/file': {
    policy: 'canReadExportJob: the file is its starter’s; anyone else 404',
    cases: [{ name: 'the target filer’s file', build: async (f, t) => ({ path: `/api/exports/${await jobOf(f, t)}/file` }), expect: STARTER_ONLY }],
  },
};
