/**
 * Never crash: the samples (text and published grids) mutated 10,000 times (7,000 as grids and
 * text, 3,000 as files through @jixiao/files) — cell texts
 * replaced with vocabulary, numbers, signs and noise; rows and columns shuffled, deleted and
 * duplicated; merges made up; bytes flipped, inserted and cut before the text readers — and
 * every import returns a result whose findings and provenance hold together. The recogniser's
 * own safety net (`import.internal-error`) must never be needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isFileReadError, readGrids, writeDocx, writeHtml, writeXlsx } from '@jixiao/files';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importGrids, recogniseTables, tabTextToGrid, textToGrid, type Cell, type CellGrid, type RecogniseResult } from '../src/index.ts';
import { layout } from './import-helpers/published.ts';
import { PUBLISHED } from './import-helpers/published-samples.ts';

const SAMPLES = fileURLToPath(new URL('../../../fixtures/samples/', import.meta.url));
const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const texts = [...readdirSync(SAMPLES).map((f) => readFileSync(SAMPLES + f, 'utf8')), readFileSync(SEED, 'utf8')];
const grids: CellGrid[] = [
  ...texts.map((t, i) => textToGrid(t, `s${i}.txt`)),
  ...Object.values(PUBLISHED).flatMap((tables) => tables.map((rows, i) => layout(rows, { file: 'p.xlsx', sheet: `表${i + 1}` }))),
];

const WORDS = [
  '', ' ', '一级指标', '二级指标', '三级指标', '指标', '指标值', '指标性质', '计算符号', '度量单位', '权重', '得分', '完成值', '实施周期指标值',
  '当年度指标值', '产出指标', '效益指标', '满意度指标', '成本指标', '数量指标', '质量指标', '时效指标', '经济效益', '指标', '可持续影响指标',
  '社会公众或服务对象满意度指标', '效果指标', '项目名称', '部门名称', '主管部门', '实施单位', '年度目标', '总体目标', '预算数', '金额单位:元',
  '单位:万元', '2023年项目支出绩效目标申报表', '部门整体绩效目标', '绩效自评表', '合计', '备注：', '≥', '≤', '=', '》', '定性', '%', '万元',
  '≥95%', '》95%', '292%', '1', '0', '-1', '1e308', '9'.repeat(40), '8,827,620.53', '250万', '2023.07-2024.01', '80-90%', '**', 'XX', '…',
  '|', '||', '\t', '\u0000', '\uFFFD', '𠀀', '满意度≥90%', '计划标准', '正向指标', '年初预算', '总额', '其中:财政资金',
];

type GridMutation =
  | { k: 'text'; r: number; c: number; w: number }
  | { k: 'noise'; r: number; c: number; s: string }
  | { k: 'swapRows'; a: number; b: number }
  | { k: 'delRow'; r: number }
  | { k: 'dupRow'; r: number }
  | { k: 'delCol'; c: number }
  | { k: 'swapCols'; a: number; b: number }
  | { k: 'merge'; r: number; c: number; h: number; w: number }
  | { k: 'shuffle'; seed: number };

const nat = fc.nat({ max: 400 });
const gridMutation: fc.Arbitrary<GridMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('text' as const), r: nat, c: fc.nat({ max: 14 }), w: fc.nat({ max: WORDS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('noise' as const), r: nat, c: fc.nat({ max: 14 }), s: fc.string({ maxLength: 12, unit: 'binary' }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('swapRows' as const), a: nat, b: nat }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delRow' as const), r: nat }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('dupRow' as const), r: nat }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delCol' as const), c: fc.nat({ max: 14 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('swapCols' as const), a: fc.nat({ max: 14 }), b: fc.nat({ max: 14 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('merge' as const), r: nat, c: fc.nat({ max: 14 }), h: fc.nat({ max: 30 }), w: fc.nat({ max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('shuffle' as const), seed: fc.integer() }) },
);

function mutate(grid: CellGrid, muts: GridMutation[]): CellGrid {
  let rows: Cell[][] = grid.rows.map((r) => r.map((c) => ({ ...c })));
  const pick = <T,>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  for (const m of muts) {
    switch (m.k) {
      case 'text':
      case 'noise': {
        const row = pick(rows, m.r);
        const cell = row && pick(row, m.c);
        if (cell) cell.text = m.k === 'text' ? WORDS[m.w]! : m.s;
        break;
      }
      case 'swapRows': {
        const n = rows.length;
        if (n) [rows[m.a % n], rows[m.b % n]] = [rows[m.b % n]!, rows[m.a % n]!];
        break;
      }
      case 'delRow':
        if (rows.length) rows.splice(m.r % rows.length, 1);
        break;
      case 'dupRow':
        if (rows.length) rows.splice(m.r % rows.length, 0, rows[m.r % rows.length]!.map((c) => ({ ...c })));
        break;
      case 'delCol':
        rows = rows.map((r) => r.filter((_, j) => j !== m.c));
        break;
      case 'swapCols':
        rows = rows.map((r) => {
          const out = [...r];
          if (m.a < out.length && m.b < out.length) [out[m.a], out[m.b]] = [out[m.b]!, out[m.a]!];
          return out;
        });
        break;
      case 'merge': {
        // Merges that may be nonsense: out of range, overlapping, pointing nowhere.
        const row = pick(rows, m.r);
        const cell = row && pick(row, m.c);
        if (cell) cell.merge = { top: cell.row, left: cell.col, bottom: cell.row + m.h, right: cell.col + m.w };
        // Covered cells below: some pointing at the cell (a real vertical merge), some nowhere.
        for (let k = 1; k <= Math.min(m.h, 5); k++) {
          const below = pick(rows, m.r + k)?.[m.c];
          if (below && cell) below.mergedInto = m.w % 2 ? { row: cell.row, col: cell.col } : { row: m.r + 1000, col: m.c };
          if (below && m.w % 2) below.text = '';
        }
        break;
      }
      case 'shuffle': {
        let s = m.seed | 0;
        for (let i = rows.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) | 0;
          const j = Math.abs(s) % (i + 1);
          [rows[i], rows[j]] = [rows[j]!, rows[i]!];
        }
        break;
      }
    }
  }
  // Row and column numbers are left as they were: readers may number cells oddly too.
  return { ...grid, rows };
}

type ByteMutation = { k: 'flip' | 'insert' | 'delete' | 'cut'; at: number; byte: number };
const byteMutation: fc.Arbitrary<ByteMutation> = fc.record({
  k: fc.constantFrom('flip', 'insert', 'delete', 'cut'),
  at: fc.nat({ max: 100_000 }),
  byte: fc.integer({ min: 0, max: 255 }),
});

function mutateBytes(text: string, muts: ByteMutation[]): string {
  let bytes = Array.from(new TextEncoder().encode(text));
  for (const m of muts) {
    if (!bytes.length) break;
    const at = m.at % bytes.length;
    if (m.k === 'flip') bytes[at] = m.byte;
    else if (m.k === 'insert') bytes.splice(at, 0, m.byte, (m.byte * 7) & 0xff, 0x7c, 0x09, 0x0a);
    else if (m.k === 'delete') bytes.splice(at, 1 + (m.byte % 16));
    else bytes = bytes.slice(0, at);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

function mutateBinary(src: Uint8Array, muts: ByteMutation[]): Uint8Array {
  const bytes = Array.from(src);
  for (const m of muts) {
    if (!bytes.length) break;
    const at = m.at % bytes.length;
    if (m.k === 'flip') bytes[at] = m.byte;
    else if (m.k === 'insert') bytes.splice(at, 0, m.byte);
    else if (m.k === 'delete') bytes.splice(at, 1 + (m.byte % 16));
    else bytes.length = Math.max(at, 1);
  }
  return new Uint8Array(bytes);
}

/** The result holds together: findings point at real tables, every indicator knows its cell. */
function check(r: RecogniseResult): void {
  expect(r.findings.filter((f) => f.code === 'import.internal-error')).toEqual([]);
  for (const f of r.findings) {
    expect(f.code.startsWith('import.')).toBe(true);
    // Every finding points at a cell.
    expect(f.location.source).toBeDefined();
    expect(f.message.zh && f.message.en).toBeTruthy();
    if (f.location.table !== undefined) expect(f.location.table).toBeLessThan(r.tables.length);
  }
  for (const t of r.tables) {
    for (const i of t.indicators) {
      expect(i.name.source).toBeDefined();
      if (i.value.number !== null) expect(i.value.number).toMatch(/^-?\d+(\.\d+)?$/);
    }
  }
  JSON.stringify(r);
}

