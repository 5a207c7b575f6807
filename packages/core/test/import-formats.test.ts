/**
 * Each sample, as published (merged cells), written to .xlsx, .docx and .html by @jixiao/files
 * and read back by its readers, imports to the same tables and findings as its text form. Files
 * that are too large or zip bombs are refused with a clear message before any parsing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readGrids, writeDocx, writeHtml, writeXlsx } from '@jixiao/files';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importGrids, importText, type CellGrid } from '../src/index.ts';
import { essence } from './import-helpers/essence.ts';
import { layout } from './import-helpers/published.ts';
import { PUBLISHED } from './import-helpers/published-samples.ts';

const SAMPLES = fileURLToPath(new URL('../../../fixtures/samples/', import.meta.url));

const WRITERS: Record<string, (grids: CellGrid[]) => Uint8Array | Promise<Uint8Array>> = {
  xlsx: writeXlsx,
  docx: (g) => writeDocx(g),
  html: (g) => writeHtml(g),
};

describe('samples through real file formats', () => {
  for (const [name, tables] of Object.entries(PUBLISHED)) {
    const text = importText(readFileSync(SAMPLES + name, 'utf8'), name);
    for (const [ext, write] of Object.entries(WRITERS)) {
      it(`${name} as .${ext}`, async () => {
        const grids = tables.map((rows, i) => layout(rows, { sheet: `表${i + 1}` }));
        const bytes = await write(grids);
        const file = name.replace(/\.txt$/, `.${ext}`);
        const read = await readGrids(bytes, file);
        expect(read.format).toBe(ext);
        const r = importGrids(read.grids);
        expect(r.tables.length).toBe(text.tables.length);
        expect(essence(r)).toEqual(essence(text));
        // Provenance names the file and the sheet or table.
        const first = r.tables.find((t) => t.indicators.length)!.indicators[0]!;
        expect(first.name.source?.file).toBe(file);
        expect(first.name.source?.sheet).toBeTruthy();
      });
    }
  }

  it('each sample text through the files text reader gives the same result as importText', async () => {
    for (const name of Object.keys(PUBLISHED)) {
      const bytes = readFileSync(SAMPLES + name);
      const read = await readGrids(new Uint8Array(bytes), name);
      expect(essence(importGrids(read.grids))).toEqual(essence(importText(bytes.toString('utf8'), name)));
    }
  });
});

describe('titles outside the table', () => {
  it('a Word table under its title paragraph, and a sheet with no title at all', async () => {
    // 025 without its title row, the title as a paragraph above the table; 006 without its title row.
    const dept = PUBLISHED['025_fuliang_linyeju_2026_dept.txt']![0]!.slice(1);
    const perRow = PUBLISHED['006_jingyan_matazhen_2023_project.txt']![0]!.slice(1);
    const docx = await readGrids(writeDocx([layout(dept), layout(perRow)], { before: [['浮梁县林业局', '2026年部门整体支出绩效目标表'], ['说明：本表按项目填列']] }), 't.docx');
    const r = importGrids(docx.grids, docx.info);
    expect(r.tables.map((t) => [t.kind, t.title, t.year, t.indicators.length])).toEqual([
      ['dept-overall', '2026年部门整体支出绩效目标表', 2026, 13],
      ['project', '', undefined, 8],
      ['project', '', undefined, 5],
    ]);
    // Without the reader's context the department table has no title, and is still found.
    expect(importGrids(docx.grids).tables.map((t) => [t.kind, t.title])[0]).toEqual(['dept-overall', '']);
  });
});

describe('hostile files are refused with a clear message', () => {
  it('a 50 MB file', async () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    await expect(readGrids(big, 'big.txt')).rejects.toMatchObject({ code: 'too-large', message: { zh: expect.stringMatching(/MB/), en: expect.stringMatching(/MB/) } });
  });

  it('a zip bomb dressed as .xlsx', async () => {
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/workbook.xml': new Uint8Array(10), 'xl/worksheets/sheet1.xml': zeros }, { level: 9 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expect(readGrids(bomb, 'bomb.xlsx')).rejects.toMatchObject({ code: 'zip-bomb', message: { zh: expect.any(String), en: expect.any(String) } });
  }, 60_000);
});
