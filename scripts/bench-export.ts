/**
 * `npm run bench:export [-- --tables N]`: N (default 1,000) generated project tables (core's
 * synthetic generator) written as official .xlsx files — layout, merges, borders, fonts, row
 * heights, number formats, print setup — against, in the same run, ExcelJS writing the same
 * cell texts with no layout at all (no merges, no styles). Both ways as one file per table and
 * as one workbook with a sheet per table (the batch export). Prints the times and the ratios;
 * the median of three rounds.
 */
import ExcelJS from 'exceljs';
import { generateProjectTables, officialLayout, type OfficialLayout } from '@jixiao/core';
import { writeOfficialXlsx } from '@jixiao/files';

const arg = process.argv.indexOf('--tables');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1_000;
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tables = generateProjectTables(N, 2026);
const layouts = tables.map((t) => officialLayout(t));
const cells = layouts.reduce((s, l) => s + l.grid.rows.reduce((a, r) => a + r.filter((c) => c.text !== '').length, 0), 0);

/** The same texts, cell by cell, with nothing else: what ExcelJS costs on its own. */
function plainSheet(wb: ExcelJS.Workbook, l: OfficialLayout, i: number): void {
  const ws = wb.addWorksheet(`S${i + 1}`);
  for (const row of l.grid.rows) for (const c of row) if (c.text !== '') ws.getCell(c.row, c.col).value = c.text;
}

async function plainFiles(): Promise<number> {
  let bytes = 0;
  for (const [i, l] of layouts.entries()) {
    const wb = new ExcelJS.Workbook();
    plainSheet(wb, l, i);
    bytes += ((await wb.xlsx.writeBuffer()) as ArrayBuffer).byteLength;
  }
  return bytes;
}
async function officialFiles(): Promise<number> {
  let bytes = 0;
  for (const l of layouts) bytes += (await writeOfficialXlsx([l])).byteLength;
  return bytes;
}
async function plainBook(): Promise<number> {
  const wb = new ExcelJS.Workbook();
  layouts.forEach((l, i) => plainSheet(wb, l, i));
  return ((await wb.xlsx.writeBuffer()) as ArrayBuffer).byteLength;
}
async function officialBook(): Promise<number> {
  return (await writeOfficialXlsx(layouts, { title: 'bench', index: { header: ['名称'], rows: tables.map((t) => [t.projectName.raw]) } })).byteLength;
}

async function time(f: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    bytes = await f();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), bytes };
}

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
console.log(`bench:export — ${N} project tables, ${cells.toLocaleString('en')} filled cells, median of ${ROUNDS} rounds`);
for (const [name, plain, official] of [
  ['one file per table', plainFiles, officialFiles],
  ['one workbook, a sheet per table', plainBook, officialBook],
] as const) {
  const p = await time(plain);
  const o = await time(official);
  console.log(`\n${name}:`);
  console.log(`  ExcelJS, same cells, no layout : ${(p.ms / 1000).toFixed(2)} s  (${(p.ms / N).toFixed(2)} ms/table, ${mb(p.bytes)})`);
  console.log(`  official .xlsx (writeOfficialXlsx): ${(o.ms / 1000).toFixed(2)} s  (${(o.ms / N).toFixed(2)} ms/table, ${mb(o.bytes)})`);
  console.log(`  ratio official / plain         : ${(o.ms / p.ms).toFixed(2)}×`);
}
