/** Header rules: required fields and the implementation period (实施期限). */
import type { TargetTable, TextField } from '../model/target-table.ts';
import { defineRule, type FindingDraft } from './rule.ts';
import { formAsksFor } from '../form/table-form.ts';

export const periodInvalid = defineRule<{ maxYears: number }>({
  code: 'period.invalid',
  title: { zh: '实施期限有误', en: 'Invalid period' },
  paramNames: { maxYears: { zh: '最长实施年限（年）', en: 'longest period (years)' } },
  kinds: ['project'],
  defaultSeverity: 'error',
  defaultParams: { maxYears: 10 },
  description: {
    zh: '实施期限须有效：起始年度不晚于到期年度，预算年度在实施期限内，期限不超过规定年数（默认 10 年）。表式只要求填写期限长度（如“3年”）的，按长度读。',
    en: 'The period is valid: start no later than end, the budget year inside it, at most the set number of years (default 10). A form that asks for the length (e.g. "3年") is read as a length.',
  },
  describe: (p) => ({
    zh: `实施期限须有效：起始年度不晚于到期年度，预算年度在实施期限内，期限不超过 ${p.maxYears} 年。表式只要求填写期限长度（如“3年”）的，按长度读。`,
    en: `The period is valid: start no later than end, the budget year inside it, at most ${p.maxYears} years. A form that asks for the length (e.g. "3年") is read as a length.`,
  }),
  check(table, { params, year }) {
    if (table.kind !== 'project') return [];
    const s = table.period.start.year;
    const e = table.period.end.year;
    const out: FindingDraft[] = [];
    const loc = (field: string, f: TextField): FindingDraft['location'] => {
      const l: FindingDraft['location'] = { section: 'header', field };
      if (f.source) l.source = f.source;
      return l;
    };
    // Forms that ask for the period's length (项目期限：3年) are filled right with a length, not years.
    const duration = (raw: string) => /^\s*\d+(\.\d+)?\s*(年|个月|月)\s*$/.test(raw);
    if (duration(table.period.start.raw) && duration(table.period.end.raw)) return out;
    if (s === null && table.period.start.raw.trim()) {
      out.push({ message: { zh: `起始年度“${table.period.start.raw.trim()}”不是有效年份。`, en: `Start year "${table.period.start.raw.trim()}" is not a year.` }, location: loc('period.start', table.period.start) });
    }
    if (e === null && table.period.end.raw.trim()) {
      out.push({ message: { zh: `到期年度“${table.period.end.raw.trim()}”不是有效年份。`, en: `End year "${table.period.end.raw.trim()}" is not a year.` }, location: loc('period.end', table.period.end) });
    }
    if (s !== null && e !== null) {
      if (s > e) {
        out.push({ message: { zh: `起始年度 ${s} 晚于到期年度 ${e}。`, en: `Start year ${s} is after end year ${e}.` }, location: loc('period.start', table.period.start) });
      } else if (e - s + 1 > params.maxYears) {
        out.push({ message: { zh: `实施期限 ${s}–${e} 年超过 ${params.maxYears} 年。`, en: `Period ${s}–${e} is longer than ${params.maxYears} years.` }, location: loc('period.end', table.period.end) });
      }
      const y = year ?? table.year;
      if (y !== undefined && s <= e && (y < s || y > e)) {
        out.push({
          message: { zh: `预算年度 ${y} 不在实施期限 ${s}–${e} 年内。`, en: `Budget year ${y} is outside the period ${s}–${e}.` },
          location: loc(y < s ? 'period.start' : 'period.end', y < s ? table.period.start : table.period.end),
        });
      }
    }
    return out;
  },
});

interface Required {
  field: string;
  zh: string;
  en: string;
  get: (t: TargetTable) => TextField | undefined;
}

const REQUIRED: Record<'dept-overall' | 'project', Required[]> = {
  'dept-overall': [{ field: 'deptName', zh: '部门名称', en: 'department name', get: (t) => (t.kind === 'dept-overall' ? t.deptName : undefined) }],
  project: [
    { field: 'projectName', zh: '项目名称', en: 'project name', get: (t) => (t.kind === 'project' ? t.projectName : undefined) },
    { field: 'department', zh: '主管部门', en: 'supervising department', get: (t) => (t.kind === 'project' ? t.department : undefined) },
    { field: 'unit', zh: '用款单位', en: 'spending unit', get: (t) => (t.kind === 'project' ? t.unit : undefined) },
    { field: 'period.start', zh: '起始年度', en: 'start year', get: (t) => (t.kind === 'project' ? t.period.start : undefined) },
    { field: 'period.end', zh: '到期年度', en: 'end year', get: (t) => (t.kind === 'project' ? t.period.end : undefined) },
    { field: 'totalAmount', zh: '总金额', en: 'total amount', get: (t) => (t.kind === 'project' ? t.totalAmount : undefined) },
    { field: 'currentAmount', zh: '当年度金额', en: 'annual amount', get: (t) => (t.kind === 'project' ? t.currentAmount : undefined) },
  ],
};

export const requiredMissing = defineRule({
  code: 'field.required-missing',
  title: { zh: '必填项未填写', en: 'Required field missing' },
  kinds: ['dept-overall', 'project'],
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '表头必填项须填写：部门表的部门名称；项目表的项目名称、主管部门、用款单位、起始/到期年度、总金额、当年度金额。导入的表只检查其表式中有的栏目；找到栏目但未能读出内容的，由导入报告（import.field-unread），不算未填写。',
    en: 'Required header fields are filled: department name; project name, supervising department, spending unit, start/end year, total and annual amounts. An imported table is asked only for the fields its form has; a field whose label was found but whose value could not be read is reported by the import (import.field-unread), not as unfilled.',
  },
  check(table) {
    if (table.kind === 'self-eval') return [];
    const out: FindingDraft[] = [];
    for (const r of REQUIRED[table.kind]) {
      const f = r.get(table);
      if (f && f.raw.trim()) continue;
      // Judged by its own form: a field the form does not have, or that was not read, is not "未填写".
      if (!formAsksFor(table, r.field)) continue;
      const location: FindingDraft['location'] = { section: r.field.includes('Amount') ? 'funds' : 'header', field: r.field };
      if (f?.source) location.source = f.source;
      out.push({ message: { zh: `${r.zh}未填写。`, en: `The ${r.en} is not filled.` }, location });
    }
    return out;
  },
});

export const HEADER_RULES = [periodInvalid, requiredMissing];
