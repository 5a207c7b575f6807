import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '@jixiao/files';
import { gridFromRows } from '@jixiao/core';
import { BACKENDS, Client, errorCode, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';

const { clean } = seedTables();
const upload = (name: string, data: string | Uint8Array) => {
  const f = new FormData();
  f.append("file", new Blob([Buffer.from(data)]), name);
  return f;
};

describe.each(BACKENDS)('administration of organisations and people (%s)', (backend) => {
  let s: TestServer;
  let admin: Client;
  let filer: Client;
  let finance: Client;
  let deptReviewer: Client;
  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await loggedIn(s.url, s.world.logins.admin);
    filer = await loggedIn(s.url, s.world.logins.filer);
    finance = await loggedIn(s.url, s.world.logins.finance);
    deptReviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
  });
  afterAll(async () => s?.close());

  it('refuses non-administrators with 403 (zh/en) on every write', async () => {
    for (const c of [filer, finance, deptReviewer]) {
      const r = await c.request('PATCH', `/api/orgs/${s.world.orgs.unit.id}`, { name: 'x' });
      expect(r.status).toBe(403);
      expect(r.body.error.message.zh).toContain('管理员');
      expect(r.body.error.message.en).toContain('administrator');
      expect((await c.post('/api/orgs/import', upload('o.csv', '单位编码,单位名称\n300,x'))).status).toBe(403);
      expect((await c.post('/api/users/import', upload('u.csv', '登录名,姓名,单位编码,角色\nab,x,144,填报人'))).status).toBe(403);
      const users = await c.post(`/api/users/${s.world.orgs.unit.id}/reset-password`);
      expect(users.status).toBe(403);
    }
    expect((await filer.get('/api/orgs/history')).status).toBe(403);
  });

  it('imports the tree from .xlsx with a preview and a result per row', async () => {
    const grid = gridFromRows([
      ['单位编码', '单位名称', '单位类型', '上级编码'],
      ['201', '遂溪县教育局', '主管部门', ''],
      ['201001', '遂溪县第一中学', '预算单位', '201'],
      ['201002', '遂溪县第二中学', '', '201'],
      ['144', '遂溪县科技工业商务和信息化局', '主管部门', ''],
      ['145002', '遂溪县农机站', '', ''],
      ['201003', '', '预算单位', '201'],
      ['202001', '孤儿单位', '预算单位', '202'],
      ['201001', '重复行', '预算单位', '201'],
      ['203', '遂溪县卫生健康局', '机关', ''],
    ]);
    const xlsx = await writeXlsx([grid]);
    const preview = await admin.post('/api/orgs/import?dryRun=1', upload('单位名单.xlsx', xlsx));
    expect(preview.status).toBe(200);
    const by = Object.fromEntries(preview.body.results.map((r: any) => [r.row, r]));
    expect(by[2]).toMatchObject({ code: '201', action: 'create', success: true, kind: 'dept' });
    expect(by[3]).toMatchObject({ action: 'create', kind: 'unit', parentCode: '201' });
    expect(by[4]).toMatchObject({ action: 'create', kind: 'unit' });
    expect(by[5]).toMatchObject({ code: '144', action: 'rename', success: true });
    // No type and no parent: 145002 extends the department code 145.
    expect(by[6]).toMatchObject({ action: 'create', kind: 'unit', parentCode: '145' });
    expect(by[7].error.code).toBe('name_required');
    expect(by[8].error.code).toBe('bad_parent');
    expect(by[9].error.code).toBe('duplicate_code');
    expect(by[10].error.code).toBe('bad_kind');
    expect(preview.body.notInFile.map((o: any) => o.code).sort()).toEqual(['144001', '145', '145001']);
    expect((await admin.get('/api/orgs')).body.items.some((o: any) => o.code === '201')).toBe(false);

    const done = await admin.post('/api/orgs/import', upload('单位名单.xlsx', xlsx));
    expect(done.body.summary).toMatchObject({ created: 4, renamed: 1, failed: 4 });
    const orgs = Object.fromEntries((await admin.get('/api/orgs')).body.items.map((o: any) => [o.code, o]));
    expect(orgs['201001'].parentId).toBe(orgs['201'].id);
    expect(orgs['145002'].parentId).toBe(orgs['145'].id);
    expect(orgs['144'].name).toBe('遂溪县科技工业商务和信息化局');
    const hist = await finance.get(`/api/orgs/history?org=${orgs['144'].id}`);
    expect(hist.body.items[0]).toMatchObject({ action: 'rename', before: { name: '遂溪县科工贸和信息化局' }, after: { name: '遂溪县科技工业商务和信息化局' }, batchId: done.body.batchId });
    // CSV works too, and an unreadable file is a clear 4xx.
    const csv = await admin.post('/api/orgs/import?dryRun=1', upload('o.csv', '编码,名称\n204,遂溪县民政局'));
    expect(csv.body.results[0]).toMatchObject({ action: 'create', kind: 'dept' });
    const noHeader = await admin.post('/api/orgs/import', upload('o.csv', 'a,b\n1,2'));
    expect(noHeader.status).toBe(400);
    expect(errorCode(noHeader)).toBe('header_not_found');
  });

  it('renames, moves a unit with its tables, and deactivates only what is no longer in use', async () => {
    const p = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
    const t = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2026, document: p });
    expect(t.status).toBe(201);
    const moved = await admin.request('PATCH', `/api/orgs/${s.world.orgs.unit.id}`, { parentId: s.world.orgs.dept2.id, name: '遂溪县科工贸局机关' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: s.world.orgs.dept2.id, name: '遂溪县科工贸局机关', tablesMoved: 1 });
    // The new department's reviewer now sees the unit's tables; the old one no longer does.
    const dr2 = await loggedIn(s.url, s.world.logins.deptReviewer2);
    expect((await dr2.get(`/api/tables/${t.body.table.id}`)).status).toBe(200);
    expect((await deptReviewer.get(`/api/tables/${t.body.table.id}`)).status).toBe(404);
    expect(errorCode(await admin.request('PATCH', `/api/orgs/${s.world.orgs.dept.id}`, { parentId: s.world.orgs.dept2.id }))).toBe('only_units_move');

    const inUse = await admin.request('PATCH', `/api/orgs/${s.world.orgs.unit2.id}`, { active: false });
    expect(inUse.status).toBe(409);
    expect(errorCode(inUse)).toBe('org_in_use');
    expect(inUse.body.error.details.accounts).toEqual([s.world.logins.filer2]);
    const users = (await admin.get('/api/users')).body.items;
    const f2 = users.find((u: any) => u.login === s.world.logins.filer2);
    await admin.request('PATCH', `/api/users/${f2.id}`, { disabled: true });
    const off = await admin.request('PATCH', `/api/orgs/${s.world.orgs.unit2.id}`, { active: false });
    expect(off.body.active).toBe(false);
    // A deactivated unit files nothing new.
    const [u2filer] = await s.db.database.query<{ id: string }>(`SELECT id FROM users WHERE login = $1`, [s.world.logins.deptFiler2]);
    expect(u2filer).toBeTruthy();
    const df2 = await loggedIn(s.url, s.world.logins.deptFiler2);
    const refused = await df2.post('/api/tables', { orgId: s.world.orgs.unit2.id, stage: 'first', year: 2026, document: p });
    expect(errorCode(refused)).toBe('org_inactive');
    const hist = (await admin.get(`/api/orgs/history?org=${s.world.orgs.unit.id}`)).body.items.map((e: any) => e.action);
    expect(hist.sort()).toEqual(['move', 'rename']);
    await expect(s.db.database.query(`DELETE FROM org_events`)).rejects.toThrow(/append-only/);
  });

  it('assigns roles scoped to organisations, resets a password to a temporary one that must be changed', async () => {
    const users = (await admin.get('/api/users')).body.items;
    const dr = users.find((u: any) => u.login === s.world.logins.deptReviewer);
    // A 主管部门审核人 cannot sit at a unit.
    const bad = await admin.request('PATCH', `/api/users/${dr.id}`, { orgId: s.world.orgs.unit.id });
    expect(errorCode(bad)).toBe('role_org_mismatch');
    const filerUser = users.find((u: any) => u.login === s.world.logins.deptFiler);
    const re = await admin.request('PATCH', `/api/users/${filerUser.id}`, { role: 'dept_reviewer' });
    expect(re.body.role).toBe('dept_reviewer');

    const reset = await admin.post(`/api/users/${filerUser.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temp = reset.body.temporaryPassword;
    expect(temp).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(reset.body.user.mustChangePassword).toBe(true);
    // The temporary password is not stored in clear, and the list never shows it.
    expect(JSON.stringify((await admin.get('/api/users')).body)).not.toContain(temp);
    const person = new Client(s.url);
    const login = await person.login(s.world.logins.deptFiler, temp);
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const blocked = await person.get('/api/tables');
    expect(blocked.status).toBe(403);
    expect(errorCode(blocked)).toBe('password_change_required');
    expect(blocked.body.error.message.zh).toContain('修改密码');
    expect((await person.post('/api/me/password', { currentPassword: 'wrong one', newPassword: 'my own new password' })).status).toBe(400);
    expect((await person.post('/api/me/password', { currentPassword: temp, newPassword: 'my own new password' })).status).toBe(200);
    expect((await person.get('/api/tables')).status).toBe(200);
    expect((await person.get('/api/me')).body.mustChangePassword).toBeUndefined();
  });

  it('imports accounts in bulk: a temporary password per row, shown once', async () => {
    const csv = ['登录名,姓名,单位编码,角色', 'jyj_tb,教育局填报人,201,填报人', 'yz_tb,一中填报人,201001,填报人', 'bad role,x,201,填报人', 'yz_sh,一中审核人,201001,主管部门审核人', 'cz2,财政二,CZJ,财政审核人', 'jyj_tb,重复,201,填报人', 'nobody,无单位,999,填报人'].join('\n');
    const preview = await admin.post('/api/users/import?dryRun=1', upload('accounts.csv', csv));
    expect(preview.body.summary).toMatchObject({ rows: 7, created: 3, failed: 4 });
    expect(preview.body.results.some((r: any) => r.temporaryPassword)).toBe(false);
    const done = await admin.post('/api/users/import', upload('accounts.csv', csv));
    const by = Object.fromEntries(done.body.results.map((r: any) => [r.row, r]));
    expect(by[2]).toMatchObject({ key: 'jyj_tb', success: true });
    expect(by[4].error.code).toBe('bad_login');
    expect(by[5].error.code).toBe('role_org_mismatch');
    expect(by[7].error.code).toBe('duplicate_login');
    expect(by[8].error.code).toBe('unknown_org');
    const c = new Client(s.url);
    expect((await c.login('yz_tb', by[3].temporaryPassword)).body.user).toMatchObject({ mustChangePassword: true, org: { code: '201001' } });
  });
});
