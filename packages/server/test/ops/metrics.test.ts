/**
 * /metrics (issue 25): scraped over HTTP and read by a strict Prometheus text parser; a request
 * raises its counter and latency histogram; saves, the checker and the database kind are there;
 * only the allowed addresses, or the bearer token, may read it (others: 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, loggedIn, seedTables, startTestServer, type TestServer } from '../helpers.ts';
import { parsePrometheusText, valueOf } from './prometheus-text.ts';

async function scrape(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${url}/metrics`, { headers });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await r.text());
}

describe.each(BACKENDS)('/metrics (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => s?.close());

  it('counts a request by route and status, with its latency; saves, checks and the database kind', async () => {
    const health = { method: 'GET', route: '/api/health', status: '200' };
    const before = await scrape(s.url);
    const n0 = valueOf(before, 'jixiao_http_requests_total', health) ?? 0;
    const h0 = valueOf(before, 'jixiao_http_request_duration_seconds_count', health) ?? 0;
    expect((await new Client(s.url).get('/api/health')).status).toBe(200);
    const after = await scrape(s.url);
    expect(valueOf(after, 'jixiao_http_requests_total', health)).toBe(n0 + 1);
    expect(valueOf(after, 'jixiao_http_request_duration_seconds_count', health)).toBe(h0 + 1);
    expect(valueOf(after, 'jixiao_http_request_duration_seconds_bucket', { ...health, le: '+Inf' })).toBe(h0 + 1);
    expect(valueOf(after, 'jixiao_database_info', { kind: backend })).toBe(1);
    expect(after.get('jixiao_http_requests_total')!.type).toBe('counter');
    expect(after.get('jixiao_process_resident_memory_bytes')?.type).toBe('gauge');

    const c = await loggedIn(s.url, s.world.logins.filer);
    const base = seedTables().clean.find((t) => t.kind === 'project')!;
    const created = await c.post('/api/tables', { orgId: s.world.orgs.unit.id, document: base });
    expect(created.status).toBe(201);
    const checks0 = valueOf(await scrape(s.url), 'jixiao_check_seconds_count') ?? 0;
    const saved = await c.put(`/api/tables/${created.body.table.id}`, base, { 'if-match': `"${created.body.table.version}"` });
    expect(saved.status).toBe(200);
    const m = await scrape(s.url);
    expect(valueOf(m, 'jixiao_table_actions_total', { action: 'save' })).toBe(1);
    expect(valueOf(m, 'jixiao_table_actions_total', { action: 'create' })).toBe(1);
    expect(valueOf(m, 'jixiao_check_seconds_count')!).toBeGreaterThan(checks0);
    expect(valueOf(m, 'jixiao_http_requests_total', { method: 'PUT', route: '/api/tables/:id', status: '200' })).toBe(1);
    expect(m.has('jixiao_export_jobs')).toBe(true);
    if (backend === 'postgres') {
      expect(valueOf(m, 'jixiao_db_pool_connections', { state: 'max' })).toBe(5);
      expect(valueOf(m, 'jixiao_db_pool_waiting')).toBeGreaterThanOrEqual(0);
    } else expect(m.has('jixiao_db_pool_connections')).toBe(false);
  });

  it('answers 404 to an address outside JIXIAO_METRICS_ALLOW without the token', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '192.0.2.7' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('jixiao_');
  });
});

describe('/metrics access by range and token', () => {
  const TOKEN = 'metrics-token-0123456789';
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite', { metrics: { allow: ['10.20.0.0/16'], token: TOKEN } });
  });
  afterAll(async () => s?.close());

  it('an allowed range, or the bearer token from anywhere; nothing else', async () => {
    const get = (remoteAddress: string, authorization?: string) =>
      s.app.inject({ method: 'GET', url: '/metrics', remoteAddress, ...(authorization ? { headers: { authorization } } : {}) });
    expect((await get('10.20.3.4')).statusCode).toBe(200);
    expect((await get('::ffff:10.20.3.4')).statusCode).toBe(200);
    expect((await get('127.0.0.1')).statusCode).toBe(404); // loopback is not in this list
    expect((await get('10.21.0.1')).statusCode).toBe(404);
    expect((await get('192.0.2.7', `Bearer ${TOKEN}x`)).statusCode).toBe(404);
    expect((await get('192.0.2.7', 'Bearer short')).statusCode).toBe(404);
    const ok = await get('192.0.2.7', `Bearer ${TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(parsePrometheusText(ok.body).has('jixiao_http_requests_total')).toBe(true);
    // Over the real socket too (127.0.0.1 is outside the list): the token opens it.
    expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
    await scrape(s.url, { authorization: `Bearer ${TOKEN}` });
  });
});
