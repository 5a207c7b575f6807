/**
 * Money rules (domain.md §7, §8 #12–13). All arithmetic is on integer 分, so a sum either
 * reconciles exactly or it does not.
 */
import { formatWan } from '../money/money.ts';
import type { AmountField, TargetTable } from '../model/target-table.ts';
import { executionSumMismatch } from './execution-rules.ts';
import { isMultiYear } from './indicator-helpers.ts';
import { defineRule, type FindingDraft } from './rule.ts';

function loc(field: string, a?: AmountField): FindingDraft['location'] {
  const l: FindingDraft['location'] = { section: 'funds', field };
  if (a?.source) l.source = a.source;
  return l;
}

export const sumMismatch = defineRule<{ developmentIncludedInProject: boolean }>({
  code: 'funds.sum-mismatch',
  title: { zh: '资金合计不符', en: 'Funds do not add up' },
  paramNames: { developmentIncludedInProject: { zh: '发展性支出计入项目支出', en: 'development spending counted in project spending' } },
  kinds: ['dept-overall', 'project', 'self-eval'],
  defaultSeverity: 'error',
  defaultParams: { developmentIncludedInProject: false },
  description: {
    zh: '部门表：基本支出 + 项目支出 + 事业发展性支出 = 财政拨款 + 其他资金（阈值“发展性支出计入项目支出”为是时，事业发展性支出视为项目支出的一部分）；项目表：填写了资金来源时，财政拨款 + 其他资金 = 当年度金额；自评表：列出财政拨款、上年结转、其他资金时，年度资金总额 = 各来源之和（年初预算数、全年预算数、全年执行数各列分别核对）。',
    en: 'Department: basic + project + development spending = fiscal + other income (with “development spending counted in project spending” on, development is part of project spending). Project: where sources are filed, fiscal + other = annual amount. Self-evaluation: where fiscal, carried-over and other funds are listed, the annual total is their sum in each column (initial budget, full-year budget, executed).',
  },
  check(table, { params }) {
    if (table.kind === 'self-eval') return executionSumMismatch(table);
    if (table.kind === 'dept-overall') {
      const f = table.funds;
      const dev = f.development.reduce((s, l) => s + (l.amount.fen ?? 0), 0);
      const spending = (f.basic.fen ?? 0) + (f.project.fen ?? 0) + (params.developmentIncludedInProject ? 0 : dev);
      const income = (f.fiscal.fen ?? 0) + (f.other.fen ?? 0);
      const anyFiled = [f.basic, f.project, f.fiscal, f.other].some((a) => a.fen !== null) || dev !== 0;
      if (!anyFiled || spending === income) return [];
      const devText = params.developmentIncludedInProject ? '' : ` + 事业发展性支出 ${formatWan(dev)}`;
      const devEn = params.developmentIncludedInProject ? '' : ` + development ${formatWan(dev)}`;
      return [
        {
          message: {
            zh: `支出合计 ${formatWan(spending)} 万元（基本支出 ${formatWan(f.basic.fen ?? 0)} + 项目支出 ${formatWan(f.project.fen ?? 0)}${devText}）与收入来源合计 ${formatWan(income)} 万元（财政拨款 ${formatWan(f.fiscal.fen ?? 0)} + 其他资金 ${formatWan(f.other.fen ?? 0)}）不相等，相差 ${formatWan(spending - income)} 万元。`,
            en: `Spending ${formatWan(spending)} (basic ${formatWan(f.basic.fen ?? 0)} + project ${formatWan(f.project.fen ?? 0)}${devEn}) does not equal income ${formatWan(income)} (fiscal ${formatWan(f.fiscal.fen ?? 0)} + other ${formatWan(f.other.fen ?? 0)}); difference ${formatWan(spending - income)} 万元.`,
          },
          location: loc('funds.fiscal', f.fiscal),
        },
      ];
    }
    if (table.kind === 'project' && table.fiscalAmount && table.currentAmount.fen !== null) {
      const sources = (table.fiscalAmount.fen ?? 0) + (table.otherAmount?.fen ?? 0);
      if (table.fiscalAmount.fen === null && (table.otherAmount?.fen ?? null) === null) return [];
      if (sources === table.currentAmount.fen) return [];
      return [
        {
          message: {
            zh: `资金来源合计 ${formatWan(sources)} 万元（财政拨款 + 其他资金）与当年度金额 ${formatWan(table.currentAmount.fen)} 万元不相等。`,
            en: `Sources ${formatWan(sources)} (fiscal + other) do not equal the annual amount ${formatWan(table.currentAmount.fen)} 万元.`,
          },
          location: loc('fiscalAmount', table.fiscalAmount),
        },
      ];
    }
    return [];
  },
});

export const currentExceedsTotal = defineRule({
  code: 'funds.current-exceeds-total',
  title: { zh: '当年度金额超过总金额', en: 'Annual amount above the total' },
  kinds: ['project'],
  defaultSeverity: 'error',
  defaultParams: {},
  description: { zh: '当年度金额不能大于总金额。', en: 'The annual amount is not larger than the total amount.' },
  check(table) {
    if (table.kind !== 'project') return [];
    const t = table.totalAmount.fen;
    const c = table.currentAmount.fen;
    if (t === null || c === null || c <= t) return [];
    return [
      {
        message: {
          zh: `当年度金额 ${formatWan(c)} 万元大于总金额 ${formatWan(t)} 万元。`,
          en: `The annual amount ${formatWan(c)} is larger than the total ${formatWan(t)} 万元.`,
        },
        location: loc('currentAmount', table.currentAmount),
      },
    ];
  },
});

