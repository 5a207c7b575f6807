/**
 * Insight in a real browser against the real server (the 遂溪县 demo): the finance bureau's
 * dashboard draws its charts (ECharts, loaded only on that page) and every figure drills down
 * to a list of exactly that many tables; a filer naming a new project gets indicators of a
 * similar project from the library and inserts one with one click; the public page offers the
 * open data downloads. No console errors; no horizontal scrolling at 1366×768.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assertNoHorizontalScroll, buildWeb, CHROMIUM, DIST, HAVE_CHROMIUM, login, logout, openBrowser, routeJsGzip, shot, startStack, type RunningStack } from './harness.ts';

/** A property name echarts' core code carries (it survives minifying). */
const ECHARTS_MARK = '__ecComponentInfo';

describe.skipIf(!HAVE_CHROMIUM)(`web: dashboards, indicator suggestions, open data (${CHROMIUM})`, () => {
  let stack: RunningStack;
  let b: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    await buildWeb();
    stack = await startStack();
    b = await openBrowser();
    page = b.page;
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await stack?.close();
  }, 60_000);

  const listCount = async () => {
    await page.getByTestId('tables-page').waitFor();
    await expect.poll(() => page.getByTestId('list-total').textContent()).toMatch(/\d/);
    return Number(/(\d+)/.exec((await page.getByTestId('list-total').textContent()) ?? '')![1]);
  };

  it('echarts is only in the dashboard’s chunks', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string }>;
    for (const route of ['src/pages/TablesPage.tsx', 'src/pages/FormPage.tsx', 'src/pages/PublicPage.tsx', 'src/pages/DashboardPage.tsx']) {
      const r = routeJsGzip(route);
      const withEcharts = r.files.filter((f) => readFileSync(join(DIST, f), 'utf8').includes(ECHARTS_MARK));
      console.log(`[web e2e] ${route}: ${(r.gzipBytes / 1024).toFixed(1)} KiB gzip (entry + route, static imports)`);
      expect(withEcharts, route).toEqual([]);
    }
    // …and it is built: a chunk of its own, fetched when a chart mounts.
    expect(Object.values(manifest).some((m) => readFileSync(join(DIST, m.file), 'utf8').includes(ECHARTS_MARK))).toBe(true);
  });

  it('the finance bureau’s dashboard: charts, and figures that open exactly their tables', async () => {
    const base = stack.url;
    await login(page, base, 'caizheng');
    await page.goto(`${base}/#/dashboard`);
    await page.getByTestId('dashboard-page').waitFor();
    await page.locator('[data-testid="chart-progress"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="chart-passing"] canvas').waitFor();
    await shot(page, '20-dashboard-finance');
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(1366);
    const total = Number(await page.locator('[data-testid="total-tables"] .ant-statistic-content-value').textContent());
    expect(total).toBe(3); // the demo's three submitted tables
    // A progress figure → the list with that department, stage and status.
    const link = page.locator('[data-testid^="progress-144-first-submitted"]');
    const n = Number(await link.textContent());
    await link.click();
    expect(await listCount()).toBe(n);
    expect(page.url()).toMatch(/status=submitted/);
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(n);
    // A finding code → the tables that have it.
    await page.goto(`${base}/#/dashboard`);
    const first = page.locator('[data-testid="findings-list"] li a').first();
    await first.waitFor();
    const tables = Number(await first.locator('b').textContent());
    const code = await first.locator('code').textContent();
    await first.click();
    expect(await listCount()).toBe(tables);
    await expect.poll(() => page.getByTestId('drill-filters').textContent()).toContain(code!);
    await shot(page, '21-dashboard-drilldown');
    await logout(page);
  }, 120_000);

  it('a filer naming a new project gets a similar project’s indicators and inserts one with one click', async () => {
    const base = stack.url;
    await login(page, base, 'danwei');
    await page.goto(`${base}/#/tables`);
    await page.getByTestId('new-project').click();
    await page.getByTestId('new-name').fill('2027年高标准农田建设项目');
    await page.getByTestId('new-ok').click();
    await page.getByTestId('form-page').waitFor();
    const item = page.locator('[data-testid="suggestion"][data-name="高标准农田亩均财政补助"]');
    await item.waitFor({ timeout: 20_000 });
    await shot(page, '22-form-suggestions');
    const rows = await page.locator('input[data-key$=":name"]').count();
    await item.getByTestId('suggestion-insert').click();
    await expect.poll(() => page.locator('input[data-key$=":name"]').count()).toBe(rows + 1);
    const names = await page.locator('input[data-key$=":name"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names).toContain('高标准农田亩均财政补助');
    // Inserted once: it leaves the suggestions.
    await expect.poll(() => item.count()).toBe(0);
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(1366);
    await logout(page);
  }, 120_000);

  it('the public page offers the open data', async () => {
    await page.goto(`${stack.url}/#/public/440823/2026`);
    await page.getByTestId('open-data').waitFor();
    const href = await page.getByTestId('open-data-csv').getAttribute('href');
    expect(href).toBe('/api/open-data/indicators.csv?region=440823&year=2026');
    const res = await page.request.get(`${stack.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/csv/);
    expect(b.errors).toEqual([]);
  });
});
