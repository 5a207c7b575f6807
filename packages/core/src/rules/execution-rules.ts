/**
 * The budget-execution block of a self-evaluation (年初预算数 / 全年预算数 / 全年执行数 / 执行率),
 * checked as a reviewer does by hand (issue 24): the total line is the sum of its sources in each
 * column, the execution rate is 执行数 ÷ 全年预算数, and the amounts are all in one unit.
 * Arithmetic on integer 分; a rate is compared to the precision it was written with.
 */
import { formatWan } from '../money/money.ts';
import type { AmountField, ExecutionLine, SelfEvalTable, TargetTable } from '../model/target-table.ts';
import { defineRule, type FindingDraft } from './rule.ts';

const TOTAL_LINE = /^(年度资金总额|资金总额|总额|合计)$/;
/** The sources the standard form lists under the total (each at most once). */
const SOURCE_LINE = /^(其中[:：]?)?(本年|当年)?(财政拨款|上年结转资金|其他资金)$/;
const COLUMNS = [
  { key: 'initialBudget', zh: '年初预算数', en: 'initial budget' },
  { key: 'adjustedBudget', zh: '全年预算数', en: 'full-year budget' },
  { key: 'executed', zh: '全年执行数', en: 'executed' },
] as const;

const lineName = (l: ExecutionLine) => l.name.raw.replace(/\s+/g, '');

function loc(field: string, a?: AmountField): FindingDraft['location'] {
  const l: FindingDraft['location'] = { section: 'execution', field };
  if (a?.source) l.source = a.source;
  return l;
}

/** 年度资金总额 ≠ 财政拨款 + 上年结转 + 其他资金, column by column (funds.sum-mismatch on a self-evaluation). */
export function executionSumMismatch(table: SelfEvalTable): FindingDraft[] {
  const lines = table.execution;
  const ti = lines.findIndex((l) => TOTAL_LINE.test(lineName(l)));
  if (ti < 0) return [];
  const sources = lines.filter((l) => SOURCE_LINE.test(lineName(l)));
  // Only the complete breakdown of the standard form is summed (a partial one may leave a source out).
  const kinds = new Set(sources.map((l) => lineName(l).replace(/^(其中[:：]?)?(本年|当年)?/, '')));
  if (kinds.size !== sources.length || !kinds.has('财政拨款') || !kinds.has('其他资金')) return [];
  const out: FindingDraft[] = [];
  for (const c of COLUMNS) {
    const total = lines[ti]![c.key];
    const parts = sources.map((l) => l[c.key].fen);
    if (total.fen === null || parts.every((p) => p === null)) continue;
    const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
    if (sum === total.fen) continue;
    out.push({
      message: {
        zh: `${c.zh}：年度资金总额 ${formatWan(total.fen)} 万元与各来源之和 ${formatWan(sum)} 万元（财政拨款 + 上年结转 + 其他资金）不相等，相差 ${formatWan(total.fen - sum)} 万元。`,
        en: `${c.en}: the annual total ${formatWan(total.fen)} does not equal its sources ${formatWan(sum)} 万元 (fiscal + carried over + other); difference ${formatWan(total.fen - sum)} 万元.`,
      },
      location: loc(`execution.${ti}.${c.key}`, total),
    });
  }
  return out;
}

/** A rate as written (`31.00%`) in per cent, with the precision it was written to. */
function rateOf(raw: string): { value: number; halfStep: number } | null {
  // Only a rate written as a percentage: a bare number is as likely the next column read into this one.
  const m = /^\s*(\d{1,4})(?:\.(\d{1,4}))?\s*[%％]\s*$/.exec(raw);
  if (!m) return null;
  const decimals = m[2]?.length ?? 0;
  return { value: Number(`${m[1]}.${m[2] ?? '0'}`), halfStep: 0.5 * 10 ** -decimals };
}

