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

  it('once the region keeps a calendar, a year without one is closed to filing (423 year_not_open, zh/en); its old tables stay readable', async () => {
    // Filed in 2030 while the region had no calendar at all (the first test); 2027 is managed since.
    const legacy = (await filer.get('/api/tables?year=2030')).body.items[0];
    expect(legacy).toBeDefined();
    const r = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2031, document: project('未开放年度项目') });
    expect(r.status).toBe(423);
    expect(errorCode(r)).toBe('year_not_open');
    expect(r.body.error.message.zh).toContain('管理员尚未开放 2031 年度的预算日历');
    expect(r.body.error.message.en).toContain('has not opened the 2031 budget calendar');
    expect(r.body.error.details).toEqual({ year: 2031 });
    // The calendar says so before anyone clicks: each stage's filing state with the same message.
    const y = (await filer.get('/api/calendar/2031')).body;
    expect(y.managed).toBe(false);
    expect(y.filing.map((f: any) => [f.stage, f.open, f.code])).toEqual([['first', false, 'year_not_open'], ['second', false, 'year_not_open'], ['adjust', false, 'year_not_open']]);
    expect(y.filing[0].message).toEqual(r.body.error.message);
    // The old table can be read but not changed or submitted by its filer.
    const got = await filer.get(`/api/tables/${legacy.id}`);
    expect(got.status).toBe(200);
    const saved = await filer.put(`/api/tables/${legacy.id}`, got.body.document, { 'if-match': `"${got.body.table.version}"` });
    expect(errorCode(saved)).toBe('year_not_open');
    expect(errorCode(await filer.post(`/api/tables/${legacy.id}/submit`))).toBe('year_not_open');
    // Generating the owed tables of such a year: one refusal, nothing created.
    const gen = await admin.post('/api/projects/generate', { year: 2031, stage: 'first' });
    expect(gen.status).toBe(423);
    expect(errorCode(gen)).toBe('year_not_open');
    expect((await admin.get('/api/tables?year=2031')).body.items).toEqual([]);
    // Opening the year's calendar and a stage opens it to filing.
    await admin.put('/api/calendar/2031', { ruleSet: 'guangdong-2026' });
    await admin.put('/api/calendar/2031/stages/first', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + day).toISOString() });
    expect((await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2031, document: project('开放后项目') })).status).toBe(201);
    const opened = (await filer.get('/api/calendar/2031')).body;
    expect(opened.filing.map((f: any) => [f.stage, f.open, f.code])).toEqual([['first', true, null], ['second', false, 'stage_not_open'], ['adjust', false, 'stage_not_open']]);
  });

  it('generating the tables of a closed stage is one readable refusal, not a result per table', async () => {
    // 2028 一上 was closed above; both departments would owe their 部门整体 table.
    const gen = await admin.post('/api/projects/generate', { year: 2028, stage: 'first' });
    expect(gen.status).toBe(423);
    expect(errorCode(gen)).toBe('stage_closed');
    expect(gen.body.error.message.zh).toContain('2028 年一上阶段已于');
    expect(gen.body.error.message.en).toContain('closed');
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
