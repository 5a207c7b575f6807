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
import { assertNoHorizontalScroll, buildWeb, CHROMIUM, HAVE_CHROMIUM, logout, openBrowser, shot, startStack, type RunningStack } from './harness.ts';

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

    // 5b. One at a time, without a spreadsheet: a unit, a 项目类型 and a project, each added and edited.
    await page.getByTestId('tab-orgs').click();
    await page.getByTestId('org-add').waitFor();
    await page.getByTestId('org-add-kind').click();
    await option('预算单位');
    await page.getByTestId('org-add-parent').click();
    await option('101 廉江市教育局');
    await page.getByTestId('org-add-code').fill('101002');
    await page.getByTestId('org-add-name').fill('廉江市第二中学');
    await page.getByTestId('org-add-submit').click();
    await page.getByRole('cell', { name: '廉江市第二中学', exact: true }).first().waitFor();
    await page.getByTestId('org-edit-101002').click();
    await page.getByTestId('rename-input').fill('廉江市第二中学（高中部）');
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await page.getByRole('cell', { name: '廉江市第二中学（高中部）' }).first().waitFor();
    // The history says what happened in Chinese, with dates as YYYY-MM-DD.
    const orgsText = await page.getByTestId('admin-orgs').innerText();
    expect(orgsText).toContain('改名');
    expect(orgsText).not.toMatch(/\b(create|rename)\b/);
    expect(orgsText).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.getByTestId('tab-projects').click();
    await page.getByTestId('project-types').waitFor();
    await page.getByTestId('type-code').fill('312');
    await page.getByTestId('type-name').fill('信息化新建');
    await page.getByTestId('type-add').click();
    await page.getByTestId('type-edit-312').click();
    await page.getByTestId('type-rename-input').fill('信息化新建类');
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await page.getByTestId('type-list').getByRole('cell', { name: '信息化新建类', exact: true }).waitFor();
    await page.getByTestId('project-add').click();
    await page.getByTestId('project-dialog').waitFor();
    await pick('project-org', '101002', '101002 廉江市第二中学（高中部）');
    await page.getByTestId('project-code').fill('440881-101-0002');
    await page.getByTestId('project-name').fill('廉江市第二中学智慧校园建设');
    await pick('project-type', '312', '312-信息化新建类');
    await page.getByTestId('project-total').fill('80');
    await page.getByTestId('project-current').fill('80');
    await page.getByTestId('project-dialog-ok').click();
    await expect.poll(() => page.getByTestId('project-list').locator('.ant-table-row').count()).toBe(2);
    await page.getByTestId('project-edit-440881-101-0002').click();
    await page.getByTestId('project-current').fill('60.5');
    await page.getByTestId('project-dialog-ok').click();
    await expect.poll(() => page.getByTestId('project-list').innerText()).toContain('60.5');
    const typed = await page.evaluate(async () => ((await (await fetch('/api/projects?year=2027')).json()) as { items: Array<{ code: string; typeName: string; currentAmountFen: number; totalAmountFen: number; needsTable: boolean }> }).items);
    expect(typed.find((p) => p.code === '440881-101-0002')).toMatchObject({ typeName: '信息化新建类', currentAmountFen: 60_500_000, totalAmountFen: 80_000_000, needsTable: true });

    // 5c. The rule set in words: a local copy asks for 6 indicators; the description and the version log say so.
    await page.getByTestId('tab-rules').click();
    await page.getByTestId('admin-rule-sets').waitFor();
    expect(await page.getByTestId('rule-title-indicators.total-min').innerText()).toContain('绩效指标总数');
    await page.getByRole('button', { name: '复制为本地规则集' }).click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    const min = page.locator('input[data-testid="param-indicators.total-min-min"], [data-testid="param-indicators.total-min-min"] input').first();
    await expect.poll(() => page.getByTestId('admin-rule-sets').innerText(), { timeout: 20_000 }).toContain('guangdong-2026-local');
    await expect.poll(() => min.isEnabled(), { timeout: 20_000 }).toBe(true);
    await min.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('6');
    await page.keyboard.press('Tab');
    await page.getByPlaceholder('修改说明（必填）').fill('本市要求至少 6 个指标');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.locator('.ant-message', { hasText: '已保存新版本' }).waitFor();
    await expect.poll(() => page.getByTestId('rule-description-indicators.total-min').innerText()).toBe('绩效指标（三级指标）的填报数量不少于 6 个。');
    expect(await page.getByTestId('version-2-changes').innerText()).toBe('绩效指标总数 · 最少指标数：5 → 6');
    const rulesText = await page.getByTestId('admin-rule-sets').innerText();
    expect(rulesText).toContain('最长实施年限（年）');
    expect(rulesText).toContain('最少指标数');
    // Parameter keys are not shown as labels (rule codes stay, small, under each name).
    expect(rulesText).not.toMatch(/maxYears|developmentIncludedInProject|(^|\s)min\s/m);
    await shot(page, 'day-one-03-rule-set-in-words');
    // 2027 now uses the copy.
    await page.getByTestId('tab-calendar').click();
    await page.getByTestId('calendar-rule-set').click();
    await option('guangdong-2026-local');
    await page.locator('.ant-modal-confirm-title', { hasText: '2027 年度的规则集' }).waitFor();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('calendar-rule-set').innerText()).toContain('guangdong-2026-local');

    // 5d. The dashboard of a county-level city reads 全市, and its year is never blank.
    await page.goto(`${stack.url}/#/dashboard`);
    await page.getByTestId('dashboard-page').waitFor();
    expect(await page.getByTestId('dash-title').innerText()).toContain('全市');
    expect(await page.getByTestId('dash-year').innerText()).toMatch(/^\s*20\d\d\s*$/);
    await page.goto(`${stack.url}/#/admin`);
    await page.getByTestId('admin-orgs').waitFor();
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
    await shot(page, 'day-one-04-filer-owed');

    // 7. The table owed opens as a form the filer may fill: 二上 is open; the 备注 asks for the
    // year's 6 indicators; no demo codes as placeholders.
    await card.locator('tr', { hasText: '廉江市第一中学教学楼维修' }).locator('a').first().click();
    await page.getByTestId('form-page').waitFor();
    const formUrl = page.url();
    expect(await page.getByTestId('stage-banner').count()).toBe(0);
    await expect.poll(() => page.getByTestId('form-notes').innerText()).toContain('绩效指标的填报数量不少于6个');
    const placeholders = await page.locator('[placeholder]').evaluateAll((els) => els.map((e) => e.getAttribute('placeholder') ?? ''));
    expect(placeholders.join(' ')).not.toMatch(/144|331|遂溪/);

    // 8. A year the administrator has not opened: nothing can be filed in it, and the page says why.
    await page.goto(`${stack.url}/#/tables`);
    await page.getByTestId('new-project').click();
    await page.getByTestId('new-name').fill('2028年试填项目');
    await page.locator('.ant-modal .ant-input-number input').first().fill('2028');
    await page.getByTestId('new-ok').click();
    await page.locator('.ant-message', { hasText: '管理员尚未开放 2028 年度的预算日历' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal-wrap').first().waitFor({ state: 'hidden' });
    await logout(page);

    // 9. The administrator closes 二上: generating is offered no more, with the reason.
    await signIn('lj_admin', ADMIN_PW);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('tab-calendar').click();
    await page.getByTestId('stage-second-close').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('stage-second-state').innerText()).toContain('已关闭');
    await page.getByTestId('tab-projects').click();
    await page.getByTestId('generate-why').waitFor();
    // (The tab starts at this year and moves to the year of the work once the calendar is read.)
    await expect.poll(() => page.getByTestId('generate-why').innerText(), { timeout: 20_000 }).toMatch(/2027 年二上阶段已于 \d{4}-\d{2}-\d{2} 关闭/);
    expect(await page.getByTestId('generate-tables').isDisabled()).toBe(true);
    await logout(page);

    // 10. The filer's form now says the stage is closed, with its dates, read-only; 保存 is shut with the reason.
    await signIn('lj_jyj', 'Jiaoyuju-Own-Secret-27');
    await page.goto(formUrl);
    await page.getByTestId('stage-banner').waitFor();
    expect(await page.getByTestId('stage-banner').innerText()).toMatch(/二上阶段已于 \d{4}-\d{2}-\d{2} 关闭/);
    expect(await page.getByTestId('stage-banner-dates').innerText()).toMatch(/开放 \d{4}-\d{2}-\d{2} · 截止 \d{4}-\d{2}-\d{2} · 已于 \d{4}-\d{2}-\d{2} 关闭/);
    const save = page.getByTestId('save');
    expect(await save.isDisabled()).toBe(true);
    expect(await page.locator('.sheet input:not([readonly]):not([disabled]), .sheet textarea:not([readonly]):not([disabled])').count()).toBe(0);
    await save.hover({ force: true });
    await page.locator('.ant-tooltip', { hasText: '目标表已冻结' }).waitFor();
    await shot(page, 'day-one-05-closed-stage-form');
    // The one console error is the browser's note of the 2028 refusal (step 8), which the page handled.
    expect(b.errors).toEqual([expect.stringMatching(/status of 423 .*\/api\/tables$/)]);
  }

  async function option(text: string) {
    await page.locator('.ant-select-item-option:visible', { hasText: text }).first().click();
  }
  /** Chooses in a searchable select by typing, and waits until it shows the choice. */
  async function pick(testId: string, typed: string, shown: string) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(typed);
    await page.locator('.ant-select-item-option-active:visible', { hasText: shown }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId(testId).innerText()).toContain(shown);
  }
  async function signIn(user: string, password: string) {
    await page.getByTestId('login-user').fill(user);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="todo-page"], [data-testid="admin-orgs"]').first().waitFor();
  }
});
