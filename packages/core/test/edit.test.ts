/** Editing helpers shared by the browser and the server: blank tables, one-click fixes, diffs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyFix, checkTable, diffTables, emptyDeptTable, emptyProjectTable, FixError, importText, type ProjectTable } from '../src/index.ts';
import { cleanProject } from './helpers/tables.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));

describe('blank tables', () => {
  it('offer every category and report what is missing, without crashing', () => {
    const p = emptyProjectTable(2026, { projectName: '新项目', department: '144-遂溪县科工贸和信息化局' });
    expect(p.indicators).toHaveLength(10);
    expect(p.department.code).toBe('144');
    const codes = checkTable(p).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['indicators.total-min', 'field.required-missing', 'goal.missing']));
    const d = emptyDeptTable(2026, '遂溪县林业局');
    expect(checkTable(d).map((f) => f.code)).toContain('indicators.total-min');
    expect(checkTable(d).map((f) => f.code)).not.toContain('funds.sum-mismatch');
  });
});

describe('applyFix', () => {
  const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;

  it('applies the 》95% fix and the finding goes away; the input is unchanged', () => {
    const t = seed[2] as ProjectTable;
    const findings = checkTable(t).filter((f) => f.code === 'value.operator-nonstandard');
    let fixed = t as typeof t;
    for (const f of findings) fixed = applyFix(fixed, f) as ProjectTable;
    expect(checkTable(fixed).filter((f) => f.code === 'value.operator-nonstandard')).toEqual([]);
    expect(fixed.indicators[4]!.value.raw).toBe('≥95%');
    expect(fixed.indicators[4]!.value.operator).toBe('≥');
    expect(t.indicators[4]!.value.raw).toBe('》95%');
    // Provenance survives the fix.
    expect(fixed.indicators[4]!.value.source).toEqual(t.indicators[4]!.value.source);
  });

  it('moves a misplaced 二级 to its own 一级', () => {
    const t = seed[2]!;
    const f = checkTable(t).find((x) => x.code === 'indicator.level2-invalid')!;
    const fixed = applyFix(t, f);
    expect(fixed.indicators[3]!.level1.name).toBe('产出指标');
    expect(checkTable(fixed).some((x) => x.code === 'indicator.level2-invalid')).toBe(false);
  });

  it('refuses a stale fix with a clear message', () => {
    const t = seed[2]!;
    const f = checkTable(t).find((x) => x.code === 'value.operator-nonstandard')!;
    const once = applyFix(t, f);
    expect(() => applyFix(once, f)).toThrow(FixError);
    expect(() => applyFix(t, { location: f.location })).toThrow(/no fix/);
  });
});

describe('diffTables', () => {
  it('reports field changes by path, using the text as filed', () => {
    const a = cleanProject();
    const b = structuredClone(a);
    b.projectName = { raw: '数字化转型培训（二期）' };
    b.currentAmount = { raw: '18', fen: 18_000_000 };
    b.indicators[1] = { ...b.indicators[1]!, value: { ...b.indicators[1]!.value, raw: '≥98%' } };
    b.indicators.reverse();
    const changes = diffTables(a, b);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'projectName', key: 'projectName', kind: 'changed', before: '数字化转型培训', after: '数字化转型培训（二期）', label: { zh: '项目名称', en: 'Project name' } }),
        expect.objectContaining({ path: 'currentAmount', kind: 'changed', before: '20', after: '18' }),
        expect.objectContaining({ path: `indicators[${a.indicators[1]!.id}].value`, before: '≥95%', after: '≥98%' }),
        expect.objectContaining({ kind: 'moved', indicatorId: a.indicators[0]!.id }),
      ]),
    );
    expect(diffTables(a, structuredClone(a))).toEqual([]);
  });

  it('a row inserted above others moves none of them; a changed order moves the rows whose order changed', () => {
    const a = cleanProject();
    const b = structuredClone(a);
    b.indicators.unshift({ ...structuredClone(a.indicators[0]!), id: 'top', name: { raw: '新指标' } });
    expect(diffTables(a, b).map((c) => [c.kind, c.key])).toEqual([['added', 'ind:top']]);
    const c = structuredClone(a);
    [c.indicators[0], c.indicators[1]] = [c.indicators[1]!, c.indicators[0]!];
    expect(diffTables(a, c).map((x) => [x.kind, x.indicatorId])).toEqual([
      ['moved', a.indicators[1]!.id],
      ['moved', a.indicators[0]!.id],
    ]);
  });

  it('compares the text as people see it: white space at the ends is no change; the recognised form and where a value was read are not table data', () => {
    const a = cleanProject();
    const b = structuredClone(a);
    b.projectName = { raw: ` ${a.projectName.raw} `, source: { row: 3, col: 2 } };
    b.form = { fields: { projectName: 'filled' }, columns: ['name', 'value'] };
    expect(diffTables(a, b)).toEqual([]);
  });

  it('reports added and removed indicators', () => {
    const a = cleanProject();
    const b = structuredClone(a);
    const removed = b.indicators.pop()!;
    b.indicators.push({ ...structuredClone(removed), id: 'new1', name: { raw: '新增指标' } });
    const kinds = diffTables(a, b).map((c) => [c.kind, c.indicatorId]);
    expect(kinds).toEqual(expect.arrayContaining([['added', 'new1'], ['removed', removed.id]]));
  });
});
