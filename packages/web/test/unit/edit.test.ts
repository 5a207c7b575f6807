/** The form's pure edits, diffs, merge and .xlsx layout, on the seed's real tables. */
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTable, importText, type ProjectTable, type DeptOverallTable, type TargetTable } from '@jixiao/core';
import { addIndicator, applyAllFixes, applyFix, fixApplies, moveIndicator, pasteBlock, removeIndicator, setCategory, setField, setIndicatorField, findingCellKey } from '../../src/form/edit.ts';
import { diffTables } from '@jixiao/core';
import { changedKeys, diffForPeople } from '../../src/form/diff.ts';
import { mergeMine } from '../../src/form/merge.ts';
import { fileNameOf } from '../../src/export/download.ts';

const SEED = ['../../../server/src/demo/suixi-2026-seed.txt', '/work/shared/seed/000_860be9a69280b0ce.txt']
  .map((p) => (p.startsWith('/') ? p : new URL(p, import.meta.url).pathname))
  .find((p) => existsSync(p))!;
const tables = () => importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
const dept = () => tables()[0] as DeptOverallTable;
const digital = () => tables()[2] as ProjectTable;

describe('edits', () => {
  it('re-parses money to integer 分 and keeps the sums exact', () => {
    let t: TargetTable = dept();
    t = setField(t, 'funds.basic', '602.45');
    const d = t as DeptOverallTable;
    expect(d.funds.basic.fen).toBe(602_450_000);
    expect(checkTable(t).some((f) => f.code === 'funds.sum-mismatch')).toBe(true);
    t = setField(t, 'funds.fiscal', '646.65');
    expect(checkTable(t).some((f) => f.code === 'funds.sum-mismatch')).toBe(false);
    expect(setField(t, 'funds.other', '0.1.2').kind === 'dept-overall' && (setField(t, 'funds.other', '0.1.2') as DeptOverallTable).funds.other.fen).toBe(null);
  });

  it('re-parses a value as typed, and shares untouched rows', () => {
    const t = digital();
    const id = t.indicators[4]!.id;
    const u = setIndicatorField(t, id, 'value', '不低于95%');
    expect(u.indicators[4]!.value.operator).toBe('≥');
    expect(u.indicators[4]!.value.number).toBe('95');
    expect(u.indicators[4]!.value.unit).toBe('%');
    expect(u.indicators[0]).toBe(t.indicators[0]);
  });

  it('applies the 》 fix and the level-2 fix, and a fix no longer applies once used', () => {
    let t: TargetTable = digital();
    const op = checkTable(t).find((f) => f.code === 'value.operator-nonstandard')!;
    expect(fixApplies(t, op)).toBe(true);
    t = applyFix(t, op);
    expect(fixApplies(t, op)).toBe(false);
    expect(t.indicators.find((x) => x.id === op.location.indicatorId)!.value.raw).toBe('≥95%');
    const l2 = checkTable(t).find((f) => f.code === 'indicator.level2-invalid')!;
    expect(findingCellKey(l2)).toBe(`ind:${l2.location.indicatorId}:level2`);
    t = applyFix(t, l2);
    const moved = t.indicators.find((x) => x.id === l2.location.indicatorId)!;
    expect(moved.level1.name).toBe('产出指标');
    // …and the row now sits with the other 产出 rows, before 效益/满意度/成本.
    const idx = t.indicators.indexOf(moved);
    expect(t.indicators.slice(0, idx).every((x) => x.level1.name === '产出指标')).toBe(true);
    expect(checkTable(applyAllFixes(t, checkTable(t))).filter((f) => f.fix && fixApplies(t, f))).toEqual([]);
  });

  it('adds, moves within the 二级, moves to another category and removes rows', () => {
    let t: TargetTable = digital();
    const r = addIndicator(t, '效益指标', '社会效益指标', undefined, 'new1');
    t = r.table;
    expect(r.id).toBe('new1');
    const i = t.indicators.findIndex((x) => x.id === 'new1');
    // Framework order: after the 产出 rows, before the rest (here a misfiled 效益/时效 row).
    expect(t.indicators[i - 1]!.level1.name).toBe('产出指标');
    expect(t.indicators[i]!.periodValue).toBeDefined();
    const first = t.indicators[0]!.id;
    const second = t.indicators[1]!.id;
    t = moveIndicator(t, second, -1);
    expect(t.indicators[0]!.id).toBe(second);
    expect(moveIndicator(t, second, -1)).toBe(t); // already first of its 二级
    t = setCategory(t, first, '成本指标', '社会成本指标');
    expect(t.indicators[t.indicators.length - 1]!.id).toBe(first);
    t = removeIndicator(t, 'new1');
    expect(t.indicators.some((x) => x.id === 'new1')).toBe(false);
  });
});

