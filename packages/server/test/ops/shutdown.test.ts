/**
 * Graceful shutdown of a real `jixiao serve` (issue 25): at SIGTERM the listener closes (new
 * connections are refused), a request in flight — a save whose body is still arriving — gets its
 * full answer, and the process exits 0; a request that never finishes does not hold it past
 * JIXIAO_SHUTDOWN_TIMEOUT (exit 1, said in the log).
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, PASSWORD, seedTables } from '../helpers.ts';
import { serveProcess, type ServeProcess } from './serve-process.ts';

/** A PUT whose body is sent in two halves: the second only when told. */
function slowSave(s: ServeProcess, c: Client, id: string, version: number, body: string) {
  const url = new URL(`/api/tables/${id}`, s.url);
  const bytes = Buffer.from(body);
  const req = request(url, {
    method: 'PUT',
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': c.csrf!,
      'content-type': 'application/json',
      'content-length': String(bytes.length),
      'if-match': `"${version}"`,
    },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  answer.catch(() => undefined);
  req.write(bytes.subarray(0, bytes.length >> 1));
  return { answer, finish: () => req.end(bytes.subarray(bytes.length >> 1)) };
}

async function createTable(s: ServeProcess): Promise<{ c: Client; id: string; version: number; body: string }> {
  const c = new Client(s.url);
  expect((await c.login(s.world.logins.filer, PASSWORD)).status).toBe(200);
  const base = seedTables().clean.find((t) => t.kind === 'project')!;
  const r = await c.post('/api/tables', { orgId: s.world.orgs.unit.id, document: base });
  expect(r.status).toBe(201);
  return { c, id: r.body.table.id, version: r.body.table.version, body: JSON.stringify({ ...base, overview: { raw: '关机时仍在保存的修改' } }) };
}

const exitOf = (s: ServeProcess) =>
  new Promise<{ code: number | null; at: number }>((r) => {
    if (s.child.exitCode !== null) r({ code: s.child.exitCode, at: Date.now() });
    else s.child.once('exit', (code) => r({ code, at: Date.now() }));
  });

describe('graceful shutdown of jixiao serve', () => {
  let s: ServeProcess | undefined;
  afterEach(async () => s?.cleanup());

  it('finishes the request in flight, refuses new connections, exits 0 within the bound', async () => {
    s = await serveProcess('pglite', { JIXIAO_SHUTDOWN_TIMEOUT: '8000' });
    const t = await createTable(s);
    const save = slowSave(s, t.c, t.id, t.version, t.body);
    await new Promise((r) => setTimeout(r, 300)); // the headers are in: the request is in flight
    const exited = exitOf(s);
    const sentAt = Date.now();
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await expect(fetch(`${s.url}/api/health/live`)).rejects.toThrow(); // the listener is closed
    save.finish();
    const answer = await save.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).table.version).toBe(t.version + 1);
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(8000);
    expect(s.output()).toContain('SIGTERM: shutting down (at most 8000 ms)');
  });

  it('a request that never finishes does not hold the process past JIXIAO_SHUTDOWN_TIMEOUT', async () => {
    s = await serveProcess('pglite', { JIXIAO_SHUTDOWN_TIMEOUT: '1500' });
    const t = await createTable(s);
    const save = slowSave(s, t.c, t.id, t.version, t.body);
    await new Promise((r) => setTimeout(r, 300));
    const exited = exitOf(s);
    const sentAt = Date.now();
    s.child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(1);
    expect(at - sentAt).toBeGreaterThanOrEqual(1400);
    expect(at - sentAt).toBeLessThan(1500 + 4000);
    expect(s.output()).toContain('requests still in flight after 1500 ms: exiting');
    await expect(save.answer).rejects.toThrow(); // its connection was cut
  });
});
