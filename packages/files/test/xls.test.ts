import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gridTexts, readGrids } from '../src/index.ts';
import { refused, seed } from './helpers.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))));

/** Renames the "Workbook" stream of an .xls (same directory entry) so that it looks like a .doc. */
function asWordFile(xls: Uint8Array): Uint8Array {
  const b = xls.slice();
  const name = (s: string) => Array.from(s).flatMap((c) => [c.charCodeAt(0), 0]);
  const needle = name('Workbook');
  for (let p = 0; p + needle.length < b.length; p += 128) {
    if (needle.every((x, i) => b[p + i] === x) && b[p + 16] === 0) {
      b.set([...name('WordDocument'), 0, 0], p);
      b[p + 0x40] = 26;
      return b;
    }
  }
  throw new Error('no Workbook entry');
}

describe('xls reader (BIFF8, fixtures written by xlwt: test/fixtures/make-xls.py)', () => {
  it('reads sheets, merges and cells as Excel shows them (a workbook small enough for the mini stream)', async () => {
    const r = await readGrids(fixture('formats.xls'), '旧表.xls');
    expect(r.format).toBe('xls');
    expect(r.grids.map((g) => g.sheet)).toEqual(['项目表', 'Sheet2']);
    const g = r.grids[0]!;
    expect(g.file).toBe('旧表.xls');
    expect(g.rows[0]![0]).toMatchObject({ text: '2026年县级项目支出绩效目标表', merge: { top: 1, left: 1, bottom: 1, right: 6 } });
    expect(g.rows[0]![5]!.mergedInto).toEqual({ row: 1, col: 1 });
    expect(g.rows[1]).toEqual([]);
    expect(g.rows[2]![0]!.merge).toEqual({ top: 3, left: 1, bottom: 5, right: 1 });
    expect(g.rows[3]![1]!.merge).toEqual({ top: 4, left: 2, bottom: 5, right: 2 });
    const t = gridTexts(g);
    expect(t[2]).toEqual(['绩效指标', '一级指标', '', '8,827,620.53', '250万元', 'TRUE']);
    expect(t[3]!.slice(0, 5)).toEqual(['', '产出指标', '数量指标', '95%', '42']);
    expect(t[3]![5]).toBe('任务1：' + '加强运行监测，'.repeat(30));
    expect(t[4]).toEqual(['', '', '质量指标', '2023年10月13日', '-3.5']);
    expect(t[5]).toEqual(['12345678901', '0.3']);
    expect(gridTexts(r.grids[1]!)).toEqual([[], ['', '', '第二张']]);
  });

  it('reads shared strings running over CONTINUE records: the seed and 400 long rows', async () => {
    const r = await readGrids(fixture('seed.xls'), 'seed.xls');
    const fromText = await readGrids(seed(), 'seed.txt');
    expect(gridTexts(r.grids[0]!)).toEqual(gridTexts(fromText.grids[0]!));
    const long = gridTexts(r.grids[1]!);
    expect(long).toHaveLength(400);
    long.forEach((row, i) => {
      expect(row[0]).toBe(`第${i}行` + '绩效目标'.repeat(15 + (i % 7)));
      expect(row[1]).toBe(`ascii text number ${i} `.repeat(3).trim());
    });
  });

  it('reports a damaged workbook, and a Word stream that is not one', async () => {
    const doc = await refused(readGrids(asWordFile(fixture('formats.xls')), '旧.doc'), 'corrupt');
    expect(doc.message.zh).toContain('Word 文件已损坏');
    const xls = fixture('seed.xls');
    await refused(readGrids(xls.subarray(0, 3000), 'cut.xls'), 'corrupt');
  });
});
