import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, errorCode, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const { clean, raw } = seedTables();
const cleanProject = () => structuredClone(clean.find((t) => t.kind === 'project')!) as any;

describe.each(BACKENDS)('workflow: submit, approve, return, publish (%s)', (backend) => {
  let s: TestServer;
  let filer: Client;
  let deptReviewer: Client;
  let finance: Client;
  let otherDeptReviewer: Client;
  let admin: Client;
  beforeAll(async () => {
    s = await startTestServer(backend);
    filer = await loggedIn(s.url, s.world.logins.filer);
    deptReviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
    finance = await loggedIn(s.url, s.world.logins.finance);
    otherDeptReviewer = await loggedIn(s.url, s.world.logins.deptReviewer2);
    admin = await loggedIn(s.url, s.world.logins.admin);
  });
  afterAll(async () => s?.close());

  const status = async (id: string) => (await filer.get(`/api/tables/${id}`)).body.table?.status;

  it('refuses submission while errors remain, returning the findings', async () => {
    const rawProject = raw.find((t) => t.kind === 'project')!;
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: rawProject });
    expect(c.status).toBe(201);
    expect(c.body.table.errorCount).toBeGreaterThan(0);
    const r = await filer.post(`/api/tables/${c.body.table.id}/submit`);
    expect(r.status).toBe(422);
    expect(errorCode(r)).toBe('submission_refused');
    expect(r.body.error.details.findings.length).toBe(c.body.table.errorCount);
    expect(r.body.error.details.findings.every((f: any) => f.severity === 'error')).toBe(true);
    expect(await status(c.body.table.id)).toBe('draft');
    const audit = await s.db.database.query(`SELECT 1 FROM audit_log WHERE action = 'table.submit_refused' AND target_id = $1`, [c.body.table.id]);
    expect(audit.length).toBe(1);
  });

  it('goes draft → submitted → dept_approved → finance_approved → published, each step by its role', async () => {
    const doc = cleanProject();
    doc.projectName = { raw: '流程测试项目' };
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    const id = c.body.table.id;

    // Reviewers may not act on a draft; a draft is not theirs to approve.
    expect((await deptReviewer.post(`/api/tables/${id}/approve`)).status).toBe(409);

    const sub = await filer.post(`/api/tables/${id}/submit`, { version: 1 });
    expect(sub.status).toBe(200);
    expect(sub.body.table.status).toBe('submitted');
    expect(sub.body.event).toMatchObject({ action: 'submit', fromStatus: 'draft', toStatus: 'submitted', version: 1, actor: { login: s.world.logins.filer } });

    // Submitted tables are frozen.
    const edit = await filer.put(`/api/tables/${id}`, doc, { 'if-match': '"1"' });
    expect(edit.status).toBe(409);
    expect(errorCode(edit)).toBe('not_editable');

    expect((await filer.post(`/api/tables/${id}/approve`)).status).toBe(403);
    expect((await finance.post(`/api/tables/${id}/approve`)).status).toBe(403);
    expect((await admin.post(`/api/tables/${id}/approve`)).status).toBe(403);
    expect((await otherDeptReviewer.post(`/api/tables/${id}/approve`)).status).toBe(404);
    expect((await finance.post(`/api/tables/${id}/publish`)).status).toBe(409);

    const a1 = await deptReviewer.post(`/api/tables/${id}/approve`, { comment: '同意' });
    expect(a1.status).toBe(200);
    expect(a1.body.table.status).toBe('dept_approved');
    expect((await deptReviewer.post(`/api/tables/${id}/approve`)).status).toBe(403);

    const a2 = await finance.post(`/api/tables/${id}/approve`);
    expect(a2.body.table.status).toBe('finance_approved');

    expect((await deptReviewer.post(`/api/tables/${id}/publish`)).status).toBe(403);
    const p = await finance.post(`/api/tables/${id}/publish`);
    expect(p.status).toBe(200);
    expect(p.body.table.status).toBe('published');
    expect((await finance.post(`/api/tables/${id}/return`, { comment: '太晚了' })).status).toBe(409);

    const ev = await filer.get(`/api/tables/${id}/events`);
    expect(ev.body.items.map((e: any) => `${e.action}:${e.toStatus}`)).toEqual([
      'submit:submitted',
      'approve:dept_approved',
      'approve:finance_approved',
      'publish:published',
    ]);
    const audit = await s.db.database.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['table.create', 'table.submit', 'table.approve', 'table.approve', 'table.publish']);
  });

  it('returns with comments on fields at each review step, and the filer corrects and resubmits', async () => {
    const doc = cleanProject();
    doc.projectName = { raw: '退回测试项目' };
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    const id = c.body.table.id;
    const ind = doc.indicators[0].id;
    await filer.post(`/api/tables/${id}/submit`);

    // A return needs a reason.
    const bare = await deptReviewer.post(`/api/tables/${id}/return`, {});
    expect(bare.status).toBe(400);
    expect(errorCode(bare)).toBe('comment_required');

    // 1. The department returns a submitted table.
    const r1 = await deptReviewer.post(`/api/tables/${id}/return`, {
      comment: '请修改指标值',
      fieldComments: [{ field: 'value', indicatorId: ind, comment: '支出率应不低于 98%' }, { field: 'annualGoal', comment: '目标过于笼统' }],
    });
    expect(r1.status).toBe(200);
    expect(r1.body.table.status).toBe('draft');
    expect(r1.body.event.fieldComments).toEqual([
      { field: 'value', indicatorId: ind, comment: '支出率应不低于 98%' },
      { field: 'annualGoal', comment: '目标过于笼统' },
    ]);
    // The filer sees the comments and corrects.
    const ev = await filer.get(`/api/tables/${id}/events`);
    expect(ev.body.items.at(-1)).toMatchObject({ action: 'return', fromStatus: 'submitted', toStatus: 'draft', comment: '请修改指标值' });
    doc.indicators[0].value = { raw: '≥98%' };
    expect((await filer.put(`/api/tables/${id}`, doc, { 'if-match': '"1"' })).status).toBe(200);
    expect((await filer.post(`/api/tables/${id}/submit`)).status).toBe(200);
    expect((await deptReviewer.post(`/api/tables/${id}/approve`)).status).toBe(200);

    // 2. The finance bureau returns a department-approved table.
    const r2 = await finance.post(`/api/tables/${id}/return`, { fieldComments: [{ field: 'currentAmount', comment: '金额与预算不符' }] });
    expect(r2.status).toBe(200);
    expect(r2.body.event).toMatchObject({ fromStatus: 'dept_approved', toStatus: 'draft' });
    expect((await filer.post(`/api/tables/${id}/submit`)).status).toBe(200);
    expect((await deptReviewer.post(`/api/tables/${id}/approve`)).status).toBe(200);
    expect((await finance.post(`/api/tables/${id}/approve`)).status).toBe(200);

    // 3. …and a finance-approved one, before publication.
    const r3 = await finance.post(`/api/tables/${id}/return`, { comment: '公开前复核：请补充说明' });
    expect(r3.body.event).toMatchObject({ fromStatus: 'finance_approved', toStatus: 'draft' });
    expect(await status(id)).toBe('draft');
    const all = await filer.get(`/api/tables/${id}/events`);
    expect(all.body.items.filter((e: any) => e.action === 'return').length).toBe(3);
    // Review history cannot be rewritten, even directly in the database.
    await expect(s.db.database.query(`UPDATE workflow_events SET comment = '' WHERE table_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(s.db.database.query(`DELETE FROM workflow_events WHERE table_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('a step on a version other than the one seen is refused', async () => {
    const doc = cleanProject();
    doc.projectName = { raw: '版本测试项目' };
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    const r = await filer.post(`/api/tables/${c.body.table.id}/submit`, { version: 7 });
    expect(r.status).toBe(409);
    expect(r.body.error.details.currentVersion).toBe(1);
  });
});
