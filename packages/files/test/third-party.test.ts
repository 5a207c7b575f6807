/** Files written by other software (see fixtures/README.md) read to the grids we expect. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gridShape, readGrids } from '../src/index.ts';
import { MERGED_TABLE_HTML, seed, utf8 } from './helpers.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))));

describe('LibreOffice 7.4 re-saves of our writers’ output', async () => {
  const merged = (await readGrids(utf8(MERGED_TABLE_HTML), 'm.html')).grids;
  const seedGrid = (await readGrids(seed(), 's.txt')).grids;

  for (const [name, format, want] of [
    ['lo-merged.xls', 'xls', [...merged, ...seedGrid]],
    ['lo-merged.xlsx', 'xlsx', [...merged, ...seedGrid]],
    ['lo-merged.docx', 'docx', merged],
    ['lo-merged.html', 'html', merged],
  ] as const) {
    it(`${name}: the same texts and merges`, async () => {
      const r = await readGrids(fixture(name), name);
      expect(r.format).toBe(format);
      expect(r.grids.map(gridShape)).toEqual(want.map(gridShape));
      if (format === 'docx' || format === 'html') expect(r.info[0]!.before).toEqual(['2023年项目支出绩效目标申报表']);
    });
  }
});
