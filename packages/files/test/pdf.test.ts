/**
 * PDF from the print view in headless Chromium: the seed's three tables on A4 landscape pages
 * with their Chinese text (pdftotext), rendered to PNG (pdftoppm) — the pictures kept in
 * docs/exports/ are made the same way by scripts/render-seed-pdf.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importText, officialLayout } from '@jixiao/core';
import { officialHtml, PdfRenderer } from '../src/index.ts';
import { SEED } from './helpers.ts';

const has = (cmd: string) => {
  try {
    execFileSync(cmd, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const pdf = new PdfRenderer();
const READY = pdf.available && has('pdftoppm') && has('pdftotext');
const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-test-'));
afterAll(async () => {
  await pdf.close();
  rmSync(dir, { recursive: true, force: true });
});

/** PNG width and height from its IHDR chunk. */
const pngSize = (b: Buffer) => ({ w: b.readUInt32BE(16), h: b.readUInt32BE(20) });

describe.skipIf(!READY)('PDF of the official tables', () => {
  it.each([
    [0, 'dept', 2],
    [1, 'work', 1],
    [2, 'digital', 1],
  ] as const)('seed table %i (%s): %i A4 landscape page(s) with the table’s text', async (i, name, pages) => {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, await pdf.render(officialHtml([officialLayout(seed[i]!)])));
    execFileSync('pdftoppm', ['-r', '40', '-png', file, join(dir, name)]);
    const pngs = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
    expect(pngs).toHaveLength(pages);
    for (const p of pngs) {
      const { w, h } = pngSize(readFileSync(join(dir, p)));
      expect(w / h).toBeCloseTo(297 / 210, 2);
    }
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(seed[i]!.title);
    expect(text).toContain(`第 ${pages} 页，共 ${pages} 页`);
    if (name === 'dept') {
      // The indicator block is kept whole on its own page rather than cut after its first rows.
      const [first, second] = text.split('\f');
      expect(first).toContain('年度重点工作任务');
      expect(first).not.toContain('一级指标');
      expect(second).toContain('一级指标');
      expect(second).toContain('生态环境成本指标');
      expect(first).toContain('602.44');
      expect(first).toContain('13.00');
    } else {
      expect(text).toContain(name === 'digital' ? '31.20' : '13.00');
      expect(text).toContain('备注');
    }
  }, 120_000);
});
