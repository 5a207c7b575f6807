/**
 * Accessibility in a real browser against the real server (issue 20): axe-core (the npm package,
 * evaluated in the page) finds no serious or critical violation of WCAG 2.0/2.1 A and AA on the
 * login, 待办, the form, the dashboard, the public list and a public table. On each page, besides:
 * exactly one <h1>; no empty table header; every Tab stop shows a focus outline of at least 3:1
 * against what surrounds it (computed from the computed styles); and no control takes two Tab
 * stops (a stop inside the one before it). One server, one browser for all pages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb, CHROMIUM, fileThroughApi, HAVE_CHROMIUM, login, logout, openBrowser, publishThroughApi, startStack, type RunningStack } from './harness.ts';
import { seedTables } from '../../../server/test/helpers.ts';

if (!HAVE_CHROMIUM) console.warn(`[web e2e] SKIPPED: ${CHROMIUM} is missing — run packages/web/scripts/install-browser.sh`);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical WCAG A/AA violations on the page as it is now, plus the empty-table-header check. */
async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated over the DevTools protocol, so the app's Content-Security-Policy does not stop it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> }> } }).axe;
    const wcag = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    const extra = await axe.run(document, { runOnly: { type: 'rule', values: ['empty-table-header'] }, resultTypes: ['violations'] });
    return [...wcag.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), ...extra.violations].map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`),
    }));
  }, WCAG_AA);
}

interface TabStop {
  what: string;
  /** The stop before it. */
  after?: string;
  /** Inside the stop before it (one control, two stops). */
  insidePrevious: boolean;
  outline: { style: string; width: number; contrast: number };
}

/**
 * Walks the Tab order (at most `max` stops) and measures each stop's focus outline: its colour's
 * contrast with the first opaque background behind the element (the outline is drawn outside it).
 */
async function tabStops(page: Page, max: number): Promise<TabStop[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    (window as unknown as { __prevStop?: Element | null }).__prevStop = null;
    window.scrollTo(0, 0);
  });
  const stops: TabStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // The outline as it settles: Ant Design animates some controls' outline (transition: all).
    await page.evaluate(() => Promise.all((document.activeElement?.getAnimations() ?? []).map((a) => a.finished)));
    const s = await page.evaluate(() => {
      const w = window as unknown as { __prevStop?: Element | null };
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const rgb = (c: string) => {
        const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c);
        return m ? { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: m[4] === undefined ? 1 : +m[4] } : { r: 0, g: 0, b: 0, a: 0 };
      };
      const lum = ({ r, g, b }: { r: number; g: number; b: number }) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      // A control drawn by another element (Ant Design's Segmented: a hidden radio inside its
      // label) shows its focus on the element that is seen: measure that one.
      const box = el.getBoundingClientRect();
      const shown = box.width * box.height < 4 || getComputedStyle(el).opacity === '0' ? (el.closest('label') ?? el.parentElement ?? el) : el;
      const cs = getComputedStyle(shown);
      // Behind an outline drawn outside the element is its parent; behind one drawn inside (negative offset), the element.
      let bg = { r: 255, g: 255, b: 255, a: 1 };
      for (let p = parseFloat(cs.outlineOffset) < 0 ? shown : shown.parentElement; p; p = p.parentElement) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c.a > 0.5) {
          bg = c;
          break;
        }
      }
      const oc = rgb(cs.outlineColor);
      // A translucent outline is seen blended over the background.
      const seen = { r: oc.r * oc.a + bg.r * (1 - oc.a), g: oc.g * oc.a + bg.g * (1 - oc.a), b: oc.b * oc.a + bg.b * (1 - oc.a) };
      const [hi, lo] = [lum(seen), lum(bg)].sort((a, b) => b - a);
      const insidePrevious = !!w.__prevStop && w.__prevStop !== el && w.__prevStop.contains(el);
      w.__prevStop = el;
      const label = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.getAttribute('placeholder') ?? '').trim().slice(0, 30);
      return {
        what: `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''} "${label}"`,
        insidePrevious,
        outline: { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0, contrast: Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100 },
      };
    });
    if (!s) continue;
    // Back at the first stop: the whole order was walked.
    if (stops.length > 1 && s.what === stops[0]!.what) break;
    stops.push({ ...s, after: stops.at(-1)?.what });
  }
  return stops;
}

/** The checks every page must pass. */
async function audit(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  console.log(`[a11y] ${name}: ${violations.length} serious/critical axe violation(s)${violations.length ? `\n${JSON.stringify(violations, null, 1)}` : ''}`);
  expect.soft(violations, name).toEqual([]);
  const h1 = await page.locator('h1').count();
  expect.soft(h1, `${name}: one <h1>`).toBe(1);
  const stops = await tabStops(page, 150);
  expect(stops.length, `${name}: Tab reaches controls`).toBeGreaterThan(2);
  const bad = stops.filter((s) => s.insidePrevious || s.outline.style === 'none' || s.outline.width < 2 || s.outline.contrast < 3);
  console.log(`[a11y] ${name}: ${h1} <h1>; ${stops.length} Tab stops, lowest focus-outline contrast ${Math.min(...stops.map((s) => s.outline.contrast))}:1${bad.length ? `; failing stops:\n${JSON.stringify(bad)}` : ''}`);
  expect.soft(bad, `${name}: Tab stops without a 3:1 focus outline of 2px, or a control's second stop`).toEqual([]);
}

