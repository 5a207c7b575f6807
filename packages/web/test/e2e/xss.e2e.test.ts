/**
 * Markup in what users type is shown as text and never runs: indicator names and a project name
 * holding `<script>` and `<img onerror>` are filed through the API, taken through the workflow
 * to publication, and opened in a real Chromium in the form, the print view and the public page.
 * On each: no element made from the payload exists, the payload never ran (no dialog, no global
 * it sets), and the payload is there as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb, CHROMIUM, HAVE_CHROMIUM, login, openBrowser, publishThroughApi, shot, startStack, type RunningStack } from './harness.ts';
import { seedTables } from '../../../server/test/helpers.ts';

if (!HAVE_CHROMIUM) console.warn(`[web e2e] SKIPPED: ${CHROMIUM} is missing — run packages/web/scripts/install-browser.sh`);

const IMG = '<img src=x onerror="window.__xss=(window.__xss||0)+1;alert(1)">';
const SCRIPT = '<script>window.__xss=99;alert(2)</script>';
const SVG = '"><svg onload="window.__xss=7">';

describe.skipIf(!HAVE_CHROMIUM)('web: markup in indicator names is text, never code (real browser, real server)', () => {
  let stack: RunningStack;
  let b: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let id: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    await buildWeb();
    stack = await startStack();
    const doc = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!) as any;
    doc.projectName = { raw: `脚本测试项目${SCRIPT}` };
    doc.indicators[0].name = { raw: `支出率${IMG}` };
    doc.indicators[1].name = { raw: `完成率${SCRIPT}${SVG}` };
    id = await publishThroughApi(stack.apiUrl, doc);
    b = await openBrowser();
    page = b.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 240_000);

  afterAll(async () => {
    await b?.close();
    await stack?.close();
  }, 60_000);

  /** Nothing the payloads would create exists, nothing ran, and the text is on the page. */
  async function assertInert(where: string, textCarrier: 'text' | 'inputs') {
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
      svgs: document.querySelectorAll('svg[onload]').length,
      scripts: [...document.scripts].filter((s) => s.textContent?.includes('__xss')).length,
      text: document.body.innerText,
      values: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'),
    }));
    expect(state.xss, where).toBeUndefined();
    expect(state.imgs, where).toBe(0);
    expect(state.svgs, where).toBe(0);
    expect(state.scripts, where).toBe(0);
    expect(dialogs, where).toEqual([]);
    const shown = textCarrier === 'text' ? state.text : `${state.text}\n${state.values}`;
    expect(shown, where).toContain('<img src=x onerror=');
    expect(shown, where).toContain('<script>window.__xss=99');
  }

  it('shows the payloads as text in the form, the print view and the public page', async () => {
    const base = stack.url;
    try {
      await login(page, base, 'bumen');
      await page.goto(`${base}/#/tables/${id}`);
      await page.locator('[data-key^="ind:"]').first().waitFor();
      await page.waitForTimeout(500);
      await assertInert('form', 'inputs');
      await shot(page, 'xss-form');

      await page.goto(`${base}/#/tables/${id}/print`);
      await page.getByText('脚本测试项目', { exact: false }).first().waitFor();
      await page.waitForTimeout(500);
      await assertInert('print view', 'text');
      await shot(page, 'xss-print');

      // The public page as the public sees it: no session at all.
      await b.context.clearCookies();
      await page.goto(`${base}/#/public/table/${id}`);
      await page.getByTestId('public-table').waitFor();
      await page.getByText('脚本测试项目', { exact: false }).first().waitFor();
      await page.waitForTimeout(500);
      await assertInert('public page', 'text');
      await shot(page, 'xss-public');
      expect(b.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    } catch (e) {
      await shot(page, 'zz-xss-failure').catch(() => undefined);
      throw e;
    }
  }, 180_000);
});
