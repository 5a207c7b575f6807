/**
 * Our .docx and .xlsx opened by a second, independent office program: LibreOffice (headless)
 * renders each official table to PDF — Writer the .docx, Calc the .xlsx — and poppler reads that
 * back. This catches what a structural test cannot — a document another program refuses, tables
 * that spill onto a second page or leave a blank one, portrait pages, lost text. Each document
 * must print on as many pages in Calc as in Writer and in the print view (Chromium), and the
 * department table's indicator header must head its second page in Calc (issue 20, item 8).
 * One LibreOffice run converts every file (its start-up is the cost). LibreOffice is installed by
 * packages/web/scripts/install-browser.sh.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateMonitoring, importText, monitoringLayout, newMonitoringDocument, officialLayout, type OfficialLayout, type ProjectTable } from '@jixiao/core';
import { officialHtml, PdfRenderer, writeOfficialDocx, writeOfficialXlsx } from '../src/index.ts';
import { SAMPLES_DIR, SEED } from './helpers.ts';

const has = (cmd: string) => !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
const READY = has('soffice') && has('pdfinfo') && has('pdftotext');
if (!READY) console.warn('[docx/xlsx render] SKIPPED: LibreOffice or poppler-utils missing — run packages/web/scripts/install-browser.sh');
const chromium = new PdfRenderer();
const dir = mkdtempSync(join(tmpdir(), 'jixiao-docx-render-'));
afterAll(async () => {
  await chromium.close();
  rmSync(dir, { recursive: true, force: true });
});

const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
const selfEval = importText(readFileSync(`${SAMPLES_DIR}002_qingshen_fagaiju_gongzi_2023_selfeval.txt`, 'utf8'), '002.txt').tables.find((t) => t.kind === 'self-eval')!;
/** The 绩效运行监控表 of the seed's 工作经费 in July (exported as .xlsx and .docx like the 自评表). */
function monitoring(): OfficialLayout {
  const doc = newMonitoringDocument(seed[1] as ProjectTable, { tableId: 't', version: 1 }, { id: 'r', title: '2026年1–7月绩效运行监控', month: 7 }, { adjustedBudgetFen: 1_300_000, executedFen: 700_000 });
  doc.report.indicators.forEach((p, i) => (p.achieved = { raw: ['50%', '及时', '60%', '85%', '90%', '50%'][i] ?? '' }));
  return monitoringLayout(doc, evaluateMonitoring(doc.targets, doc.report));
}

/** The department table with its indicators five times over: the indicator block is taller than a page. */
function longDept(): OfficialLayout {
  const t = structuredClone(seed[0]!);
  const named = t.indicators.filter((i) => i.name.raw.trim());
  t.indicators = [1, 2, 3, 4, 5].flatMap((k) => named.map((i) => ({ ...structuredClone(i), id: `${i.id}-${k}`, name: { ...i.name, raw: `${i.name.raw}（第${k}组）` } })));
  return officialLayout(t);
}

const compact = (s: string) => s.replace(/\s+/g, '');

interface Rendered {
  pages: number;
  size: number[];
  text: string[];
}
function readPdf(pdf: string): Rendered {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), size: /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number), text };
}

/** Every official document as .docx (Writer) and .xlsx (Calc); `batch` is the four tables in one .docx. */
const DOCS: Record<string, () => OfficialLayout[]> = {
  dept: () => [officialLayout(seed[0]!)],
  work: () => [officialLayout(seed[1]!)],
  digital: () => [officialLayout(seed[2]!)],
  'self-eval': () => [officialLayout(selfEval)],
  monitoring: () => [monitoring()],
  'dept-long': () => [longDept()],
};
const writer: Record<string, Rendered> = {};
const calc: Record<string, Rendered> = {};
const printView: Record<string, number> = {};

