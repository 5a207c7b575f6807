import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, errorCode, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const { clean } = seedTables();
// The seed's clean project under another name (its own period stays valid: the row's year is given apart).
const project = (name: string, _year = 2027) => {
  const d = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
  d.projectName = { raw: name };
  return d;
};
const day = 24 * 3600_000;

describe.each(BACKENDS)('budget calendar (%s)', (backend) => {
  let s: TestServer;
  let admin: Client;
  let filer: Client;
  let deptReviewer: Client;
  let finance: Client;
  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await loggedIn(s.url, s.world.logins.admin);
    filer = await loggedIn(s.url, s.world.logins.filer);
    deptReviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
    finance = await loggedIn(s.url, s.world.logins.finance);
  });
  afterAll(async () => s?.close());

  it('a year without a calendar is unmanaged: filing works as before', async () => {
    const y = await filer.get('/api/calendar/2030');
    expect(y.body).toMatchObject({ year: 2030, managed: false, stages: [] });
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2030, document: project('未管理年度项目') });
    expect(c.status).toBe(201);
  });

  it('refuses non-administrators with 403 and a zh/en message', async () => {
    for (const c of [filer, deptReviewer, finance]) {
      const r = await c.put('/api/calendar/2027', { ruleSet: 'guangdong-2026' });
      expect(r.status).toBe(403);
      expect(errorCode(r)).toBe('forbidden');
      expect(r.body.error.message.zh).toContain('管理员');
      expect(r.body.error.message.en).toContain('administrator');
      expect((await c.put('/api/calendar/2027/stages/second', { opensAt: new Date().toISOString(), deadline: new Date(Date.now() + day).toISOString() })).status).toBe(403);
      expect((await c.post('/api/calendar/2027/stages/second/close')).status).toBe(403);
    }
  });

  it('in a managed year filing needs an open stage; closing freezes the stage', async () => {
    const y = await admin.put('/api/calendar/2027', { ruleSet: 'guangdong-2026' });
    expect(y.status).toBe(200);
    expect(y.body).toMatchObject({ year: 2027, ruleSet: 'guangdong-2026', managed: true });
    expect((await admin.put('/api/calendar/2027', { ruleSet: 'no-such-set' })).status).toBe(404);

    // Not opened yet: 423 stage_not_open.
    const early = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'second', year: 2027, document: project('日历项目') });
    expect(early.status).toBe(423);
    expect(errorCode(early)).toBe('stage_not_open');
    expect(early.body.error.message.zh).toContain('尚未开放');

    // Scheduled in the future: still refused, and the message says when.
    const future = await admin.put('/api/calendar/2027/stages/second', { opensAt: new Date(Date.now() + 2 * day).toISOString(), deadline: new Date(Date.now() + 9 * day).toISOString() });
    expect(future.body.state).toBe('scheduled');
    const notYet = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'second', year: 2027, document: project('日历项目') });
    expect(errorCode(notYet)).toBe('stage_not_open');
    expect(notYet.body.error.message.en).toContain('opens on');
    expect((await admin.put('/api/calendar/2027/stages/second', { opensAt: new Date().toISOString(), deadline: new Date(Date.now() - day).toISOString() })).status).toBe(400);

    const open = await admin.put('/api/calendar/2027/stages/second', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + 7 * day).toISOString() });
    expect(open.body.state).toBe('open');
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'second', year: 2027, document: project('日历项目') });
    expect(c.status).toBe(201);
    const id = c.body.table.id;
    const saved = await filer.put(`/api/tables/${id}`, c.body.document, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect((await filer.post(`/api/tables/${id}/submit`)).status).toBe(200);

    const closed = await admin.post('/api/calendar/2027/stages/second/close');
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    const approve = await deptReviewer.post(`/api/tables/${id}/approve`);
    expect(approve.status).toBe(423);
    expect(errorCode(approve)).toBe('stage_closed');
    expect(approve.body.error.message.zh).toContain('已冻结');
    expect(approve.body.error.message.en).toContain('frozen');
    const another = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'second', year: 2027, document: project('关闭后新增') });
    expect(errorCode(another)).toBe('stage_closed');
    // Reading is never gated.
    expect((await filer.get(`/api/tables/${id}`)).body.table.status).toBe('submitted');
    // Nothing was written by the refused steps.
    const ev = await s.db.database.query(`SELECT action FROM workflow_events WHERE table_id = $1`, [id]);
    expect(ev.map((e: any) => e.action)).toEqual(['submit']);

    // Reopening lets review continue.
    const re = await admin.put('/api/calendar/2027/stages/second', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + 7 * day).toISOString(), reopen: true });
    expect(re.body.state).toBe('open');
    expect((await deptReviewer.post(`/api/tables/${id}/approve`)).status).toBe(200);
    const audit = await s.db.database.query(`SELECT action FROM audit_log WHERE action LIKE 'calendar.%' ORDER BY seq`);
    expect(audit.map((a: any) => a.action)).toEqual(['calendar.year', 'calendar.stage', 'calendar.stage', 'calendar.close', 'calendar.stage']);
  });

  it('a saved draft of a closed stage is refused with 423 and keeps its version', async () => {
    await admin.put('/api/calendar/2028', { ruleSet: 'guangdong-2026' });
    await admin.put('/api/calendar/2028/stages/first', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + day).toISOString() });
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2028, document: project('冻结草稿') });
    expect(c.status).toBe(201);
    await admin.post('/api/calendar/2028/stages/first/close');
    const r = await filer.put(`/api/tables/${c.body.table.id}`, c.body.document, { 'if-match': '"1"' });
    expect(r.status).toBe(423);
    expect(errorCode(r)).toBe('stage_closed');
    expect((await filer.get(`/api/tables/${c.body.table.id}`)).body.table.version).toBe(1);
    const cal = await filer.get('/api/calendar');
    expect(cal.body.items.map((y: any) => y.year)).toEqual([2027, 2028]);
    expect(cal.body.items[1].stages[0]).toMatchObject({ stage: 'first', state: 'closed' });
  });

  it('lists overdue tables per department after the deadline', async () => {
    await admin.put('/api/calendar/2029', { ruleSet: 'guangdong-2026' });
    await admin.put('/api/calendar/2029/stages/first', { opensAt: new Date(Date.now() - 10 * day).toISOString(), deadline: new Date(Date.now() + day).toISOString() });
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2029, document: project('逾期项目') });
    expect(c.status).toBe(201);
    // Before the deadline nothing is overdue.
    expect((await admin.get('/api/calendar/2029/stages/first/overdue')).body.departments).toEqual([]);
    await admin.put('/api/calendar/2029/stages/first', { opensAt: new Date(Date.now() - 10 * day).toISOString(), deadline: new Date(Date.now() - day).toISOString() });
    const o = await admin.get('/api/calendar/2029/stages/first/overdue');
    expect(o.status).toBe(200);
    // Both departments owe their 部门整体 table; no project library yet, so no project is owed.
    expect(o.body.departments.map((d: any) => [d.dept.code, d.missing, d.drafts])).toEqual([
      ['144', 1, 0],
      ['145', 1, 0],
    ]);
    // A department sees only its own.
    const mine = await deptReviewer.get('/api/calendar/2029/stages/first/overdue');
    expect(mine.body.departments.map((d: any) => d.dept.code)).toEqual(['144']);
  });
});
