/**
 * Concurrency: 50 clients (filers saving and submitting, 主管部门 and finance reviewers
 * approving, returning and publishing) work on the same three tables at once, each acting on
 * the version it last read. Every refusal must be a 409 (stale version or a state that has
 * moved on); no acknowledged save may be lost or overwritten; each table's workflow history must
 * be a valid path through the transitions; the audit chain must stay intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit.ts';
import { TRANSITIONS, type TableStatus, type WorkflowAction } from '../../src/policies/tables.ts';
import { BACKENDS, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../helpers.ts';

export interface ConcurrencyFigures {
  clients: number;
  operations: number;
  acknowledged: number;
  conflicts: number;
  savesChecked: number;
  eventsChecked: number;
}

/** Runs the mixed workload and checks every invariant; returns the figures (also used by the drill). */
export async function runConcurrency(s: TestServer, opts: { clients: number; rounds: number; tables: number }): Promise<ConcurrencyFigures> {
  const base = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
  const owner = await loggedIn(s.url, s.world.logins.filer);
  const ids: string[] = [];
  for (let i = 0; i < opts.tables; i++) {
    const r = await owner.post('/api/tables', { orgId: s.world.orgs.unit.id, document: { ...base, projectName: { raw: `并发测试-${i}-${Date.now()}` } } });
    expect(r.status).toBe(201);
    ids.push(r.body.table.id);
  }
  // Who acts: a mix of roles, each client its own session.
  const roles: Array<'filer' | 'deptFiler' | 'deptReviewer' | 'finance'> = [];
  for (let i = 0; i < opts.clients; i++) roles.push((['filer', 'filer', 'deptFiler', 'deptReviewer', 'finance'] as const)[i % 5]!);
  const clients: Array<{ role: (typeof roles)[number]; c: Client }> = [];
  for (const role of roles) clients.push({ role, c: await loggedIn(s.url, s.world.logins[role]) });

  const acked = new Map<string, Map<number, string>>(ids.map((id) => [id, new Map()])); // table → version → overview
  let ackedTransitions = 0;
  let operations = 0;
  let acknowledged = 0;
  let conflicts = 0;
  const unexpected: string[] = [];

  const act = async (k: number) => {
    const { role, c } = clients[k]!;
    for (let round = 0; round < opts.rounds; round++) {
      const id = ids[(k + round) % ids.length]!;
      const got = await c.get(`/api/tables/${id}`);
      if (got.status !== 200) {
        // Finance cannot read drafts (404) — not a concurrency outcome; try another table.
        if (!(got.status === 404 && role === 'finance')) unexpected.push(`GET ${got.status}`);
        continue;
      }
      const version = got.body.table.version as number;
      const status = got.body.table.status as TableStatus;
      let res;
      let kind: 'save' | WorkflowAction;
      const overview = `client ${k} round ${round} on v${version}`;
      if (role === 'filer' || role === 'deptFiler') {
        kind = status === 'draft' && round % 3 === 2 && role === 'filer' ? 'submit' : 'save';
        res =
          kind === 'save'
            ? await c.put(`/api/tables/${id}`, { ...got.body.document, overview: { raw: overview } }, { 'if-match': `"${version}"` })
            : await c.post(`/api/tables/${id}/submit`, { version });
      } else if (role === 'deptReviewer') {
        kind = round % 2 ? 'return' : 'approve';
        res = await c.post(`/api/tables/${id}/${kind}`, { version, comment: `意见 ${k}-${round}` });
      } else {
        kind = (['approve', 'return', 'publish', 'approve'] as const)[round % 4]!;
        res = await c.post(`/api/tables/${id}/${kind}`, { version, comment: `财政意见 ${k}-${round}` });
      }
      operations++;
      if (res.status === 200) {
        acknowledged++;
        if (kind === 'save') {
          const v = res.body.table.version as number;
          const seen = acked.get(id)!;
          if (seen.has(v)) unexpected.push(`two saves acknowledged as version ${v} of ${id}`);
          seen.set(v, overview);
        } else ackedTransitions++;
      } else if (res.status === 409) {
        conflicts++;
        if (!['version_conflict', 'not_editable', 'invalid_state'].includes(res.body.error.code)) unexpected.push(`409 ${res.body.error.code}`);
        if (!res.body.error.message.zh || !res.body.error.message.en) unexpected.push('409 without zh/en');
      } else if (res.status === 403 && kind !== 'save') {
        // A role taking a step that is not theirs at this status (e.g. the finance reviewer
        // approving a merely submitted table) — decided by the policy, not a race.
        conflicts++;
      } else if (res.status === 404 && role === 'finance') {
        // Returned to draft since it was read: drafts are not the finance bureau's to see.
        conflicts++;
      } else unexpected.push(`${kind} ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
  };
  await Promise.all(clients.map((_, k) => act(k)));
  expect(unexpected).toEqual([]);

  // No acknowledged save lost: each acknowledged version holds exactly what was acknowledged.
  let savesChecked = 0;
  let eventsChecked = 0;
  const db = s.db.database;
  for (const id of ids) {
    const [row] = await db.query<{ version: number; status: TableStatus }>('SELECT version, status FROM target_tables WHERE id = $1', [id]);
    const revs = await db.query<{ version: number; overview: string }>("SELECT version, document #>> '{overview,raw}' AS overview FROM table_revisions WHERE table_id = $1 ORDER BY version", [id]);
    expect(revs.map((r) => r.version)).toEqual(Array.from({ length: row!.version }, (_, i) => i + 1)); // contiguous, none skipped
    expect(revs.length).toBe(1 + acked.get(id)!.size); // every revision after the first is an acknowledged save
    for (const [v, overview] of acked.get(id)!) {
      expect(revs[v - 1]!.overview, `table ${id} v${v}`).toBe(overview);
      savesChecked++;
    }
    // The workflow history is a valid path from draft, ending where the table is. Two steps may
    // share a millisecond, so the order is the audit chain's (appends are serialised by its head
    // lock inside the step's transaction); the workflow events must be the same steps.
    const steps = await db.query<{ action: string; from_status: TableStatus; to_status: TableStatus }>(
      "SELECT action, details->>'from' AS from_status, details->>'to' AS to_status FROM audit_log WHERE target_id = $1 AND action IN ('table.submit', 'table.approve', 'table.return', 'table.publish') ORDER BY seq",
      [id],
    );
    const events = await db.query<{ action: string; from_status: string; to_status: string }>('SELECT action, from_status, to_status FROM workflow_events WHERE table_id = $1', [id]);
    const sig = (e: { action: string; from_status: string; to_status: string }) => `${e.action.replace('table.', '')}:${e.from_status}>${e.to_status}`;
    expect(events.map(sig).sort()).toEqual(steps.map(sig).sort());
    let at: TableStatus = 'draft';
    for (const e of steps) {
      const action = e.action.replace('table.', '') as WorkflowAction;
      expect(e.from_status, `${id}: ${action} from ${e.from_status} while at ${at}`).toBe(at);
      expect(TRANSITIONS[action][e.from_status]?.to, `${id}: ${action} from ${e.from_status}`).toBe(e.to_status);
      at = e.to_status;
      eventsChecked++;
    }
    expect(at).toBe(row!.status);
  }
  expect(eventsChecked).toBe(ackedTransitions);
  expect((await verifyAuditChain(db.db, '440823')).ok).toBe(true);
  return { clients: opts.clients, operations, acknowledged, conflicts, savesChecked, eventsChecked };
}

describe.each(BACKENDS)('concurrency: 50 clients on the same tables (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend, { loginLimits: { perLogin: 1000, perIp: 100_000, windowMs: 60_000 } });
  });
  afterAll(async () => s?.close());

  it('reports every conflict as 409, loses no update and never reaches an impossible state', async () => {
    const f = await runConcurrency(s, { clients: 50, rounds: 6, tables: 3 });
    expect(f.conflicts).toBeGreaterThan(0); // there really were races
    expect(f.acknowledged).toBeGreaterThan(10);
    process.stdout.write(`concurrency (${backend}): ${JSON.stringify(f)}\n`);
  }, 300_000);
});
