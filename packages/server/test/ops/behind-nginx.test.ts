/**
 * Behind Debian's nginx terminating TLS (issue 25, docs/deploy.md): a self-signed certificate, an
 * nginx.conf written to a temporary folder (its own ports, pid, logs and temp folders), the
 * server behind it with JIXIAO_SECURE_COOKIES and JIXIAO_TRUST_PROXY set to the proxy's address.
 * Over HTTPS a user signs in, saves a table and exports it: the cookies are Secure, redirects
 * stay on https and the public host, and the server sees each client's own address — two
 * clients (127.0.0.2 and 127.0.0.3, both through the one proxy at 127.0.0.1) are throttled apart,
 * and a client cannot choose its address with its own X-Forwarded-For.
 *
 * nginx comes from scripts/install-system.sh (CI runs it); without it the test is skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PASSWORD, seedTables, startTestServer, type TestServer } from '../helpers.ts';
import { freePort } from '../free-port.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!NGINX) console.warn('behind-nginx.test.ts skipped: nginx is not installed (bash scripts/install-system.sh installs it; CI does)');


interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): any;
}

/** A browser-like HTTPS client bound to one local address, trusting only the test's certificate. */
class HttpsClient {
  cookies = new Map<string, string>();
  setCookies: string[] = [];
  constructor(
    readonly base: string,
    readonly ca: string,
    readonly localAddress: string,
  ) {}

  send(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { ...extra };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('jixiao_csrf');
    if (method !== 'GET' && csrf) {
      headers['x-csrf-token'] = csrf;
      headers.origin = this.base; // what a browser sends: the public https origin
    }
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.base), { method, headers, ca: this.ca, localAddress: this.localAddress, servername: 'localhost' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const set = res.headers['set-cookie'] ?? [];
          this.setCookies.push(...set);
          for (const c of set) {
            const [pair] = c.split(';');
            const i = pair!.indexOf('=');
            const v = pair!.slice(i + 1).trim();
            if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair!.slice(0, i).trim());
            else this.cookies.set(pair!.slice(0, i).trim(), v);
          }
          const b = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, json: () => JSON.parse(b.toString('utf8')) });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  async login(login: string, password: string): Promise<Answer> {
    await this.send('GET', '/api/auth/csrf');
    return this.send('POST', '/api/auth/login', { login, password });
  }
}

describe.skipIf(!NGINX).each(BACKENDS)('behind nginx terminating TLS (%s)', (backend) => {
  let s: TestServer;
  let nginx: ChildProcess | undefined;
  let dir: string;
  let base: string;
  let ca: string;

  beforeAll(async () => {
    s = await startTestServer(backend, { secureCookies: true, trustProxy: ['127.0.0.1'], loginLimits: { perIp: 3, perLogin: 1000 } });
    dir = mkdtempSync(join(tmpdir(), 'jixiao-nginx-'));
    chmodSync(dir, 0o755); // nginx's workers (nobody when started as root) read and buffer here
    for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(join(dir, d));
      chmodSync(join(dir, d), 0o777);
    }
    const ssl = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { encoding: 'utf8' },
    );
    if (ssl.status !== 0) throw new Error(`openssl: ${ssl.stderr}`);
    ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const port = await freePort();
    const upstream = new URL(s.url).port;
    // As docs/deploy.md shows it, with the test's ports and folders.
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    client_max_body_size 25m;
    location / {
      proxy_pass http://127.0.0.1:${upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_read_timeout 300s;
    }
  }
}
`,
    );
    nginx = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    nginx.stderr!.on('data', (d) => (out += String(d)));
    base = `https://localhost:${port}`;
    const until = Date.now() + 20_000;
    for (;;) {
      const ok = await new HttpsClient(base, ca, '127.0.0.1').send('GET', '/api/health').then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (nginx.exitCode !== null || Date.now() > until) {
        const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
        throw new Error(`nginx did not start: ${out}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const gone = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await gone;
    }
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, saves and exports over HTTPS: Secure cookies, https redirects, the client address in the audit log', async () => {
    const c = new HttpsClient(base, ca, '127.0.0.2');
    const login = await c.login(s.world.logins.filer, PASSWORD);
    expect(login.status).toBe(200);
    const cookies = c.setCookies.filter((x) => /^jixiao_(session|csrf)=/.test(x));
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const x of cookies) expect(x, x).toMatch(/;\s*Secure/i);
    expect(login.headers['strict-transport-security']).toBeDefined();

    const doc = seedTables().clean.find((t) => t.kind === 'project')!;
    const created = await c.send('POST', '/api/tables', { orgId: s.world.orgs.unit.id, document: doc });
    expect(created.status).toBe(201);
    const { id, version } = created.json().table;
    // A Location resolves against the public https address, not the upstream's http one.
    expect(new URL(String(created.headers.location), base).href).toBe(`${base}/api/tables/${id}`);
    const saved = await c.send('PUT', `/api/tables/${id}`, { ...doc, overview: { raw: '经由代理保存' } }, { 'if-match': `"${version}"` });
    expect(saved.status).toBe(200);
    const xlsx = await c.send('GET', `/api/tables/${id}/export?format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(String(xlsx.headers['content-disposition'])).toMatch(/attachment/);

    // A redirect (the API docs' old page → /api/docs/) stays on https and the public host.
    const docs = await c.send('GET', '/api/docs/static/index.html');
    expect(docs.status).toBeGreaterThanOrEqual(300);
    expect(docs.status).toBeLessThan(400);
    const target = new URL(String(docs.headers.location), `${base}/api/docs/static/index.html`);
    expect(target.protocol).toBe('https:');
    expect(target.host).toBe(new URL(base).host);
    expect((await c.send('GET', target.pathname)).status).toBe(200);

    // The server saw the client (127.0.0.2), not the proxy (127.0.0.1).
    const rows = await s.db.database.query<{ ip: string | null; action: string }>(`SELECT ip, action FROM audit_log WHERE action IN ('auth.login', 'table.export') ORDER BY seq`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(r.ip, r.action).toBe('127.0.0.2');
  });

  it('login throttling counts each client address apart, and ignores a client-sent X-Forwarded-For', async () => {
    const a = new HttpsClient(base, ca, '127.0.0.4');
    const b = new HttpsClient(base, ca, '127.0.0.5');
    await a.send('GET', '/api/auth/csrf');
    await b.send('GET', '/api/auth/csrf');
    // perIp is 3: the fourth failure from one address is refused before the password is checked.
    for (let i = 0; i < 3; i++) expect((await a.send('POST', '/api/auth/login', { login: `nobody${i}`, password: 'wrong password x' })).status).toBe(401);
    const locked = await a.send('POST', '/api/auth/login', { login: 'nobody9', password: 'wrong password x' }, { 'x-forwarded-for': '10.9.9.9' });
    expect(locked.status).toBe(429);
    // The other client, through the same proxy, is not throttled.
    expect((await b.send('POST', '/api/auth/login', { login: 'nobody0', password: 'wrong password x' })).status).toBe(401);
    expect((await b.login(s.world.logins.filer2, PASSWORD)).status).toBe(200);
  });
});
