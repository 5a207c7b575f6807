/**
 * Day one of a new county, in a real browser against the real server on an EMPTY data folder
 * (`jixiao serve` without --demo): the setup page creates 廉江市, its 财政局 and the first
 * administrator; the administrator imports the organisation tree and the people, downloads the
 * temporary passwords as an .xlsx, manages 2027 with a rule set (confirmed), opens 二上, imports
 * the project library and creates the tables owed; the department's filer signs in with the password from the sheet, is
 * welcomed (not told of a reset), sets their own password and sees the tables owed — the
 * 部门整体 table among them. No script, no demo.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readGrids } from '@jixiao/files';
import { assertNoHorizontalScroll, buildWeb, CHROMIUM, HAVE_CHROMIUM, openBrowser, shot, startStack, type RunningStack } from './harness.ts';

if (!HAVE_CHROMIUM) console.warn(`[web e2e] SKIPPED: ${CHROMIUM} is missing — run packages/web/scripts/install-browser.sh`);

const ADMIN_PW = 'Lianjiang-Caizheng-2027';
const ORGS = ['单位编码,单位名称,单位类型,上级编码', '101,廉江市教育局,主管部门,', '101001,廉江市第一中学,预算单位,101'].join('\n');
const PEOPLE = ['登录名,姓名,单位编码,角色', 'lj_jyj,教育局填报人,101,填报人', 'lj_yizhong,一中填报人,101001,填报人', 'lj_jyj_sh,教育局审核人,101,主管部门审核人'].join('\n');
const PROJECTS = [
  '项目编码,项目名称,用款单位,项目类型,项目等级,实施期限,总金额(万元),当年度金额(万元)',
  '440881-101-0001,廉江市第一中学教学楼维修,101001-廉江市第一中学,311-基建类,二级项目,2027,500,500',
].join('\n');
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe.skipIf(!HAVE_CHROMIUM)('web: day one of a county on an empty system (real browser, real server)', () => {
  let stack: RunningStack;
  let b: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    await buildWeb();
    stack = await startStack({ demo: false });
    b = await openBrowser();
    page = b.page;
  }, 400_000);

  afterAll(async () => {
    await b?.close();
    await stack?.close();
  }, 60_000);

  it('setup → organisations → people (password sheet) → calendar → project library → a filer sees what is owed', async () => {
    try {
      await scenario();
    } catch (e) {
      await shot(page, 'zz-day-one-failure').catch(() => undefined);
      throw e;
    }
  }, 400_000);

  const upload = async (testId: string, name: string, text: string) => {
    await page.getByTestId(`${testId}-file`).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await page.locator(`[data-testid="${testId}-results"][data-dry-run="1"]`).waitFor();
    await page.getByTestId(`${testId}-confirm`).click();
    await page.locator(`[data-testid="${testId}-results"][data-dry-run="0"]`).waitFor();
  };

  async function scenario() {
    expect(stack.serverLog()).toContain('系统尚未初始化');
    // 1. The setup page, not a bare login.
    await page.goto(stack.url);
    await page.getByTestId('setup').waitFor();
    await page.getByTestId('setup-code').fill('440881');
    await page.getByTestId('setup-name').fill('廉江市');
    await page.getByTestId('setup-login').fill('lj_admin');
    await page.getByTestId('setup-display').fill('廉江市财政局管理员');
    await page.getByTestId('setup-password').fill(ADMIN_PW);
    await page.getByTestId('setup-again').fill(ADMIN_PW);
    await shot(page, 'day-one-01-setup');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('admin-orgs').waitFor();
    expect(await page.getByTestId('who').innerText()).toContain('廉江市财政局');
    // Never again: the API refuses a second setup.
    const again = await page.evaluate(async () => (await fetch('/api/setup')).json());
    expect(again).toEqual({ needed: false });

    // 2. The organisation tree.
    await upload('org-import', '单位.csv', ORGS);
    expect(await page.getByTestId('org-import-results').innerText()).toContain('新增');
    await page.getByRole('cell', { name: '廉江市第一中学' }).first().waitFor();

    // 3. People: temporary passwords, downloaded once as a sheet.
    await page.getByTestId('tab-users').click();
    await page.getByTestId('admin-users').waitFor();
    await upload('user-import', '人员.csv', PEOPLE);
    await page.getByTestId('password-sheet').waitFor();
    expect(await page.getByTestId('password-sheet').innerText()).toContain('只显示这一次');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('password-sheet-download').click()]);
    const sheetPath = await download.path();
    expect(download.suggestedFilename()).toMatch(/^临时密码-.*\.xlsx$/);
    const read = await readGrids(new Uint8Array(readFileSync(sheetPath)), 'sheet.xlsx');
    if ('code' in read) throw new Error(`sheet unreadable: ${JSON.stringify(read)}`);
    const rows = read.grids[0]!.rows.map((r) => r.map((c) => c.text));
    expect(rows.flat().join(' ')).toContain('临时密码，请当面或以密封方式逐人发放');
    const filerRow = rows.find((r) => r[0] === 'lj_jyj');
    expect(filerRow?.[2]).toBe('101 廉江市教育局');
    const filerPassword = filerRow![4]!;
    expect(filerPassword).toMatch(/^[A-Za-z2-9]{12}$/);
    await shot(page, 'day-one-02-password-sheet');

    // 4. The calendar: 2027 managed with a rule set (asked to confirm), 一上 open from today.
    await page.getByTestId('tab-calendar').click();
    await page.getByTestId('admin-calendar').waitFor();
    await page.locator('input[data-testid="calendar-year"], [data-testid="calendar-year"] input').first().fill('2027');
    await page.getByTestId('calendar-rule-set').click();
    await page.locator('.ant-select-item-option', { hasText: 'guangdong-2026' }).first().click();
    await page.locator('.ant-modal-confirm-title', { hasText: '2027 年度的规则集' }).waitFor();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await page.getByTestId('stage-second').waitFor();
    const today = new Date();
    await page.getByTestId('stage-second-opens').fill(ymd(today));
    await page.getByTestId('stage-second-deadline').fill(ymd(new Date(today.getTime() + 21 * 24 * 3600_000)));
    await page.getByTestId('stage-second-save').click();
    await expect.poll(() => page.getByTestId('stage-second-state').innerText()).toBe('填报中');

    // 5. The project library.
    await page.getByTestId('tab-projects').click();
    await page.getByTestId('admin-projects').waitFor();
    await expect.poll(() => page.locator('input[data-testid="projects-year"], [data-testid="projects-year"] input').first().inputValue()).toBe('2027');
    await upload('project-import', '项目.csv', PROJECTS);
    await expect.poll(() => page.getByTestId('project-list').locator('.ant-table-row').count()).toBe(1);
    // The tables owed are created: the project's and the department's 部门整体 table.
    const gen = page.getByTestId('generate-tables');
    await expect.poll(() => gen.innerText()).toContain('1 个项目、1 个部门');
    await gen.click();
    await page.locator('.ant-modal-confirm-title', { hasText: '已生成 2 张' }).waitFor();
    expect(await page.getByTestId('depts-without-filer').count()).toBe(0);
    await page.locator('.ant-modal-confirm-btns button').click();
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();

    // 6. The department's filer: the password from the sheet, a welcome, their own password, what is owed.
    await page.getByTestId('login-user').fill('lj_jyj');
    await page.getByTestId('login-password').fill(filerPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('change-password').waitFor();
    const reason = await page.getByTestId('cp-reason').innerText();
    expect(reason).toContain('欢迎使用');
    expect(reason).not.toContain('重设');
    await page.getByTestId('cp-current').fill(filerPassword);
    await page.getByTestId('cp-next').fill('Jiaoyuju-Own-Secret-27');
    await page.getByTestId('cp-again').fill('Jiaoyuju-Own-Secret-27');
    await page.getByTestId('cp-submit').click();
    await page.getByTestId('todo-page').waitFor();
    await page.getByTestId('nav-owed').click();
    const card = page.getByTestId('owed-2027-second');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('部门整体绩效目标表');
    expect(text).toContain('廉江市第一中学教学楼维修');
    await shot(page, 'day-one-03-filer-owed');
    expect(b.errors).toEqual([]);
  }
});
