/**
 * Accounts: the password policy, sign-in lockout kept in the database (two app instances on one
 * database share it, as the processes of `jixiao serve --workers N` do), session idle and
 * absolute expiry, session rotation at sign-in, audit entries for every sensitive action, and
 * `jixiao audit verify` finding a tampered entry.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { passwordProblem } from '../../src/auth/password-policy.ts';
import { openDatabase } from '../../src/db/open.ts';
import { BACKENDS, BIN, Client, errorCode, loggedIn, PASSWORD, seedTables, seedWorld, startTestServer, type TestServer } from '../helpers.ts';

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('password policy (unit)', () => {
  const who = { login: 'zhangsan', displayName: '张三' };
  it.each([
    ['short1!', /至少需要 10 个字符/],
    ['zhangsan-2026-abc', /登录名/],
    ['nasgnahz-xyz-123', /登录名/],
    ['password2026', /常见密码/],
    ['woaini1314520', /常见密码/],
    ['Qwertyuiop!!', /常见密码/],
    ['1234567890', /常见密码/],
    ['aaaaaaaaaaaa', /重复/],
    ['ababababababab', /重复/],
    ['0987654321098', /连续/],
  ])('refuses %s', (pw, why) => {
    const p = passwordProblem(pw, who);
    expect(p?.zh).toMatch(why);
    expect(p?.en.length).toBeGreaterThan(10);
  });
  it.each(['correct horse battery', '县财政局2026年绩效', 'T7#kq9!Lm2@x', 'jixiao-demo-2026'])('accepts %s', (pw) => {
    expect(passwordProblem(pw, who)).toBeNull();
  });
});

describe.each(BACKENDS)('accounts (%s)', (backend) => {
  let s: TestServer;
  let second: App;
  let secondUrl: string;
  const audit = async (action: string) =>
    s.db.database.query<{ actor_login: string; target_id: string | null; details: any }>('SELECT actor_login, target_id, details FROM audit_log WHERE action = $1 ORDER BY seq', [action]);

  beforeAll(async () => {
    s = await startTestServer(backend, { loginLimits: { perLogin: 4, perIp: 10_000, windowMs: 60_000 } });
    // A second app on the same database: its limiter shares nothing with the first in memory.
    second = await buildApp({ database: s.db.database, loginLimits: { perLogin: 4, perIp: 10_000, windowMs: 60_000 } });
    await second.listen({ host: '127.0.0.1', port: 0 });
    const addr = second.server.address();
    secondUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await s?.close();
  });

  it('refuses weak passwords when an account is made or reset, in Chinese and English', async () => {
    const admin = await loggedIn(s.url, s.world.logins.admin);
    const make = (login: string, password: string) =>
      admin.post('/api/users', { login, displayName: '李四', password, orgId: s.world.orgs.unit.id, role: 'filer' });
    for (const [login, pw] of [
      ['lisi01', 'lisi01-password'],
      ['lisi02', 'password2026!'],
      ['lisi03', '12345678901'],
    ] as const) {
      const r = await make(login, pw);
      expect(r.status, pw).toBe(400);
      expect(errorCode(r)).toBe('weak_password');
      expect(r.body.error.message.zh).toMatch(/密码/);
      expect(r.body.error.message.en).toMatch(/password/i);
    }
    const ok = await make('lisi04', '县财政局 绩效 2026');
    expect(ok.status).toBe(201);
    const weakReset = await admin.request('PATCH', `/api/users/${ok.body.id}`, { password: 'lisi04lisi04' });
    expect(weakReset.status).toBe(400);
    expect(errorCode(weakReset)).toBe('weak_password');
    expect((await admin.request('PATCH', `/api/users/${ok.body.id}`, { password: '换一个足够长的新密码2026' })).status).toBe(200);
  });

  it('locks a login name after repeated failures, across processes, and tells a real name from a made-up one in no way', async () => {
    const c1 = new Client(s.url);
    const c2 = new Client(secondUrl);
    await c1.get('/api/auth/csrf');
    await c2.get('/api/auth/csrf');
    const tryBoth = async (login: string) => {
      const statuses: number[] = [];
      // Alternate between the two app instances: only the database can count across them.
      for (let i = 0; i < 4; i++) statuses.push((await (i % 2 ? c2 : c1).post('/api/auth/login', { login, password: 'wrong password!' })).status);
      const locked = await c2.post('/api/auth/login', { login, password: PASSWORD });
      return { statuses, locked };
    };
    const real = await tryBoth(s.world.logins.deptReviewer2);
    const fake = await tryBoth('no-such-person');
    expect(real.statuses).toEqual([401, 401, 401, 401]);
    expect(fake.statuses).toEqual(real.statuses);
    expect(real.locked.status).toBe(429); // even the right password
    expect(errorCode(real.locked)).toBe('too_many_attempts');
    expect(Number(real.locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(real.locked.body.error.message.zh).toMatch(/锁定/);
    expect(fake.locked.status).toBe(429);
    expect(fake.locked.body.error.message).toEqual(real.locked.body.error.message);
    // Kept in the database, so a restart does not lift it either.
    const rows = await s.db.database.query<{ failures: number; locked_until: Date | null }>('SELECT failures, locked_until FROM login_throttle WHERE key = $1', [`login:${s.world.logins.deptReviewer2.toLowerCase()}`]);
    expect(rows[0]!.failures).toBe(5); // every attempt is counted before its password is checked: 4 failures and the refused one
    expect(rows[0]!.locked_until).not.toBeNull();
    // Audited: every failure and the lockout, once.
    const lockouts = (await audit('auth.lockout')).filter((e) => e.actor_login === s.world.logins.deptReviewer2);
    expect(lockouts.length).toBe(1);
    expect(lockouts[0]!.details).toMatchObject({ failures: 4 });
    // Other accounts are unaffected; when the lock runs out, the right password works again.
    expect((await c1.post('/api/auth/login', { login: s.world.logins.filer2, password: PASSWORD })).status).toBe(200);
    await s.db.database.query("UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE key = $1", [`login:${s.world.logins.deptReviewer2.toLowerCase()}`]);
    const again = new Client(secondUrl);
    expect((await again.login(s.world.logins.deptReviewer2)).status).toBe(200);
    expect((await s.db.database.query('SELECT 1 FROM login_throttle WHERE key = $1', [`login:${s.world.logins.deptReviewer2.toLowerCase()}`])).length).toBe(0);
  });

  it('counts concurrent failures from two processes exactly: one lockout, audited once', async () => {
    const login = s.world.logins.deptFiler2;
    const clients = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const c = new Client(i % 2 ? secondUrl : s.url);
        await c.get('/api/auth/csrf');
        return c;
      }),
    );
    const res = await Promise.all(clients.map((c) => c.post('/api/auth/login', { login, password: 'wrong password!' })));
    const statuses = res.map((r) => r.status);
    expect(statuses.every((x) => x === 401 || x === 429)).toBe(true);
    expect(statuses.filter((x) => x === 401).length).toBeGreaterThanOrEqual(4);
    expect((await audit('auth.lockout')).filter((e) => e.actor_login === login).length).toBe(1);
    // An administrator's reset lifts the lockout.
    const admin = await loggedIn(s.url, s.world.logins.admin);
    const users = (await admin.get('/api/users')).body.items;
    const id = users.find((u: any) => u.login === login).id;
    expect((await admin.request('PATCH', `/api/users/${id}`, { password: '管理员重设的新密码2026' })).status).toBe(200);
    const c = new Client(s.url);
    expect((await c.login(login, '管理员重设的新密码2026')).status).toBe(200);
    const resets = (await audit('user.update')).filter((e) => e.target_id === id);
    expect(resets.at(-1)!.details).toMatchObject({ passwordReset: true });
  });

  it('ends a session after 60 idle minutes and 12 hours after sign-in, and notes activity at most once a minute', async () => {
    const c = await loggedIn(s.url, s.world.logins.filer);
    const sid = async () => (await s.db.database.query<{ id: string }>("SELECT id FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = $1) ORDER BY created_at DESC LIMIT 1", [s.world.logins.filer]))[0]!.id;
    const id = await sid();
    await s.db.database.query("UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE id = $1", [id]);
    expect((await c.get('/api/me')).status).toBe(200);
    const [seen] = await s.db.database.query<{ age: number }>('SELECT extract(epoch FROM now() - last_seen_at)::int AS age FROM sessions WHERE id = $1', [id]);
    expect(seen!.age).toBeLessThan(60); // touched
    await s.db.database.query("UPDATE sessions SET last_seen_at = now() - interval '61 minutes' WHERE id = $1", [id]);
    const idle = await c.get('/api/me');
    expect(idle.status).toBe(401);
    expect(errorCode(idle)).toBe('unauthenticated');

    const d = await loggedIn(s.url, s.world.logins.filer);
    const id2 = await sid();
    await s.db.database.query("UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1", [id2]);
    expect((await d.get('/api/me')).status).toBe(401);
  });

  it('rotates the session id and the CSRF token at sign-in; the old ones are worth nothing', async () => {
    const c = await loggedIn(s.url, s.world.logins.filer);
    const oldToken = c.cookies.get('jixiao_session')!;
    const oldCsrf = c.csrf!;
    expect((await c.post('/api/auth/login', { login: s.world.logins.filer, password: PASSWORD })).status).toBe(200);
    expect(c.cookies.get('jixiao_session')).not.toBe(oldToken);
    expect(c.csrf).not.toBe(oldCsrf);
    expect((await c.get('/api/me')).status).toBe(200);
    const replay = new Client(s.url);
    replay.cookies.set('jixiao_session', oldToken);
    expect((await replay.get('/api/me')).status).toBe(401);
    // A session id planted before sign-in (fixation) is not the one the user gets.
    const planted = new Client(s.url);
    planted.cookies.set('jixiao_session', 'attacker-chosen-token-value-0000000000000');
    await planted.login(s.world.logins.filer);
    expect(planted.cookies.get('jixiao_session')).not.toBe('attacker-chosen-token-value-0000000000000');
  });

  it('writes an audit entry for every sensitive action', async () => {
    const filer = await loggedIn(s.url, s.world.logins.filer);
    const reviewer = await loggedIn(s.url, s.world.logins.deptReviewer);
    const finance = await loggedIn(s.url, s.world.logins.finance);
    const doc = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    doc.projectName = { raw: '审计覆盖测试项目' };
    const t = (await filer.post('/api/tables', { orgId: s.world.orgs.unit.id, document: doc })).body.table.id;
    expect((await filer.put(`/api/tables/${t}`, doc, { 'if-match': '"1"' })).status).toBe(200);
    expect((await filer.post(`/api/tables/${t}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/api/tables/${t}/return`, { comment: '请补充' })).status).toBe(200);
    expect((await filer.post(`/api/tables/${t}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/api/tables/${t}/approve`)).status).toBe(200);
    expect((await finance.post(`/api/tables/${t}/approve`)).status).toBe(200);
    expect((await finance.post(`/api/tables/${t}/publish`)).status).toBe(200);
    expect((await finance.post(`/api/tables/${t}/exported`, { format: 'xlsx' })).status).toBe(200);
    await new Client(s.url).login(s.world.logins.filer, 'not the password');
    await filer.post('/api/auth/logout');
    const actions = new Set((await s.db.database.query<{ action: string }>('SELECT DISTINCT action FROM audit_log')).map((r) => r.action));
    for (const a of [
      'auth.login',
      'auth.login_failed',
      'auth.lockout',
      'auth.logout',
      'user.create',
      'user.update',
      'table.create',
      'table.save',
      'table.submit',
      'table.return',
      'table.approve',
      'table.publish',
      'table.export',
    ]) {
      expect(actions.has(a), a).toBe(true);
    }
    const steps = await s.db.database.query<{ action: string; actor_login: string }>("SELECT action, actor_login FROM audit_log WHERE target_id = $1 AND action LIKE 'table.%' ORDER BY seq", [t]);
    expect(steps.map((x) => x.action)).toEqual(['table.create', 'table.save', 'table.submit', 'table.return', 'table.submit', 'table.approve', 'table.approve', 'table.publish', 'table.export']);
    expect(steps.map((x) => x.actor_login)).toEqual([
      s.world.logins.filer,
      s.world.logins.filer,
      s.world.logins.filer,
      s.world.logins.deptReviewer,
      s.world.logins.filer,
      s.world.logins.deptReviewer,
      s.world.logins.finance,
      s.world.logins.finance,
      s.world.logins.finance,
    ]);
  });
});

describe('jixiao audit verify (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-audit-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on an intact chain (a backup is logged in it), and exits 1 naming the entry someone changed', async () => {
    const env = { JIXIAO_DATA_DIR: dir, DATABASE_URL: '' };
    let database = await openDatabase({ dataDir: dir });
    await seedWorld(database);
    const app = await buildApp({ database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    for (let i = 0; i < 3; i++) await loggedIn(url, 't_filer');
    await app.close();
    await database.close();

    const backup = await runCli(['backup', join(dir, 'b.jsonl')], env);
    expect(backup.code, backup.out).toBe(0);
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/440823: \d+ 条记录，哈希链完整/);
    const json = JSON.parse((await runCli(['audit', 'verify', '--json'], env)).out);
    expect(json.ok).toBe(true);
    expect(json.regions[0].entries).toBeGreaterThanOrEqual(4);

    // Someone with database access edits a past entry (the append-only trigger must be switched off first).
    database = await openDatabase({ dataDir: dir });
    const [victim] = await database.query<{ seq: number; action: string }>("SELECT seq, action FROM audit_log WHERE region_code = '440823' ORDER BY seq LIMIT 1 OFFSET 1");
    expect(victim!.action).toBe('auth.login');
    await database.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await database.query(`UPDATE audit_log SET ip = '10.0.0.66' WHERE region_code = '440823' AND seq = $1`, [victim!.seq]);
    await database.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    const actions = (await database.query<{ action: string }>("SELECT action FROM audit_log WHERE region_code = '440823'")).map((r) => r.action);
    expect(actions).toContain('backup');
    await database.close();
    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code, broken.out).toBe(1);
    expect(broken.out).toMatch(new RegExp(`第 ${victim!.seq} 条起哈希链断裂`));
    expect(broken.out).toMatch(new RegExp(`chain broken at entry ${victim!.seq}`));
    expect((await runCli(['audit', 'nonsense'], env)).code).toBe(2);
  }, 180_000);
});
