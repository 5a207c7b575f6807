import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTable, importText, officialLayout, toExchangeDocument } from '@jixiao/core';
import { writeXlsx } from '@jixiao/files';
import { SEED_FILE } from '../../demo/demo.ts';
import { BACKENDS, errorCode, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';

const seed = readFileSync(SEED_FILE);
const CORPUS_105 = new URL('../../../../../fixtures/corpus/105_hubei_wuhan-qingshanqu-jiaoyuju_2020_project.txt', import.meta.url);
const CORPUS_126 = new URL('../../../../../fixtures/corpus/126_neimenggu_wuhai-gongxiaoshe_2021_project.txt', import.meta.url);
const SELF_EVAL_SAMPLE = new URL('../../../../../fixtures/samples/002_qingshen_fagaiju_gongzi_2023_selfeval.txt', import.meta.url);
const form = (bytes: Uint8Array | string, name: string, fields: Record<string, string> = {}) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([bytes]), name);
  return f;
};

describe.each(BACKENDS)('POST /api/import (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => s?.close());

  it('imports the seed file: three drafts owned by the organisations the tables name', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    const r = await c.post('/api/import', form(seed, 'suixi-2026.txt', { stage: 'first' }));
    expect(r.status).toBe(201);
    expect(r.body.created.length).toBe(3);
    expect(JSON.stringify(r.body.skipped)).toBe('[]');
    const kinds = r.body.created.map((t: any) => `${t.kind}:${t.orgId === s.world.orgs.dept.id ? '144' : t.orgId === s.world.orgs.unit.id ? '144001' : '?'}`);
    expect(kinds.sort()).toEqual(['dept-overall:144', 'project:144001', 'project:144001']);
    expect(r.body.created.every((t: any) => t.status === 'draft' && t.year === 2026 && t.version === 1)).toBe(true);
    // As filed, the seed tables have errors: they are stored, and submission will say why.
    expect(r.body.created.some((t: any) => t.errorCount > 0)).toBe(true);
    const revs = await c.get(`/api/tables/${r.body.created[0].id}/revisions`);
    expect(revs.body.items[0].reason).toBe('import');
    // The same file again: each table already exists, and says so.
    const again = await c.post('/api/import', form(seed, 'suixi-2026.txt'));
    expect(again.status).toBe(201);
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped.length).toBe(3);
    const audit = await s.db.database.query<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'import'`);
    expect(audit.length).toBe(2);
  });

  it('a dry run recognises and checks without storing anything', async () => {
    const c = await loggedIn(s.url, s.world.logins.filer);
    const before = (await c.get('/api/tables')).body.total;
    const r = await c.post('/api/import?dryRun=1', form(seed, 'suixi-2026.txt'));
    expect(r.status).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.tables.map((t: any) => t.document.kind)).toEqual(['dept-overall', 'project', 'project']);
    expect(r.body.tables.every((t: any) => Array.isArray(t.findings))).toBe(true);
    expect((await c.get('/api/tables')).body.total).toBe(before);
  });

  it('a dry run judges each table by the region\'s rule set for its year, else by its own form\'s, and names it', async () => {
    const c = await loggedIn(s.url, s.world.logins.filer);
    const seedDry = await c.post('/api/import?dryRun=1', form(seed, 'suixi-2026.txt'));
    // The test world manages no calendar year, so the seed (广东 2026) is judged by its own form's set.
    expect((await c.get('/api/calendar/2026')).body.managed).toBe(false);
    expect(seedDry.body.tables.map((t: any) => t.ruleSet)).toEqual(['guangdong-2026', 'guangdong-2026', 'guangdong-2026']);
    // A 2020 Hubei project table (corpus 105): the demo region has no 2020 rule set, so the table is
    // judged as the national 2021 baseline, not by Guangdong 2026's minimum counts.
    const hubei = readFileSync(CORPUS_105);
    const dry = await c.post('/api/import?dryRun=1', form(hubei, '105.txt'));
    expect(dry.status).toBe(200);
    expect(dry.body.tables.map((t: any) => t.ruleSet)).toEqual(['national-2021']);
    const [table] = importText(hubei.toString('utf8')).tables;
    const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();
    expect(codes(dry.body.tables[0].findings)).toEqual(codes(checkTable(table!, { ruleSet: 'national-2021' })));
  });

  it('a stored table keeps its import provenance: each text as it stood in the file and the recognised form', async () => {
    // Corpus 126: a 2021 Inner Mongolia table published as text whose cells the importer had to cut apart.
    const c = await loggedIn(s.url, s.world.logins.filer);
    const r = await c.post('/api/import', form(readFileSync(CORPUS_126), '126.txt', { stage: 'first', orgId: s.world.orgs.unit.id }));
    expect(r.status).toBe(201);
    expect(JSON.stringify(r.body.skipped)).toBe('[]');
    expect(r.body.created).toHaveLength(1);
    const doc = (await c.get(`/api/tables/${r.body.created[0].id}`)).body.document;
    const originals = JSON.stringify(doc).match(/"original":"[^"]*"/g) ?? [];
    expect(originals.length).toBeGreaterThan(3);
    expect(doc.form.columns.length).toBeGreaterThan(0);
  });

  it('a filer of another department gets its tables skipped, not created', async () => {
    const c = await loggedIn(s.url, s.world.logins.filer2);
    const r = await c.post('/api/import', form(seed, 'suixi-2026.txt', { stage: 'second' }));
    expect(r.status).toBe(201);
    expect(r.body.created).toEqual([]);
    expect(r.body.skipped.length).toBe(3);
  });

  it('imports an .xlsx workbook (official layout, written by packages/files)', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    const project = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    project.projectName = { raw: '表格导入项目' };
    const bytes = await writeXlsx([officialLayout(project).grid]);
    const r = await c.post('/api/import', form(bytes, '项目表.xlsx', { stage: 'second' }));
    expect(r.status).toBe(201);
    expect(r.body.created.map((t: any) => [t.kind, t.name, t.stage])).toEqual([['project', '表格导入项目', 'second']]);
    const got = await c.get(`/api/tables/${r.body.created[0].id}`);
    expect(got.body.document.currentAmount.fen).toBe(project.currentAmount.fen);
    expect(got.body.document.indicators.length).toBe(project.indicators.length);
  });

  it('an exchange file with a self-evaluation table: the target tables are stored, the 自评表 skipped saying why', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    const selfEval = importText(readFileSync(SELF_EVAL_SAMPLE, 'utf8'), '002.txt').tables.find((t) => t.kind === 'self-eval')!;
    const project = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    project.projectName = { raw: '交换格式导入项目' };
    const bytes = new TextEncoder().encode(JSON.stringify(toExchangeDocument([{ table: selfEval }, { table: project }])));
    const dry = await c.post('/api/import?dryRun=1', form(bytes, 'x.exchange.json'));
    expect(dry.status).toBe(200);
    expect(dry.body.tables.map((t: any) => t.document.kind)).toEqual(['self-eval', 'project']);
    expect(dry.body.tables[0].document.execution[0].adjustedBudget).toEqual({ raw: '251.89', fen: 251_890_000 });
    const r = await c.post('/api/import', form(bytes, 'x.exchange.json', { stage: 'second' }));
    expect(r.status).toBe(201);
    expect(r.body.created.map((t: any) => [t.kind, t.name])).toEqual([['project', '交换格式导入项目']]);
    expect(r.body.skipped).toEqual([{ index: 0, title: selfEval.title, reason: { zh: '自评表暂不入库', en: 'self-evaluation tables are not stored yet' } }]);
  });

  it('refuses bad uploads with clear messages', async () => {
    const c = await loggedIn(s.url, s.world.logins.deptFiler);
    const none = await c.post('/api/import', { file: 'not multipart' });
    expect(none.status).toBe(400);
    expect(errorCode(none)).toBe('multipart_required');
    const empty = await c.post('/api/import', form('你好，这不是目标表', 'note.txt'));
    expect(empty.status).toBe(400);
    expect(errorCode(empty)).toBe('no_tables');
    // PDFs made elsewhere are read now (issue 23): a cut-off one is refused as damaged, saying so.
    const pdf = await c.post('/api/import', form(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'scan.pdf'));
    expect(pdf.status).toBe(400);
    expect(errorCode(pdf)).toBe('file_corrupt');
    expect(pdf.body.error.message.zh.length).toBeGreaterThan(0);
    const badStage = await c.post('/api/import', form(seed, 'seed.txt', { stage: '三上' }));
    expect(badStage.status).toBe(400);
    const noFile = new FormData();
    noFile.append('stage', 'first');
    const nf = await c.post('/api/import', noFile);
    expect(nf.status).toBe(400);
    expect(errorCode(nf)).toBe('file_required');
  });
});
