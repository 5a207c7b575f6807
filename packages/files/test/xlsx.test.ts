import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { gridTexts, readGrids } from '../src/index.ts';

async function book(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('xlsx reader', () => {
  it('reads every sheet, with merges, at Excel row and column numbers', async () => {
    const bytes = await book((wb) => {
      const a = wb.addWorksheet('项目表');
      a.getCell('A1').value = '2026年县级项目支出绩效目标表';
      a.mergeCells('A1:F1');
      a.getCell('A3').value = '绩效指标';
      a.mergeCells('A3:A5');
      a.getCell('B3').value = '一级指标';
      a.getCell('B4').value = '产出指标';
      a.mergeCells('B4:B5');
      a.getCell('C4').value = '数量指标';
      a.getCell('C5').value = '质量指标';
      const b = wb.addWorksheet('Sheet2');
      b.getCell('C2').value = '第二张';
      const h = wb.addWorksheet('下拉');
      h.state = 'hidden';
      h.getCell('A1').value = '定性';
    });
    const r = await readGrids(bytes, 'book.xlsx');
    expect(r.format).toBe('xlsx');
    expect(r.grids.map((g) => g.sheet)).toEqual(['项目表', 'Sheet2', '下拉']);
    expect(r.info.map((i) => i.hidden ?? false)).toEqual([false, false, true]);
    const g = r.grids[0]!;
    expect(g.file).toBe('book.xlsx');
    expect(g.rows[0]![0]).toMatchObject({ row: 1, col: 1, text: '2026年县级项目支出绩效目标表', merge: { top: 1, left: 1, bottom: 1, right: 6 } });
    expect(g.rows[0]).toHaveLength(6);
    expect(g.rows[0]![3]).toMatchObject({ text: '', mergedInto: { row: 1, col: 1 } });
    expect(g.rows[1]).toEqual([]); // an empty row stays, so row numbers are Excel's
    expect(g.rows[2]![0]!.merge).toEqual({ top: 3, left: 1, bottom: 5, right: 1 });
    expect(g.rows[4]![0]!.mergedInto).toEqual({ row: 3, col: 1 });
    expect(g.rows[4]![1]!.mergedInto).toEqual({ row: 4, col: 2 });
    expect(gridTexts(g)[4]).toEqual(['', '', '质量指标']);
    expect(gridTexts(r.grids[1]!)).toEqual([[], ['', '', '第二张']]);
  });

  it('shows cells as Excel displays them', async () => {
    const bytes = await book((wb) => {
      const s = wb.addWorksheet('s');
      const set = (addr: string, value: ExcelJS.CellValue, numFmt?: string) => {
        const c = s.getCell(addr);
        c.value = value;
        if (numFmt) c.numFmt = numFmt;
      };
      set('A1', 8827620.53, '#,##0.00');
      set('A2', 0.95, '0%');
      set('A3', 0.9555, '0.00%');
      set('A4', 250, '0"万元"');
      set('A5', 0.1 + 0.2);
      set('A6', new Date(Date.UTC(2023, 9, 13)), 'yyyy"年"m"月"d"日"');
      set('A7', new Date(Date.UTC(2026, 0, 5)), 'yyyy-mm-dd');
      set('A8', { richText: [{ text: '产出' }, { font: { bold: true }, text: '指标' }] });
      set('A9', { formula: 'A1*2', result: 17655241.06 }, '#,##0.00');
      set('A10', { formula: 'A2', result: 'text result' });
      set('A11', true);
      set('A12', { error: '#N/A' });
      set('A13', { text: '链接', hyperlink: 'https://example.invalid/' });
      set('A14', -1234.5, '#,##0.00;[Red]\\(#,##0.00\\)');
      set('A15', '  前后空格  ');
      set('A16', 1, '@');
      set('A17', { formula: 'NOW()' } as ExcelJS.CellValue); // no cached result: shown empty
      set('A18', 'end');
    });
    const r = await readGrids(bytes, 'fmt.xlsx');
    expect(gridTexts(r.grids[0]!).map((row) => row[0] ?? '')).toEqual([
      '8,827,620.53',
      '95%',
      '95.55%',
      '250万元',
      '0.3',
      '2023年10月13日',
      '2026-01-05',
      '产出指标',
      '17,655,241.06',
      'text result',
      'TRUE',
      '#N/A',
      '链接',
      '(1,234.50)',
      '前后空格',
      '1',
      '',
      'end',
    ]);
  });

  it('refuses a workbook whose merged ranges cover too many cells', async () => {
    const bytes = await book((wb) => {
      const s = wb.addWorksheet('s');
      s.getCell('A1').value = 'x';
      s.mergeCells('A1:B2');
    });
    // Below the limit it reads; with a limit of 3 cells the same merge is refused before ExcelJS sees it.
    await expect(readGrids(bytes, 'm.xlsx')).resolves.toMatchObject({ format: 'xlsx' });
    await expect(readGrids(bytes, 'm.xlsx', { maxCells: 3 })).rejects.toMatchObject({ code: 'too-complex' });
  });

  it('cuts a sheet whose laid-out cells pass maxCells, with a warning, instead of exhausting memory', async () => {
    const bytes = await book((wb) => {
      const s = wb.addWorksheet('宽表');
      for (let r = 1; r <= 100; r++) s.getCell(r, 16384).value = `x${r}`; // column XFD: 16,384 cells a row
    });
    const r = await readGrids(bytes, 'wide.xlsx');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'grid.truncated', sheet: '宽表' })]);
    const rows = r.grids[0]!.rows;
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]![16383]!.text).toBe('x1');
  });
});
