/**
 * Request ids in the logs are unique across the processes of `jixiao serve --workers N`: each
 * process counts its own requests, so the id starts with the process id.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers.ts';

describe('request ids', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.cleanup());

  it('start with the process id and never repeat within it', async () => {
    db = await createTestDatabase('pglite');
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp({ database: db.database, logger: { level: 'info', stream } });
    try {
      for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    const ids = [...new Set(lines.map((l) => JSON.parse(l) as { reqId?: string }).flatMap((l) => (l.reqId ? [l.reqId] : [])))];
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id.startsWith(`${process.pid.toString(36)}-`), id).toBe(true);
  });
});
