/**
 * `npm run bench:import [-- --tables N]`: generates N (default 1,000) project tables, writes each
 * as an .xlsx file (the Guangdong 2026 layout, 一级/二级 merged), then times, in the same run,
 * ExcelJS alone loading every file against our whole import (readGrids → importGrids: zip guard,
 * ExcelJS, grid, layout recognition) of the same files, and prints the ratio. Aim: ≤ 1.5×.
 *
 * Then PDFs (`-- --pdf-tables M`, default 100; 0 skips): M generated tables printed by Chromium
 * (plain ruled HTML tables, no exchange attachment, so they are read from the page text), read with
 * readTableFile (pdf.js text and drawing operators, grid rebuilt from rules, recognition) against
 * pdf.js (`pdfjs-dist`, same build and options) extracting the same text alone, in the same run.
 * Aim: ≤ 1.5×. Printed with the load average: the machine may be shared.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProjectTables, importGrids } from '@jixiao/core';
import { PdfRenderer, readGrids, readTableFile, writeHtml, writeXlsx } from '@jixiao/files';
import { readPdfPages } from '../packages/files/src/pdf/pdf-document.ts';
import { layout } from '../packages/core/test/import-helpers/published.ts';
import { projectTableRows } from '../packages/core/test/import-helpers/layout-table.ts';

const arg = process.argv.indexOf('--tables');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1_000;
const pdfArg = process.argv.indexOf('--pdf-tables');
const PDF_N = pdfArg > 0 ? Number(process.argv[pdfArg + 1]) : 100;
console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' / ')} (1/5/15 min)`);
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-import-'));
const t0 = performance.now();
const tables = generateProjectTables(N, 2026);
const files: string[] = [];
for (const [i, t] of tables.entries()) {
  const path = join(dir, `t${i + 1}.xlsx`);
  writeFileSync(path, await writeXlsx([layout(projectTableRows(t), { sheet: '项目支出绩效目标表' })]));
  files.push(path);
}
const genMs = performance.now() - t0;
const bytes = files.reduce((s, f) => s + readFileSync(f).length, 0);

async function excelOnly(): Promise<number> {
  let cells = 0;
  for (const f of files) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(f) as unknown as ArrayBuffer);
    wb.eachSheet((ws) => ws.eachRow((row) => (cells += row.cellCount)));
  }
  return cells;
}

let recogniseMs = 0;
async function ours(): Promise<number> {
  let indicators = 0;
  recogniseMs = 0;
  for (const f of files) {
    const read = await readGrids(new Uint8Array(readFileSync(f)), f);
    const t = performance.now();
    const r = importGrids(read.grids);
    recogniseMs += performance.now() - t;
    indicators += r.tables.reduce((s, t) => s + t.indicators.length, 0);
  }
  return indicators;
}

const excelTimes: number[] = [];
const ourTimes: number[] = [];
const recogniseTimes: number[] = [];
let imported = 0;
for (let round = 0; round <= ROUNDS; round++) {
  // Alternate the two to share machine noise; round 0 warms both up.
  let t = performance.now();
  await excelOnly();
  const e = performance.now() - t;
  t = performance.now();
  imported = await ours();
  const o = performance.now() - t;
  if (round > 0) {
    excelTimes.push(e);
    ourTimes.push(o);
    recogniseTimes.push(recogniseMs);
  }
}
rmSync(dir, { recursive: true, force: true });

const expected = tables.reduce((s, t) => s + t.indicators.length, 0);
const e = median(excelTimes);
const o = median(ourTimes);
console.log(`bench:import — ${N} .xlsx tables (${(bytes / 1024 / 1024).toFixed(1)} MB, ${expected} indicators), written in ${(genMs / 1000).toFixed(1)} s`);
console.log(`  ExcelJS load alone      ${e.toFixed(0).padStart(7)} ms  (${(e / N).toFixed(2)} ms/file)`);
console.log(`  jixiao import (full)    ${o.toFixed(0).padStart(7)} ms  (${(o / N).toFixed(2)} ms/file), ${imported} indicators read`);
const rec = median(recogniseTimes);
console.log(`    of which readGrids     ${(o - rec).toFixed(0).padStart(7)} ms  (zip guard, ExcelJS, grid: @jixiao/files)`);
console.log(`    of which recognition   ${rec.toFixed(0).padStart(7)} ms  (${(rec / N).toFixed(3)} ms/table: core/import)`);
console.log(`  ratio import / ExcelJS  ${(o / e).toFixed(2)}×  (aim ≤ 1.5×; median of ${ROUNDS} rounds)`);
if (imported !== expected) {
  console.error(`  ✗ read ${imported} indicators, expected ${expected}`);
  process.exitCode = 1;
}

// ---- PDF tables -------------------------------------------------------------------------------
const renderer = new PdfRenderer();
if (PDF_N > 0 && !renderer.available) console.log(`bench:import PDFs skipped: no Chromium at ${renderer.executablePath} (packages/web/scripts/install-browser.sh)`);
if (PDF_N > 0 && renderer.available) {
  const t1 = performance.now();
  const pdfTables = generateProjectTables(PDF_N, 2027);
  const css = '<style>@page { size: A4 landscape; margin: 12mm 10mm 16mm; } body { font-size: 10.5pt; } table { border-collapse: collapse; }</style>';
  const pdfs = await Promise.all(
    pdfTables.map(async (t) => renderer.render(new TextDecoder().decode(writeHtml([layout(projectTableRows(t), { sheet: '项目支出绩效目标表' })])).replace('<head>', `<head>${css}`))),
  );
  await renderer.close();
  const pdfGenMs = performance.now() - t1;
  const pdfBytes = pdfs.reduce((s, b) => s + b.length, 0);
  const limits = { maxPages: 300, maxMs: 60_000 };

  /** pdf.js alone: open each PDF and extract its text (the same pdf.js build, options and text items our reader uses). */
  async function pdfjsText(): Promise<number> {
    let chars = 0;
    for (const b of pdfs) for (const p of (await readPdfPages(b, limits, false)).pages) for (const t of p.texts) chars += t.str.length;
    return chars;
  }
  async function pdfOurs(): Promise<number> {
    let indicators = 0;
    for (const [i, b] of pdfs.entries()) indicators += (await readTableFile(b, `t${i + 1}.pdf`)).tables.reduce((s, t) => s + t.indicators.length, 0);
    return indicators;
  }
  const textTimes: number[] = [];
  const fullTimes: number[] = [];
  let pdfImported = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    let t = performance.now();
    await pdfjsText();
    const a = performance.now() - t;
    t = performance.now();
    pdfImported = await pdfOurs();
    const b = performance.now() - t;
    if (round > 0) {
      textTimes.push(a);
      fullTimes.push(b);
    }
  }
  const pdfExpected = pdfTables.reduce((s, t) => s + t.indicators.length, 0);
  const a = median(textTimes);
  const b = median(fullTimes);
  console.log(`bench:import PDFs — ${PDF_N} project tables printed by Chromium (${(pdfBytes / 1024 / 1024).toFixed(1)} MB, ${pdfExpected} indicators), printed in ${(pdfGenMs / 1000).toFixed(1)} s`);
  console.log(`  pdf.js text alone       ${a.toFixed(0).padStart(7)} ms  (${(a / PDF_N).toFixed(2)} ms/file)`);
  console.log(`  jixiao import (full)    ${b.toFixed(0).padStart(7)} ms  (${(b / PDF_N).toFixed(2)} ms/file), ${pdfImported} indicators read`);
  console.log(`  ratio import / pdf.js   ${(b / a).toFixed(2)}×  (aim ≤ 1.5×; median of ${ROUNDS} rounds)`);
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' / ')}`);
  if (pdfImported !== pdfExpected) {
    console.error(`  ✗ read ${pdfImported} indicators from the PDFs, expected ${pdfExpected}`);
    process.exitCode = 1;
  }
}
