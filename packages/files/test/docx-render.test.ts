/**
 * Our .docx opened by a second, independent office program: LibreOffice (headless) renders each
 * official table to PDF, and poppler reads that back. This catches what a structural test cannot —
 * a document another program refuses, tables that spill onto a second page or leave a blank one,
 * portrait pages, lost text. LibreOffice is installed by packages/web/scripts/install-browser.sh.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importText, officialLayout, type TargetTable } from '@jixiao/core';
import { writeOfficialDocx } from '../src/index.ts';
import { SAMPLES_DIR, SEED } from './helpers.ts';

const has = (cmd: string) => !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
const READY = has('soffice') && has('pdfinfo') && has('pdftotext');
const dir = mkdtempSync(join(tmpdir(), 'jixiao-docx-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
const selfEval = importText(readFileSync(`${SAMPLES_DIR}002_qingshen_fagaiju_gongzi_2023_selfeval.txt`, 'utf8'), '002.txt').tables.find((t) => t.kind === 'self-eval')!;

const compact = (s: string) => s.replace(/\s+/g, '');

/** LibreOffice's rendering of a .docx: page count, page size and each page's text. */
function render(name: string, tables: TargetTable[]) {
  const docx = join(dir, `${name}.docx`);
  writeFileSync(docx, writeOfficialDocx(tables.map((t) => officialLayout(t))));
  // A profile of its own, so a LibreOffice the user has open (or another test) does not take the job.
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, `profile-${name}`)}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 90_000 });
  const pdf = join(dir, `${name}.pdf`);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), size: /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number), text: pages };
}

describe.skipIf(!READY)('the .docx in LibreOffice', () => {
  it.each([
    ['dept', 0, 2, ['2026年县级部门整体预算绩效目标表', '602.44', '期望达到的目标(概述)', '生态环境成本指标']],
    ['work', 1, 1, ['2026年县级项目支出绩效目标表', '工作经费', '13.00', '备注']],
    ['digital', 2, 1, ['遂溪县数字赋能实体经济发展规划编制费用', '260.00', '31.20', '扶持对象满意度(%)', '单独编本报表']],
  ] as const)('seed %s (table %i): A4 landscape, %i page(s) as in the print view, every line of the form there', (name, i, pages, texts) => {
    const r = render(name, [seed[i]!]);
    expect(r.pages).toBe(pages);
    expect(r.size[0]! / r.size[1]!).toBeCloseTo(297 / 210, 2);
    // pdftotext spaces Latin from CJK ("2026 年") and breaks wrapped cells: compare without white space.
    const all = compact(r.text.join(''));
    for (const t of texts) expect(all).toContain(compact(t));
    // The notes end the last page: none spilled onto a page of their own, no blank page after.
    expect(r.text.at(-1)).toMatch(/一级指标|备注|\d\. /);
  }, 120_000);

  it('the 自评表 on one page with its scores; a batch of all four starts each table on a new page, no blank page', () => {
    const one = render('self-eval', [selfEval]);
    expect(one.pages).toBe(1);
    expect(compact(one.text[0]!)).toContain('部门预算项目支出绩效自评表');
    expect(compact(one.text[0]!)).toContain('251.89');
    const batch = render('batch', [...seed, selfEval]);
    expect(batch.pages).toBe(2 + 1 + 1 + 1);
    const titles = batch.text.map((p) => /\S.*(目标表|自评表)/.exec(compact(p))?.[0] ?? '');
    expect(titles).toEqual(['2026年县级部门整体预算绩效目标表', '', '2026年县级项目支出绩效目标表', '2026年县级项目支出绩效目标表', expect.stringContaining('自评表')]);
    for (const p of batch.text) expect(p.replace(/第\s*\d+\s*页/, '').trim().length).toBeGreaterThan(50);
  }, 180_000);
});
