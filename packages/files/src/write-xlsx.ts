/** Grids → .xlsx through ExcelJS: a worksheet per grid, texts as strings, merges as merges. */
import type { CellGrid } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { xmlSafe } from './write-util.ts';

/** A valid, unique worksheet name (Excel: ≤ 31 characters, none of \\ / ? * [ ] :). */
export function sheetName(wanted: string | undefined, i: number, used: Set<string>): string {
  let base = (wanted ?? '').replace(/[\\/?*[\]:]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || `Sheet${i + 1}`;
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 31 - String(k).length - 1)}_${k}`;
  used.add(name.toLowerCase());
  return name;
}

/** A sheet holds exactly its grid, at the grid's row and column numbers. */
export async function writeXlsx(grids: CellGrid[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const used = new Set<string>();
  grids.forEach((g, i) => {
    const ws = wb.addWorksheet(sheetName(g.sheet, i, used));
    for (const row of g.rows) {
      for (const c of row) {
        if (c.mergedInto) continue;
        if (c.text !== '') {
          const cell = ws.getCell(c.row, c.col);
          cell.value = xmlSafe(c.text);
          if (c.text.includes('\n')) cell.alignment = { wrapText: true, vertical: 'top' };
        }
        if (c.merge && (c.merge.bottom > c.merge.top || c.merge.right > c.merge.left)) {
          ws.mergeCells(c.merge.top, c.merge.left, c.merge.bottom, c.merge.right);
        }
      }
    }
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
