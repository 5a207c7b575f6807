/**
 * The official documents: .xlsx structure against committed goldens (merged ranges, cell values,
 * number formats, print setup), every kind × every format read back to the same table, formula
 * injection, the findings report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  checkTable,
  generateProjectTables,
  importGrids,
  importText,
  officialLayout,
  parseIndicatorValue,
  printedForm,
  toExchangeDocument,
  toExchangeFlatCsv,
  type ProjectTable,
  type TargetTable,
} from '@jixiao/core';
import { officialHtml, readGrids, readTableFile, writeExchangeCsvZip, writeFindingsReport, writeOfficialDocx, writeOfficialXlsx } from '../src/index.ts';
import { refused, SAMPLE_NAMES, SAMPLES_DIR, SEED, utf8 } from './helpers.ts';
import { withoutProvenance } from '../../core/test/helpers/table-data.ts';

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;

const selfEval = importText(readFileSync(`${SAMPLES_DIR}002_qingshen_fagaiju_gongzi_2023_selfeval.txt`, 'utf8'), '002.txt').tables.find((t) => t.kind === 'self-eval')!;
/** One table of each kind: the seed's three forms and sample 002's 自评表. */
const KINDS: Array<{ name: string; table: TargetTable }> = [
  { name: 'dept', table: seed[0]! },
  { name: 'project-work', table: seed[1]! },
  { name: 'project-digital', table: seed[2]! },
  { name: 'self-eval', table: selfEval },
];

/**
 * Every table the importer reads from the samples (forms of other regions and years, with
 * 指标性质 / 度量单位 / 权重 / 评(扣)分标准 … columns, legacy labels, no 一级/二级 at all) and the
 * seed: what we export must read back the same for any table the importer produces.
 */
const ALL_TABLES: Array<{ name: string; table: TargetTable }> = [
  ...SAMPLE_NAMES.map((f) => [f, importText(readFileSync(SAMPLES_DIR + f, 'utf8'), f).tables] as const),
  ['seed', seed] as const,
].flatMap(([f, tables]) => tables.map((table, i) => ({ name: `${f} #${i} ${table.kind}`, table })));
const sample025Dept = ALL_TABLES.find((x) => x.name.startsWith('025_') && x.table.kind === 'dept-overall')!.table;

/**
 * The table as the official form holds it: the normalisations docs/exports.md lists (and only
 * those), applied to the expected side of a round trip.
 * 1. Indicators in the form's order: grouped by 一级/二级 in framework order (the layout's rows).
 * 2. An 一级/二级 the importer inferred from the indicator's name (no label filed) is printed as
 *    its category's name, and reads back as a filed label.
 * 3. Amounts printed from their 分 with at least two decimals (printedForm).
 */
function asOfficialForm<T extends TargetTable>(t: T): T {
  const rowOf = new Map<string, number>();
  for (const [pos, field] of Object.entries(officialLayout(t).fields)) {
    const m = /^ind:(.+):name$/.exec(field);
    if (m) rowOf.set(m[1]!, Number(pos.split(',')[0]));
  }
  const x = structuredClone(t);
  // An indicator the layout has no row for stays last, so that losing it fails the comparison.
  x.indicators.sort((a, b) => (rowOf.get(a.id) ?? Infinity) - (rowOf.get(b.id) ?? Infinity));
  for (const ind of x.indicators) {
    for (const level of [ind.level1, ind.level2]) {
      if (!level.classified) continue;
      level.raw = level.name ?? '';
      delete level.classified;
    }
  }
  return printedForm(x);
}

/** What must survive a round trip: everything but provenance and ids (the importer numbers indicators afresh). */
const data = (t: TargetTable) => {
  const x = withoutProvenance(t);
  x.indicators = x.indicators.filter((i: { name: { raw: string }; value: { empty?: boolean } }) => i.name.raw.trim() || !i.value.empty);
  return x;
};

/** The layout groups indicators by category as the paper form does; generated rows come in any order. */
const sorted = (x: TargetTable) => ({ ...data(x), indicators: data(x).indicators.map((i: unknown) => JSON.stringify(i)).sort() });

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  return wb;
}