describe.skipIf(!READY)('the official documents in LibreOffice', () => {
  beforeAll(async () => {
    const files: string[] = [];
    for (const [name, layouts] of Object.entries(DOCS)) {
      files.push(join(dir, `${name}-writer.docx`), join(dir, `${name}-calc.xlsx`));
      writeFileSync(files.at(-2)!, writeOfficialDocx(layouts()));
      writeFileSync(files.at(-1)!, await writeOfficialXlsx(layouts()));
    }
    files.push(join(dir, 'batch-writer.docx'));
    writeFileSync(files.at(-1)!, writeOfficialDocx([...seed, selfEval].map((t) => officialLayout(t))));
    // A profile of its own, so a LibreOffice the user has open (or another test) does not take the job.
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], { stdio: 'ignore', timeout: 170_000 });
    for (const name of [...Object.keys(DOCS), 'batch']) writer[name] = readPdf(join(dir, `${name}-writer.pdf`));
    for (const name of Object.keys(DOCS)) calc[name] = readPdf(join(dir, `${name}-calc.pdf`));
    if (chromium.available) {
      for (const [name, layouts] of Object.entries(DOCS)) {
        const pdf = join(dir, `${name}-print.pdf`);
        writeFileSync(pdf, await chromium.render(officialHtml(layouts())));
        printView[name] = readPdf(pdf).pages;
      }
    }
  }, 180_000);

  it.each([
    ['dept', 2, ['2026年县级部门整体预算绩效目标表', '602.44', '期望达到的目标(概述)', '生态环境成本指标']],
    ['work', 1, ['2026年县级项目支出绩效目标表', '工作经费', '13.00', '备注']],
    ['digital', 1, ['遂溪县数字赋能实体经济发展规划编制费用', '260.00', '31.20', '扶持对象满意度(%)', '单独编本报表']],
  ] as const)('seed %s in Writer: A4 landscape, %i page(s) as in the print view, every line of the form there', (name, pages, texts) => {
    const r = writer[name]!;
    expect(r.pages).toBe(pages);
    expect(r.size[0]! / r.size[1]!).toBeCloseTo(297 / 210, 2);
    // pdftotext spaces Latin from CJK ("2026 年") and breaks wrapped cells: compare without white space.
    const all = compact(r.text.join(''));
    for (const t of texts) expect(all).toContain(compact(t));
    // The notes end the last page: none spilled onto a page of their own, no blank page after.
    expect(r.text.at(-1)).toMatch(/一级指标|备注|\d\. /);
  });

  it('the 自评表 on one page with its scores; a batch of all four starts each table on a new page, no blank page', () => {
    const one = writer['self-eval']!;
    expect(one.pages).toBe(1);
    expect(compact(one.text[0]!)).toContain('部门预算项目支出绩效自评表');
    expect(compact(one.text[0]!)).toContain('251.89');
    const batch = writer.batch!;
    expect(batch.pages).toBe(2 + 1 + 1 + 1);
    const titles = batch.text.map((p) => /\S.*(目标表|自评表)/.exec(compact(p))?.[0] ?? '');
    expect(titles).toEqual(['2026年县级部门整体预算绩效目标表', '', '2026年县级项目支出绩效目标表', '2026年县级项目支出绩效目标表', expect.stringContaining('自评表')]);
    for (const p of batch.text) expect(p.replace(/第\s*\d+\s*页/, '').trim().length).toBeGreaterThan(50);
  });

  it.each([
    ['dept', 2, '602.44'],
    ['work', 1, '13.00'],
    ['digital', 1, '31.20'],
    ['self-eval', 1, '251.89'],
    ['monitoring', 1, '绿灯'],
  ] as const)('%s in Calc: A4 landscape on %i page(s), as many as in Writer and the print view, the notes not alone on a page', (name, pages, text) => {
    const r = calc[name]!;
    expect(r.size[0]! / r.size[1]!).toBeCloseTo(297 / 210, 2);
    expect({ calc: r.pages, writer: writer[name]!.pages, printView: printView[name] ?? pages }).toEqual({ calc: pages, writer: pages, printView: pages });
    expect(compact(r.text.join(''))).toContain(text);
    expect(compact(r.text[0]!)).toContain(compact(DOCS[name]!()[0]!.title));
    // The last page carries table rows, not only 备注 lines (they printed alone on page 2).
    expect(r.text.at(-1)).toMatch(/三级指标|指标值/);
    expect(r.text.at(-1)).toContain(`第 ${pages} 页，共 ${pages} 页`);
  });

  it('a department table whose indicators run over pages: the same page count everywhere, the indicator header heads each page of them in Calc', () => {
    const r = calc['dept-long']!;
    expect(r.pages).toBeGreaterThanOrEqual(3);
    expect({ calc: r.pages, writer: writer['dept-long']!.pages, printView: printView['dept-long'] ?? r.pages }).toEqual({ calc: r.pages, writer: r.pages, printView: r.pages });
    // (Calc also writes a label merged over the break into the top margin, clipped: look for the header above the rows.)
    for (const p of r.text.slice(1)) {
      const lines = p.split('\n');
      const head = lines.findIndex((l) => ['一级指标', '二级指标', '三级指标', '指标值'].every((h) => l.includes(h)));
      expect(head).toBeGreaterThanOrEqual(0);
      expect(head).toBeLessThan(lines.findIndex((l) => /（第\d/.test(l)));
    }
    // Every indicator printed once: 9 named rows, five times.
    expect(compact(r.text.join('')).match(/（第\d/g)).toHaveLength(5 * seed[0]!.indicators.filter((i) => i.name.raw.trim()).length);
  });

  it('the department table in Calc: page 2 starts with the indicator header (repeated rows), its rows under it', () => {
    const [first, second] = calc.dept!.text;
    expect(first).toContain('主要实施内容');
    const head = second!.split('\n').find((l) => l.trim())!;
    for (const h of ['一级指标', '二级指标', '三级指标', '指标值']) expect(head).toContain(h);
    expect(compact(second!)).toContain('生态环境成本指标');
    // The header printed once on page 2, and not left alone at the foot of page 1.
    expect(second!.match(/一级指标/g)).toHaveLength(1);
    expect(first).not.toContain('一级指标');
  });
});
