/**
 * Open publication: published tables as a public site and open data, and nothing else. Tables
 * in every other state (draft, submitted, approved by the department, approved by the finance
 * bureau but not published, returned) are made in the same region and year, and every public
 * route and download is searched for their ids and names.
 */
import { decodeCsv, OPEN_DATA_COLUMNS } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, errorCode, loggedIn, seedTables, startTestServer, type TestServer } from '../../../test/helpers.ts';

describe.each(BACKENDS)('open publication (%s)', (backend) => {
  let s: TestServer;
  const published: Array<{ id: string; name: string; indicators: number }> = [];
  const hidden: Array<{ id: string; name: string; state: string }> = [];
  beforeAll(async () => {
    s = await startTestServer(backend);
    const { clean } = seedTables();
    const project = clean.find((t) => t.kind === 'project')!;
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const filer2 = await loggedIn(s.url, s.world.logins.filer2);
    const dr = await loggedIn(s.url, s.world.logins.deptReviewer);
    const dr2 = await loggedIn(s.url, s.world.logins.deptReviewer2);
    const fin = await loggedIn(s.url, s.world.logins.finance);
    const make = async (c: Client, orgId: string, name: string) => {
      const d = structuredClone(project) as any;
      d.projectName = { raw: name };
      const r = await c.post('/api/tables', { orgId, document: d });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.table.id as string, indicators: (r.body.document.indicators as unknown[]).length };
    };
    const go = async (id: string, steps: Array<[Client, string]>) => {
      for (const [c, a] of steps) expect((await c.post(`/api/tables/${id}/${a}`, a === 'return' ? { comment: '请修改' } : {})).status).toBe(200);
    };
    const unit = s.world.orgs.unit.id;
    const unit2 = s.world.orgs.unit2.id;
    for (const [c, org, name, d] of [[filer, unit, '公开项目甲', dr], [filer2, unit2, '公开项目乙', dr2]] as const) {
      const t = await make(c, org, name);
      await go(t.id, [[c, 'submit'], [d, 'approve'], [fin, 'approve'], [fin, 'publish']]);
      published.push({ ...t, name });
    }
    const states: Array<[string, Array<[Client, string]>]> = [
      ['draft', []],
      ['submitted', [[filer, 'submit']]],
      ['dept_approved', [[filer, 'submit'], [dr, 'approve']]],
      ['finance_approved', [[filer, 'submit'], [dr, 'approve'], [fin, 'approve']]],
      ['returned by finance', [[filer, 'submit'], [dr, 'approve'], [fin, 'approve'], [fin, 'return']]],
    ];
    for (const [state, steps] of states) {
      const name = `未公开项目（${state}）`;
      const t = await make(filer, unit, name);
      await go(t.id, steps);
      hidden.push({ id: t.id, name, state });
    }
    // Next year's table started from a published one: a draft in a year with nothing published.
    const next = await filer.post('/api/tables', { from: published[0]!.id, stage: 'first', year: 2027 });
    expect(next.status).toBe(201);
    hidden.push({ id: next.body.table.id, name: '公开项目甲', state: 'draft 2027' });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const anon = () => new Client(s.url);
  const leaks = (text: string) => hidden.filter((h) => text.includes(h.id) || (h.state !== 'draft 2027' && text.includes(h.name)));

  it('the public site lists and shows published tables only; every other table is 404', async () => {
    const c = anon();
    const list = await c.get('/api/public/tables?region=440823&year=2026');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: any) => t.id).sort()).toEqual(published.map((p) => p.id).sort());
    expect(leaks(JSON.stringify(list.body))).toEqual([]);
    for (const p of published) expect((await c.get(`/api/public/tables/${p.id}`)).status).toBe(200);
    for (const h of hidden) {
      const r = await c.get(`/api/public/tables/${h.id}`);
      expect(r.status, h.state).toBe(404);
      expect(errorCode(r)).toBe('not_found');
    }
    expect((await c.get('/api/public/tables?region=440823&year=2027')).body.items).toEqual([]);
    expect(leaks(JSON.stringify((await c.get('/api/public/regions')).body))).toEqual([]);
  });

  it('the years a region has published: 2026 only (2027 holds a draft)', async () => {
    const r = await anon().get('/api/open-data/regions/440823/years');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ region: { code: '440823', name: '遂溪县' }, items: [{ year: 2026, tables: 2 }] });
    expect((await anon().get('/api/open-data/regions/999999/years')).status).toBe(404);
  });

  it('open data as CSV: one row per indicator of the published tables, with their keys, nothing else', async () => {
    const res = await fetch(`${s.url}/api/open-data/indicators.csv?region=440823&year=2026`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('jixiao-440823-2026-indicators.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, so spreadsheets read UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(leaks(text)).toEqual([]);
    const [header, ...rows] = decodeCsv(text);
    expect(header).toEqual([...OPEN_DATA_COLUMNS]);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.length).toBe(published.reduce((n, p) => n + p.indicators, 0));
    expect(new Set(rows.map((r) => r[col('JX_TABLE_ID')]))).toEqual(new Set(published.map((p) => p.id)));
    const first = rows.find((r) => r[col('PRO_NAME')] === '公开项目乙')!;
    expect(first[col('MOF_DIV_CODE')]).toBe('440823');
    expect(first[col('FISCAL_YEAR')]).toBe('2026');
    expect(first[col('DEPT_CODE')]).toBe('145');
    expect(first[col('AGENCY_CODE')]).toBe('145001');
    expect(first[col('AGENCY_NAME')]).toBe('遂溪县农业技术推广中心');
    expect(first[col('KPI_LV1')]).not.toBe('');
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
  });

  it('open data as JSON: the same rows; an unknown region is 404, a bad one 400', async () => {
    const r = await anon().get('/api/open-data/indicators.json?region=440823&year=2026');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'jixiao-open-data', version: 1, region: { code: '440823', name: '遂溪县' }, year: 2026, columns: [...OPEN_DATA_COLUMNS] });
    expect(r.body.rows.length).toBe(published.reduce((n, p) => n + p.indicators, 0));
    expect(Object.keys(r.body.rows[0])).toEqual([...OPEN_DATA_COLUMNS]);
    expect(leaks(JSON.stringify(r.body))).toEqual([]);
    const csv = decodeCsv(await (await fetch(`${s.url}/api/open-data/indicators.csv?region=440823&year=2026`)).text());
    expect(r.body.rows.map((x: any) => OPEN_DATA_COLUMNS.map((c) => x[c]))).toEqual(csv.slice(1));
    expect((await anon().get('/api/open-data/indicators.json?region=440823&year=2027')).body.rows).toEqual([]);
    expect((await anon().get('/api/open-data/indicators.json?region=999999&year=2026')).status).toBe(404);
    const bad = await anon().get('/api/open-data/indicators.json?region=遂溪&year=2026');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('invalid_request');
  });
});