describe.skipIf(!HAVE_CHROMIUM)('web: accessibility — axe-core WCAG 2 AA, headings, focus (real browser, real server)', () => {
  let stack: RunningStack;
  let b: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let published: string;
  let draft: string;

  beforeAll(async () => {
    await buildWeb();
    stack = await startStack();
    // A table taken through the workflow to publication, for the public pages.
    const doc = structuredClone(seedTables().clean.find((t) => t.kind === 'project')!);
    (doc as { projectName: { raw: string } }).projectName = { raw: '无障碍检查项目' };
    published = await publishThroughApi(stack.apiUrl, doc);
    // And a draft of the filer's, open for editing (inputs, selects, the findings panel).
    (doc as { projectName: { raw: string } }).projectName = { raw: '无障碍检查草稿' };
    draft = await fileThroughApi(stack.apiUrl, doc);
    b = await openBrowser();
    page = b.page;
  }, 240_000);
  afterAll(async () => {
    await b?.close();
    await stack?.close();
  }, 60_000);

  it('the login page', async () => {
    await page.goto(`${stack.url}/#/login`);
    await page.getByTestId('login-submit').waitFor();
    await audit(page, 'login');
  }, 60_000);

  it('the public list and a public table', async () => {
    await page.goto(`${stack.url}/#/public/440823/2026`);
    await page.getByTestId('public-link').first().waitFor();
    await audit(page, 'public list');
    await page.goto(`${stack.url}/#/public/table/${published}`);
    await page.locator('table.official').first().waitFor();
    await audit(page, 'public table');
  }, 90_000);

  it('待办 and the form of a filer', async () => {
    await login(page, stack.url, 'bumen');
    await page.getByTestId('todo-link').first().waitFor();
    await audit(page, 'todo');
    await page.goto(`${stack.url}/#/tables/${draft}`);
    await page.locator('[data-key^="ind:"]').first().waitFor();
    await audit(page, 'form');
    await logout(page);
  }, 120_000);

  it('the finance bureau’s dashboard', async () => {
    await login(page, stack.url, 'caizheng');
    await page.goto(`${stack.url}/#/dashboard`);
    await page.locator('[data-testid="chart-progress"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await audit(page, 'dashboard');
    await logout(page);
  }, 90_000);

  it('no console errors on the way', () => {
    expect(b.errors).toEqual([]);
  });
});