export const executionRateMismatch = defineRule<{ tolerance: number }>({
  code: 'funds.execution-rate-mismatch',
  title: { zh: '执行率计算不符', en: 'Execution rate does not compute' },
  paramNames: { tolerance: { zh: '允许误差', en: 'tolerance' } },
  kinds: ['self-eval'],
  defaultSeverity: 'warning',
  defaultParams: { tolerance: 0 },
  description: {
    zh: '自评表资金栏的执行率应等于全年执行数 ÷ 全年预算数（按所填小数位四舍五入；tolerance 为另外允许的百分点差）。预算为 0 时执行率不应填非 0 的数。',
    en: 'The execution rate of the budget block is executed ÷ full-year budget (to the decimals written; `tolerance` more percentage points allowed). With a budget of 0 the rate is not a number above 0.',
  },
  check(table, { params }) {
    if (table.kind !== 'self-eval') return [];
    const out: FindingDraft[] = [];
    table.execution.forEach((l, i) => {
      const rate = rateOf(l.rate.raw);
      const budget = l.adjustedBudget.fen;
      const executed = l.executed.fen;
      if (!rate || budget === null || executed === null) return;
      const name = l.name.raw.trim();
      if (budget === 0) {
        if (rate.value === 0) return;
        out.push({
          message: { zh: `“${name}”全年预算数为 0，执行率却填“${l.rate.raw.trim()}”。`, en: `"${name}": the full-year budget is 0 but the rate says "${l.rate.raw.trim()}".` },
          location: loc(`execution.${i}.rate`),
        });
        return;
      }
      const computed = (executed / budget) * 100;
      if (Math.abs(computed - rate.value) <= rate.halfStep + params.tolerance + 1e-9) return;
      out.push({
        message: {
          zh: `“${name}”执行率填“${l.rate.raw.trim()}”，按全年执行数 ${formatWan(executed)} ÷ 全年预算数 ${formatWan(budget)} 应为 ${computed.toFixed(2)}%。`,
          en: `"${name}": the rate says "${l.rate.raw.trim()}", but executed ${formatWan(executed)} ÷ budget ${formatWan(budget)} is ${computed.toFixed(2)}%.`,
        },
        location: loc(`execution.${i}.rate`),
        fix: { field: `execution.${i}.rate`, from: l.rate.raw, to: `${computed.toFixed(2)}%`, description: { zh: '按执行数 ÷ 预算数重算执行率', en: 'Recompute the rate as executed ÷ budget' } },
      });
    });
    return out;
  },
});

/** Every filed amount of a table's money fields, with where it is. */
function amountsOf(table: TargetTable): Array<{ field: string; a: AmountField }> {
  if (table.kind === 'self-eval') {
    return table.execution.flatMap((l, i) => COLUMNS.map((c) => ({ field: `execution.${i}.${c.key}`, a: l[c.key] })));
  }
  if (table.kind === 'project') {
    const list = [
      { field: 'totalAmount', a: table.totalAmount },
      { field: 'currentAmount', a: table.currentAmount },
    ];
    if (table.fiscalAmount) list.push({ field: 'fiscalAmount', a: table.fiscalAmount });
    if (table.otherAmount) list.push({ field: 'otherAmount', a: table.otherAmount });
    return list;
  }
  const f = table.funds;
  return [
    { field: 'funds.basic', a: f.basic },
    { field: 'funds.project', a: f.project },
    { field: 'funds.fiscal', a: f.fiscal },
    { field: 'funds.other', a: f.other },
  ];
}

export const amountUnitMixed = defineRule<{ ratio: number; minYuanDigits: number }>({
  code: 'funds.amount-unit-mixed',
  title: { zh: '金额单位混用', en: 'Mixed amount units' },
  paramNames: { ratio: { zh: '倍数阈值', en: 'ratio' }, minYuanDigits: { zh: '按元计的最少位数', en: 'minimum digits in 元' } },
  kinds: ['dept-overall', 'project', 'self-eval'],
  defaultSeverity: 'warning',
  defaultParams: { ratio: 1000, minYuanDigits: 6 },
  description: {
    zh: '同一张表的金额应使用同一单位：一个金额是不带小数、至少 minYuanDigits（默认 6）位的整数，且是另一金额的 ratio（默认 1000）倍以上（如 7242318 与 243.96 并列），多半是把元填进了万元栏。',
    en: 'The amounts of one table are in one unit: a whole number of `minYuanDigits` (6) digits or more that is `ratio` (1000) times another amount or more (7242318 beside 243.96) is most likely 元 filed in a 万元 column.',
  },
  check(table, { params }) {
    const filed = amountsOf(table).filter(({ a }) => a.fen !== null && a.fen > 0);
    if (filed.length < 2) return [];
    const smallest = filed.reduce((m, x) => (x.a.fen! < m.a.fen! ? x : m));
    const out: FindingDraft[] = [];
    for (const x of filed) {
      const digits = x.a.raw.trim().replace(/[,，]/g, '');
      if (!new RegExp(`^\\d{${params.minYuanDigits},}$`).test(digits)) continue;
      if (x.a.fen! < smallest.a.fen! * params.ratio) continue;
      out.push({
        message: {
          zh: `金额“${x.a.raw.trim()}”是同表金额“${smallest.a.raw.trim()}”的 ${Math.round(x.a.fen! / smallest.a.fen!)} 倍，可能以元填入了以万元计的栏目。`,
          en: `The amount "${x.a.raw.trim()}" is ${Math.round(x.a.fen! / smallest.a.fen!)} times "${smallest.a.raw.trim()}" in the same table: probably 元 filed where 万元 is asked.`,
        },
        location: { ...loc(x.field, x.a), section: table.kind === 'self-eval' ? 'execution' : 'funds' },
      });
    }
    return out;
  },
});

export const EXECUTION_RULES = [executionRateMismatch, amountUnitMixed];
