/**
 * The checker: runs every rule the rule set enables on a table and returns every finding at
 * once (incumbent systems stop at the first error; a filer wants the whole list).
 */
import type { IndicatorLibrary } from '../library/indicator-library.ts';
import type { TargetTable } from '../model/target-table.ts';
import type { Finding, Severity } from './finding.ts';
import { withRowCache } from './indicator-helpers.ts';
import { ALL_RULES } from './registry.ts';
import type { Rule, RuleContext, RuleParams } from './rule.ts';
import type { TableHistory } from './history-rules.ts';
import { DEFAULT_RULE_SET, resolveRuleSet, RuleSetError, type ResolvedRuleSet, type RuleSetDefinition } from './rule-set.ts';
import { AUTO_RULE_SET, ruleSetForTable } from '../form/auto-rule-set.ts';

export interface CheckOptions {
  /** Rule set name or definition; default guangdong-2026. `auto`: the table's own form's (core/src/form/auto-rule-set.ts). */
  ruleSet?: string | RuleSetDefinition | ResolvedRuleSet;
  /** Index of the table in its file or batch, put into every finding's location. */
  tableIndex?: number;
  /** Budget year to check the period against (default: the table's year). */
  year?: number;
  /** Indicator library for proposals (goal.target-uncovered); default: the starter set. */
  library?: IndicatorLibrary;
  /** The same project's earlier years for the history.* rules (none: those rules find nothing). */
  history?: TableHistory;
}

/** A rule as the rule set configures it. */
export interface ActiveRule {
  rule: Rule;
  severity: Severity;
  /** Where the rule set judges one kind of table differently. */
  severityByKind?: Partial<Record<TargetTable['kind'], Severity>>;
  params: RuleParams;
}

const cache = new WeakMap<object, ActiveRule[]>();
const cacheByName = new Map<string, ActiveRule[]>();

function isResolved(x: unknown): x is ResolvedRuleSet {
  return typeof x === 'object' && x !== null && 'chain' in x;
}

/** The rules a rule set runs, in the registry's order, with their severity and parameters. */
export function activeRules(ref: CheckOptions['ruleSet'] = undefined): ActiveRule[] {
  if (ref === undefined || typeof ref === 'string') {
    const key = ref ?? '';
    const hit = cacheByName.get(key);
    if (hit) return hit;
    const list = buildActive(resolveRuleSet(ref));
    cacheByName.set(key, list);
    return list;
  }
  const hit = cache.get(ref);
  if (hit) return hit;
  const list = buildActive(isResolved(ref) ? ref : resolveRuleSet(ref));
  cache.set(ref, list);
  return list;
}

function buildActive(rs: ResolvedRuleSet): ActiveRule[] {
  const known = new Set(ALL_RULES.map((r) => r.code));
  for (const code of Object.keys(rs.rules)) {
    if (!known.has(code)) throw new RuleSetError(`规则集“${rs.name}”引用了不存在的规则 ${code}`, `rule set "${rs.name}" names an unknown rule ${code}`);
  }
  const out: ActiveRule[] = [];
  for (const rule of ALL_RULES) {
    const entry = rs.rules[rule.code];
    if (!entry || entry.enabled === false) continue;
    const active: ActiveRule = { rule, severity: entry.severity ?? rule.defaultSeverity, params: { ...rule.defaultParams, ...entry.params } };
    if (entry.severityByKind) active.severityByKind = entry.severityByKind;
    out.push(active);
  }
  return out;
}

/** Checks one table. Never throws on table content: a rule that fails is reported as a finding. */
export function checkTable(table: TargetTable, opts: CheckOptions = {}): Finding[] {
  // A bad rule set is the caller's configuration error: it throws, before any table is judged.
  const rules = activeRules(judgingRuleSet(table, opts.ruleSet));
  try {
    return withRowCache(table, () => runRules(table, rules, opts));
  } catch (err) {
    // computeFiled itself failed: the table is not a table (e.g. indicators is not a list).
    return [
      {
        code: 'checker.rule-failed',
        severity: 'error',
        message: { zh: `无法检查此表（表格数据不完整）：${(err as Error).message}`, en: `Could not check this table (incomplete data): ${(err as Error).message}` },
        location: withTable({ section: 'table' }, table, opts.tableIndex),
      },
    ];
  }
}

/** The rule set that judges the table: the one named, or under `auto` its own form's. */
export function judgingRuleSet(table: TargetTable, ref: CheckOptions['ruleSet']): CheckOptions['ruleSet'] {
  return ref === AUTO_RULE_SET ? ruleSetForTable(table) : ref;
}

/** The name of the rule set that judges the table, for reports. */
export function judgingRuleSetName(table: TargetTable, ref: CheckOptions['ruleSet']): string {
  const r = judgingRuleSet(table, ref);
  return r === undefined ? DEFAULT_RULE_SET : typeof r === 'string' ? r : r.name;
}

function runRules(table: TargetTable, rules: ActiveRule[], opts: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const ctxYear = opts.year ?? table.year;
  for (const { rule, severity: base, severityByKind, params } of rules) {
    if (!rule.kinds.includes(table.kind)) continue;
    const severity = severityByKind?.[table.kind] ?? base;
    let drafts;
    try {
      const ctx: RuleContext = { params };
      if (ctxYear !== undefined) ctx.year = ctxYear;
      if (opts.library) ctx.library = opts.library;
      if (opts.history) ctx.history = opts.history;
      drafts = rule.check(table, ctx);
    } catch (err) {
      // A malformed table must not hide the other findings; say which rule could not run.
      findings.push({
        code: 'checker.rule-failed',
        severity: 'error',
        message: {
          zh: `规则 ${rule.code} 无法检查此表（表格数据不完整）：${(err as Error).message}`,
          en: `Rule ${rule.code} could not check this table (incomplete data): ${(err as Error).message}`,
        },
        location: withTable({ section: 'table' }, table, opts.tableIndex),
      });
      continue;
    }
    // Drafts are fresh objects made for this check: complete them in place rather than copy.
    for (const d of drafts) {
      const f = d as Finding;
      f.code = rule.code;
      f.severity = severity;
      if (opts.tableIndex !== undefined) f.location.table = opts.tableIndex;
      if (table.title) f.location.tableTitle = table.title;
      findings.push(f);
    }
  }
  return findings;
}

function withTable(loc: Finding['location'], table: TargetTable, index: number | undefined): Finding['location'] {
  const out: Finding['location'] = { ...loc };
  if (index !== undefined) out.table = index;
  if (table.title) out.tableTitle = table.title;
  return out;
}
