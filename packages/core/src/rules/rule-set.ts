/**
 * Rule sets are data (JSON files in core/rulesets): which rules apply, with which severity and
 * thresholds. Another region or year is a new file, not new code. A rule set may `extend`
 * another and override single rules; rules it does not name keep the parent's settings.
 */
import guangdong2026 from '../../rulesets/guangdong-2026.json' with { type: 'json' };
import national2021 from '../../rulesets/national-2021.json' with { type: 'json' };
import type { TableKind } from '../model/target-table.ts';
import type { Severity } from './finding.ts';
import type { RuleParams } from './rule.ts';

export interface RuleSetEntry {
  /** false turns the rule off. */
  enabled?: boolean;
  severity?: Severity;
  /** Severity on one kind of table where it differs (e.g. a missing unit blocks a target table, not a self-evaluation filed after the year). */
  severityByKind?: Partial<Record<TableKind, Severity>>;
  params?: RuleParams;
}

/** One clause of "which projects file their own table": a type (by code prefix or name word) at some 项目等级. */
export interface ProjectTableClause {
  id: string;
  label: { zh: string; en: string };
  /** 项目类型 codes starting with one of these (e.g. "331"). */
  typeCodePrefixes?: string[];
  /** 项目类型 names containing one of these words (e.g. "基建"). Neither list: every type. */
  typeNameIncludes?: string[];
  /** 项目等级 1 (一级) and/or 2 (二级); default both. */
  levels?: Array<1 | 2>;
}

/** Which projects of the project library must file their own 项目支出绩效目标表 (see core/src/projects). */
export interface ProjectTableRule {
  description?: { zh: string; en: string };
  clauses: ProjectTableClause[];
  /** Every active 主管部门 also owes its 部门整体绩效目标表 in each stage (default true). */
  deptOverall?: boolean;
}

export interface RuleSetDefinition {
  name: string;
  title: { zh: string; en: string };
  description?: { zh: string; en: string };
  /** Name of the rule set this one builds on. */
  extends?: string;
  /** Where and when this rule set is the form's own (`--rules auto` picks it for an imported table of that province and year). */
  appliesTo?: { provinces?: string[]; years?: number[] };
  /** Indicator framework the tables are judged against. */
  framework?: '2021';
  rules: Record<string, RuleSetEntry>;
  /** Self-evaluation scoring (weights, formulas, bands, grades) where it differs from 10号: scoring-params.ts. */
  scoring?: Record<string, unknown>;
  /** Monitoring light thresholds where they differ from the defaults: scoring-params.ts. */
  monitoring?: Record<string, unknown>;
  /** Which projects need their own table; a child rule set's rule replaces its parent's whole. */
  projectTables?: ProjectTableRule;
}

export const DEFAULT_RULE_SET = 'guangdong-2026';

const BUILT_IN: Record<string, RuleSetDefinition> = {};
for (const def of [national2021, guangdong2026] as RuleSetDefinition[]) BUILT_IN[def.name] = def;

export function builtInRuleSets(): RuleSetDefinition[] {
  return Object.values(BUILT_IN);
}

export class RuleSetError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** A rule set with its `extends` chain flattened: every rule it names, merged. */
export interface ResolvedRuleSet {
  name: string;
  title: { zh: string; en: string };
  description?: { zh: string; en: string };
  chain: string[];
  rules: Record<string, RuleSetEntry>;
  /** Scoring and monitoring overrides, merged down the chain (the child wins). */
  scoring: Record<string, unknown>;
  monitoring: Record<string, unknown>;
  projectTables?: ProjectTableRule;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!b) return a;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev) ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/**
 * Resolves a rule set by name (built-in) or from a definition (e.g. a file the CLI read).
 * `known` lets callers add their own definitions to resolve `extends` against.
 */