describe('diff and merge', () => {
  it('lists field changes keyed by cell, added rows once', () => {
    const a = digital();
    let b: TargetTable = setField(a, 'projectName', '新名称');
    b = addIndicator(b, '效益指标', '社会效益指标', undefined, 'x1').table;
    b = setIndicatorField(b, 'x1', 'name', '带动就业人数');
    const keys = changedKeys(a, b);
    expect(keys.has('projectName')).toBe(true);
    expect(keys.has('ind:x1:name')).toBe(true);
    const people = diffForPeople(a, b);
    expect(people.filter((d) => d.key.startsWith('ind:x1')).length).toBe(1);
    expect(diffTables(a, a)).toEqual([]);
  });

  it('re-applies my changes on their newer version and reports overlaps', () => {
    const base = digital();
    const theirs = setField(base, 'projectName', '他们的名称');
    let mine: TargetTable = setField(base, 'overview', '我的概述');
    mine = setField(mine, 'projectName', '我的名称');
    const r = mergeMine(base, mine, theirs);
    expect((r.table as ProjectTable).overview.raw).toBe('我的概述');
    expect((r.table as ProjectTable).projectName.raw).toBe('我的名称');
    expect(r.overlaps).toEqual(['projectName']);
    const r2 = mergeMine(base, setField(base, 'overview', 'x'), theirs);
    expect((r2.table as ProjectTable).projectName.raw).toBe('他们的名称');
    expect(r2.overlaps).toEqual([]);
  });
});

describe('downloads', () => {
  // The official .xlsx/.docx/PDF are made by the server (packages/files, tested there); the page saves them under the server's name.
  it('saves a file under the name the server gives (RFC 5987), else the plain name, else the fallback', () => {
    expect(fileNameOf(`attachment; filename="table-1-v2.xlsx"; filename*=UTF-8''${encodeURIComponent('遂溪县数字赋能实体经济发展规划编制费用.xlsx')}`, 'x')).toBe('遂溪县数字赋能实体经济发展规划编制费用.xlsx');
    expect(fileNameOf('attachment; filename="table-1-v2.xlsx"', 'x')).toBe('table-1-v2.xlsx');
    expect(fileNameOf(null, 'fallback')).toBe('fallback');
  });
});

describe('pasting a block from a spreadsheet', () => {
  it('fills the rows below within the 二级 and adds rows when the block is longer', () => {
    const t = digital();
    const start = t.indicators[0]!; // 产出/数量, the first of two rows
    const r = pasteBlock(t, start.id, 'name', '完成调研企业数\t≥30家\t≥10家\n形成报告数\t≥3份\t≥1份\n召开座谈会次数\t≥6次\t≥2次\n');
    expect(r.filled).toBe(3);
    expect(r.added).toBe(1);
    const rows = r.table.indicators.filter((x) => x.level2.name === '数量指标');
    expect(rows.map((x) => [x.name.raw, x.periodValue?.raw, x.value.raw])).toEqual([
      ['完成调研企业数', '≥30家', '≥10家'],
      ['形成报告数', '≥3份', '≥1份'],
      ['召开座谈会次数', '≥6次', '≥2次'],
    ]);
    expect(rows[2]!.value.unit).toBe('次');
  });

  it('puts whole rows copied from the official sheet under their own categories', () => {
    const t = digital();
    const r = pasteBlock(t, t.indicators[0]!.id, 'name', '效益指标\t社会效益指标\t带动就业人数(人)\t≥50\t≥20\n成本指标\t经济成本指标\t单位诊断成本\t≤2万元\t≤2万元');
    expect(r.added).toBe(2);
    const jobs = r.table.indicators.find((x) => x.name.raw === '带动就业人数(人)')!;
    expect(jobs.level2.name).toBe('社会效益指标');
    expect(jobs.value.raw).toBe('≥20');
    expect(jobs.value.unit).toBe('人');
    expect(r.table.indicators.find((x) => x.name.raw === '单位诊断成本')!.level1.name).toBe('成本指标');
  });
});
