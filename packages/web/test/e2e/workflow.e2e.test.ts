/**
 * The whole life of a table in a real browser against the real server: import the seed as the
 * filer, fix the `》` with its one-click fix, add a benefit indicator, submit; the department
 * reviewer returns it with a comment on a field; the filer sees the comment, fixes, resubmits;
 * department and finance approve, finance publishes; the public page shows it. Screenshots of
 * every page go to artifacts/screenshots/. No console errors; no page wider than 1366 px.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assertNoHorizontalScroll, buildWeb, CHROMIUM, HAVE_CHROMIUM, login, logout, openBrowser, routeJsGzip, SEED_FILE, shot, startStack, type RunningStack } from './harness.ts';

if (!HAVE_CHROMIUM) console.warn(`[web e2e] SKIPPED: ${CHROMIUM} is missing — run packages/web/scripts/install-browser.sh (apt-get install chromium fonts-noto-cjk)`);

describe.skipIf(!HAVE_CHROMIUM)('web: fill → check → review → approve → publish (real browser, real server)', () => {
  let stack: RunningStack;
  let b: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const widths: Record<string, number> = {};

  const checkWidth = async (name: string) => {
    widths[name] = await assertNoHorizontalScroll(page);
  };

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

  it('runs the review workflow end to end', async () => {
    try {
      await workflow();
    } catch (e) {
      await shot(page, 'zz-workflow-failure').catch(() => undefined);
      throw e;
    }
  }, 300_000);

  async function workflow() {
    const base = stack.url;
    await page.goto(`${base}/#/login`);
    await page.getByTestId('login-submit').waitFor();
    await shot(page, '01-login');
    await checkWidth('login');

    // 填报人 (科工贸局) imports the seed file as 二上 drafts.
    await login(page, base, 'bumen');
    await shot(page, '02-todo-filer');
    await checkWidth('todo');
    await page.goto(`${base}/#/tables`);
    await page.getByTestId('tables-page').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, '03-tables');
    await checkWidth('tables');

    await page.goto(`${base}/#/import`);
    // Drag the file onto the page (a real drop event carrying a File).
    const seedText = readFileSync(SEED_FILE, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'suixi-2026-seed.txt', { type: 'text/plain' }));
      return dt;
    }, seedText);
    await page.dispatchEvent('[data-testid="import-page"]', 'dragover', { dataTransfer });
    await page.dispatchEvent('[data-testid="import-page"]', 'drop', { dataTransfer });
    await page.getByTestId('import-preview').waitFor();
    await expect.poll(() => page.getByTestId('import-item').count()).toBe(3);
    await shot(page, '04-import-preview');
    await checkWidth('import');
    await page.getByTestId('import-save').click();
    await expect.poll(() => page.getByTestId('import-open').count(), { timeout: 20_000 }).toBe(3);

    // Open the 数字赋能 project table (the one with 》 and a misplaced 时效 row).
    await page.getByTestId('import-item').filter({ hasText: '数字赋能' }).getByTestId('import-open').click();
    await page.getByTestId('form-page').waitFor();
    const tableUrl = page.url();
    const tableId = /#\/tables\/([^/?]+)/.exec(tableUrl)![1]!;
    await expect.poll(() => page.getByTestId('submit').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('submit-why').textContent(), { timeout: 10_000 }).toContain('错误');
    await shot(page, '05-form-imported');
    await checkWidth('form');

    // The `》` fixes: one click each, until none is left.
    const opFix = page.getByTestId('fix-value.operator-nonstandard');
    expect(await opFix.count()).toBeGreaterThan(0);
    while ((await opFix.count()) > 0) await opFix.first().click();
    const values = await page.locator('input[data-key$=":value"], input[data-key$=":periodValue"]').evaluateAll((els) => (els as HTMLInputElement[]).map((e) => e.value));
    expect(values.some((v) => v.includes('》'))).toBe(false);
    expect(values.filter((v) => v === '≥95%').length).toBeGreaterThanOrEqual(3);

    // The 时效 row filed under 效益: its fix moves it under 产出.
    await page.getByTestId('fix-indicator.level2-invalid').click();
    await expect.poll(() => page.getByTestId('count-error').textContent(), { timeout: 10_000 }).toContain('1'); // 效益指标 now has no indicator

    // Add a benefit indicator under 社会效益指标 and type it like a spreadsheet.
    await page.getByRole('button', { name: '在社会效益指标下添加三级指标' }).click();
    await page.keyboard.type('带动企业完成数字化改造数(家)');
    await page.keyboard.press('ArrowRight'); // caret at the end: moves to 实施周期指标值
    await page.keyboard.type('≥3家');
    await page.keyboard.press('Tab');
    await page.keyboard.type('≥3家');
    const newRow = page.locator('tr', { has: page.locator('input[value="带动企业完成数字化改造数(家)"]') });
    await expect.poll(() => newRow.locator('input[data-key$=":value"]').inputValue()).toBe('≥3家');
    await expect.poll(() => newRow.locator('.parse').last().textContent(), { timeout: 10_000 }).toContain('家');
    await expect.poll(() => page.getByTestId('count-error').textContent(), { timeout: 10_000 }).toContain('0');
    await shot(page, '06-form-fixed');
    await expect.poll(() => page.getByTestId('submit').isEnabled()).toBe(true);
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('submitted');

    // The department-wide table: funds reconcile live, in integer 分 (602.44 + 31.2 + 13 = 646.64).
    await page.goto(`${base}/#/tables?stage=second`);
    await page.locator('.ant-table-row a', { hasText: '部门整体' }).first().click();
    await page.getByTestId('form-page').waitFor();
    await expect.poll(() => page.getByTestId('spending-total').textContent()).toBe('646.64');
    expect(await page.getByTestId('income-total').textContent()).toBe('646.64');
    await page.locator('[data-key="funds.basic"]').fill('602.45');
    await expect.poll(() => page.getByTestId('spending-total').textContent()).toBe('646.65');
    await expect.poll(() => page.locator('.recon.bad').first().textContent()).toContain('相差 0.01 万元');
    await shot(page, '05b-form-dept');
    // An aim of the overall goal with no indicator: the suggested indicator is one click away.
    const uncovered = () => page.locator('.finding[data-code="goal.target-uncovered"]').count();
    const before = await uncovered();
    expect(before).toBeGreaterThan(0);
    const rows = await page.locator('input[data-key$=":name"]').count();
    await page.getByTestId('fix-goal.target-uncovered').first().click();
    await expect.poll(() => page.locator('input[data-key$=":name"]').count()).toBe(rows + 1);
    await expect.poll(uncovered).toBe(before - 1);
    await page.locator('[data-key="funds.basic"]').fill('602.44');
    await expect.poll(() => page.getByTestId('spending-total').textContent()).toBe('646.64');
    // English on a switch: the same form, English labels.
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.locator('.grid-caption').textContent()).toBe('Performance indicators');
    await shot(page, '05c-form-dept-en');
    await page.getByText('中文', { exact: true }).click();
    await expect.poll(() => page.locator('.grid-caption').textContent()).toBe('绩效指标');
    await logout(page);

    // 主管部门审核人 returns it with a comment on the new indicator's value.
    await login(page, base, 'kegongmao');
    await expect.poll(() => page.getByTestId('todo-review').textContent(), { timeout: 10_000 }).toContain('数字赋能');
    await shot(page, '07-todo-reviewer');
    await page.goto(`${base}/#/tables/${tableId}`);
    await page.getByTestId('review-panel').waitFor();
    await page.locator('tr', { has: page.locator('input[value="带动企业完成数字化改造数(家)"]') }).locator('input[data-key$=":value"]').click();
    await expect.poll(() => page.getByTestId('selected-field').textContent(), { timeout: 10_000 }).toContain('当年度指标值');
    await page.getByTestId('field-comment').fill('目标偏低，请按规划提高到≥5家');
    await page.getByTestId('add-comment').click();
    await page.getByTestId('overall-comment').fill('请按意见修改后重新提交。');
    await shot(page, '08-review');
    await checkWidth('review');
    await page.getByTestId('return').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('draft');
    await logout(page);

    // The filer sees the comment on the field, fixes, resubmits.
    await login(page, base, 'bumen');
    await expect.poll(() => page.getByTestId('todo-returned').textContent(), { timeout: 10_000 }).toContain('数字赋能');
    await page.goto(`${base}/#/tables/${tableId}`);
    await page.getByTestId('returned-panel').waitFor();
    await expect.poll(() => page.getByTestId('returned-panel').textContent(), { timeout: 10_000 }).toContain('目标偏低');
    const commented = page.locator('.cell-commented');
    await expect.poll(() => commented.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => commented.textContent(), { timeout: 10_000 }).toContain('目标偏低');
    await shot(page, '09-returned');
    await page.getByTestId('returned-comment').first().click();
    const focused = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value);
    expect(focused).toBe('≥3家');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('≥5家');
    // Unsaved edits survive a reload: the form offers them back.
    await page.waitForTimeout(700);
    await page.reload();
    await page.getByTestId('local-draft').waitFor();
    await page.getByTestId('local-draft-restore').click();
    const restored = page.locator('tr', { has: page.locator('input[value="带动企业完成数字化改造数(家)"]') }).locator('input[data-key$=":value"]');
    await expect.poll(() => restored.inputValue()).toBe('≥5家');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('dirty').count(), { timeout: 20_000 }).toBe(0);
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('submitted');

    // History: the revisions and the diff of the last two.
    await page.goto(`${base}/#/tables/${tableId}/history`);
    await page.getByTestId('diff-table').waitFor();
    await expect.poll(() => page.getByTestId('diff-table').textContent(), { timeout: 10_000 }).toContain('≥5家');
    await shot(page, '10-history');
    await checkWidth('history');
    await logout(page);

    // Department approves; finance approves and publishes.
    await login(page, base, 'kegongmao');
    await page.goto(`${base}/#/tables/${tableId}`);
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('dept_approved');
    await logout(page);
    await login(page, base, 'caizheng');
    await expect.poll(() => page.getByTestId('todo-review').textContent(), { timeout: 10_000 }).toContain('数字赋能');
    await page.goto(`${base}/#/tables/${tableId}`);
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('finance_approved');
    await page.getByTestId('publish').click();
    await expect.poll(() => page.getByTestId('form-page').getAttribute('data-status'), { timeout: 20_000 }).toBe('published');

    // Export .xlsx (made by the server from the saved version): a real workbook that reads back to the same table.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('遂溪县数字赋能实体经济发展规划编制费用.xlsx');
    const bytes = readFileSync((await download.path())!);
    const { readGrids } = await import('@jixiao/files');
    const { importGrids } = await import('@jixiao/core');
    const back = importGrids((await readGrids(new Uint8Array(bytes), 'export.xlsx')).grids).tables;
    expect(back).toHaveLength(1);
    expect(back[0]!.indicators.find((i) => i.name.raw === '带动企业完成数字化改造数(家)')?.value.raw).toBe('≥5家');

    // The findings report from the menu, and a batch of the year's tables with its progress.
    await page.getByTestId('export-more').click();
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-findings').click()]);
    expect(report.suggestedFilename()).toMatch(/^遂溪县数字赋能实体经济发展规划编制费用 检查意见（第 \d+ 版）\.检查意见\.xlsx$/);
    await page.goto(`${base}/#/tables?year=2026`);
    await page.getByTestId('tables-page').waitFor();
    await page.getByTestId('batch-export').click();
    const [batch] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('batch-start').click()]);
    expect(batch.suggestedFilename()).toBe('2026年 绩效目标表.xlsx');
    await expect.poll(() => page.getByTestId('batch-progress').getAttribute('data-phase')).toBe('done');
    const batchTables = (await (await import('@jixiao/files')).readTableFile(new Uint8Array(readFileSync((await batch.path())!)), 'batch.xlsx')).tables;
    expect(batchTables.some((t) => t.kind === 'project' && t.projectName.raw === '遂溪县数字赋能实体经济发展规划编制费用')).toBe(true);
    await shot(page, '11-batch-export');
    await page.keyboard.press('Escape');

    // Print view: the official layout on A4 landscape.
    await page.goto(`${base}/#/tables/${tableId}/print`);
    await page.getByTestId('print-page').waitFor();
    await expect.poll(() => page.locator('.print-page .cell-text').first().isVisible()).toBe(true);
    await shot(page, '11-print');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.goto(`${base}/#/`);
    await logout(page);

    // Public page, without a session.
    await page.goto(`${base}/#/public/440823/2026`);
    await page.getByTestId('public-page').waitFor();
    await page.getByTestId('public-link').filter({ hasText: '数字赋能' }).click();
    await page.getByTestId('public-table').waitFor();
    await expect.poll(() => page.getByTestId('public-table').textContent()).toContain('带动企业完成数字化改造数');
    expect(await page.locator('[data-testid="public-table"] input').count()).toBe(0); // text, not inputs
    await shot(page, '12-public');
    await checkWidth('public');

    // The form route's JavaScript, gzip.
    const size = routeJsGzip('src/pages/FormPage.tsx');
    console.log(`[web e2e] form route JavaScript: ${(size.gzipBytes / 1024).toFixed(1)} KB gzip (${(size.rawBytes / 1024).toFixed(0)} KB raw, ${size.files.length} files)`);
    expect(size.gzipBytes).toBeLessThan(600 * 1024);

    console.log(`[web e2e] horizontal overflow at 1366×768 (px): ${JSON.stringify(widths)}`);
    for (const [name, w] of Object.entries(widths)) expect(w, `page ${name} scrolls sideways at 1366 px`).toBeLessThanOrEqual(0);
    expect(b.errors).toEqual([]);
  }
});
