/**
 * Test helpers: a fresh real database (PGlite in a temporary folder always; PostgreSQL when
 * DATABASE_URL is set — a new `jixiao_test_<random>` database on that server, dropped
 * afterwards), the real app listening on 127.0.0.1, an HTTP client with a cookie jar and the
 * CSRF header, and a region with two departments, their units and one user per role.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { importText, type TargetTable } from '@jixiao/core';
import { buildApp, type App, type AppOptions } from '../src/app.ts';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../src/db/open.ts';
import { createOrg, createRegion, createUser, type OrgRow } from '../src/orgs/service.ts';
import { correctUntilClean, SEED_FILE } from '../src/demo/demo.ts';
import type { StoredDocument } from '../src/tables/document.ts';
import type { Role } from '../src/auth/session.ts';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  database: Database;
  /** For PostgreSQL: the URL of the fresh database. For PGlite: the data folder. */
  where: string;
  cleanup(): Promise<void>;
}

/** A URL for another database on the DATABASE_URL server. */
export function databaseUrlFor(name: string): string {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jixiao_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrlFor(name),
    async drop() {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * initdb takes seconds; a migrated, empty PGlite folder is made once per schema and copied.
 * (Opening the copy still runs the migrator, which finds nothing to do.)
 */
async function pgliteTemplate(): Promise<string> {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    if (f.endsWith('.sql') || f.endsWith('.json')) h.update(f).update(readFileSync(join(MIGRATIONS_FOLDER, f)));
  }
  const dir = join(tmpdir(), `jixiao-pglite-template-${h.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'pglite', 'PG_VERSION'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'jixiao-template-build-'));
  const db = await openDatabase({ dataDir: building });
  await db.close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another worker made it first
  }
  return dir;
}

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-test-'));
    cpSync(await pgliteTemplate(), dir, { recursive: true });
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      where: dir,
      async cleanup() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pgdb = await createPgDatabase();
  const database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 5 });
  return {
    database,
    where: pgdb.url,
    async cleanup() {
      await database.close();
      await pgdb.drop();
    },
  };
}

export const PASSWORD = 'correct horse battery';
export const REGION = '440823';

export interface World {
  orgs: { finance: OrgRow; dept: OrgRow; unit: OrgRow; dept2: OrgRow; unit2: OrgRow };
  /** Logins: admin, finance, dept (reviewer of 144), deptFiler (144), filer (144001), and the same for 145 with suffix 2. */
  logins: Record<'admin' | 'finance' | 'deptReviewer' | 'deptFiler' | 'filer' | 'deptReviewer2' | 'deptFiler2' | 'filer2', string>;
}

/** 遂溪县: 财政局, 144 with unit 144001, 145 with unit 145001, one account per role. */
export async function seedWorld(database: Database): Promise<World> {
  const db = database.db;
  await createRegion(db, REGION, '遂溪县');
  const finance = await createOrg(db, { regionCode: REGION, kind: 'finance', code: 'CZJ', name: '遂溪县财政局' });
  const dept = await createOrg(db, { regionCode: REGION, kind: 'dept', code: '144', name: '遂溪县科工贸和信息化局' });
  const unit = await createOrg(db, { regionCode: REGION, kind: 'unit', code: '144001', name: '遂溪县科工贸和信息化局', parentId: dept.id });
  const dept2 = await createOrg(db, { regionCode: REGION, kind: 'dept', code: '145', name: '遂溪县农业农村局' });
  const unit2 = await createOrg(db, { regionCode: REGION, kind: 'unit', code: '145001', name: '遂溪县农业技术推广中心', parentId: dept2.id });
  const users: Array<[keyof World['logins'], Role, OrgRow]> = [
    ['admin', 'admin', finance],
    ['finance', 'finance_reviewer', finance],
    ['deptReviewer', 'dept_reviewer', dept],
    ['deptFiler', 'filer', dept],
    ['filer', 'filer', unit],
    ['deptReviewer2', 'dept_reviewer', dept2],
    ['deptFiler2', 'filer', dept2],
    ['filer2', 'filer', unit2],
  ];
  const logins = {} as World['logins'];
  for (const [key, role, org] of users) {
    const login = `t_${key}`;
    await createUser(db, { regionCode: REGION, login, displayName: key, password: PASSWORD, orgId: org.id, role });
    logins[key] = login;
  }
  return { orgs: { finance, dept, unit, dept2, unit2 }, logins };
}

/** The seed's three tables as imported (with their errors), and corrected to pass the checker. */
export function seedTables(): { raw: TargetTable[]; clean: StoredDocument[] } {
  const { tables } = importText(readFileSync(SEED_FILE, 'utf8'), 'seed.txt');
  return { raw: tables, clean: tables.map((t) => correctUntilClean(t as StoredDocument).document) };
}

export interface TestServer {
  app: App;
  url: string;
  db: TestDatabase;
  world: World;
  close(): Promise<void>;
}

export async function startTestServer(backend: Backend, opts: Partial<AppOptions> = {}): Promise<TestServer> {
  const db = await createTestDatabase(backend);
  try {
    const world = await seedWorld(db.database);
    const app = await buildApp({ database: db.database, ...opts });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    return {
      app,
      url: `http://127.0.0.1:${port}`,
      db,
      world,
      async close() {
        await app.close();
        await db.cleanup();
      },
    };
  } catch (err) {
    await db.cleanup();
    throw err;
  }
}

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like client: keeps cookies, sends the CSRF header on state-changing requests. */
export class Client {
  cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const k = pair!.slice(0, i).trim();
      const v = pair!.slice(i + 1).trim();
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const c = this.cookies.get('jixiao_csrf');
    if (c) this.csrf = c;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (method !== 'GET' && this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    this.keep(res);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }

  async login(login: string, password = PASSWORD): Promise<Res> {
    await this.get('/api/auth/csrf');
    return this.post('/api/auth/login', { login, password });
  }
}

export async function loggedIn(base: string, login: string): Promise<Client> {
  const c = new Client(base);
  const r = await c.login(login);
  if (r.status !== 200) throw new Error(`login ${login} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

/** Asserts the one error shape and returns its code. */
export function errorCode(res: Res): string {
  const e = (res.body as { error?: { code?: unknown; message?: { zh?: unknown; en?: unknown } } })?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message?.zh !== 'string' || typeof e.message?.en !== 'string') {
    throw new Error(`not the error shape: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return e.code;
}

export const BIN = fileURLToPath(new URL('../../cli/bin/jixiao.mjs', import.meta.url));

/** Runs `jixiao serve --demo --port 0` as its own process and waits until it listens. */
export function spawnServer(env: Record<string, string>, args: string[] = []): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1'), output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
}