/** The structure a golden pins: merges, every non-empty cell's value, type and number format, widths, heights, print setup. */
function structure(ws: ExcelJS.Worksheet) {
  const cells: Record<string, { v: string | number; t: string; fmt?: string }> = {};
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (c.value === null || c.value === '' || c.master.address !== c.address) return;
      cells[c.address] = { v: c.value as string | number, t: typeof c.value, ...(c.numFmt && c.numFmt !== 'General' ? { fmt: c.numFmt } : {}) };
    }),
  );
  const ps = ws.pageSetup;
  return {
    name: ws.name,
    merges: [...(ws.model as unknown as { merges: string[] }).merges].sort(),
    cells,
    columns: (ws.columns ?? []).map((c) => c.width),
    print: { paperSize: ps.paperSize, orientation: ps.orientation, fitToPage: ps.fitToPage, fitToWidth: ps.fitToWidth, fitToHeight: ps.fitToHeight, printArea: ps.printArea, printTitlesRow: ps.printTitlesRow },
  };
}

/** Goldens: our own three forms, the self-evaluation table (sample 002: 指标性质 and 度量单位 columns), and a department table widened by its optional columns (sample 025). */
const GOLDENS = [...KINDS, { name: 'dept-025-widened', table: sample025Dept }];

describe('official .xlsx', () => {
  it.each(GOLDENS.map((k) => [k.name, k] as const))('%s: structure matches its golden', async (name, k) => {
    const wb = await workbook(await writeOfficialXlsx([officialLayout(k.table)]));
    const got = structure(wb.worksheets[0]!);
    const file = `${GOLDEN}${name}.xlsx.json`;
    // UPDATE_GOLDEN=1 rewrites the goldens after a deliberate change of the layout; review the diff.
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, `${JSON.stringify(got, null, 1)}\n`);
    }
    expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('project: merged labels, amounts as numbers with two decimals, values as text, A4 landscape', async () => {
    const wb = await workbook(await writeOfficialXlsx([officialLayout(seed[2]!)]));
    const ws = wb.worksheets[0]!;
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toContain('A1:F1'); // title across
    expect(ws.getCell('A1').value).toBe('2026年县级项目支出绩效目标表');
    expect(ws.getCell('A1').font.bold).toBe(true);
    // 预算金额 row: numbers, 0.00
    const amountRow = ws.getColumn(1).values.findIndex((v) => v === '预算金额');
    expect(ws.getCell(amountRow, 3).value).toBe(260);
    expect(ws.getCell(amountRow, 3).numFmt).toBe('0.00');
    expect(ws.getCell(amountRow, 5).value).toBe(31.2);
    expect(ws.getCell(amountRow, 5).numFmt).toBe('0.00');
    // 产出指标 merged down over its 二级 rows; 绩效指标 down the whole block.
    const output = ws.getColumn(2).values.findIndex((v) => v === '产出指标');
    expect(merges.some((m) => m.startsWith(`B${output}:B`) && Number(m.split(':B')[1]) > output)).toBe(true);
    // An indicator value "1" stays the text "1", the way it was filed.
    const rate = ws.getColumn(4).values.findIndex((v) => v === '发展规划编制完成率(%)');
    expect(ws.getCell(rate, 6).value).toBe('1');
    expect(ws.getCell(rate, 6).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell(rate, 6).border.top?.style).toBe('thin');
    expect(ws.getCell('A1').border?.top).toBeUndefined(); // the title is outside the frame
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.getCell(rate, 4).font.name).toBe('宋体');
    // The 项目概述 row is a line of text high (it fits one); a 概述 five times as long wraps onto several lines, each given its room.
    const overview = ws.getColumn(1).values.findIndex((v) => v === '项目概述');
    expect(ws.getRow(overview).height).toBeGreaterThanOrEqual(16.5);
    const long = structuredClone(seed[2]!) as ProjectTable;
    long.overview.raw = long.overview.raw.repeat(5);
    const wl = (await workbook(await writeOfficialXlsx([officialLayout(long)]))).worksheets[0]!;
    expect(wl.getRow(overview).height).toBeGreaterThanOrEqual(3 * 14);
    const notes = ws.getColumn(1).values.filter((v) => typeof v === 'string' && /^(备注|\d\.)/.test(v));
    expect(notes).toHaveLength(5);
  });

  it('department: headcounts are whole numbers, funds two decimals, key-task amounts numbers', async () => {
    const wb = await workbook(await writeOfficialXlsx([officialLayout(seed[0]!)]));
    const ws = wb.worksheets[0]!;
    const staff = ws.getColumn(2).values.findIndex((v) => v === '财政供养人数');
    expect(ws.getCell(staff, 3)).toMatchObject({ value: 89, numFmt: '0' });
    const basic = ws.getColumn(2).values.findIndex((v) => v === '基本支出');
    expect(ws.getCell(basic, 3)).toMatchObject({ value: 602.44, numFmt: '0.00' });
    expect(ws.getCell(basic + 1, 6)).toMatchObject({ value: 0, numFmt: '0.00' });
  });

  it('cell text starting with = + - @ tab or CR is stored as text, never a formula; "-5%" and "≥95%" survive exactly', async () => {
    const t = JSON.parse(JSON.stringify(seed[2]!)) as ProjectTable;
    const evil = ['=HYPERLINK("http://evil","点我")', '+SUM(1,2)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];
    t.projectName.raw = evil[0]!;
    t.overview.raw = evil[1]!;
    t.indicators[0]!.name.raw = evil[2]!;
    t.indicators[1]!.name.raw = evil[3]!;
    t.indicators[2]!.name.raw = evil[4]!;
    t.indicators[3]!.name.raw = evil[5]!;
    t.indicators[0]!.value = { ...t.indicators[0]!.value, raw: '-5%' };
    t.indicators[1]!.value = { ...t.indicators[1]!.value, raw: '≥95%' };
    t.currentAmount = { raw: '=1+1', fen: null };
    const bytes = await writeOfficialXlsx([officialLayout(t)]);
    const ws = (await workbook(bytes)).worksheets[0]!;
    const seen = new Map<string, ExcelJS.Cell>();
    ws.eachRow((row) => row.eachCell((c) => c.master.address === c.address && seen.set(String(c.value), c)));
    for (const text of [...evil.map((e) => e.replace(/\r/g, '')), '-5%', '≥95%', '=1+1']) {
      const c = [...seen.entries()].find(([v]) => v.replace(/\r/g, '') === text)?.[1];
      expect(c, text).toBeDefined();
      expect(c!.type, text).toBe(ExcelJS.ValueType.String);
      expect(c!.formula, text).toBeUndefined();
    }
    // No formula element anywhere in the sheet XML.
    const xml = new TextDecoder().decode(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).not.toContain('<f>');
    expect(xml).not.toContain('<f ');
    // And the importer reads the values back exactly.
    const back = (await readTableFile(bytes, 'x.xlsx')).tables[0] as ProjectTable;
    expect(back.projectName.raw).toBe(evil[0]);
    expect(back.indicators.map((i) => i.value.raw)).toEqual(expect.arrayContaining(['-5%', '≥95%']));
  });

  it('a batch workbook: an index sheet linking a sheet per table, each table read back', async () => {
    const tables = [...seed, ...generateProjectTables(6, 3)];
    const bytes = await writeOfficialXlsx(
      tables.map((t) => officialLayout(t)),
      { title: '2026年 遂溪县科工贸和信息化局 绩效目标表', index: { header: ['名称', '种类'], rows: tables.map((t) => [t.kind === 'project' ? t.projectName.raw : t.title, t.kind]) } },
    );
    const wb = await workbook(bytes);
    expect(wb.worksheets.map((w) => w.name)[0]).toBe('目录');
    expect(wb.worksheets).toHaveLength(tables.length + 1);
    const link = wb.worksheets[0]!.getCell('B3').value as ExcelJS.CellHyperlinkValue;
    expect(link.hyperlink).toBe(`#'${wb.worksheets[1]!.name}'!A1`);
    const back = await readTableFile(bytes, 'batch.xlsx');
    expect(back.tables.map(sorted)).toEqual(tables.map((t) => sorted(printedForm(t))));
  });
});

