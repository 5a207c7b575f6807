import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, errorCode, loggedIn, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const day = 24 * 3600_000;
const upload = (name: string, text: string, fields: Record<string, string> = {}) => {
  const f = new FormData();
  f.append('file', new Blob([text], { type: 'text/csv' }), name);
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

// The budget system's export, as a finance officer would save it from Excel (万元).
const EXPORT = [
  '项目编码,项目名称,用款单位,项目类型,项目等级,实施期限,总金额(万元),当年度金额(万元)',
  '440823-144-0001,遂溪县数字赋能实体经济发展规划编制费用,144001-遂溪县科工贸和信息化局,331-部门预算部门职能类,二级项目,2023-2026,260,31.2',
  '440823-144-0002,科技企业孵化扶持资金,144001,332-事业发展性支出,一级,2026,50,50',
  '440823-144-0003,办公设备日常运维,144001,221-其他运转类,二级,2026,8,8',
  '440823-145-0001,农技推广站基建工程,145001,311-基建类,,2025-2027,900,300',
  '440823-145-0002,高标准农田建设,145001,311-基建类,二级,2026,1200,1200',
  ',缺编码项目,145001,311-基建类,二级,2026,1,1',
  '440823-999-0001,单位不存在,999001,331-部门预算部门职能类,二级,2026,1,1',
  '440823-144-0004,金额错,144001,331-部门预算部门职能类,二级,2026,十万,1',
  '440823-144-0005,当年大于总额,144001,331-部门预算部门职能类,二级,2026,1,2',
].join('\n');

describe.each(BACKENDS)('project library (%s)', (backend) => {
  let s: TestServer;
  let admin: Client;
  let filer: Client;
  let filer2: Client;
  let deptReviewer: Client;
  let finance: Client;
  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await loggedIn(s.url, s.world.logins.admin);
    filer = await loggedIn(s.url, s.world.logins.filer);
    filer2 = await loggedIn(s.url, s.world.logins.filer2);
    deptReviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
    finance = await loggedIn(s.url, s.world.logins.finance);
  });
  afterAll(async () => s?.close());

  it('refuses non-administrators with 403 (zh/en)', async () => {
    for (const c of [filer, deptReviewer, finance]) {
      const r = await c.post('/api/projects/import?year=2026', upload('p.csv', EXPORT));
      expect(r.status).toBe(403);
      expect(r.body.error.message.zh).toContain('管理员');
      expect((await c.post('/api/projects?year=2026', { orgId: s.world.orgs.unit.id, code: 'X', name: 'x', typeCode: '331', level: 2 })).status).toBe(403);
      expect((await c.put('/api/project-types/331', { name: 'x' })).status).toBe(403);
      expect((await c.post('/api/projects/generate', { year: 2026, stage: 'second' })).status).toBe(403);
    }
  });

  it('previews an export with a result per row, then imports it', async () => {
    const preview = await admin.post('/api/projects/import?year=2026&dryRun=1', upload('export.csv', EXPORT));
    expect(preview.status).toBe(200);
    expect(preview.body.dryRun).toBe(true);
    const byRow = Object.fromEntries(preview.body.results.map((r: any) => [r.row, r]));
    expect(byRow[2]).toMatchObject({ key: '440823-144-0001', success: true, action: 'create', needsTable: true });
    expect(byRow[3]).toMatchObject({ success: true, needsTable: true }); // 事业发展性支出 一级
    expect(byRow[4]).toMatchObject({ success: true, needsTable: false }); // 其他运转类
    expect(byRow[5]).toMatchObject({ success: true, needsTable: null }); // 基建类, level missing
    expect(byRow[7].error.code).toBe('code_required');
    expect(byRow[8].error.code).toBe('unknown_org');
    expect(byRow[8].error.message.zh).toContain('第 8 行');
    expect(byRow[9].error.code).toBe('bad_total');
    expect(byRow[10].error.code).toBe('current_exceeds_total');
    expect(preview.body.summary).toMatchObject({ rows: 9, created: 5, failed: 4 });
    expect((await admin.get('/api/projects?year=2026')).body.items).toEqual([]);

    const done = await admin.post('/api/projects/import?year=2026', upload('export.csv', EXPORT));
    expect(done.body.summary).toMatchObject({ created: 5, failed: 4, needTables: 3 });
    const list = (await admin.get('/api/projects?year=2026')).body.items;
    const p1 = list.find((p: any) => p.code === '440823-144-0001');
    expect(p1).toMatchObject({ typeCode: '331', typeName: '部门预算部门职能类', level: 2, startYear: 2023, endYear: 2026, totalAmountFen: 260_000_000, currentAmountFen: 31_200_000, needsTable: true, source: 'import' });
    expect(p1.raw['当年度金额'] ?? p1.raw.current).toBe('31.2');
    const types = (await admin.get('/api/project-types')).body.items.map((t: any) => t.code);
    expect(types).toEqual(['221', '311', '331', '332']);
    // Importing again updates by code rather than duplicating.
    const again = await admin.post('/api/projects/import?year=2026', upload('export.csv', EXPORT.replace('260,31.2', '260,30')));
    expect(again.body.summary).toMatchObject({ created: 0, updated: 5 });
    expect((await admin.get('/api/projects?year=2026')).body.items.find((p: any) => p.code === '440823-144-0001').currentAmountFen).toBe(30_000_000);
  });

  it('each person sees the projects of their scope only', async () => {
    expect((await filer.get('/api/projects?year=2026')).body.items.map((p: any) => p.code)).toEqual(['440823-144-0001', '440823-144-0002', '440823-144-0003']);
    expect((await filer2.get('/api/projects?year=2026')).body.items.map((p: any) => p.code)).toEqual(['440823-145-0001', '440823-145-0002']);
    expect((await finance.get('/api/projects?year=2026')).body.items.length).toBe(5);
  });

  it('a project typed in by hand; bad input gets 400/409', async () => {
    const r = await admin.post('/api/projects?year=2026', { orgId: s.world.orgs.unit.id, code: '440823-144-0009', name: '信息化平台新建', typeCode: '312', typeName: '信息化新建类', level: 2, totalAmountFen: 100_000_000, currentAmountFen: 50_000_000 });
    expect(r.status).toBe(201);
    expect((await admin.post('/api/projects?year=2026', { orgId: s.world.orgs.unit.id, code: '440823-144-0009', name: 'dup', typeCode: '312', level: 2 })).status).toBe(409);
    const unknownType = await admin.post('/api/projects?year=2026', { orgId: s.world.orgs.unit.id, code: 'N1', name: 'x', typeCode: '999', level: 2 });
    expect(errorCode(unknownType)).toBe('unknown_type');
    const finOwner = await admin.post('/api/projects?year=2026', { orgId: s.world.orgs.finance.id, code: 'N2', name: 'x', typeCode: '331', level: 2 });
    expect(errorCode(finOwner)).toBe('bad_owner');
    const removed = await admin.request('PATCH', `/api/projects/${r.body.id}`, { removed: true });
    expect(removed.body.removed).toBe(true);
    expect((await admin.get('/api/projects?year=2026')).body.items.some((p: any) => p.id === r.body.id)).toBe(false);
  });

  it('lists what each unit owes, creates the missing tables pre-filled, and the filer sees exactly theirs', async () => {
    // Generation needs an open stage of a managed year.
    await admin.put('/api/calendar/2026', { ruleSet: 'guangdong-2026' });
    const closed = await admin.post('/api/projects/generate', { year: 2026, stage: 'second' });
    // One readable refusal for the step (not "0 created" and the same error once per table).
    expect(closed.status).toBe(423);
    expect(closed.body.error.code).toBe('stage_not_open');
    expect(closed.body.error.message.zh).toBe('财政局尚未开放2026 年二上阶段，现在不能填报或审核');
    await admin.put('/api/calendar/2026/stages/second', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + 14 * day).toISOString() });

    const owedBefore = await admin.get('/api/calendar/2026/stages/second/owed');
    const projectsOwed = owedBefore.body.items.filter((i: any) => i.kind === 'project');
    expect(projectsOwed.map((i: any) => [i.project.code, i.needed, i.table])).toEqual([
      ['440823-144-0001', true, null],
      ['440823-144-0002', true, null],
      ['440823-145-0001', null, null],
      ['440823-145-0002', true, null],
    ]);
    expect(owedBefore.body.items.filter((i: any) => i.kind === 'dept-overall').map((i: any) => i.org.code)).toEqual(['144', '145']);

    const gen = await admin.post('/api/projects/generate', { year: 2026, stage: 'second' });
    // Three projects and the two departments' 部门整体 tables.
    expect(gen.body).toMatchObject({ created: 5, failed: 0 });
    expect(gen.body.results.filter((r: any) => r.key === '144' || r.key === '145').map((r: any) => r.action)).toEqual(['create', 'create']);
    const owedAfter = await admin.get('/api/calendar/2026/stages/second/owed');
    expect(owedAfter.body.items.filter((i: any) => i.kind === 'dept-overall').every((i: any) => i.table !== null)).toBe(true);
    expect(Array.isArray(gen.body.deptsWithoutFiler)).toBe(true);
    const again = await admin.post('/api/projects/generate', { year: 2026, stage: 'second' });
    expect(again.body.created).toBe(0);

    // The filer of 144001 owes exactly its two projects, both now drafts it may open and fill in.
    const mine = await filer.get('/api/calendar/2026/stages/second/owed');
    expect(mine.body.items.map((i: any) => [i.kind, i.project?.code ?? i.org.code, i.table?.status])).toEqual([
      ['project', '440823-144-0001', 'draft'],
      ['project', '440823-144-0002', 'draft'],
    ]);
    const t = await filer.get(`/api/tables/${mine.body.items[0].table.id}`);
    expect(t.status).toBe(200);
    expect(t.body.document).toMatchObject({
      projectName: { raw: '遂溪县数字赋能实体经济发展规划编制费用' },
      projectCode: { raw: '440823-144-0001' },
      projectType: { raw: '331-部门预算部门职能类', code: '331' },
      projectLevel: { raw: '二级项目' },
      unit: { raw: '144001-遂溪县科工贸和信息化局' },
      currentAmount: { raw: '30', fen: 30_000_000 },
    });
    const rev = await filer.get(`/api/tables/${mine.body.items[0].table.id}/revisions`);
    expect(rev.body.items[0].reason).toBe('library');
    // Another department's filer does not see 144's projects or tables.
    const other = await filer2.get('/api/calendar/2026/stages/second/owed');
    expect(other.body.items.every((i: any) => i.dept.code === '145')).toBe(true);
    expect((await filer2.get(`/api/tables/${mine.body.items[0].table.id}`)).status).toBe(404);
    // The admin does not read drafts, only their status in the owed list.
    expect((await admin.get(`/api/tables/${mine.body.items[0].table.id}`)).status).toBe(404);
  });
});
