/**
 * Monitoring and self-evaluation in a real browser against the real server (demo data): the
 * department and the finance bureau approve the 数字赋能 project's targets; the unit sees the
 * open 1–10月 round on its to-do page, starts the report (targets read-only, pre-filled), enters
 * progress with one indicator at 0 — a red light — explains it and submits; the finance bureau
 * opens the year's self-evaluation round; the unit starts the self-evaluation (actuals
 * pre-filled from the monitoring's expected values), enters execution at 85% with its reason and
 * the qualitative scores, and the page shows the hand-computed total 98.5 and grade 优. The
 * roll-up shows the red light for the department; the 自评表 prints in the official layout.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measuredValueMeeting, parseIndicatorValue, type SelfEvalTable } from '@jixiao/core';
import { readTableFile } from '@jixiao/files';
import type { Page } from 'playwright-core';

import { assertNoHorizontalScroll, buildWeb, CHROMIUM, HAVE_CHROMIUM, login, logout, openBrowser, shot, startStack, type RunningStack } from './harness.ts';

/** What meets a target, as a measured value (`96%`), never the target written again (`≥95%`). */
const meets = (target: string) => measuredValueMeeting(parseIndicatorValue(target)) ?? '达成年度指标';

if (!HAVE_CHROMIUM) console.warn(`[web e2e] SKIPPED: ${CHROMIUM} is missing — run packages/web/scripts/install-browser.sh`);

const PROJECT = '遂溪县数字赋能实体经济发展规划编制费用';