/** Every format the importer reads: export, read back with the importer, compare the data, raw texts included. */
const FORMATS: Array<{ name: string; write: (ts: TargetTable[]) => Promise<Uint8Array>; file: string; layout: boolean }> = [
  { name: 'xlsx', write: (ts) => writeOfficialXlsx(ts.map((t) => officialLayout(t))), file: 'x.xlsx', layout: true },
  { name: 'docx', write: async (ts) => writeOfficialDocx(ts.map((t) => officialLayout(t))), file: 'x.docx', layout: true },
  { name: 'html', write: async (ts) => utf8(officialHtml(ts.map((t) => officialLayout(t)))), file: 'x.html', layout: true },
  // A reviewer's 检查意见.xlsx: the summary sheet and the 检查意见 column are not table data (issue 20).
  { name: 'findings report', write: (ts) => writeFindingsReport(ts.map((t, i) => ({ name: `表${i + 1}`, table: t, layout: officialLayout(t), findings: checkTable(t) }))), file: 'x.xlsx', layout: true },
  { name: 'exchange json', write: async (ts) => utf8(JSON.stringify(toExchangeDocument(ts.map((table) => ({ table }))))), file: 'x.json', layout: false },
  { name: 'exchange csv (one file)', write: async (ts) => utf8(toExchangeFlatCsv(ts.map((table) => ({ table })))), file: 'x.csv', layout: false },
  { name: 'exchange csv (zip of two)', write: async (ts) => writeExchangeCsvZip(ts.map((table) => ({ table }))), file: 'x.zip', layout: false },
];

