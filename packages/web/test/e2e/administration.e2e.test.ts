/**
 * The finance bureau runs its year without a developer, in a real browser against the real
 * server: the administrator imports an organisation list and the budget system's project list
 * (each previewed row by row first), opens 二上 with a deadline and creates the tables the rule
 * set requires; the unit's filer then sees exactly the tables they owe, pre-filled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assertNoHorizontalScroll, buildWeb, CHROMIUM, HAVE_CHROMIUM, login, logout, openBrowser, shot, startStack, type RunningStack } from './harness.ts';

if (!HAVE_CHROMIUM) console.warn(`[web e2e] SKIPPED: ${CHROMIUM} is missing — run packages/web/scripts/install-browser.sh`);

const ORGS = ['单位编码,单位名称,单位类型,上级编码', '144,遂溪县科工贸和信息化局,主管部门,', '144001,遂溪县科工贸和信息化局,预算单位,144', '144002,遂溪县信息中心,预算单位,144', '201,遂溪县教育局,主管部门,', '201001,遂溪县第一中学,预算单位,201', '201002,,预算单位,201'].join('\n');

const PROJECTS = [
  '项目编码,项目名称,用款单位,项目类型,项目等级,实施期限,总金额(万元),当年度金额(万元)',
  '440823-144-0001,遂溪县数字赋能实体经济发展规划编制费用,144001-遂溪县科工贸和信息化局,331-部门预算部门职能类,二级项目,2023-2026,260,31.2',
  '440823-144-0002,中小企业公共服务平台建设,144001,312-信息化新建类,二级项目,2026,80,80',
  '440823-144-0003,机关办公设备运维,144001,221-其他运转类,二级项目,2026,6,6',
  '440823-144-0004,信息中心机房改造,144002,311-基建类,二级项目,2026-2027,300,150',
  '440823-201-0001,第一中学教学楼维修,201001,311-基建类,二级项目,2026,500,500',
  '440823-201-0002,不存在的单位,209001,311-基建类,二级项目,2026,1,1',
].join('\n');

const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe.skipIf(!HAVE_CHROMIUM)('web: the bureau sets up the year; a filer sees what they owe (real browser, real server)', () => {
  let stack: RunningStack;
  let b: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    await buildWeb();
    stack = await startStack();
    b = await openBrowser();
    page = b.page;
  }, 400_000);

  afterAll(async () => {
    await b?.close();
    await stack?.close();
  }, 60_000);

  it('imports organisations and projects, opens 二上, and the filer sees exactly the tables owed', async () => {
    try {
      await scenario();
    } catch (e) {
      await shot(page, 'zz-admin-failure').catch(() => undefined);
      throw e;
    }
  }, 300_000);

  const upload = async (testId: string, name: string, text: string) => {
    await page.getByTestId(`${testId}-file`).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await page.locator(`[data-testid="${testId}-results"][data-dry-run="1"]`).waitFor();
  };
  const confirm = async (testId: string) => {
    await page.getByTestId(`${testId}-confirm`).click();
    await page.locator(`[data-testid="${testId}-results"][data-dry-run="0"]`).waitFor();
  };

  async function scenario() {
    const base = stack.url;
    await login(page, base, 'admin');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-orgs').waitFor();

    // 1. The organisation list: a preview row by row, then the import.
    await upload('org-import', '单位名单.csv', ORGS);
    const orgPreview = page.getByTestId('org-import-results');
    await expect.poll(() => orgPreview.locator('.ant-table-row').count()).toBe(6);
    expect(await orgPreview.innerText()).toContain('缺少单位名称');
    await shot(page, 'admin-01-org-preview');
    await confirm('org-import');
    await page.getByRole('cell', { name: '遂溪县第一中学' }).first().waitFor();
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(0);

    // 2. The budget system's project export.
    await page.getByTestId('tab-projects').click();
    await page.getByTestId('admin-projects').waitFor();
    await page.locator('input[data-testid="projects-year"], [data-testid="projects-year"] input').first().fill('2026');
    await upload('project-import', '项目清单.csv', PROJECTS);
    const projPreview = page.getByTestId('project-import-results');
    expect(await projPreview.innerText()).toContain('209001');
    await shot(page, 'admin-02-project-preview');
    await confirm('project-import');
    await expect.poll(() => page.getByTestId('project-list').locator('.ant-table-row').count()).toBe(5);

    // 3. 二上 opens today with a deadline in three weeks.
    await page.getByTestId('tab-calendar').click();
    await page.getByTestId('admin-calendar').waitFor();
    await page.locator('input[data-testid="calendar-year"], [data-testid="calendar-year"] input').first().fill('2026');
    await page.getByTestId('stage-second').waitFor();
    const today = new Date();
    await page.getByTestId('stage-second-opens').fill(ymd(today));
    await page.getByTestId('stage-second-deadline').fill(ymd(new Date(today.getTime() + 21 * 24 * 3600_000)));
    await page.getByTestId('stage-second-save').click();
    await expect.poll(() => page.getByTestId('stage-second-state').innerText()).toBe('填报中');
    await shot(page, 'admin-03-calendar');

    // 4. The rule set says which projects need their own table; create them, pre-filled.
    await page.getByTestId('tab-projects').click();
    await page.locator('input[data-testid="projects-year"], [data-testid="projects-year"] input').first().fill('2026');
    await page.getByTestId('projects-stage').waitFor();
    const gen = page.getByTestId('generate-tables');
    await expect.poll(() => gen.innerText()).toContain('4');
    await gen.click();
    // Four projects and the 部门整体 tables of 144 and 201.
    await page.locator('.ant-modal-confirm-title', { hasText: '已生成 6 张' }).waitFor();
    await page.locator('.ant-modal-confirm-btns button').click();
    await shot(page, 'admin-04-owed');

    // 4b. A local copy of the rule set: a vague phrase added to value.vague's word list, saved as a version.
    await page.getByTestId('tab-rules').click();
    await page.getByTestId('admin-rule-sets').waitFor();
    await page.getByRole('button', { name: '复制为本地规则集' }).click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    const phrases = page.getByTestId('param-value.vague-phrases');
    await phrases.waitFor();
    await expect.poll(() => phrases.locator('.ant-select-selector, .ant-select-content').first().isEnabled()).toBe(true);
    await phrases.click();
    await page.keyboard.type('稳步推进');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByPlaceholder('修改说明（必填）').fill('本县常见的空泛表述');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.locator('.ant-message', { hasText: '已保存新版本' }).waitFor();
    const saved = await page.evaluate(async () => (await (await fetch('/api/rule-sets/guangdong-2026-local')).json()) as { version: number; rules: Array<{ code: string; params: { phrases?: string[] } }> });
    expect(saved.version).toBe(2);
    expect(saved.rules.find((r) => r.code === 'value.vague')!.params.phrases).toContain('稳步推进');
    await logout(page);

    // 5. The unit's filer sees exactly its own: two projects of 144001 (not the 运转类 one, not 144002's).
    await login(page, base, 'danwei');
    await page.getByTestId('nav-owed').click();
    const card = page.getByTestId('owed-2026-second');
    await card.waitFor();
    const codes = await card.getByTestId('owed-project').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toEqual(['440823-144-0001', '440823-144-0002']);
    expect(await card.locator('.owed-row').count()).toBe(2);
    expect(await card.innerText()).not.toContain('未建表');
    await shot(page, 'admin-05-filer-owed');
    expect(await assertNoHorizontalScroll(page)).toBeLessThanOrEqual(0);

    // The table opens pre-filled from the library.
    await card.locator('.owed-row').nth(1).locator('a').click();
    await page.locator('[data-key="projectName"]').waitFor();
    expect(await page.locator('[data-key="projectName"]').inputValue()).toBe('中小企业公共服务平台建设');
    await shot(page, 'admin-06-prefilled-form');
    expect(b.errors).toEqual([]);
  }
});
