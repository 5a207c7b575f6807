/**
 * Round trip: a table laid out the way an exporter must write it (the Guangdong 2026 form,
 * 一级/二级 merged over their rows: import-helpers/layout-table.ts) imports back unchanged —
 * every field and every parsed value — straight from the grid and through a real .xlsx.
 */
import { readGrids, writeXlsx } from '@jixiao/files';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateProjectTables, importGrids, importText, type DeptOverallTable, type ProjectTable, type SelfEvalTable } from '../src/index.ts';
import { cleanDept } from './helpers/tables.ts';
import { layout } from './import-helpers/published.ts';
import { deptTableRows, projectTableRows, selfEvalTableRows } from './import-helpers/layout-table.ts';

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) if (k !== 'source' && k !== 'form') out[k] = strip((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

describe('exporter layout → importer: unchanged', () => {
  const tables = generateProjectTables(300, 7);

  it('300 synthetic project tables, straight from their grids', () => {
    for (const t of tables) {
      const r = importGrids([layout(projectTableRows(t), { file: 'rt.xlsx', sheet: t.projectName.raw })]);
      expect(r.tables).toHaveLength(1);
      expect(strip(r.tables[0])).toEqual(strip(t));
    }
  });

  it('20 of them through .xlsx (one workbook, a sheet each)', async () => {
    const some = tables.slice(0, 20);
    const bytes = await writeXlsx(some.map((t) => layout(projectTableRows(t), { sheet: t.projectName.raw })));
    const read = await readGrids(bytes, 'rt.xlsx');
    const r = importGrids(read.grids);
    expect(r.tables.map((t) => strip(t))).toEqual(some.map((t) => strip(t)));
    expect((r.tables[3] as ProjectTable).indicators[0]!.value.source).toMatchObject({ file: 'rt.xlsx', sheet: some[3]!.projectName.raw });
  });
});

describe('department-wide tables: exporter layout → importer, unchanged', () => {
  const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
  const seedDept = importText(readFileSync(SEED, 'utf8')).tables[0] as DeptOverallTable;
  // The seed's table as imported has ids and sources; what must survive is every field and value.
  const cases: Array<[string, DeptOverallTable]> = [
    ['the clean department table of the rule tests', { ...cleanDept(), indicators: cleanDept().indicators.map((i, k) => ({ ...i, id: `i${k + 1}` })) }],
    ['the seed department table', seedDept],
  ];
  for (const [what, t] of cases) {
    it(`${what}, from its grid and through .xlsx`, async () => {
      const grid = layout(deptTableRows(t), { sheet: '部门整体' });
      const direct = importGrids([grid]);
      expect(direct.tables.map(strip)).toEqual([strip(t)]);
      const read = await readGrids(await writeXlsx([grid]), 'dept.xlsx');
      expect(importGrids(read.grids).tables.map(strip)).toEqual([strip(t)]);
    });
  }
});

describe('self-evaluation tables: exporter layout → importer, unchanged', () => {
  it('the 青神 self-evaluation (sample 002), from its grid and through .xlsx', async () => {
    const SAMPLE = fileURLToPath(new URL('../../../fixtures/samples/002_qingshen_fagaiju_gongzi_2023_selfeval.txt', import.meta.url));
    const t = importText(readFileSync(SAMPLE, 'utf8')).tables[0] as SelfEvalTable;
    expect(t.execution.length).toBe(5);
    const grid = layout(selfEvalTableRows(t), { sheet: '自评' });
    expect(importGrids([grid]).tables.map(strip)).toEqual([strip(t)]);
    const read = await readGrids(await writeXlsx([grid]), 'self.xlsx');
    expect(importGrids(read.grids).tables.map(strip)).toEqual([strip(t)]);
  });
});
