/**
 * The findings report's summary sheet as LibreOffice Calc prints it (issue 20, item 9): it used to
 * print at about 4 pt with columns cut off and wrapped text over the next row. Calc renders the
 * workbook to PDF and poppler reads it back: the text is legible (≥ 7 pt glyphs), every finding's
 * row is there, and the header rows repeat on every page of the summary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTable, importText, officialLayout } from '@jixiao/core';
import { writeFindingsReport } from '../src/index.ts';
import { SEED } from './helpers.ts';

const has = (cmd: string) => !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
const READY = has('soffice') && has('pdfinfo') && has('pdftotext');
const dir = mkdtempSync(join(tmpdir(), 'jixiao-findings-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
if (!READY) console.warn('[findings report print] SKIPPED: LibreOffice or poppler-utils missing — run packages/web/scripts/install-browser.sh');

describe.skipIf(!READY)('findings report printed by LibreOffice Calc', () => {
  it('the summary sheet is legible, complete and repeats its header on every page', async () => {
    const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
    const items = seed.map((t, i) => ({ name: `表${i + 1}`, table: t, layout: officialLayout(t), findings: checkTable(t) }));
    const total = items.reduce((s, x) => s + x.findings.length, 0);
    const xlsx = join(dir, 'report.xlsx');
    writeFileSync(xlsx, await writeFindingsReport(items));
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore', timeout: 120_000 });
    const pdf = join(dir, 'report.pdf');
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
    const summary = pages.map((p, i) => [p, i + 1] as const).filter(([p]) => p.includes('规则代码'));
    expect(summary.length).toBeGreaterThan(0);
    // The header on every page of the summary (print titles), every column label on it.
    for (const [p] of summary) for (const h of ['序号', '目标表', '规则代码', '严重程度', '位置', '单元格', '问题说明', 'Message', '修改建议']) expect(p).toContain(h);
    // Every finding's row printed (its number at the start of a line).
    const numbers = new Set(summary.flatMap(([p]) => [...p.matchAll(/^\s*(\d+)\s+表\d/gm)].map((m) => Number(m[1]))));
    expect([...numbers].sort((a, b) => a - b)).toEqual([...Array(total).keys()].map((k) => k + 1));
    // Legible: the body text's glyphs at least 7 pt high (they were about 4.9 pt).
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', String(summary[0]![1]), '-l', String(summary[0]![1]), pdf, '-'], { encoding: 'utf8' });
    const heights = [...bbox.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">goal\./g)].map((m) => Number(m[2]) - Number(m[1]));
    expect(heights.length).toBeGreaterThan(0);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(7);
  }, 180_000);
});
