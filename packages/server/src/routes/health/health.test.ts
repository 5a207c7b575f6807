import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, Client, errorCode, startTestServer, type TestServer } from '../../../test/helpers.ts';

describe.each(BACKENDS)('health, OpenAPI, errors and headers (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => s?.close());

  it('GET /api/health answers with the database kind', async () => {
    const r = await new Client(s.url).get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, database: backend });
  });

  it('serves the OpenAPI document with every required route, and a docs page', async () => {
    const c = new Client(s.url);
    const r = await c.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const paths = Object.keys(r.body.paths);
    for (const p of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/tables',
      '/api/tables/{id}',
      '/api/tables/{id}/findings',
      '/api/tables/{id}/revisions',
      '/api/tables/{id}/submit',
      '/api/tables/{id}/approve',
      '/api/tables/{id}/return',
      '/api/tables/{id}/publish',
      '/api/import',
      '/api/orgs',
      '/api/audit',
      '/api/health',
    ]) {
      expect(paths).toContain(p);
    }
    expect(r.body.components.schemas.TargetTableDocument).toBeDefined();
    const docs = await fetch(`${s.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('an unknown route gets the one error shape in Chinese and English', async () => {
    const r = await new Client(s.url).get('/api/nothing-here');
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('not_found');
    expect(r.body.error.message.zh).toMatch(/没有这个地址/);
  });

  it('sets security headers', async () => {
    const r = await new Client(s.url).get('/api/health');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
