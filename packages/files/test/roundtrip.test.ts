/** grid → .xlsx / .docx / .html → grid gives the same grid (texts and merges). */
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CellGrid } from '@jixiao/core';
import { gridShape, readGrids, writeDocx, writeHtml, writeXlsx } from '../src/index.ts';
import { MERGED_TABLE_HTML, SAMPLE_NAMES, sample, seed, utf8 } from './helpers.ts';

const WRITERS = {
  xlsx: (g: CellGrid[]) => writeXlsx(g),
  docx: async (g: CellGrid[]) => writeDocx(g),
  html: async (g: CellGrid[]) => writeHtml(g),
} as const;

async function roundTrip(grids: CellGrid[], fmt: keyof typeof WRITERS) {
  const back = await readGrids(await WRITERS[fmt](grids), `rt.${fmt}`);
  expect(back.format).toBe(fmt);
  return back;
}

const merged = async () => (await readGrids(utf8(MERGED_TABLE_HTML), 'm.html')).grids;

describe('round trip', () => {
  for (const fmt of ['xlsx', 'docx', 'html'] as const) {
    it(`${fmt}: every sample and the seed come back as the same grid`, async () => {
      const inputs = [...SAMPLE_NAMES.map((n) => ({ n, b: sample(n) })), { n: 'seed.txt', b: seed() }];
      expect(inputs).toHaveLength(7);
      for (const { n, b } of inputs) {
        const src = await readGrids(b, n);
        const back = await roundTrip(src.grids, fmt);
        expect(back.grids.map(gridShape), n).toEqual(src.grids.map(gridShape));
      }
    });

    it(`${fmt}: merged cells (row and column spans) and several tables survive`, async () => {
      const g = await merged();
      const two = [...g, (await readGrids(seed(), 's.txt')).grids[0]!];
      const back = await roundTrip(two, fmt);
      expect(back.grids).toHaveLength(2);
      expect(back.grids.map(gridShape)).toEqual(two.map(gridShape));
      const m = back.grids[0]!.rows[2]![0]!;
      expect(m).toMatchObject({ text: '本年度\n绩效指标', merge: { top: 3, left: 1, bottom: 10, right: 1 } });
    });
  }

  it('writers give valid packages: docx parts and content types, xlsx merges visible to ExcelJS', async () => {
    const g = await merged();
    const parts = unzipSync(writeDocx(g));
    expect(Object.keys(parts).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    const ct = new TextDecoder().decode(parts['[Content_Types].xml']);
    expect(ct).toContain('PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"');
    const doc = new TextDecoder().decode(parts['word/document.xml']);
    expect(doc).toContain('<w:gridSpan w:val="6"/>');
    expect(doc).toContain('<w:vMerge w:val="restart"/>');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await writeXlsx(g)) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('表1');
    expect(ws.getCell('A3').value).toBe('本年度\n绩效指标');
    expect(ws.getCell('A10').isMerged).toBe(true);
    expect(ws.getCell('A11').isMerged).toBe(false);
  });

  it('writers keep title paragraphs (docx/html) as text before the table', async () => {
    const g = await merged();
    for (const bytes of [writeDocx(g, { before: [['2026年县级项目支出绩效目标表']] }), writeHtml(g, { before: [['2026年县级项目支出绩效目标表']] })]) {
      const r = await readGrids(bytes, bytes[0] === 0x50 ? 't.docx' : 't.html');
      expect(r.info[0]!.before).toEqual(['2026年县级项目支出绩效目标表']);
      expect(r.grids.map(gridShape)).toEqual(g.map(gridShape));
    }
  });
});
