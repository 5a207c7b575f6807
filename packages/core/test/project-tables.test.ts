import { describe, expect, it } from 'vitest';
import { checkTable, projectNeedsTable, projectTableFromLibrary, resolveRuleSet, type LibraryProject } from '../src/index.ts';

const gd = resolveRuleSet('guangdong-2026');
const p = (typeCode: string, typeName: string, level: 1 | 2 | null): LibraryProject => ({ code: 'P1', name: 'x', typeCode, typeName, level });

describe('which projects need their own table (rule set projectTables)', () => {
  it('follows note 5 of the Guangdong 2026 tables', () => {
    expect(projectNeedsTable(p('331', '部门预算部门职能类', 2), gd.projectTables)).toMatchObject({ needed: true, clause: 'dept-function' });
    expect(projectNeedsTable(p('331', '部门预算部门职能类', 1), gd.projectTables).needed).toBe(false);
    expect(projectNeedsTable(p('311', '基建类', 2), gd.projectTables)).toMatchObject({ needed: true, clause: 'infrastructure' });
    expect(projectNeedsTable(p('312', '信息化新建类', 2), gd.projectTables)).toMatchObject({ needed: true, clause: 'it-new' });
    expect(projectNeedsTable(p('313', '信息化运维类', 2), gd.projectTables).needed).toBe(false);
    expect(projectNeedsTable(p('332', '事业发展性支出', 1), gd.projectTables)).toMatchObject({ needed: true, clause: 'development' });
    expect(projectNeedsTable(p('332', '事业发展性支出', 2), gd.projectTables).needed).toBe(true);
    expect(projectNeedsTable(p('22', '其他运转类', 2), gd.projectTables).needed).toBe(false);
  });

  it('cannot tell when the level decides and is missing; decides when every level is covered', () => {
    const d = projectNeedsTable(p('331', '部门预算部门职能类', null), gd.projectTables);
    expect(d.needed).toBeNull();
    expect(d.reason.zh).toContain('未填项目等级');
    expect(projectNeedsTable(p('332', '事业发展性支出', null), gd.projectTables).needed).toBe(true);
  });

  it('national-2021 asks a table of every project; a child rule set replaces the parent rule whole', () => {
    const nat = resolveRuleSet('national-2021');
    expect(projectNeedsTable(p('22', '其他运转类', 1), nat.projectTables).needed).toBe(true);
    const child = resolveRuleSet({ name: 'c', title: { zh: 'c', en: 'c' }, extends: 'guangdong-2026', rules: {}, projectTables: { clauses: [{ id: 'x', label: { zh: '代码331', en: '331' }, typeCodePrefixes: ['331'] }] } });
    expect(projectNeedsTable(p('331', '', 1), child.projectTables).needed).toBe(true);
    expect(projectNeedsTable(p('311', '基建类', 2), child.projectTables).needed).toBe(false);
  });
});

describe('projectTableFromLibrary', () => {
  const header = { code: '440823-144-0001', name: '遂溪县数字赋能实体经济发展规划编制费用', typeCode: '331', typeName: '部门预算部门职能类', level: 2 as const, startYear: 2023, endYear: 2026, totalAmountFen: 2_600_000_00, currentAmountFen: 312_000_00 };
  const owner = { dept: { code: '144', name: '遂溪县科工贸和信息化局' }, unit: { code: '144001', name: '遂溪县科工贸和信息化局' } };

  it('fills the header the budget system knows and leaves the indicators to the filer', () => {
    const t = projectTableFromLibrary(header, 2026, owner);
    expect(t.projectName.raw).toBe(header.name);
    expect(t.projectType).toEqual({ raw: '331-部门预算部门职能类', code: '331', name: '部门预算部门职能类' });
    expect(t.projectLevel.raw).toBe('二级项目');
    expect(t.unit.raw).toBe('144001-遂溪县科工贸和信息化局');
    expect(t.totalAmount).toEqual({ raw: '260', fen: 2_600_000_00 });
    expect(t.currentAmount).toEqual({ raw: '31.2', fen: 312_000_00 });
    expect(t.period.start.year).toBe(2023);
    const codes = new Set(checkTable(t).map((f) => f.code));
    expect(codes.has('funds.amount-invalid')).toBe(false);
    expect(codes.has('indicators.total-min')).toBe(true);
  });

  it('keeps the indicators of the earlier stage and takes the new amounts', () => {
    const first = projectTableFromLibrary(header, 2026, owner);
    first.indicators[0]!.name = { raw: '编制规划数量' };
    const second = projectTableFromLibrary({ ...header, currentAmountFen: 300_000_00 }, 2026, owner, first);
    expect(second.indicators[0]!.name.raw).toBe('编制规划数量');
    expect(second.currentAmount.raw).toBe('30');
    expect(first.currentAmount.raw).toBe('31.2');
  });
});
