/** `jixiao admin import-…`, the real binary on a PGlite folder: preview, apply, per-row lines, refusals. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, seedWorld } from '../../server/test/helpers.ts';
import { jixiao } from './run-jixiao.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-admin-cli-'));
let data = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jixiao admin', () => {
  beforeAll(async () => {
    const t = await createTestDatabase('pglite');
    await seedWorld(t.database);
    await t.database.close();
    data = t.where;
  }, 120_000);

  it('previews, then imports an organisation list; a failed row gives exit code 1', () => {
    const file = join(dir, 'orgs.csv');
    writeFileSync(file, '单位编码,单位名称,上级编码\n301,遂溪县文化局,\n301001,遂溪县图书馆,301\n301002,,301\n');
    const preview = jixiao('admin', 'import-orgs', file, '--as', 't_admin', '--data', data);
    expect(preview.stdout).toContain('预览，未保存');
    expect(preview.stdout).toMatch(/3\s+301001\s+新增 create/);
    expect(preview.stdout).toContain('缺少单位名称');
    expect(preview.code).toBe(1);
    const done = jixiao('admin', 'import-orgs', file, '--as', 't_admin', '--data', data, '--apply', '--json');
    const r = JSON.parse(done.stdout);
    expect(r.summary).toMatchObject({ created: 2, failed: 1 });
    const again = jixiao('admin', 'import-orgs', file, '--as', 't_admin', '--data', data);
    expect(again.stdout).toMatch(/2\s+301\s+无变化 unchanged/);
  }, 200_000);

  it('refuses someone who is not an administrator, and a missing --year for projects', () => {
    const file = join(dir, 'p.csv');
    writeFileSync(file, '项目编码,项目名称,单位编码,项目类型\nP1,项目一,144001,331-部门预算部门职能类\n');
    const r = jixiao('admin', 'import-projects', file, '--as', 't_filer', '--data', data, '--year', '2026');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不是启用的管理员账号');
    const y = jixiao('admin', 'import-projects', file, '--as', 't_admin', '--data', data);
    expect(y.code).toBe(2);
    expect(y.stderr).toContain('--year');
    const ok = jixiao('admin', 'import-projects', file, '--as', 't_admin', '--data', data, '--year', '2026', '--apply');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('已导入');
  }, 200_000);
});
