/**
 * Request logs of a real `jixiao serve` (issue 25): on by default, one JSON line per request with
 * method, route, status, duration, request id, user and region — and no password, cookie, CSRF
 * token or document text anywhere in what the process wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPretty, loggerOptions } from '../../src/ops/logging.ts';
import { BACKENDS, Client, PASSWORD, seedTables } from '../helpers.ts';
import { serveProcess, type ServeProcess } from './serve-process.ts';

const SECRET_TEXT = '日志不得记录的项目概况-7f3a9c';

describe.each(BACKENDS)('request logs of jixiao serve (%s)', (backend) => {
  let s: ServeProcess;
  beforeAll(async () => {
    s = await serveProcess(backend);
  });
  afterAll(async () => s?.cleanup());

  it('one JSON line per request with who, what and how long; no secrets, no document text', async () => {
    const c = new Client(s.url);
    expect((await c.login(s.world.logins.filer, PASSWORD)).status).toBe(200);
    const base = seedTables().clean.find((t) => t.kind === 'project')!;
    const created = await c.post('/api/tables', { orgId: s.world.orgs.unit.id, document: { ...base, projectName: { raw: '日志测试项目' } } });
    expect(created.status).toBe(201);
    const id = created.body.table.id as string;
    const saved = await c.put(`/api/tables/${id}`, { ...base, projectName: { raw: '日志测试项目' }, overview: { raw: SECRET_TEXT } }, { 'if-match': `"${created.body.table.version}"` });
    expect(saved.status).toBe(200);
    expect((await c.get(`/api/tables/${id}`)).body.document.overview.raw).toBe(SECRET_TEXT);
    await new Promise((r) => setTimeout(r, 200)); // the last line is written after the answer

    const out = s.output();
    const requests = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>)
      .filter((l) => l.msg === 'request');
    // csrf, login, create, save, read: one line each, in order.
    expect(requests.map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
      'GET /api/auth/csrf 200',
      'POST /api/auth/login 200',
      'POST /api/tables 201',
      'PUT /api/tables/:id 200',
      'GET /api/tables/:id 200',
    ]);
    for (const r of requests) {
      expect(r.reqId).toMatch(/^[0-9a-z]+-[0-9a-z]+$/);
      expect(typeof r.ms).toBe('number');
      expect(r.level).toBe(30);
    }
    expect(new Set(requests.map((r) => r.reqId)).size).toBe(requests.length);
    const save = requests[3]!;
    expect(save.userId).toMatch(/[0-9a-f-]{36}/);
    expect(save.region).toBe('440823');
    expect(requests[0]!.userId).toBeUndefined(); // not signed in yet

    const session = c.cookies.get('jixiao_session')!;
    expect(session.length).toBeGreaterThan(10);
    for (const secret of [PASSWORD, session, c.csrf!, SECRET_TEXT, '日志测试项目']) expect(out.includes(secret), secret).toBe(false);
  });
});

describe('log format and level', () => {
  it('a terminal gets the same line made readable', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 3, 4, 5), pid: 1, reqId: 'a-1', msg: 'request', method: 'PUT', route: '/api/tables/:id', status: 200, ms: 12.5, userId: 'u1', region: '440823' });
    expect(formatPretty(line)).toBe('03:04:05 INFO  PUT /api/tables/:id 200 12.5ms  reqId=a-1 userId=u1 region=440823');
  });

  it('silent turns the logger off; other levels keep JSON on stdout', () => {
    expect(loggerOptions('silent', 'json')).toBe(false);
    expect(loggerOptions('debug', 'json')).toEqual({ level: 'debug', stream: process.stdout });
    expect(loggerOptions('info', 'pretty')).toMatchObject({ level: 'info' });
  });
});
