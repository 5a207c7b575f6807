/**
 * Downloads over HTTP against the real app and database: every format of one table read back by
 * the importer, the read policies (404 for a table you may not read, drafts hidden from the
 * finance bureau), the findings report, batch jobs with progress, public downloads of published
 * tables, exchange files imported again through POST /api/import, and the audit entries.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedForm, type TargetTable } from '@jixiao/core';
import { PdfRenderer, readTableFile } from '@jixiao/files';
import { buildApp } from '../../app.ts';
import { BACKENDS, Client, errorCode, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';
import { withoutProvenance } from '../../../../core/test/helpers/table-data.ts';

const { clean } = seedTables();
const HAVE_CHROMIUM = new PdfRenderer().available;
const HAVE_PDFTOTEXT = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** GET with the client's session, bytes kept as bytes. */
async function download(c: Client | undefined, base: string, path: string) {
  const headers: Record<string, string> = {};
  if (c?.cookies.size) headers.cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(base + path, { headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const data = (t: TargetTable) => {
  const x = withoutProvenance(t);
  x.indicators = x.indicators.filter((i: { name: { raw: string }; value: { empty?: boolean } }) => i.name.raw.trim() || !i.value.empty);
  return x;
};
/** JSON with keys in order, so two equal indicators compare equal whatever order their keys were written in. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v);
/** The layout groups indicators by category as the paper form does: compare them as a set. */
const sorted = (t: TargetTable) => ({ ...data(t), indicators: data(t).indicators.map(canonical).sort() });
async function actorIdOf(s: TestServer, login: string): Promise<string> {
  const [u] = await s.db.database.query<{ id: string }>(`SELECT id FROM users WHERE login = $1`, [login]);
  return u!.id;
}
const fileName = (h: Headers) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(h.get('content-disposition') ?? '')?.[1] ?? '');

describe.each(BACKENDS)('downloads (%s)', (backend) => {
  let s: TestServer;
  let deptFiler: Client;
  let reviewer: Client;
  let finance: Client;
  let filer2: Client;
  const ids: Record<string, string> = {};
  const docs: Record<string, TargetTable> = {};
  beforeAll(async () => {
    s = await startTestServer(backend);
    deptFiler = await loggedIn(s.url, s.world.logins.deptFiler);
    reviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
    finance = await loggedIn(s.url, s.world.logins.finance);
    filer2 = await loggedIn(s.url, s.world.logins.filer2);
    for (const [name, doc] of [['dept', clean[0]!], ['work', clean[1]!], ['digital', clean[2]!]] as const) {
      const owner = doc.kind === 'dept-overall' ? s.world.orgs.dept.id : s.world.orgs.unit.id;
      const r = await deptFiler.post('/api/tables', { orgId: owner, stage: 'first', document: doc });
      expect(r.status).toBe(201);
      ids[name] = r.body.table.id;
      docs[name] = r.body.document;
    }
    // Another department's table, which 144's people must never get.
    const other = structuredClone(clean[1]!) as any;
    other.projectName = { raw: '农业技术推广经费' };
    const r2 = await filer2.post('/api/tables', { orgId: s.world.orgs.unit2.id, stage: 'first', document: other });
    expect(r2.status).toBe(201);
    ids.other = r2.body.table.id;
  });
  afterAll(async () => s?.close());

  it('GET /export without a format is the stored JSON, as before', async () => {
    const r = await deptFiler.get(`/api/tables/${ids.digital}/export`);
    expect(r.status).toBe(200);
    expect(r.body.document.projectName.raw).toBe('遂溪县数字赋能实体经济发展规划编制费用');
    expect(fileName(r.headers)).toBe('遂溪县数字赋能实体经济发展规划编制费用.json');
  });

  it.each([
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', true],
    ['html', 'text/html; charset=utf-8', true],
    ['csv', 'text/csv; charset=utf-8', false],
    ['exchange', 'application/json; charset=utf-8', false],
    ['exchange-csv', 'application/zip', false],
  ] as const)('format=%s: a file named after the table that the importer reads back to the same table', async (format, type, printed) => {
    for (const name of ['dept', 'digital']) {
      const r = await download(deptFiler, s.url, `/api/tables/${ids[name]}/export?format=${format}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(type);
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="table-[0-9a-f-]+-v1\./);
      const back = await readTableFile(r.bytes, fileName(r.headers));
      expect(back.tables).toHaveLength(1);
      expect(sorted(back.tables[0]!)).toEqual(sorted(printed ? printedForm(docs[name]!) : docs[name]!));
    }
    const r = await download(deptFiler, s.url, `/api/tables/${ids.digital}/export?format=${format}`);
    expect(fileName(r.headers)).toMatch(/^遂溪县数字赋能实体经济发展规划编制费用\./);
  });

  it.skipIf(!HAVE_CHROMIUM || !HAVE_PDFTOTEXT)('format=pdf: A4 landscape pages with the table’s text in Chinese, and the table itself inside', async () => {
    const r = await download(deptFiler, s.url, `/api/tables/${ids.digital}/export?format=pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(r.bytes.subarray(0, 5))).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-'));
    try {
      writeFileSync(join(dir, 't.pdf'), r.bytes);
      const info = execFileSync('pdfinfo', [join(dir, 't.pdf')], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 't.pdf'), '-'], { encoding: 'utf8' });
      for (const s of ['2026年县级项目支出绩效目标表', '遂溪县数字赋能实体经济发展规划编制费用', '260.00', '31.20', '扶持对象满意度(%)', '第 1 页']) expect(text).toContain(s);
      // The PDF carries its table: read back exactly, and imported again through POST /api/import.
      const back = await readTableFile(r.bytes, 't.pdf');
      expect(back.format).toBe('exchange-pdf');
      expect(data(back.tables[0]!)).toEqual(data(docs.digital!));
      const form = new FormData();
      form.append('stage', 'second');
      form.append('file', new Blob([r.bytes]), fileName(r.headers));
      const dry = await deptFiler.post('/api/import?dryRun=1', form);
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(data(dry.body.tables[0].document)).toEqual(data(docs.digital!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('the read policies of GET /api/tables/:id: another department gets 404, the finance bureau does not see drafts, no session is 401', async () => {
    for (const f of ['json', 'xlsx', 'pdf']) {
      expect((await download(filer2, s.url, `/api/tables/${ids.digital}/export?format=${f}`)).status).toBe(404);
      expect((await download(finance, s.url, `/api/tables/${ids.digital}/export?format=${f}`)).status).toBe(404);
      expect((await download(undefined, s.url, `/api/tables/${ids.digital}/export?format=${f}`)).status).toBe(401);
    }
    expect((await download(filer2, s.url, `/api/tables/${ids.digital}/findings-report`)).status).toBe(404);
    expect((await download(reviewer, s.url, `/api/tables/${ids.digital}/export?format=xlsx`)).status).toBe(200);
    const bad = await deptFiler.get(`/api/tables/${ids.digital}/export?format=exe`);
    expect(bad.status).toBe(400);
  });

  it('findings report: the table with its findings beside the cells and a list of all of them', async () => {
    const raw = structuredClone(clean[2]!) as any;
    raw.projectName = { raw: '带问题的项目' };
    raw.indicators[0].value = { raw: '1' };
    const t = await deptFiler.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', document: raw });
    const r = await download(deptFiler, s.url, `/api/tables/${t.body.table.id}/findings-report`);
    expect(r.status).toBe(200);
    expect(fileName(r.headers)).toBe('带问题的项目 检查意见（第 1 版）.检查意见.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.bytes) as never);
    expect(wb.worksheets[0]!.name).toBe('检查意见汇总');
    const codes = (wb.worksheets[0]!.getColumn(3).values as unknown[]).slice(3);
    for (const f of t.body.findings) expect(codes).toContain(f.code);
  });

  it('every download by a signed-in user is audited with its format', async () => {
    const rows = await s.db.database.query<{ details: any }>(`SELECT details FROM audit_log WHERE target_id = $1 AND action = 'table.export' ORDER BY seq`, [ids.digital]);
    expect(rows.map((x) => x.details.format)).toEqual(expect.arrayContaining(['json', 'xlsx', 'docx', 'html', 'csv', 'exchange', 'exchange-csv']));
  });

  it('batch: a job with progress, then one workbook with the department’s tables only', async () => {
    const start = await reviewer.post('/api/exports', { year: 2026, format: 'xlsx', stage: 'first' });
    expect(start.status).toBe(202);
    expect(start.headers.get('location')).toBe(`/api/exports/${start.body.id}`);
    expect(start.body).toMatchObject({ format: 'xlsx', total: 4, title: '2026年 一上 绩效目标表' });
    let job = start.body;
    for (let i = 0; i < 200 && job.phase !== 'done' && job.phase !== 'failed'; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      job = (await reviewer.get(`/api/exports/${job.id}`)).body;
      expect(job.done).toBeLessThanOrEqual(job.total);
    }
    expect(job).toMatchObject({ phase: 'done', done: 4, total: 4, error: null });
    const f = await download(reviewer, s.url, job.file.url);
    expect(f.status).toBe(200);
    expect(fileName(f.headers)).toBe('2026年 一上 绩效目标表.xlsx');
    const back = await readTableFile(f.bytes, 'batch.xlsx');
    expect(back.tables.map((t) => (t.kind === 'project' ? t.projectName.raw : t.kind))).toEqual(['dept-overall', '工作经费', '带问题的项目', '遂溪县数字赋能实体经济发展规划编制费用']);
    // The job is its starter's: anyone else is told it does not exist.
    expect((await filer2.get(`/api/exports/${job.id}`)).status).toBe(404);
    expect((await download(filer2, s.url, job.file.url)).status).toBe(404);
    expect((await finance.get(`/api/exports/${job.id}`)).status).toBe(404);
  });

  it('batch: the job is in the database — a second server process on the same database reports it and serves its file; a job its process left unfinished reads as interrupted', async () => {
    const start = await reviewer.post('/api/exports', { year: 2026, format: 'docx', stage: 'first' });
    expect(start.status).toBe(202);
    // Another process (a cluster worker) on the same database: same session store, no shared memory.
    const other = await buildApp({ database: s.db.database });
    await other.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = other.server.address();
      const otherUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const there = new Client(otherUrl);
      there.cookies = reviewer.cookies;
      let job = (await there.get(`/api/exports/${start.body.id}`)).body;
      expect(job.id).toBe(start.body.id);
      for (let i = 0; i < 200 && job.phase !== 'done' && job.phase !== 'failed'; i++) {
        await new Promise((ok) => setTimeout(ok, 50));
        job = (await there.get(`/api/exports/${job.id}`)).body;
      }
      expect(job).toMatchObject({ phase: 'done', done: 4, total: 4 });
      const f = await download(reviewer, otherUrl, job.file.url);
      expect(f.status).toBe(200);
      expect(f.bytes.byteLength).toBe(job.file.bytes);
      expect((await readTableFile(f.bytes, 'b.docx')).tables).toHaveLength(4);
    } finally {
      await other.close();
    }
    // A job whose process stopped mid-way (no heartbeat for longer than the limit) is not left "rendering" forever.
    const old = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    await s.db.database.query(
      `INSERT INTO export_jobs (id, region_code, actor_id, format, title, phase, done, total, created_at, updated_at) VALUES ('abandoned-1', $1, $2, 'pdf', 't', 'rendering', 3, 40, $3, $3)`,
      [s.world.orgs.dept.regionCode, await actorIdOf(s, s.world.logins.deptReviewer), old],
    );
    const left = await reviewer.get('/api/exports/abandoned-1');
    expect(left.body).toMatchObject({ phase: 'failed', error: { code: 'export_interrupted' } });
    const file = await reviewer.get('/api/exports/abandoned-1/file');
    expect([file.status, errorCode(file)]).toEqual([409, 'export_failed']);
    expect(file.body.error.message.zh).toContain('导出中断');
  });

  it('batch: another department’s reviewer gets only theirs; the finance bureau no drafts; an empty selection is refused', async () => {
    const r2 = await (await loggedIn(s.url, s.world.logins.deptReviewer2)).post('/api/exports', { year: 2026, format: 'exchange' });
    expect(r2.status).toBe(202);
    expect(r2.body.total).toBe(1);
    const none = await finance.post('/api/exports', { year: 2026, format: 'xlsx' });
    expect(none.status).toBe(400);
    expect(errorCode(none)).toBe('no_tables');
    const unknown = await reviewer.post('/api/exports', { year: 2026, format: 'xlsx', org: 'nope' });
    expect(errorCode(unknown)).toBe('unknown_org');
    expect((await reviewer.post('/api/exports', { year: 2026, format: 'tar' })).status).toBe(400);
  });

  it('batch: a zip with a Word file per table, named and numbered', async () => {
    const start = await reviewer.post('/api/exports', { year: 2026, format: 'zip-docx', org: '144001' });
    expect(start.status).toBe(202);
    let job = start.body;
    while (job.phase !== 'done' && job.phase !== 'failed') {
      await new Promise((ok) => setTimeout(ok, 50));
      job = (await reviewer.get(`/api/exports/${job.id}`)).body;
    }
    const notReady = job.phase === 'done';
    expect(notReady).toBe(true);
    const f = await download(reviewer, s.url, job.file.url);
    const names = Object.keys(unzipSync(f.bytes)).sort();
    expect(names).toEqual(['1 工作经费.docx', '2 带问题的项目.docx', '3 遂溪县数字赋能实体经济发展规划编制费用.docx']);
  });

  it('public: a published table downloads without signing in; anything else is 404', async () => {
    const id = ids.digital!;
    for (const [c, action] of [[deptFiler, 'submit'], [reviewer, 'approve'], [finance, 'approve'], [finance, 'publish']] as const) {
      const r = await c.post(`/api/tables/${id}/${action}`, {});
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const r = await download(undefined, s.url, `/api/public/tables/${id}/export?format=xlsx`);
    expect(r.status).toBe(200);
    expect(fileName(r.headers)).toBe('遂溪县数字赋能实体经济发展规划编制费用.xlsx');
    const back = await readTableFile(r.bytes, 'p.xlsx');
    expect(sorted(back.tables[0]!)).toEqual(sorted(printedForm(docs.digital!)));
    expect((await download(undefined, s.url, `/api/public/tables/${ids.work}/export?format=xlsx`)).status).toBe(404);
    expect((await download(undefined, s.url, `/api/public/tables/not-a-uuid/export`)).status).toBe(404);
    expect((await download(undefined, s.url, `/api/public/tables/${id}/export?format=json`)).status).toBe(400);
  });

  it('exchange files are importable again through POST /api/import', async () => {
    for (const [format, name] of [['exchange', 'x.exchange.json'], ['csv', 'x.csv'], ['exchange-csv', 'x.exchange-csv.zip']] as const) {
      const file = await download(deptFiler, s.url, `/api/tables/${ids.work}/export?format=${format}`);
      const form = new FormData();
      form.append('stage', format === 'exchange' ? 'second' : 'adjust');
      form.append('file', new Blob([file.bytes]), name);
      const dry = await deptFiler.post('/api/import?dryRun=1', form);
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(dry.body.tables).toHaveLength(1);
      expect(data(dry.body.tables[0].document)).toEqual(data(docs.work!));
    }
    const form = new FormData();
    form.append('stage', 'second');
    form.append('file', new Blob([(await download(deptFiler, s.url, `/api/tables/${ids.work}/export?format=exchange`)).bytes]), 'x.json');
    const r = await deptFiler.post('/api/import', form);
    expect(r.status).toBe(201);
    expect(r.body.created).toHaveLength(1);
    expect(r.body.created[0]).toMatchObject({ kind: 'project', name: '工作经费', stage: 'second', orgId: s.world.orgs.unit.id });
  });
});

describe('no Chromium', () => {
  it('a PDF request is answered 503 with how to install it; the other formats still work', async () => {
    const prev = process.env.JIXIAO_CHROMIUM;
    process.env.JIXIAO_CHROMIUM = '/nonexistent/chromium';
    const s = await startTestServer('pglite');
    try {
      const c = await loggedIn(s.url, s.world.logins.deptFiler);
      const t = await c.post('/api/tables', { orgId: s.world.orgs.dept.id, stage: 'first', document: clean[0] });
      const r = await c.get(`/api/tables/${t.body.table.id}/export?format=pdf`);
      expect(r.status).toBe(503);
      expect(errorCode(r)).toBe('pdf_unavailable');
      expect(r.body.error.message.zh).toContain('install-browser.sh');
      expect((await download(c, s.url, `/api/tables/${t.body.table.id}/export?format=xlsx`)).status).toBe(200);
    } finally {
      if (prev === undefined) delete process.env.JIXIAO_CHROMIUM;
      else process.env.JIXIAO_CHROMIUM = prev;
      await s.close();
    }
  });
});