export function resolveRuleSet(
  ref: string | RuleSetDefinition = DEFAULT_RULE_SET,
  known: Record<string, RuleSetDefinition> = {},
): ResolvedRuleSet {
  const lookup = (name: string): RuleSetDefinition => {
    const def = known[name] ?? BUILT_IN[name];
    if (!def) {
      const names = [...Object.keys(BUILT_IN), ...Object.keys(known)].join(', ');
      throw new RuleSetError(`未知的规则集“${name}”（可用：${names}）`, `unknown rule set "${name}" (available: ${names})`);
    }
    return def;
  };
  const root = typeof ref === 'string' ? lookup(ref) : validateRuleSetDefinition(ref);
  const chain: RuleSetDefinition[] = [];
  const seen = new Set<string>();
  for (let def: RuleSetDefinition | undefined = root; def; def = def.extends ? lookup(def.extends) : undefined) {
    if (seen.has(def.name)) throw new RuleSetError(`规则集继承成环：${def.name}`, `rule set extends itself: ${def.name}`);
    seen.add(def.name);
    chain.unshift(def);
  }
  const rules: Record<string, RuleSetEntry> = {};
  for (const def of chain) {
    for (const [code, entry] of Object.entries(def.rules)) {
      const prev = rules[code] ?? {};
      rules[code] = { ...prev, ...entry, params: { ...prev.params, ...entry.params } };
      if (prev.severityByKind || entry.severityByKind) rules[code]!.severityByKind = { ...prev.severityByKind, ...entry.severityByKind };
    }
  }
  let scoring: Record<string, unknown> = {};
  let monitoring: Record<string, unknown> = {};
  for (const def of chain) {
    scoring = deepMerge(scoring, def.scoring);
    monitoring = deepMerge(monitoring, def.monitoring);
  }
  const resolved: ResolvedRuleSet = { name: root.name, title: root.title, chain: chain.map((d) => d.name), rules, scoring, monitoring };
  if (root.description) resolved.description = root.description;
  for (const def of chain) if (def.projectTables) resolved.projectTables = def.projectTables;
  return resolved;
}

/** Checks the shape of a rule set read from a file, with a message that says what is wrong. */
export function validateRuleSetDefinition(value: unknown): RuleSetDefinition {
  const fail = (zh: string, en: string): never => {
    throw new RuleSetError(`规则集格式错误：${zh}`, `invalid rule set: ${en}`);
  };
  if (!value || typeof value !== 'object') fail('应为 JSON 对象', 'expected a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || !v.name) fail('缺少 name', 'missing "name"');
  if (!v.title || typeof v.title !== 'object') fail('缺少 title { zh, en }', 'missing "title" { zh, en }');
  if (!v.rules || typeof v.rules !== 'object') fail('缺少 rules', 'missing "rules"');
  if (v.appliesTo !== undefined) {
    const a = v.appliesTo as Record<string, unknown> | null;
    const list = (x: unknown, item: string) => x === undefined || (Array.isArray(x) && x.every((e) => typeof e === item));
    if (!a || typeof a !== 'object' || !list(a.provinces, 'string') || !list(a.years, 'number')) {
      fail('appliesTo 应为 { provinces: [省名], years: [年度] }', '"appliesTo" must be { provinces: [names], years: [numbers] }');
    }
  }
  for (const key of ['scoring', 'monitoring'] as const) {
    if (v[key] !== undefined && (!v[key] || typeof v[key] !== 'object' || Array.isArray(v[key]))) fail(`${key} 应为对象`, `"${key}" must be an object`);
  }
  for (const [code, entry] of Object.entries(v.rules as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') fail(`规则 ${code} 的设置应为对象`, `settings of rule ${code} must be an object`);
    const e = entry as Record<string, unknown>;
    if (e.severity !== undefined && !['error', 'warning', 'info'].includes(e.severity as string)) {
      fail(`规则 ${code} 的 severity 只能是 error/warning/info`, `severity of rule ${code} must be error, warning or info`);
    }
    if (e.severityByKind !== undefined) {
      const byKind = e.severityByKind as Record<string, unknown> | null;
      const ok = !!byKind && typeof byKind === 'object' && Object.entries(byKind).every(([k, sv]) => ['dept-overall', 'project', 'self-eval'].includes(k) && ['error', 'warning', 'info'].includes(sv as string));
      if (!ok) fail(`规则 ${code} 的 severityByKind 应为 { 表类型: error/warning/info }`, `severityByKind of rule ${code} must be { kind: error | warning | info }`);
    }
  }
  return v as unknown as RuleSetDefinition;
}