/**
 * What a document can give back at best: the table as the layout holds it, read straight from
 * the layout's grid. For the department and project tables that is the table itself (core's
 * official-layout test); a renderer must lose nothing more.
 */
const throughLayout = (t: TargetTable) => importGrids([officialLayout(t).grid]).tables[0]!;
/** The exchange format carries all three kinds: the two target tables and the self-evaluation table. */
const EXCHANGE_KINDS = new Set(['dept-overall', 'project', 'self-eval']);

describe('round trip: export → importer → the same table', () => {
  it.each(KINDS.map((k) => [k.name, k] as const))('the layout itself holds all of %s', (_n, k) => {
    // Our own forms: indicator order and labels exactly as they are; amounts compare as printed.
    expect(data(printedForm(throughLayout(k.table)))).toEqual(data(printedForm(k.table)));
  });

  describe('every table the importer reads (samples and seed)', () => {
    it('the samples carry the optional columns, legacy labels and inferred categories the layouts must keep', () => {
      const inds = ALL_TABLES.flatMap((x) => x.table.indicators);
      for (const f of ['operatorColumn', 'unitColumn', 'weight', 'direction', 'standard', 'explanation'] as const) expect(inds.some((i) => i[f]), f).toBe(true);
      expect(inds.some((i) => i.level1.legacy || i.level2.legacy)).toBe(true);
      expect(inds.some((i) => i.level1.classified)).toBe(true);
      expect(ALL_TABLES.some((x) => x.table.extraFields?.length)).toBe(true);
    });

    it.each(ALL_TABLES.map((x) => [x.name, x] as const))('the layout itself holds all of %s', (_n, x) => {
      expect(data(printedForm(throughLayout(x.table)))).toEqual(data(asOfficialForm(x.table)));
    });

    for (const f of FORMATS.filter((x) => x.layout)) {
      it.each(ALL_TABLES.map((x) => [x.name, x] as const))(`${f.name}: %s`, async (_n, x) => {
        const back = await readTableFile(await f.write([x.table]), f.file);
        expect(back.tables).toHaveLength(1);
        expect(data(back.tables[0]!)).toEqual(data(asOfficialForm(x.table)));
        const own = f.name === 'findings report' ? ['import.findings-report'] : [];
        expect(back.findings.map((y) => y.code)).toEqual([...own, ...importGrids([officialLayout(x.table).grid]).findings.map((y) => y.code)]);
      });
    }

    it('a 自评表 whose indicators also carry a 实施周期指标值, a 评(扣)分标准 and a 备注: each gets its column and reads back', async () => {
      const t = structuredClone(selfEval);
      // As the importer reads a 实施周期指标值 column: parsed with the row's 指标性质 and 度量单位.
      for (const i of t.indicators) i.periodValue = parseIndicatorValue('300', { indicatorName: i.name.raw, operatorColumn: i.operatorColumn!.raw, unitColumn: i.unitColumn!.raw });
      t.indicators[0]!.note = { raw: '按月统计' };
      t.indicators[1]!.standard = { raw: '完成得满分，未完成按比例扣分' };
      const layout = officialLayout(t);
      const header = layout.grid.rows.find((r) => r.some((c) => c.text === '三级指标'))!.map((c) => c.text);
      expect(header).toEqual(['绩效指标', '一级指标', '二级指标', '三级指标', '指标性质', '实施周期指标值', '年度指标值', '度量单位', '实际完成值', '分值', '得分', '偏差原因分析及改进措施', '评(扣)分标准', '备注']);
      expect(data(printedForm(throughLayout(t)))).toEqual(data(printedForm(t)));
      const back = await readTableFile(await writeOfficialXlsx([layout]), 'x.xlsx');
      expect(data(back.tables[0]!)).toEqual(data(printedForm(t)));
    });

    it('a widened form: the optional columns sit under headers the importer knows, and every span reaches the right edge', () => {
      const layout = officialLayout(sample025Dept);
      const width = layout.grid.rows[0]!.length;
      expect(width).toBeGreaterThan(6);
      expect(layout.columnWidths).toHaveLength(width);
      const header = layout.grid.rows.find((r) => r.some((c) => c.text === '三级指标'))!.map((c) => c.text);
      expect(header.slice(1)).toEqual(['一级指标', '二级指标', '三级指标', '指标性质', '指标值', '', '度量单位', '指标值说明']);
      // The title, the header lines above the indicator block and the notes reach the new right
      // edge: the last column is a cell in use or covered by a merge — never left over.
      const headerRow = layout.grid.rows.findIndex((r) => r.some((c) => c.text === '三级指标')) + 1;
      for (const row of layout.grid.rows) {
        const r = row[0]!.row;
        if (r >= headerRow && r <= layout.bodyRows.last) continue;
        const last = row[width - 1]!;
        expect(Boolean(last.mergedInto) || layout.roles[`${r},${width}`] !== undefined, `row ${r}`).toBe(true);
      }
      // No merge stops at the old edge (column 6) any more, except inside the indicator block (the value over two columns).
      const merges = layout.grid.rows.flat().flatMap((c) => (c.merge ? [c.merge] : []));
      expect(merges.filter((m) => m.right === 6 && m.top < headerRow)).toEqual([]);
    });
  });

  for (const f of FORMATS) {
    const kinds = KINDS.filter((k) => f.layout || EXCHANGE_KINDS.has(k.table.kind));
    it.each(kinds.map((k) => [k.name, k] as const))(`${f.name}: %s`, async (_n, k) => {
      const back = await readTableFile(await f.write([k.table]), f.file);
      expect(back.tables).toHaveLength(1);
      // Layout documents print amounts with two decimals (31.2 → 31.20): compare with the table as printed.
      const want = f.layout ? printedForm(throughLayout(k.table)) : k.table;
      expect(data(back.tables[0]!)).toEqual(data(want));
      // And the document adds no import findings to what the layout's grid gives.
      // (A findings report says once that it is one, and that its findings were left out.)
      const own = f.name === 'findings report' ? ['import.findings-report'] : [];
      if (f.layout) expect(back.findings.map((x) => x.code)).toEqual([...own, ...importGrids([officialLayout(k.table).grid]).findings.map((x) => x.code)]);
    });

    it(`${f.name}: all kinds in one file, and generated tables with every operator and unit`, async () => {
      const tables = [...kinds.map((k) => k.table), ...generateProjectTables(12, 7)].map((t) => (f.layout ? throughLayout(t) : t));
      const back = await readTableFile(await f.write(tables), f.file);
      expect(back.tables.map(sorted)).toEqual(tables.map((t) => sorted(f.layout ? printedForm(t) : t)));
    });
  }

  it('exporting what was read back gives the same document again', async () => {
    const once = await readTableFile(await writeOfficialXlsx([officialLayout(seed[0]!)]), 'a.xlsx');
    const twice = await readTableFile(await writeOfficialXlsx([officialLayout(once.tables[0]!)]), 'b.xlsx');
    expect(data(twice.tables[0]!)).toEqual(data(once.tables[0]!));
  });

  it('a lone half of the exchange CSV, and a broken exchange file, get clear errors', async () => {
    const zip = unzipSync(writeExchangeCsvZip([{ table: seed[1]! }]));
    await refused(readTableFile(zip['tables.csv']!, 'tables.csv'), 'unsupported-format');
    await refused(readTableFile(zip['indicators.csv']!, 'indicators.csv'), 'unsupported-format');
    const e = await refused(readTableFile(utf8('{"format":"jixiao-exchange","tables":[{"JX_TABLE_ID":"a","JX_TABLE_KIND":"nope"}]}'), 'x.json'), 'corrupt');
    expect(e.message.zh).toContain('JX_TABLE_KIND');
    await refused(readTableFile(utf8('{"format":"jixiao-exchange", "tables": [ }'), 'x.json'), 'corrupt');
  });
});

