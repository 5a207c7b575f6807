import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTable, emptyProjectTable, toExchangeDocument } from '@jixiao/core';
import { BACKENDS, errorCode, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const { clean } = seedTables();
const day = 24 * 3600_000;

describe.each(BACKENDS)('rule sets (%s)', (backend) => {
  let s: TestServer;
  let admin: Client;
  let filer: Client;
  let finance: Client;
  let tableId: string;
  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await loggedIn(s.url, s.world.logins.admin);
    filer = await loggedIn(s.url, s.world.logins.filer);
    finance = await loggedIn(s.url, s.world.logins.finance);
    // A clean project table of 2026 (5 indicators: it passes guangdong-2026).
    const p = structuredClone(clean.find((t) => t.kind === 'project')!) as any;
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2026, document: p });
    expect(c.body.table.errorCount).toBe(0);
    tableId = c.body.table.id;
  });
  afterAll(async () => s?.close());

  it('lists the rule sets and shows every rule with its description', async () => {
    const list = await filer.get('/api/rule-sets');
    expect(list.body.items.map((r: any) => r.name)).toEqual(['national-2021', 'guangdong-2026']);
    const gd = await filer.get('/api/rule-sets/guangdong-2026');
    expect(gd.status).toBe(200);
    expect(gd.body.chain).toEqual(['national-2021', 'guangdong-2026']);
    const total = gd.body.rules.find((r: any) => r.code === 'indicators.total-min');
    expect(total).toMatchObject({ enabled: true, severity: 'error', params: { min: 5 } });
    expect(total.description.zh.length).toBeGreaterThan(4);
    expect(gd.body.projectTables.clauses.map((c: any) => c.id)).toEqual(['infrastructure', 'it-new', 'dept-function', 'development']);
    expect((await filer.get('/api/rule-sets/nope')).status).toBe(404);
  });

  it('refuses non-administrators (403) and built-in edits (409)', async () => {
    const r = await filer.post('/api/rule-sets', { base: 'guangdong-2026', name: 'suixi-2026' });
    expect(r.status).toBe(403);
    expect(r.body.error.message.en).toContain('administrator');
    expect((await finance.post('/api/rule-sets', { base: 'guangdong-2026', name: 'suixi-2026' })).status).toBe(403);
    expect((await filer.post('/api/rule-sets/guangdong-2026/preview', { year: 2026, changes: [] })).status).toBe(403);
    const builtIn = await admin.put('/api/rule-sets/guangdong-2026', { expectedVersion: 1, changes: [{ rule: 'indicators.total-min', params: { min: 6 } }], comment: 'x' });
    expect(errorCode(builtIn)).toBe('built_in_read_only');
  });

  it('copies, previews which tables change status, saves versions with who changed what, and the year then uses it', async () => {
    const copy = await admin.post('/api/rule-sets', { base: 'guangdong-2026', name: 'suixi-2026' });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'suixi-2026', version: 1, extends: 'guangdong-2026' });
    expect((await admin.post('/api/rule-sets', { base: 'guangdong-2026', name: 'suixi-2026' })).status).toBe(409);

    const change = [{ rule: 'indicators.total-min', params: { min: 8 } }, { rule: 'value.vague', severity: 'error' }];
    const preview = await finance.post('/api/rule-sets/suixi-2026/preview', { year: 2026, changes: change });
    expect(preview.status).toBe(200);
    expect(preview.body.tables).toBe(1);
    expect(preview.body.statusChanges).toBe(1);
    expect(preview.body.items[0]).toMatchObject({ tableId, before: { passes: true }, after: { passes: false }, changesStatus: true });
    expect(preview.body.changes).toContainEqual({ rule: 'indicators.total-min', field: 'params.min', from: 5, to: 8 });
    // Nothing stored by a preview.
    expect((await admin.get('/api/rule-sets/suixi-2026')).body.version).toBe(1);

    const bad = await admin.put('/api/rule-sets/suixi-2026', { expectedVersion: 1, changes: [{ rule: 'indicators.total-min', params: { minimum: 8 } }], comment: 'x' });
    expect(errorCode(bad)).toBe('unknown_param');
    const badType = await admin.put('/api/rule-sets/suixi-2026', { expectedVersion: 1, changes: [{ rule: 'indicators.total-min', params: { min: 'eight' } }], comment: 'x' });
    expect(errorCode(badType)).toBe('bad_param');

    const saved = await admin.put('/api/rule-sets/suixi-2026', { expectedVersion: 1, changes: change, comment: '县里要求至少 8 个指标' });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const stale = await admin.put('/api/rule-sets/suixi-2026', { expectedVersion: 1, changes: [{ rule: 'value.vague', severity: 'warning' }], comment: 'x' });
    expect(stale.status).toBe(409);
    expect(errorCode(stale)).toBe('version_conflict');
    const view = await admin.get('/api/rule-sets/suixi-2026');
    const total = view.body.rules.find((r: any) => r.code === 'indicators.total-min');
    expect(total.params.min).toBe(8);
    // What people read follows the set's threshold, with the names from core's rule definitions.
    expect(total.description.zh).toBe('绩效指标（三级指标）的填报数量不少于 8 个。');
    expect(total.description.zh).not.toContain('默认');
    expect(total.title).toEqual({ zh: '绩效指标总数', en: 'Number of indicators' });
    expect(total.paramNames.min.zh).toBe('最少指标数');
    expect(view.body.rules.find((r: any) => r.code === 'period.invalid').paramNames.maxYears.zh).toBe('最长实施年限（年）');
    expect(view.body.versions.map((v: any) => [v.version, v.by])).toEqual([
      [1, s.world.logins.admin],
      [2, s.world.logins.admin],
    ]);
    expect(view.body.versions[1].comment).toBe('县里要求至少 8 个指标');
    // Versions are immutable in the database too.
    await expect(s.db.database.query(`UPDATE rule_set_versions SET comment = 'x'`)).rejects.toThrow(/append-only/);

    // The year uses the copy: the checker on the server now judges the table by it.
    await admin.put('/api/calendar/2026', { ruleSet: 'suixi-2026' });
    await admin.put('/api/calendar/2026/stages/first', { opensAt: new Date(Date.now() - day).toISOString(), deadline: new Date(Date.now() + day).toISOString() });
    const t = await filer.get(`/api/tables/${tableId}`);
    const saveAgain = await filer.put(`/api/tables/${tableId}`, t.body.document, { 'if-match': `"${t.body.table.version}"` });
    expect(saveAgain.status).toBe(200);
    expect(saveAgain.body.findings.some((f: any) => f.code === 'indicators.total-min' && f.severity === 'error')).toBe(true);
    // The form checks in the browser with the rule set GET hands it, and finds what the server found.
    const reread = await filer.get(`/api/tables/${tableId}`);
    expect(reread.body.ruleSet).toMatchObject({ name: 'suixi-2026', extends: 'guangdong-2026' });
    const inBrowser = checkTable(reread.body.document, { ruleSet: reread.body.ruleSet });
    const key = (f: any) => `${f.code}/${f.severity}/${f.location?.indicatorId ?? ''}/${f.location?.field ?? ''}`;
    expect(inBrowser.map(key).sort()).toEqual(reread.body.findings.map(key).sort());
    expect(inBrowser.map(key)).not.toEqual(checkTable(reread.body.document).map(key));
    // The import preview judges a file's tables by the year's rule set too, as the import will.
    const form = new FormData();
    form.append('stage', 'first');
    form.append('file', new Blob([JSON.stringify(toExchangeDocument([{ table: reread.body.document }]))]), 't.json');
    const dry = await filer.post('/api/import?dryRun=1', form);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.tables[0].findings.map(key).sort()).toEqual(reread.body.findings.map(key).sort());
    // A table made in the app that year words its 备注 by the year's rule set, so the print view and
    // every export say what the checker asks (不少于8个), not the form's default 5.
    const blank = emptyProjectTable(2026, { department: '144-遂溪县科工贸和信息化局', unit: '144001-遂溪县科技服务中心' }, { rows: false });
    blank.projectName = { raw: '新建项目' };
    expect(blank.notes.join()).toContain('不少于5个');
    const made = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', year: 2026, document: blank });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const madeDoc = (await filer.get(`/api/tables/${made.body.table.id}`)).body.document;
    expect(madeDoc.notes.join()).toContain('绩效指标的填报数量不少于8个');
    expect(madeDoc.notes.join()).not.toContain('不少于5个');
    const submit = await filer.post(`/api/tables/${tableId}/submit`);
    expect(submit.status).toBe(422);
    expect((await filer.get('/api/rule-sets')).body.items.find((r: any) => r.name === 'suixi-2026').years).toEqual([2026]);
  });
});
