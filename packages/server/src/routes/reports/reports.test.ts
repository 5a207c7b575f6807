/**
 * Monitoring and self-evaluation through the API: the finance bureau opens a round; a unit starts
 * a report from its approved table (targets copied, read-only), enters progress with a red light,
 * submits through the target tables' workflow; then a self-evaluation is scored and graded, and
 * its 自评表 .xlsx reads back through the importer. Roll-ups and what-is-owed lists follow.
 */
import { PdfRenderer, readGrids, readTableFile } from '@jixiao/files';
import { importGrids, measuredValueMeeting, type SelfEvalTable } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, errorCode, loggedIn, seedTables, startTestServer, type Client, type TestServer } from '../../../test/helpers.ts';

const { clean } = seedTables();
const project = () => structuredClone(clean.find((t) => t.kind === 'project')!) as any;

/** Meets every target: a measured value with its unit (never the target written again), 达成 for qualitative rows. */
const meeting = (ind: any) => measuredValueMeeting(ind.value) ?? '达成年度指标';

describe.each(BACKENDS)('monitoring and self-evaluation (%s)', (backend) => {
  let s: TestServer;
  let filer: Client;
  let deptReviewer: Client;
  let finance: Client;
  let otherFiler: Client;
  let tableId: string;
  let approved: any;
  beforeAll(async () => {
    s = await startTestServer(backend);
    filer = await loggedIn(s.url, s.world.logins.filer);
    deptReviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
    finance = await loggedIn(s.url, s.world.logins.finance);
    otherFiler = await loggedIn(s.url, s.world.logins.filer2);
    const c = await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, stage: 'first', document: project() });
    expect(c.status).toBe(201);
    tableId = c.body.table.id;
    expect((await filer.post(`/api/tables/${tableId}/submit`)).status).toBe(200);
    expect((await deptReviewer.post(`/api/tables/${tableId}/approve`)).status).toBe(200);
    expect((await finance.post(`/api/tables/${tableId}/approve`)).status).toBe(200);
    approved = (await filer.get(`/api/tables/${tableId}`)).body.document;
  });
  afterAll(async () => s?.close());

  let roundId: string;
  let reportId: string;

  it('only the finance bureau opens a round; a date deadline closes at the end of that day in China', async () => {
    const refused = await filer.post('/api/rounds', { kind: 'monitoring', year: 2026, month: 7, deadline: '2026-08-10' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message.zh).toContain('财政局');
    expect(errorCode(await finance.post('/api/rounds', { kind: 'monitoring', year: 2026, deadline: '八月十日' }))).toBe('bad_deadline');
    const r = await finance.post('/api/rounds', { kind: 'monitoring', year: 2026, month: 7, deadline: '2026-08-10' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'monitoring', title: '2026年1–7月绩效运行监控', month: 7, status: 'open', deadline: '2026-08-10T15:59:59.000Z' });
    roundId = r.body.id;
    expect((await filer.get('/api/rounds?year=2026')).body.items.map((x: any) => x.id)).toEqual([roundId]);
  });

  it('the unit owes a report on its approved table; the other unit owes nothing', async () => {
    const owed = await filer.get('/api/evaluation/owed');
    expect(owed.status).toBe(200);
    expect(owed.body.items).toHaveLength(1);
    // The deadline is a fixed past date: the report is overdue and the reminder says so.
    expect(owed.body.items[0]).toMatchObject({ table: { id: tableId, orgId: s.world.orgs.unit.id }, report: null, due: 'overdue' });
    expect(owed.body.reminders[0]).toMatchObject({ level: 'error', roundId });
    expect(owed.body.reminders[0].message.zh).toContain('2026年1–7月绩效运行监控');
    expect((await otherFiler.get('/api/evaluation/owed')).body.items).toEqual([]);
  });

  it('starts a report pre-filled from the approved targets; another unit cannot, a second one is a conflict', async () => {
    expect((await otherFiler.post('/api/reports', { roundId, tableId })).status).toBe(404);
    const r = await filer.post('/api/reports', { roundId, tableId });
    expect(r.status).toBe(201);
    reportId = r.body.report.id;
    expect(r.body.report).toMatchObject({ kind: 'monitoring', status: 'draft', version: 1, basedOnId: tableId, basedOnVersion: 1 });
    expect(r.body.document.targets).toEqual(approved);
    expect(r.body.document.report.execution.adjustedBudget.fen).toBe(approved.currentAmount.fen);
    expect(r.body.document.report.indicators).toHaveLength(approved.indicators.length);
    const again = await filer.post('/api/reports', { roundId, tableId });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'report_exists', details: { id: reportId } });
    expect((await otherFiler.get(`/api/reports/${reportId}`)).status).toBe(404);
  });

  it('refuses a save that changes a target, with the row and the approved value', async () => {
    const doc = (await filer.get(`/api/reports/${reportId}`)).body.document;
    doc.targets.indicators[0].value.raw = '≥1';
    const r = await filer.put(`/api/reports/${reportId}`, doc, { 'if-match': '"1"' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('targets_read_only');
    expect(r.body.error.message.zh).toContain('只读');
    expect(r.body.error.message.zh).toContain(`批复“${approved.indicators[0].value.raw}”`);
    expect(r.body.error.details.findings[0]).toMatchObject({ code: 'monitor.target-changed', location: { row: 1, field: 'value' } });
  });

  it('a red light needs cause, likelihood and measure before it can be submitted; a stale save is 409', async () => {
    const doc = (await filer.get(`/api/reports/${reportId}`)).body.document;
    const inds = approved.indicators.filter((i: any) => i.name.raw.trim());
    const red = inds.findIndex((i: any) => i.value.quantitative && (i.value.operator === '≥' || i.value.operator === '＞') && Number(i.value.number) > 0);
    expect(red).toBeGreaterThanOrEqual(0);
    doc.report.indicators.forEach((p: any, k: number) => {
      const ind = inds[k];
      p.achieved = { raw: k === red ? '0' : meeting(ind) };
      p.expectedFullYear = { raw: meeting(ind) };
    });
    const adj = approved.currentAmount.fen;
    doc.report.execution.executed = { raw: ((adj * 7) / 12 / 1_000_000).toFixed(2) };
    const r = await filer.put(`/api/reports/${reportId}`, doc, { 'if-match': '"1"' });
    expect(r.status).toBe(200);
    expect(r.body.report).toMatchObject({ version: 2, light: 'red' });
    expect(r.body.evaluation.monitoring.indicators[red]).toMatchObject({ light: 'red', progress: 0 });
    expect(r.body.evaluation.monitoring.execution.light).toBe('green');
    const codes = r.body.findings.map((f: any) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['monitor.cause-missing', 'monitor.likelihood-missing', 'monitor.measure-missing']));
    const refused = await filer.post(`/api/reports/${reportId}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('submission_refused');
    Object.assign(doc.report.indicators[red], { deviationCause: '经费保障', likelihood: '有可能', measure: { raw: '资金已于8月下达，9月完成' } });
    expect((await filer.put(`/api/reports/${reportId}`, doc, { 'if-match': '"1"' })).status).toBe(409);
    const ok = await filer.put(`/api/reports/${reportId}`, doc, { 'if-match': '"2"' });
    expect(ok.status).toBe(200);
    expect(ok.body.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    const sub = await filer.post(`/api/reports/${reportId}/submit`, { version: 3 });
    expect(sub.status).toBe(200);
    expect(sub.body.event).toMatchObject({ action: 'submit', fromStatus: 'draft', toStatus: 'submitted' });
    expect((await filer.put(`/api/reports/${reportId}`, doc, { 'if-match': '"3"' })).body.error.code).toBe('not_editable');
  });

  it('goes through the target tables’ review: return with a field comment, history of revisions and events', async () => {
    expect((await filer.post(`/api/reports/${reportId}/approve`)).status).toBe(403);
    const ret = await deptReviewer.post(`/api/reports/${reportId}/return`, { fieldComments: [{ field: 'measure', indicatorId: approved.indicators[0].id, comment: '措施请写明时间' }] });
    expect(ret.status).toBe(200);
    const owed = await filer.get('/api/evaluation/owed');
    expect(owed.body.reminders.some((m: any) => m.message.zh.includes('被退回'))).toBe(true);
    expect((await filer.post(`/api/reports/${reportId}/submit`)).status).toBe(200);
    expect((await deptReviewer.post(`/api/reports/${reportId}/approve`)).status).toBe(200);
    const ev = await filer.get(`/api/reports/${reportId}/events`);
    expect(ev.body.items.map((e: any) => e.action)).toEqual(['submit', 'return', 'submit', 'approve']);
    expect(ev.body.items[1].fieldComments[0].comment).toBe('措施请写明时间');
    const revs = await filer.get(`/api/reports/${reportId}/revisions`);
    expect(revs.body.items.map((r: any) => r.reason)).toEqual(['create', 'save', 'save']);
    expect((await filer.get(`/api/reports/${reportId}/revisions/1`)).body.document.kind).toBe('monitoring');
    // The report's history is not reachable as a target table.
    expect((await filer.get(`/api/tables/${reportId}`)).status).toBe(404);
  });

  it('rolls the red light up to the department and the region; the finance bureau sees it', async () => {
    const r = await finance.get(`/api/evaluation/rollup?roundId=${roundId}`);
    expect(r.status).toBe(200);
    const round = r.body.rounds[0];
    expect(round.region).toMatchObject({ reports: 1, filed: 1, light: 'red', lights: { red: 1 } });
    expect(round.departments).toEqual([expect.objectContaining({ deptId: s.world.orgs.dept.id, light: 'red', filed: 1 })]);
    expect(round.projects[0]).toMatchObject({ tableId, reportId, light: 'red', due: 'done' });
    // A unit of another department sees nothing of it.
    expect((await otherFiler.get(`/api/evaluation/rollup?roundId=${roundId}`)).body.rounds).toEqual([]);
  });

  it('self-evaluation: pre-filled from the monitoring, scored and graded, the 自评表 .xlsx reads back', async () => {
    const round = await finance.post('/api/rounds', { kind: 'self-evaluation', year: 2026, deadline: '2027-03-31' });
    expect(round.body).toMatchObject({ title: '2026年度绩效自评', month: 12 });
    const c = await filer.post('/api/reports', { roundId: round.body.id, tableId });
    expect(c.status).toBe(201);
    const id = c.body.report.id;
    const doc = c.body.document;
    const inds = approved.indicators.filter((i: any) => i.name.raw.trim());
    // The expected full-year values of the monitoring are the first guess at the actuals.
    expect(doc.evaluation.indicators.map((a: any) => a.actual.raw)).toEqual(inds.map(meeting));
    const adj = approved.currentAmount.fen;
    doc.evaluation.execution.executed = { raw: ((adj * 0.95) / 1_000_000).toFixed(6) };
    const first = await filer.put(`/api/reports/${id}`, doc, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    // Qualitative rows need a score within the band of 达成: give the top of the band.
    for (const sc of first.body.evaluation.selfEvaluation.indicators) {
      if (sc.method === '定性') doc.evaluation.indicators.find((a: any) => a.indicatorId === sc.indicatorId).score = { raw: String(sc.band[1]) };
    }
    const r = await filer.put(`/api/reports/${id}`, doc, { 'if-match': '"2"' });
    expect(r.status).toBe(200);
    const se = r.body.evaluation.selfEvaluation;
    expect(se.execution).toEqual({ rate: 95, weight: 10, score: 9.5 });
    expect(se.total).toBe(99.5);
    expect(se.grade).toBe('优');
    expect(r.body.report).toMatchObject({ total: 99.5, grade: '优', errorCount: 0 });
    const weights = se.indicators.reduce((a: number, i: any) => a + i.weight, 0);
    expect(Math.round(weights * 100) / 100).toBe(90);

    const x = await filer.get(`/api/reports/${id}/export?format=xlsx`);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    const res = await fetch(`${s.url}/api/reports/${id}/export?format=xlsx`, { headers: { cookie: [...filer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const grids = await readGrids(new Uint8Array(await res.arrayBuffer()), 'self.xlsx');
    const t = importGrids(grids.grids).tables[0] as SelfEvalTable;
    expect(t.kind).toBe('self-eval');
    expect(t.projectName.raw).toBe(approved.projectName.raw);
    expect(t.conclusion.raw).toBe('总分 99.5 分，评价等级：优');
    expect(t.indicators.map((i) => i.value.raw)).toEqual(expect.arrayContaining(inds.map((i: any) => i.value.raw)));
    expect(t.execution[0]).toMatchObject({ rate: { raw: '95%' }, score: { raw: '9.5' } });
    // The same 自评表 as .docx reads back too.
    const dres = await fetch(`${s.url}/api/reports/${id}/export?format=docx`, { headers: { cookie: [...filer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(dres.headers.get('content-type')).toContain('wordprocessingml');
    const dt = importGrids((await readGrids(new Uint8Array(await dres.arrayBuffer()), 'self.docx')).grids).tables[0] as SelfEvalTable;
    expect([dt.kind, dt.conclusion.raw, dt.execution[0]?.score.raw]).toEqual(['self-eval', '总分 99.5 分，评价等级：优', '9.5']);
    expect((await filer.get(`/api/reports/${reportId}/export?format=json`)).body.error.code).toBe('not_self_evaluation');
    // In the exchange format (JSON and the one-file CSV): read back through readTableFile, what POST /api/import uses, to the same 自评表.
    const withoutSource = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'source' ? undefined : v)));
    const stored = withoutSource((await filer.get(`/api/reports/${id}/export?format=json`)).body.table);
    for (const [format, file, type] of [['exchange', 'self.exchange.json', 'application/json'], ['csv', 'self.csv', 'text/csv']] as const) {
      const eres = await fetch(`${s.url}/api/reports/${id}/export?format=${format}`, { headers: { cookie: [...filer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(eres.headers.get('content-type')).toContain(type);
      const back = await readTableFile(new Uint8Array(await eres.arrayBuffer()), file);
      expect(back.tables.map(withoutSource)).toEqual([stored]);
      expect(back.exchange).toEqual([expect.objectContaining({ tableId: id, status: 'draft' })]);
    }
    expect((await filer.get(`/api/reports/${reportId}/export?format=exchange`)).body.error.code).toBe('not_self_evaluation');
    // As PDF: the print view, carrying the same 自评表 (readTableFile reads it out of the PDF).
    if (new PdfRenderer().available) {
      const pres = await fetch(`${s.url}/api/reports/${id}/export?format=pdf`, { headers: { cookie: [...filer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(pres.headers.get('content-type')).toBe('application/pdf');
      const back = await readTableFile(new Uint8Array(await pres.arrayBuffer()), 'self.pdf');
      expect(back.format).toBe('exchange-pdf');
      expect(back.tables.map(withoutSource)).toEqual([stored]);
      const mpdf = await fetch(`${s.url}/api/reports/${reportId}/export?format=pdf`, { headers: { cookie: [...filer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(mpdf.status).toBe(200);
      expect(new TextDecoder().decode(new Uint8Array(await mpdf.arrayBuffer()).subarray(0, 5))).toBe('%PDF-');
    }
    // The monitoring report prints as the 绩效运行监控表, its red light on it.
    const mres = await fetch(`${s.url}/api/reports/${reportId}/export?format=xlsx`, { headers: { cookie: [...filer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(mres.status).toBe(200);
    const mtexts = (await readGrids(new Uint8Array(await mres.arrayBuffer()), 'm.xlsx')).grids[0]!.rows.flat().map((c) => c.text);
    expect(mtexts).toEqual(expect.arrayContaining(['项目预警', '红灯', '经费保障', '资金已于8月下达，9月完成']));

    const rollup = await finance.get('/api/evaluation/rollup?year=2026&kind=self-evaluation');
    // Not yet submitted: owed, not counted.
    expect(rollup.body.rounds[0].region).toMatchObject({ reports: 1, filed: 0, meanScore: null });
    expect((await filer.post(`/api/reports/${id}/submit`)).status).toBe(200);
    const after = await deptReviewer.get('/api/evaluation/rollup?year=2026&kind=self-evaluation');
    expect(after.body.rounds[0].region).toMatchObject({ filed: 1, meanScore: 99.5, grades: { 优: 1 } });
    expect((await deptReviewer.get('/api/evaluation/owed')).body.toReview.map((r: any) => r.id)).toEqual([id]);
  });

  it('a closed round takes no new reports; only finance closes it', async () => {
    const r = await finance.post('/api/rounds', { kind: 'monitoring', year: 2026, month: 10, deadline: '2026-11-10' });
    expect((await filer.request('PATCH', `/api/rounds/${r.body.id}`, { status: 'closed' })).status).toBe(403);
    expect((await finance.request('PATCH', `/api/rounds/${r.body.id}`, { status: 'closed' })).body.status).toBe('closed');
    const c = await filer.post('/api/reports', { roundId: r.body.id, tableId });
    expect(c.status).toBe(409);
    expect(c.body.error.code).toBe('round_closed');
  });
});
