/**
 * Judging each table by its own form (issue 23, item 4): the importer recognises the form's
 * region, year and fields; `auto` picks the region's and year's rule set, otherwise the national
 * one; required fields are asked for only where the form has them; a field present but not read
 * is the importer's finding, not "未填写".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTable, importText, recogniseRegion, resolveRuleSet, ruleSetForTable, type FormFieldState, type TargetTable } from '../src/index.ts';

/** The table with one field of its form in the given state (as the importer would have recorded it). */
function cleanProjectForm(t: TargetTable, field: string, state: FormFieldState): TargetTable {
  return { ...t, form: { ...t.form!, fields: { ...t.form!.fields, [field]: state } } };
}

const fixture = (p: string) => readFileSync(new URL(`../../../fixtures/${p}`, import.meta.url), 'utf8');

describe('the form a table was filled on', () => {
  it('the seed: three Guangdong 2026 tables, judged by guangdong-2026 with the same findings as before', () => {
    const r = importText(fixture('seed/000_860be9a69280b0ce.txt'), 'seed.txt');
    expect(r.tables).toHaveLength(3);
    for (const t of r.tables) {
      expect(t.form?.region).toMatchObject({ province: '广东省', place: '遂溪县' });
      expect(t.form?.year).toBe(2026);
      expect(ruleSetForTable(t)).toBe('guangdong-2026');
      const auto = checkTable(t, { ruleSet: 'auto' }).map((f) => f.code);
      expect(auto).toEqual(checkTable(t, { ruleSet: 'guangdong-2026' }).map((f) => f.code));
    }
    expect(r.tables[1]!.form?.fields).toMatchObject({ projectName: 'filled', periodStart: 'filled', periodEnd: 'filled', totalAmount: 'filled' });
    expect(r.tables[1]!.form?.columns).toEqual(expect.arrayContaining(['level1', 'level2', 'name', 'periodValue', 'value']));
  });

  it('a 2023 Hunan table: national-2021, and no "未填写" for 用款单位 and 总金额, which its form does not have', () => {
    const r = importText(fixture('samples/001_xiangtan_wupaoche_2023_project.txt'), '001.txt');
    const t = r.tables[0]!;
    expect(t.form?.region?.province).toBe('湖南省');
    expect(t.form?.year).toBe(2023);
    expect(ruleSetForTable(t)).toBe('national-2021');
    expect(t.form?.fields.totalAmount).toBeUndefined();
    expect(t.form?.fields.unit).toBeUndefined();
    expect(t.form?.fields.projectName).toBe('filled');
    for (const rs of ['auto', 'guangdong-2026']) {
      expect(checkTable(t, { ruleSet: rs }).filter((f) => f.code === 'field.required-missing')).toEqual([]);
    }
    // Under national-2021 the Guangdong minimum counts do not apply.
    const national = checkTable(t, { ruleSet: 'auto' }).map((f) => f.code);
    expect(national).not.toContain('indicators.total-min');
    expect(national).not.toContain('output.quantitative-min');
  });

  it('a field on the form left blank is "未填写"; one whose text follows unread is import.field-unread, not 未填写', () => {
    // 主管部门 is followed by the next label: blank on the form.
    const blank = importText(['2026年项目支出绩效目标表', '项目名称\t道路维护', '主管部门\t', '实施单位\t交通局', '一级指标\t二级指标\t三级指标\t指标值', '产出指标\t数量指标\t维护里程\t≥10公里'].join('\n'), 'a.txt');
    const t = blank.tables[0]!;
    expect(t.form?.fields.department).toBe('empty');
    const missing = checkTable(t, { ruleSet: 'auto' }).filter((f) => f.code === 'field.required-missing').map((f) => f.location.field);
    expect(missing).toContain('department');
    expect(missing).not.toContain('totalAmount'); // no such field on this form
    // The same form as read, with the importer having missed the department's value: not the filer's defect.
    const unread = cleanProjectForm(t, 'department', 'unread');
    expect(checkTable(unread, { ruleSet: 'auto' }).filter((f) => f.code === 'field.required-missing').map((f) => f.location.field)).not.toContain('department');
  });

  it('the region is found from the places the text names, and ambiguous or absent names give none', () => {
    expect(recogniseRegion('湘潭市城市管理和综合执法局')?.province).toBe('湖南省');
    expect(recogniseRegion('岳阳楼区发改局')).toMatchObject({ province: '湖南省', place: '岳阳楼区' });
    expect(recogniseRegion('朝阳区教育局')).toBeUndefined(); // 北京 and 辽宁 both have one
    expect(recogniseRegion('2023年项目支出绩效目标表')).toBeUndefined();
  });

  it('a table with no recognised form (filed in the app) keeps the default rule set', () => {
    const r = importText(fixture('seed/000_860be9a69280b0ce.txt'), 'seed.txt');
    const t = { ...r.tables[0]! };
    delete t.form;
    expect(ruleSetForTable(t)).toBe(resolveRuleSet().name);
  });
});
