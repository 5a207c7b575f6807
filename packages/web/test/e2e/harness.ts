/**
 * End-to-end harness: builds the web app, starts the REAL server (`jixiao serve --demo` on a
 * temporary PGlite folder and a free port) serving that build at `/` (JIXIAO_WEB_DIST), with
 * its real security headers and CSP, and launches Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '@jixiao/files';
import { Client } from '../../../server/test/helpers.ts';

export const CHROMIUM = process.env.JIXIAO_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ROOT = resolve(WEB_DIR, '../..');
/** Each test file builds into its own folder: files run in parallel workers, and dist/ is the user's. */
export const DIST = mkdtempSync(join(tmpdir(), 'jixiao-web-dist-'));
export const SHOTS = join(ROOT, 'artifacts/screenshots');
export const DEMO_PASSWORD = 'jixiao-demo-2026';
export const SEED_FILE = [join(ROOT, 'packages/server/src/demo/suixi-2026-seed.txt'), '/work/shared/seed/000_860be9a69280b0ce.txt'].find((p) => existsSync(p))!;

/** The flags the project launches Chromium with, shared with the server's PDF renderer. */
export { CHROMIUM_ARGS };

let built: Promise<void> | undefined;
/** Builds packages/web/dist once per run. */
export function buildWeb(): Promise<void> {
  built ??= (async () => {
    const { build } = await import('vite');
    // Vitest runs with NODE_ENV=test, and Vite would then bundle React's development build.
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: WEB_DIR, configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: DIST, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = prev;
    }
  })();
  return built;
}

/** gzip size of the JavaScript a route loads: the entry, and the route chunk with its static imports. */
export function routeJsGzip(routeSrc: string): { files: string[]; gzipBytes: number; rawBytes: number } {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;
  const seen = new Set<string>();
  const visit = (key: string) => {
    const m = manifest[key];
    if (!m || seen.has(m.file)) return;
    seen.add(m.file);
    for (const i of m.imports ?? []) visit(i);
  };
  for (const [k, v] of Object.entries(manifest)) if (v.isEntry) visit(k);
  visit(routeSrc);
  let gz = 0;
  let raw = 0;
  for (const f of seen) {
    const b = readFileSync(join(DIST, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { files: [...seen], gzipBytes: gz, rawBytes: raw };
}

export interface RunningStack {
  url: string;
  apiUrl: string;
  close(): Promise<void>;
  serverLog(): string;
}

/** Starts the real server with the demo data (or, `demo: false`, on an empty data folder), serving the fresh build of the web app. */
export async function startStack(opts: { demo?: boolean } = {}): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, JIXIAO_DEMO_PASSWORD: DEMO_PASSWORD, JIXIAO_WEB_DIST: DIST };
  delete env.DATABASE_URL; // a fresh embedded database per run, whatever CI points PostgreSQL at
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'packages/cli/bin/jixiao.mjs'), 'serve', ...(opts.demo === false ? [] : ['--demo']), '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const apiUrl = await new Promise<string>((ok, fail) => {
    // Generous: on the shared 2-core machine under load the demo takes more than 90 s to create.
    const timer = setTimeout(() => fail(new Error(`server did not start in 240 s:\n${log}`)), 240_000);
    const on = (b: Buffer) => {
      log += b.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening:\n${log}`));
    });
  });
  const url = apiUrl;
  return {
    url,
    apiUrl,
    serverLog: () => log,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((ok) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            ok();
          }, 10_000);
          child.on('exit', () => {
            clearTimeout(t);
            ok();
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(DIST, { recursive: true, force: true });
    },
  };
}

/** A fresh browser profile (its own --user-data-dir) at 1366×768. */
export async function openBrowser(): Promise<{ context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'jixiao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m: ConsoleMessage) => {
      if (m.type() !== 'error') return;
      const where = m.location()?.url ?? '';
      // The one answer the app expects and handles (the conflict dialog), not a bug: 409 on save.
      if (/status of 409/.test(m.text()) && /\/api\/tables\//.test(where)) return;
      errors.push(`${m.text()} @ ${where}`);
    });
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  };
  watch(page);
  context.on('page', watch);
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export async function login(page: Page, base: string, user: string): Promise<void> {
  await page.goto(`${base}/#/login`);
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('todo-page').waitFor();
}

export async function logout(page: Page): Promise<void> {
  // As a person does: sign out once the page has loaded what it asked for. Signing out while the
  // 待办 page's requests are still in flight makes them answer 401, which the browser logs as
  // errors (seen under load in CI: /api/rounds and /api/evaluation/owed).
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.getByTestId('logout').click();
  await page.getByTestId('login-submit').waitFor();
}

/** Every page must fit 1366 px: no horizontal scrolling of the document. */
export async function assertNoHorizontalScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** An API client signed in as a demo user. */
export async function apiAs(apiUrl: string, user: string): Promise<Client> {
  const c = new Client(apiUrl);
  const r = await c.login(user, DEMO_PASSWORD);
  if (r.status !== 200) throw new Error(`login ${user}: ${r.status}`);
  return c;
}

/** Files `document` through the API as the filer `bumen` for unit 144001 (a draft); returns the table's id. */
export async function fileThroughApi(apiUrl: string, document: unknown): Promise<string> {
  const filer = await apiAs(apiUrl, 'bumen');
  const unit = (await filer.get('/api/orgs')).body.items.find((o: { code: string }) => o.code === '144001');
  const made = await filer.post('/api/tables', { orgId: unit.id, document });
  if (made.status !== 201) throw new Error(JSON.stringify(made.body));
  return made.body.table.id;
}

/** Files `document` as fileThroughApi does and takes it through both approvals to publication; returns the table's id. */
export async function publishThroughApi(apiUrl: string, document: unknown): Promise<string> {
  const id = await fileThroughApi(apiUrl, document);
  const as = (user: string) => apiAs(apiUrl, user);
  const filer = await as('bumen');
  const step = async (c: Client, action: string) => {
    const r = await c.post(`/api/tables/${id}/${action}`);
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await step(filer, 'submit');
  await step(await as('kegongmao'), 'approve');
  const finance = await as('caizheng');
  await step(finance, 'approve');
  await step(finance, 'publish');
  return id;
}
