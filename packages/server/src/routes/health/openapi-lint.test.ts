/**
 * The OpenAPI document passes Redocly's recommended rules with no error (the pinned @redocly/cli,
 * run as a user runs it), and declares what a client needs: servers, the cookie session and the
 * CSRF header as security schemes, an operationId on every operation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from '../../../test/helpers.ts';
import { operationIdOf, securityOf } from '../../openapi.ts';

const REDOCLY = fileURLToPath(new URL('../../../../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('OpenAPI document', () => {
  let s: TestServer;
  let doc: any;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    doc = (await new Client(s.url).get('/api/openapi.json')).body;
  });
  afterAll(async () => s?.close());

  it('passes `redocly lint` with the recommended rules: 0 errors', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jixiao-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--extends', 'recommended', '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
    const report = JSON.parse(r.stdout);
    const errors = report.problems.filter((p: any) => p.severity === 'error').map((p: any) => `${p.ruleId} ${p.location?.[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('every operation has a unique operationId and declares its security', () => {
    const ids: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        expect(op.operationId, `${m} ${path}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(op.security, `${m} ${path}`).toBeDefined();
        ids.push(op.operationId);
      }
    }
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['csrf', 'session']);
  });

  it('security says what the server asks for: session and CSRF on writes, nothing on public reads', () => {
    expect(securityOf('PUT', '/api/tables/:id')).toEqual([{ session: [], csrf: [] }]);
    expect(securityOf('GET', '/api/tables/:id')).toEqual([{ session: [] }]);
    expect(securityOf('GET', '/api/public/tables')).toEqual([{}]);
    expect(securityOf('POST', '/api/auth/login')).toEqual([{ csrf: [] }]);
    expect(operationIdOf('GET', '/api/tables/:id/revisions')).toBe('getTablesByIdRevisions');
    expect(doc.paths['/api/tables/{id}'].put.security).toEqual([{ session: [], csrf: [] }]);
  });
});