export const amountInvalid = defineRule({
  code: 'funds.amount-invalid',
  title: { zh: '金额无法识别', en: 'Unreadable amount' },
  kinds: ['dept-overall', 'project'],
  defaultSeverity: 'error',
  defaultParams: {},
  description: {
    zh: '金额须为数字（万元，最多 6 位小数），如“602.44”。',
    en: 'Amounts are numbers in 万元 (at most 6 decimals), e.g. "602.44".',
  },
  check(table) {
    const out: FindingDraft[] = [];
    const visit = (field: string, label: { zh: string; en: string }, a: AmountField | undefined) => {
      if (!a || a.fen !== null || !a.raw.trim() || /^[/／\-—]$/.test(a.raw.trim())) return;
      out.push({
        message: { zh: `${label.zh}“${a.raw.trim()}”不是有效金额。`, en: `${label.en} "${a.raw.trim()}" is not a valid amount.` },
        location: loc(field, a),
      });
    };
    if (table.kind === 'dept-overall') {
      visit('funds.basic', { zh: '基本支出', en: 'Basic spending' }, table.funds.basic);
      visit('funds.project', { zh: '项目支出', en: 'Project spending' }, table.funds.project);
      visit('funds.fiscal', { zh: '财政拨款', en: 'Fiscal funds' }, table.funds.fiscal);
      visit('funds.other', { zh: '其他资金', en: 'Other funds' }, table.funds.other);
      table.funds.development.forEach((l, i) => visit(`funds.development.${i}`, { zh: l.name.raw, en: l.name.raw }, l.amount));
      table.keyTasks.forEach((t, i) => visit(`keyTasks.${i}.amount`, { zh: `重点任务“${t.name.raw}”的资金`, en: `Task "${t.name.raw}" amount` }, t.amount));
    } else if (table.kind === 'project') {
      visit('totalAmount', { zh: '总金额', en: 'Total amount' }, table.totalAmount);
      visit('currentAmount', { zh: '当年度金额', en: 'Annual amount' }, table.currentAmount);
      visit('fiscalAmount', { zh: '财政拨款', en: 'Fiscal funds' }, table.fiscalAmount);
      visit('otherAmount', { zh: '其他资金', en: 'Other funds' }, table.otherAmount);
    }
    return out;
  },
});

export const tasksExceedTotal = defineRule({
  code: 'funds.tasks-exceed-total',
  title: { zh: '重点工作金额超过总额', en: 'Key tasks above the total' },
  kinds: ['dept-overall'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '年度重点工作任务的拟投入资金合计不应超过部门预算支出合计。',
    en: 'The key tasks together do not cost more than the department spends in total.',
  },
  check(table) {
    if (table.kind !== 'dept-overall') return [];
    const f = table.funds;
    const total = (f.basic.fen ?? 0) + (f.project.fen ?? 0) + f.development.reduce((s, l) => s + (l.amount.fen ?? 0), 0);
    const tasks = table.keyTasks.reduce((s, t) => s + (t.amount.fen ?? 0), 0);
    if (total === 0 || tasks <= total) return [];
    return [
      {
        message: {
          zh: `重点工作任务拟投入资金合计 ${formatWan(tasks)} 万元，超过部门预算支出合计 ${formatWan(total)} 万元。`,
          en: `Key tasks total ${formatWan(tasks)}, more than the department's spending ${formatWan(total)} 万元.`,
        },
        location: { section: 'tasks', field: 'keyTasks' },
      },
    ];
  },
});

export const totalEqualsCurrentMultiyear = defineRule({
  code: 'period.total-equals-current-multiyear',
  title: { zh: '跨年项目总额等于当年度', en: 'Multi-year total equals the annual amount' },
  kinds: ['project'],
  defaultSeverity: 'warning',
  defaultParams: {},
  description: {
    zh: '跨年度项目的总金额等于当年度金额，以前年度或以后年度的资金可能漏填。',
    en: "A multi-year project whose total equals this year's amount: the other years' money is probably missing.",
  },
  check(table) {
    if (table.kind !== 'project' || !isMultiYear(table)) return [];
    const t = table.totalAmount.fen;
    if (t === null || t === 0 || t !== table.currentAmount.fen) return [];
    return [
      {
        message: {
          zh: `项目实施期为 ${table.period.start.year}–${table.period.end.year} 年，但总金额与当年度金额都是 ${formatWan(t)} 万元，其他年度的资金可能漏填。`,
          en: `The project runs ${table.period.start.year}–${table.period.end.year}, but total and annual amounts are both ${formatWan(t)} 万元; the other years' money is probably missing.`,
        },
        location: loc('totalAmount', table.totalAmount),
      },
    ];
  },
});

export const FUNDS_RULES = [sumMismatch, currentExceedsTotal, amountInvalid, tasksExceedTotal, totalEqualsCurrentMultiyear];