describe('findings report', () => {
  it('each finding beside its cell (comment, shading, 检查意见 column) and a sheet of all findings', async () => {
    const items = seed.map((t) => ({ name: t.kind === 'project' ? t.projectName.raw : t.kind === 'dept-overall' ? t.deptName.raw : t.title, table: t, layout: officialLayout(t), findings: checkTable(t) }));
    const total = items.reduce((s, x) => s + x.findings.length, 0);
    expect(total).toBeGreaterThan(3);
    const wb = await workbook(await writeFindingsReport(items, { title: '遂溪县科工贸和信息化局 2026 检查意见' }));
    expect(wb.worksheets.map((w) => w.name)).toHaveLength(4);
    const list = wb.worksheets[0]!;
    expect(list.name).toBe('检查意见汇总');
    expect(list.rowCount).toBe(total + 2);
    const header = (list.getRow(2).values as string[]).slice(1);
    expect(header).toEqual(['序号', '目标表', '规则代码 code', '严重程度 severity', '位置 location', '单元格 cell', '问题说明', 'Message', '修改建议 fix']);
    // The digital project's 发展规划编制完成率 "1" (a rate written as a fraction): the finding points at its cell.
    const digital = items[2]!;
    const f = digital.findings.find((x) => x.location.indicatorId && digital.table.indicators.find((i) => i.id === x.location.indicatorId)?.name.raw === '发展规划编制完成率(%)' && x.location.field === 'value');
    expect(f, 'a finding on 发展规划编制完成率').toBeDefined();
    const row = [...Array(list.rowCount).keys()].map((i) => list.getRow(i + 1)).find((r) => r.getCell(3).value === f!.code && String(r.getCell(5).value).includes('“发展规划编制完成率(%)”'))!;
    expect(row.getCell(2).value).toBe('遂溪县数字赋能实体经济发展规划编制费用');
    expect(row.getCell(7).value).toBe(f!.message.zh);
    expect(row.getCell(8).value).toBe(f!.message.en);
    if (f!.fix) expect(String(row.getCell(9).value)).toContain(f!.fix.to);
    const link = row.getCell(6).value as ExcelJS.CellHyperlinkValue;
    const [sheet, addr] = link.text.split('!') as [string, string];
    const ws = wb.getWorksheet(sheet)!;
    expect(ws.getCell(addr).value).toBe('1');
    expect(JSON.stringify(ws.getCell(addr).note)).toContain(f!.code);
    expect((ws.getCell(addr).fill as ExcelJS.FillPattern).fgColor?.argb).toMatch(/^FF(FDE2E1|FFF4CE)$/);
    expect(String(ws.getCell(Number(addr.replace(/\D/g, '')), 7).value)).toContain(f!.message.zh);
    // The report's table sheets show the official tables unchanged (the findings are beside them, in column G).
    const report = await readGrids(await writeFindingsReport(items), 'r.xlsx');
    const official = await readGrids(await writeOfficialXlsx(items.map((x) => x.layout)), 'o.xlsx');
    const firstSix = (g: { rows: Array<Array<{ text: string }>> }) => g.rows.map((r) => r.slice(0, 6).map((c) => c.text));
    expect(report.grids.slice(1).map(firstSix)).toEqual(official.grids.map(firstSix));
  });
});
