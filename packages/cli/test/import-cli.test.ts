/** `jixiao import`, the real binary, on the samples and on a folder of real files. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeHtml, writeXlsx } from '@jixiao/files';
import { layout } from '../../core/test/import-helpers/published.ts';
import { PUBLISHED } from '../../core/test/import-helpers/published-samples.ts';
import { jixiao } from './run-jixiao.ts';

const SAMPLES = fileURLToPath(new URL('../../../fixtures/samples', import.meta.url));
const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));

interface Result {
  file: string;
  success: boolean;
  tables: Array<{ kind: string; title: string; name: string; indicators: number }>;
  error: { code: string; zh: string; en: string } | null;
  findings: Array<{ code: string; location: { table?: number; source?: { file?: string; line?: number; row: number; col: number } } }>;
}

describe('jixiao import', () => {
  it('--json on the samples folder and the seed: every file read, every table counted, exit 0', () => {
    const r = jixiao('import', '--json', SAMPLES, SEED);
    expect(r.code).toBe(0);
    const { results } = JSON.parse(r.stdout) as { results: Result[] };
    expect(results.map((x) => [x.file.split('/').pop()!.slice(0, 3), x.success, x.tables.length, x.tables.reduce((s, t) => s + t.indicators, 0)])).toEqual([
      ['001', true, 1, 7],
      ['002', true, 1, 2],
      ['006', true, 2, 13],
      ['014', true, 3, 10],
      ['025', true, 1, 13],
      ['030', true, 1, 12],
      ['000', true, 3, 18],
    ]);
    expect(results.every((x) => x.error === null)).toBe(true);
    expect(results[2]!.tables.map((t) => t.name)).toEqual(['村组干部报酬', '基层组织活动经费']);
    expect(results[1]!.tables[0]!.kind).toBe('self-eval');
    // Import findings point at their line.
    const classified = results[3]!.findings.filter((f) => f.code === 'import.level-classified');
    expect(classified).toHaveLength(10);
    expect(classified[0]!.location.source).toMatchObject({ file: '014_tongnan_wuguizhen_yibanxingxiangmu_2023_project.txt', line: 58 });
    // Not a terminal: no progress bar.
    expect(r.stderr).toBe('');
  });

  it('walks folders recursively, reads .xlsx and .html, reports unreadable files per file and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-import-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const grids = PUBLISHED['025_fuliang_linyeju_2026_dept.txt']!.map((rows) => layout(rows));
    writeFileSync(join(dir, 'a', 'b', '浮梁.xlsx'), await writeXlsx(grids));
    writeFileSync(join(dir, 'a', '井研.html'), writeHtml(PUBLISHED['006_jingyan_matazhen_2023_project.txt']!.map((rows) => layout(rows))));
    writeFileSync(join(dir, 'broken.xlsx'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    writeFileSync(join(dir, 'notes.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dir, '.hidden.txt'), 'x');
    const r = jixiao('import', '--json', dir, join(dir, 'missing.docx'));
    expect(r.code).toBe(1);
    const { results } = JSON.parse(r.stdout) as { results: Result[] };
    const byName = Object.fromEntries(results.map((x) => [x.file.slice(dir.length + 1), x]));
    expect(Object.keys(byName).sort()).toEqual(['a/b/浮梁.xlsx', 'a/井研.html', 'broken.xlsx', 'missing.docx']);
    expect(byName['a/b/浮梁.xlsx']).toMatchObject({ success: true, error: null, tables: [{ kind: 'dept-overall', name: '浮梁县林业局', indicators: 13 }] });
    expect(byName['a/井研.html']!.tables.map((t) => t.indicators)).toEqual([8, 5]);
    expect(byName['broken.xlsx']).toMatchObject({ success: false, tables: [], error: { code: 'corrupt' } });
    expect(byName['missing.docx']).toMatchObject({ success: false, error: { code: 'not-found' } });
    expect(byName['broken.xlsx']!.error!.zh.length).toBeGreaterThan(0);
  }, 60_000);

  it('prints a summary table for people', () => {
    const r = jixiao('import', '--lang', 'en', '--quiet', SEED);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/000_860be9a69280b0ce\.txt\s+✓ 已读取 read\s+3\s+18/);
    expect(r.stdout).toContain('1 files: 1 read, 0 failed; 3 tables, 18 indicators.');
  });

  it('says which form each table was read as: region, year, header fields and indicator columns', () => {
    const r = jixiao('import', '--quiet', SEED);
    expect(r.code).toBe(0);
    const forms = r.stdout.split('\n').filter((l) => l.includes('表式 / form:'));
    expect(forms).toHaveLength(3);
    expect(forms[0]).toMatch(/#1 {2}表式 \/ form: 广东省 遂溪县 · 2026 · 表头 \d+ 项/);
    // The project tables of the 2026 Guangdong form have a 实施周期指标值 column; the department table has not.
    expect(forms[1]).toContain('指标列 / columns: 一级指标、二级指标、三级指标、实施周期指标值、指标值');
    expect(forms[0]).not.toContain('实施周期指标值');
    const json = JSON.parse(jixiao('import', '--json', SEED).stdout) as { results: Array<{ tables: Array<{ form: { year?: number; columns: string[] } | null }> }> };
    expect(json.results[0]!.tables.map((t) => t.form?.year)).toEqual([2026, 2026, 2026]);
  });

  it('usage errors exit 2', () => {
    expect(jixiao('import').code).toBe(2);
    expect(jixiao('import', '--bogus', SEED).code).toBe(2);
  });
});
