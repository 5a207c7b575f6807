import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';

describe.each(BACKENDS)('audit log: every action, append-only, hash-chained (%s)', (backend) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await startTestServer(backend);
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const { clean } = seedTables();
    const t = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: clean.find((x) => x.kind === 'project') });
    const doc = t.body.document;
    await filer.put(`/api/tables/${t.body.table.id}`, doc, { 'if-match': '"1"' });
    await filer.post(`/api/tables/${t.body.table.id}/submit`);
    await filer.get(`/api/tables/${t.body.table.id}/export`);
    await filer.post('/api/auth/logout');
    const c = new Client(s.url);
    await c.login(s.world.logins.filer, 'wrong password');
    admin = await loggedIn(s.url, s.world.logins.admin);
  });
  afterAll(async () => s?.close());

  it('records logins, failures, saves, steps, exports and logouts, newest first', async () => {
    const r = await admin.get('/api/audit?limit=500');
    expect(r.status).toBe(200);
    const actions = r.body.items.map((e: any) => e.action);
    for (const a of ['auth.login', 'auth.login_failed', 'auth.logout', 'table.create', 'table.save', 'table.submit', 'table.export']) {
      expect(actions).toContain(a);
    }
    const seqs = r.body.items.map((e: any) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    const save = r.body.items.find((e: any) => e.action === 'table.save');
    expect(save).toMatchObject({ actorLogin: s.world.logins.filer, targetType: 'table', details: { version: 2 } });
    expect(save.hash).toMatch(/^[0-9a-f]{64}$/);
    const filtered = await admin.get('/api/audit?action=table.submit');
    expect(filtered.body.items.every((e: any) => e.action === 'table.submit')).toBe(true);
    const paged = await admin.get(`/api/audit?before=${seqs[0]}&limit=2`);
    expect(paged.body.items.map((e: any) => e.seq)).toEqual([seqs[0] - 1, seqs[0] - 2]);
  });

  it('only administrators and finance reviewers read it', async () => {
    const filer = await loggedIn(s.url, s.world.logins.filer);
    expect((await filer.get('/api/audit')).status).toBe(403);
    const finance = await loggedIn(s.url, s.world.logins.finance);
    expect((await finance.get('/api/audit')).status).toBe(200);
  });

  it('the chain verifies; the database refuses changes; a forced change is detected', async () => {
    const ok = await admin.get('/api/audit/verify');
    expect(ok.body.ok).toBe(true);
    expect(ok.body.entries).toBeGreaterThan(8);
    await expect(s.db.database.query(`UPDATE audit_log SET action = 'x' WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await expect(s.db.database.query(`DELETE FROM audit_log WHERE seq = 3`)).rejects.toThrow(/append-only/);
    // Someone with the database owner's rights switches the trigger off and edits an entry…
    await s.db.database.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await s.db.database.query(`UPDATE audit_log SET details = '{"version": 99}'::jsonb WHERE seq = 3`);
    await s.db.database.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const bad = await admin.get('/api/audit/verify');
    expect(bad.body).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
