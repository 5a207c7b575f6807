/**
 * PDF from the print view in headless Chromium: the seed's three tables on A4 landscape pages
 * with their Chinese text (pdftotext), rendered to PNG (pdftoppm) — the pictures kept in
 * docs/exports/ are made the same way by scripts/render-seed-pdf.ts. Each PDF carries its tables
 * as embedded exchange data: poppler's pdfdetach finds the attachment, and readTableFile reads
 * the PDF back to exactly the same tables.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProjectTables, importText, officialLayout, type TargetTable } from '@jixiao/core';
import { attachTableData, officialHtml, PdfRenderer, readTableFile } from '../src/index.ts';
import { refused, SAMPLES_DIR, SEED } from './helpers.ts';
import { withoutProvenance } from '../../core/test/helpers/table-data.ts';

/** Is the program installed? (poppler's tools print their version with -v; pdfdetach then exits 99, so only a failed start counts.) */
const has = (cmd: string) => !spawnSync(cmd, ['-v'], { stdio: 'ignore' }).error;
const pdf = new PdfRenderer();
const READY = pdf.available && has('pdftoppm') && has('pdftotext') && has('pdfdetach');
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
      expect(first).toContain('主要实施内容');
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

/** Everything but provenance and ids (the exchange data keeps indicator ids; the comparison need not). */
const data = (t: TargetTable) => withoutProvenance(t);

describe.skipIf(!READY)('a PDF we export reads back to the same tables', () => {
  const samples = readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => importText(readFileSync(join(SAMPLES_DIR, f), 'utf8'), f).tables);

  it('the seed, every sample and generated tables, one PDF for all: pdfdetach lists the data, readTableFile gives the tables back', async () => {
    const tables = [...seed, ...samples, ...generateProjectTables(5, 11)];
    const file = join(dir, 'batch.pdf');
    const printed = await pdf.render(officialHtml(tables.map((t) => officialLayout(t))));
    writeFileSync(file, attachTableData(printed, tables.map((table) => ({ table }))));
    // A third-party reader sees a valid PDF, its pages unchanged, and the attachment.
    const pages = (f: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))![1]);
    writeFileSync(join(dir, 'plain.pdf'), printed);
    expect(pages(file)).toBe(pages(join(dir, 'plain.pdf')));
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain('jixiao-exchange.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', join(dir, 'detached.json'), file]);
    expect(JSON.parse(readFileSync(join(dir, 'detached.json'), 'utf8')).format).toBe('jixiao-exchange');
    const back = await readTableFile(readFileSync(file), 'batch.pdf');
    expect(back.format).toBe('exchange-pdf');
    expect(back.tables.map(data)).toEqual(tables.map(data));
  }, 120_000);

  it('a PDF without our data is read from its page text; damaged data is a clear error', async () => {
    const plain = await pdf.render(officialHtml([officialLayout(seed[1]!)]));
    const fromText = await readTableFile(plain, 'printed.pdf');
    expect(fromText.format).toBe('pdf');
    expect(fromText.tables.map((t) => [t.kind, t.title, t.indicators.map((i) => [i.name.raw, i.value.raw])])).toEqual(
      [seed[1]!].map((t) => [t.kind, t.title, t.indicators.map((i) => [i.name.raw, i.value.raw])]),
    );
    const good = attachTableData(plain, [{ table: seed[1]! }]);
    // Flip bytes inside the compressed attachment: it no longer inflates.
    const text = new TextDecoder('latin1').decode(good);
    const at = text.lastIndexOf('/Type /EmbeddedFile');
    const start = text.indexOf('stream\n', at) + 7;
    const bad = good.slice();
    for (let i = start + 2; i < start + 12; i++) bad[i] = bad[i]! ^ 0xff;
    const c = await refused(readTableFile(bad, 'x.pdf'), 'corrupt');
    expect(c.message.zh).toContain('PDF 中嵌入的表格数据已损坏');
    // An attachment that inflates past the limit is refused before it is all in memory.
    await refused(readTableFile(good, 'x.pdf', { maxUnzippedBytes: 1000 }), 'corrupt');
  }, 120_000);
});