describe('importer never crashes', () => {
  it('7,000 mutated samples (grid mutations, and byte noise through the core text readers)', () => {
    let tables = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 3, arbitrary: fc.record({ g: fc.nat({ max: grids.length - 1 }), muts: fc.array(gridMutation, { maxLength: 12 }) }) },
          { weight: 2, arbitrary: fc.record({ t: fc.nat({ max: texts.length - 1 }), bytes: fc.array(byteMutation, { maxLength: 8 }), tab: fc.boolean() }) },
        ),
        (input) => {
          let r: RecogniseResult;
          if ('g' in input) r = importGrids([mutate(grids[input.g]!, input.muts)]);
          else {
            const text = mutateBytes(texts[input.t]!, input.bytes);
            r = recogniseTables(input.tab ? tabTextToGrid(text, 'f.txt') : textToGrid(text, 'f.txt'));
          }
          check(r);
          tables += r.tables.length;
        },
      ),
      { numRuns: 7_000, seed: 20261127 },
    );
    // The mutations leave most tables recognisable: the test exercises the readers, not only the no-table path.
    expect(tables).toBeGreaterThan(3_500);
  }, 120_000);

  it('3,000 files with byte noise through the files readers (text, .html, .docx, .xlsx)', async () => {
    const published = Object.values(PUBLISHED).flatMap((tables) => tables.map((rows) => layout(rows)));
    const files: Array<{ name: string; bytes: Uint8Array }> = [
      ...texts.map((t, i) => ({ name: `s${i}.txt`, bytes: new TextEncoder().encode(t) })),
      { name: 'p.html', bytes: writeHtml(published) },
      { name: 'p.docx', bytes: writeDocx(published) },
      { name: 'p.xlsx', bytes: await writeXlsx(published.slice(0, 3)) },
    ];
    let read = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: files.length - 1 }), fc.array(byteMutation, { maxLength: 6 }), async (f, muts) => {
        const { name, bytes } = files[f]!;
        const mutated = mutateBinary(bytes, muts);
        let grids: CellGrid[];
        try {
          grids = (await readGrids(mutated, name)).grids;
        } catch (e) {
          // The readers may refuse a damaged file, but only with their own clear error.
          expect(isFileReadError(e)).toBe(true);
          return;
        }
        read++;
        check(importGrids(grids));
      }),
      { numRuns: 3_000, seed: 20261128 },
    );
    expect(read).toBeGreaterThan(1_000);
  }, 120_000);

  it('degenerate grids give findings, not exceptions', () => {
    const cases: CellGrid[] = [
      { rows: [] },
      { rows: [[]] },
      { rows: [[{ row: 1, col: 1, text: '三级指标' }]] },
      { rows: [[{ row: 1, col: 1, text: '2023年项目支出绩效目标表' }], [{ row: 2, col: 1, text: '三级指标' }], [{ row: 3, col: 1, text: '指标值' }]] },
      { rows: Array.from({ length: 50 }, (_, i) => [{ row: i + 1, col: 1, text: i % 2 ? '产出指标' : '指标' }]) },
      { rows: [[{ row: 1, col: 1, text: '项目名称' }, { row: 1, col: 2, text: '一级指标' }, { row: 1, col: 3, text: '三级指标' }, { row: 1, col: 4, text: '指标值' }]] },
    ];
    for (const g of cases) {
      const r = recogniseTables(g);
      check(r);
      if (r.tables.length === 0) expect(r.findings.length).toBeGreaterThan(0);
    }
  });
});
