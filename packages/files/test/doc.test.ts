import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gridShape, gridTexts, readGrids } from '../src/index.ts';
import { MERGED_TABLE_HTML, seed, utf8 } from './helpers.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))));

describe('doc reader (Word 97, fixtures written by LibreOffice 7.4)', () => {
  it('reads two tables with row and column spans, and the paragraphs before them', async () => {
    const r = await readGrids(fixture('lo-tables.doc'), '旧.doc');
    expect(r.format).toBe('doc');
    const merged = (await readGrids(utf8(MERGED_TABLE_HTML), 'm.html')).grids;
    const seedGrid = (await readGrids(seed(), 's.txt')).grids;
    expect(r.grids.map(gridShape)).toEqual([...merged, ...seedGrid].map(gridShape));
    expect(r.grids.map((g) => g.sheet)).toEqual(['表1', '表2']);
    expect(r.info.map((i) => i.before)).toEqual([['附件2', '2023年项目支出绩效目标申报表'], ['2026年县级部门整体预算绩效目标表']]);
    expect(r.grids[0]!.rows[2]![0]).toMatchObject({ text: '本年度\n绩效指标', merge: { top: 3, left: 1, bottom: 10, right: 1 } });
  });

  it('keeps multi-paragraph cells, tabs and line breaks; reads a nested table as text of its cell', async () => {
    const r = await readGrids(fixture('lo-nested.doc'), 'n.doc');
    expect(r.grids).toHaveLength(1);
    expect(gridTexts(r.grids[0]!)).toEqual([
      ['外\n内1\n内2\n后', '右上\n第二段'],
      ['左下', 'A\tB\nC'],
    ]);
    expect(r.text).toEqual(['只有文字的段落', '产出指标    数量指标', '表后']);
  });
});