describe.skipIf(!HAVE_CHROMIUM)('web: approve targets → monitoring with a red light → self-evaluation score and grade (real browser, real server)', () => {
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

  it('runs monitoring and self-evaluation end to end', async () => {
    try {
      await flow();
    } catch (e) {
      await shot(page, 'zz-evaluation-failure').catch(() => undefined);
      throw e;
    }
    expect(b.errors).toEqual([]);
  }, 300_000);

  /** The table id of the project, from the API as the signed-in user sees it. */
  const projectId = () =>
    page.evaluate(async (name) => {
      const r = await fetch('/api/tables?year=2026&limit=500');
      const j = (await r.json()) as { items: Array<{ id: string; name: string }> };
      return j.items.find((t) => t.name === name)!.id;
    }, PROJECT);

  /** Rows of the report grid with their target text. */
  const targets = () => page.locator('[data-testid="report-grid"] tbody tr .target-cell').allTextContents();

  async function flow() {
    const base = stack.url;

    // The department and the finance bureau approve the project's targets.
    await login(page, base, 'kegongmao');
    const id = await projectId();
    await page.goto(`${base}/#/tables/${id}`);
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('dept_approved');
    await logout(page);
    await login(page, base, 'caizheng');
    await page.goto(`${base}/#/tables/${id}`);
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('finance_approved');
    await logout(page);

    // The unit's to-do page: the open 1–10月 round, due within the week, with a reminder.
    await login(page, base, 'danwei');
    await page.getByTestId('todo-owed').waitFor();
    await expect.poll(() => page.getByTestId('owed-this-month').textContent(), { timeout: 10_000 }).toContain(PROJECT);
    expect(await page.getByTestId('reminder').first().textContent()).toContain('2026年1–10月绩效运行监控');
    expect(await page.getByTestId('owed-this-month').getByTestId('due-tag').first().getAttribute('data-due')).toBe('due-soon');
    await shot(page, '20-todo-owed');
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('owed-this-month').getByTestId('owed-start').first().click();
    await page.getByTestId('report-page').waitFor();
    expect(await page.getByTestId('report-page').getAttribute('data-kind')).toBe('monitoring');

    // Targets are shown, not editable; enter progress: the first ≥/＝ target at 0 (red), the rest met.
    const tg = await targets();
    expect(tg.length).toBeGreaterThanOrEqual(5);
    const redRow = tg.findIndex((t) => /^[≥＝＞]/.test(t.trim()) && /[1-9]/.test(t)) + 1;
    expect(redRow).toBeGreaterThan(0);
    for (let k = 1; k <= tg.length; k++) {
      const target = tg[k - 1]!.trim();
      const met = meets(target);
      await page.getByTestId(`achieved-${k}`).fill(k === redRow ? '0' : met);
      await page.getByTestId(`expected-${k}`).fill(met);
    }
    const adjusted = Number(await page.getByTestId('exec-adjusted').inputValue());
    await page.getByTestId('exec-executed').fill(String(Math.round(adjusted * 0.8 * 100) / 100));
    await expect.poll(() => page.getByTestId(`light-${redRow}`).getAttribute('data-light')).toBe('red');
    expect(await page.getByTestId('report-overall-light').getAttribute('data-light')).toBe('red');
    // A red light needs a cause, a likelihood and a measure.
    expect(await page.getByTestId('report-findings').locator('[data-code="monitor.cause-missing"]').count()).toBe(1);
    await page.getByTestId(`cause-${redRow}`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '经费保障' }).click();
    await page.getByTestId(`likelihood-${redRow}`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '有可能' }).click();
    await page.getByTestId(`measure-${redRow}`).fill('资金已于10月下达，11月完成规划编制');
    await page.getByTestId('report-findings-ok').waitFor();
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-save').isDisabled(), { timeout: 10_000 }).toBe(true);
    await shot(page, '21-monitoring-red');
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('status-tag').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    await logout(page);

    // The finance bureau opens the year's self-evaluation and sees the red light rolled up.
    await login(page, base, 'caizheng');
    await page.goto(`${base}/#/rollup`);
    await page.getByTestId('rollup-page').waitFor();
    await page.getByTestId('rollup-round').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2026年1–10月' }).click();
    await expect.poll(() => page.getByTestId('region-light').getAttribute('data-light'), { timeout: 10_000 }).toBe('red');
    expect(await page.getByTestId('dept-light').first().getAttribute('data-light')).toBe('red');
    await shot(page, '22-rollup');
    await page.goto(`${base}/#/monitoring`);
    await page.getByTestId('open-round').waitFor();
    await page.getByTestId('open-round').getByText('绩效自评').click();
    await page.getByTestId('round-year').fill('2026');
    await page.getByTestId('round-deadline').click();
    await page.keyboard.type('2027-03-31');
    await page.keyboard.press('Enter');
    await page.getByTestId('round-open').click();
    await expect.poll(() => page.getByTestId('round-title').allTextContents(), { timeout: 10_000 }).toContain('2026年度绩效自评');
    await logout(page);

    // The unit's self-evaluation: actuals pre-filled from the monitoring's expected values.
    await login(page, base, 'danwei');
    await page.goto(`${base}/#/monitoring`);
    const card = page.getByTestId('round-card').filter({ hasText: '2026年度绩效自评' });
    await card.getByTestId('owed-start').first().click();
    await page.getByTestId('report-page').waitFor();
    expect(await page.getByTestId('report-page').getAttribute('data-kind')).toBe('self-evaluation');
    const st = await targets();
    for (let k = 1; k <= st.length; k++) {
      const target = st[k - 1]!.trim();
      expect(await page.getByTestId(`actual-${k}`).inputValue()).toBe(meets(target));
    }
    // Execution 85% of the adjusted budget → 8.5 of 10, and a reason because it is below 90%.
    const adj = Number(await page.getByTestId('exec-adjusted').inputValue());
    await page.getByTestId('exec-executed').fill(String(Math.round(adj * 0.85 * 1_000_000) / 1_000_000));
    await page.getByTestId('exec-reason').fill('规划评审费用次年结算');
    // Qualitative rows: the top of the 达成 band (the full weight).
    for (let k = 1; k <= st.length; k++) {
      const score = page.getByTestId(`score-${k}`);
      if ((await score.evaluate((el) => el.tagName)) !== 'INPUT') continue;
      await score.fill(await page.getByTestId(`weight-${k}`).textContent() ?? '');
    }
    await page.getByTestId('se-goalOutcome').fill('完成数字经济发展报告和三年行动计划编制。');
    // Every indicator met (90) + execution 8.5 = 98.5 → 优.
    await expect.poll(() => page.getByTestId('selfeval-total').textContent(), { timeout: 10_000 }).toBe('98.50');
    expect(await page.getByTestId('selfeval-grade').textContent()).toBe('优');
    await page.getByTestId('report-findings-ok').waitFor();
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-save').isDisabled(), { timeout: 10_000 }).toBe(true);
    // After the server's own scoring the page still shows 98.5 and 优.
    await page.reload();
    await page.getByTestId('report-page').waitFor();
    expect(await page.getByTestId('selfeval-total').textContent()).toBe('98.50');
    expect(await page.getByTestId('selfeval-grade').textContent()).toBe('优');
    await shot(page, '23-self-evaluation');
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(0);
    // The PDF download is the 自评表 itself: the importer reads the same scores out of it.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const back = await readTableFile(readFileSync((await pdf.path())!), pdf.suggestedFilename());
    expect(back.format).toBe('exchange-pdf');
    expect((back.tables[0] as SelfEvalTable).conclusion.raw).toBe('总分 98.5 分，评价等级：优');

    // The 自评表 in its official layout.
    await page.getByTestId('report-print').click();
    await page.getByTestId('report-print-page').waitFor();
    const sheet = await page.locator('.official-sheet').textContent();
    expect(sheet).toContain('项目支出绩效自评表');
    expect(sheet).toContain(PROJECT);
    expect(sheet).toContain('总分 98.5 分，评价等级：优');
    await shot(page, '24-self-evaluation-print');
  }
});
