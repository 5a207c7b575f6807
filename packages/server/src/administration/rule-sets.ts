/**
 * The rule set of a budget year, and the region's own copies of rule sets: a copy `extends` a
 * built-in set and overrides severities, thresholds and on/off per rule; every save is a new
 * immutable version in rule_set_versions with what changed. The checker on the server asks
 * `yearRuleSet(db, region, year)` (calendar.ts; through the calendar gate) and so judges each year by its own set.
 */
import {
  describeRule,
  paramName,
  ruleTitle,
  activeRules,
  ALL_RULES,
  builtInRuleSets,
  checkTable,
  resolveRuleSet,
  ruleByCode,
  RuleSetError,
  type ResolvedRuleSet,
  type RuleSetDefinition,
  type RuleSetEntry,
  type TargetTable,
} from '@jixiao/core';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { orgs, ruleSetVersions, tableRevisions, targetTables } from '../db/schema.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';

export type RuleSetRef = string | RuleSetDefinition;

const BUILT_IN = new Set(builtInRuleSets().map((r) => r.name));
export const isBuiltIn = (name: string) => BUILT_IN.has(name);

/** Versions are immutable: one parsed definition object per (region, name, version), so core's checker cache hits. */
const definitions = new Map<string, RuleSetDefinition>();

export async function latestVersion(db: Db | Tx, regionCode: string, name: string) {
  const [row] = await db
    .select()
    .from(ruleSetVersions)
    .where(and(eq(ruleSetVersions.regionCode, regionCode), eq(ruleSetVersions.name, name)))
    .orderBy(desc(ruleSetVersions.version))
    .limit(1);
  return row;
}

/** A rule set name as the checker takes it: a built-in name, or the region copy's latest definition. */
export async function loadRuleSet(db: Db | Tx, regionCode: string, name: string): Promise<RuleSetRef> {
  if (isBuiltIn(name)) return name;
  const row = await latestVersion(db, regionCode, name);
  if (!row) throw notFound({ zh: `规则集“${name}”`, en: `rule set "${name}"` });
  const key = `${regionCode}\u0000${name}\u0000${row.version}`;
  let def = definitions.get(key);
  if (!def) definitions.set(key, (def = row.definition as RuleSetDefinition));
  return def;
}


export interface RuleView {
  code: string;
  kinds: readonly string[];
  enabled: boolean;
  severity: string;
  params: Record<string, unknown>;
  defaultSeverity: string;
  defaultParams: Record<string, unknown>;
  description: { zh: string; en: string };
  title: { zh: string; en: string };
  paramNames: Record<string, { zh: string; en: string }>;
}

/** Every rule the checker knows, as this rule set configures it (disabled ones too). */
export function describeRules(rs: ResolvedRuleSet): RuleView[] {
  const active = new Map(activeRules(rs).map((a) => [a.rule.code, a]));
  return ALL_RULES.map((rule) => {
    const a = active.get(rule.code);
    const params = a ? a.params : { ...rule.defaultParams, ...rs.rules[rule.code]?.params };
    return {
      code: rule.code,
      kinds: rule.kinds,
      enabled: a !== undefined,
      severity: a?.severity ?? rs.rules[rule.code]?.severity ?? rule.defaultSeverity,
      params,
      defaultSeverity: rule.defaultSeverity,
      defaultParams: rule.defaultParams,
      // With this set's thresholds: "不少于 6 个" when the set says 6, not the default's "默认 5 个".
      description: describeRule(rule, params),
      title: ruleTitle(rule.code),
      paramNames: Object.fromEntries(Object.keys(rule.defaultParams).map((k) => [k, paramName(rule.code, k)])),
    };
  });
}

export function resolve(ref: RuleSetRef): ResolvedRuleSet {
  try {
    return resolveRuleSet(ref);
  } catch (err) {
    if (err instanceof RuleSetError) throw badRequest('bad_rule_set', { zh: err.zh, en: err.en });
    throw err;
  }
}

export interface RuleChange {
  rule: string;
  enabled?: boolean | undefined;
  severity?: 'error' | 'warning' | 'info' | undefined;
  params?: Record<string, number | string | boolean | string[]> | undefined;
}

export interface ChangeRecord {
  rule: string;
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * Applies changes to a definition (a new object), checking each against the rule's own
 * parameters: an unknown rule or parameter, or a value of the wrong type, is refused with where.
 */
export function applyChanges(def: RuleSetDefinition, changes: RuleChange[]): { definition: RuleSetDefinition; records: ChangeRecord[] } {
  const before = describeRules(resolve(def));
  const byCode = new Map(before.map((r) => [r.code, r]));
  const next: RuleSetDefinition = JSON.parse(JSON.stringify(def)) as RuleSetDefinition;
  const records: ChangeRecord[] = [];
  changes.forEach((c, i) => {
    const rule = ruleByCode(c.rule);
    const cur = byCode.get(c.rule);
    if (!rule || !cur) throw badRequest('unknown_rule', { zh: `第 ${i + 1} 项修改：没有规则 ${c.rule}`, en: `Change ${i + 1}: no rule ${c.rule}` }, { index: i });
    const entry: RuleSetEntry = { ...next.rules[c.rule] };
    if (c.enabled !== undefined && c.enabled !== cur.enabled) {
      records.push({ rule: c.rule, field: 'enabled', from: cur.enabled, to: c.enabled });
      entry.enabled = c.enabled;
    }
    if (c.severity !== undefined && c.severity !== cur.severity) {
      records.push({ rule: c.rule, field: 'severity', from: cur.severity, to: c.severity });
      entry.severity = c.severity;
    }
    for (const [k, v] of Object.entries(c.params ?? {})) {
      if (!(k in rule.defaultParams)) {
        throw badRequest('unknown_param', { zh: `规则 ${c.rule} 没有参数 ${k}（可用：${Object.keys(rule.defaultParams).join('、') || '无'}）`, en: `Rule ${c.rule} has no parameter ${k} (available: ${Object.keys(rule.defaultParams).join(', ') || 'none'})` }, { index: i, param: k });
      }
      const d = rule.defaultParams[k];
      const sameType = Array.isArray(d) ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === typeof d;
      if (!sameType || (typeof v === 'number' && (!Number.isFinite(v) || v < 0))) {
        throw badRequest('bad_param', { zh: `规则 ${c.rule} 的参数 ${k} 应为${Array.isArray(d) ? '文字列表' : typeof d === 'number' ? '非负数' : typeof d === 'boolean' ? '是/否' : '文字'}`, en: `Parameter ${k} of rule ${c.rule} must be ${Array.isArray(d) ? 'a list of strings' : typeof d === 'number' ? 'a non-negative number' : `a ${typeof d}`}` }, { index: i, param: k });
      }
      if (JSON.stringify(cur.params[k]) !== JSON.stringify(v)) {
        records.push({ rule: c.rule, field: `params.${k}`, from: cur.params[k], to: v });
        entry.params = { ...entry.params, [k]: v };
      }
    }
    next.rules[c.rule] = entry;
  });
  return { definition: next, records };
}

/** A copy of `base` (built-in or the region's) under a new name, version 1. */
export async function copyRuleSet(
  db: Db | Tx,
  regionCode: string,
  actorId: string,
  input: { base: string; name: string; title?: { zh: string; en: string } | undefined },
) {
  if (isBuiltIn(input.name)) throw conflict('rule_set_exists', { zh: `“${input.name}”是内置规则集的名称`, en: `"${input.name}" is the name of a built-in rule set` });
  const base = await loadRuleSet(db, regionCode, input.base);
  // A copy of a built-in extends it (later fixes to the built-in flow in); a copy of a copy takes its definition.
  const definition: RuleSetDefinition =
    typeof base === 'string'
      ? (() => {
          const b = resolve(base);
          const d: RuleSetDefinition = { name: input.name, title: input.title ?? { zh: `${b.title.zh}（本地副本）`, en: `${b.title.en} (local copy)` }, extends: base, framework: '2021', rules: {} };
          if (b.description) d.description = b.description;
          return d;
        })()
      : { ...(JSON.parse(JSON.stringify(base)) as RuleSetDefinition), name: input.name, ...(input.title ? { title: input.title } : {}) };
  try {
    const [row] = await db
      .insert(ruleSetVersions)
      .values({ regionCode, name: input.name, version: 1, definition, changes: [{ rule: '*', field: 'copy', from: input.base, to: input.name }], comment: `复制自 ${input.base} / copied from ${input.base}`, createdBy: actorId, createdAt: new Date() })
      .returning();
    return row!;
  } catch (err) {
    if (isUnique(err)) throw conflict('rule_set_exists', { zh: `规则集“${input.name}”已存在`, en: `Rule set "${input.name}" already exists` });
    throw err;
  }
}

function isUnique(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

/** Saves the next version of a region copy; `expectedVersion` guards against two administrators' edits crossing. */
export async function saveRuleSetVersion(
  db: Db,
  regionCode: string,
  actorId: string,
  name: string,
  input: { expectedVersion: number; changes: RuleChange[]; comment: string },
) {
  if (isBuiltIn(name)) throw conflict('built_in_read_only', { zh: '内置规则集不能修改，请先复制一份', en: 'A built-in rule set cannot be changed; copy it first' });
  return db.transaction(async (tx) => {
    const cur = await latestVersion(tx, regionCode, name);
    if (!cur) throw notFound({ zh: `规则集“${name}”`, en: `rule set "${name}"` });
    if (cur.version !== input.expectedVersion) {
      throw new ApiError(409, 'version_conflict', { zh: `规则集已被他人修改：您读取的是第 ${input.expectedVersion} 版，当前是第 ${cur.version} 版`, en: `The rule set was changed by someone else: you read version ${input.expectedVersion}, the current one is ${cur.version}` }, { currentVersion: cur.version });
    }
    const { definition, records } = applyChanges(cur.definition as RuleSetDefinition, input.changes);
    if (records.length === 0) throw badRequest('nothing_to_change', { zh: '没有实际修改', en: 'Nothing changes' });
    try {
      const [row] = await tx
        .insert(ruleSetVersions)
        .values({ regionCode, name, version: cur.version + 1, definition, changes: records, comment: input.comment, createdBy: actorId, createdAt: new Date() })
        .returning();
      return row!;
    } catch (err) {
      if (isUnique(err)) throw new ApiError(409, 'version_conflict', { zh: '规则集已被他人修改，请重新打开', en: 'The rule set was changed by someone else; reload it' });
      throw err;
    }
  });
}

export interface ImpactRow {
  tableId: string;
  title: string;
  name: string;
  orgName: string;
  stage: string;
  status: string;
  before: { errors: number; warnings: number; passes: boolean };
  after: { errors: number; warnings: number; passes: boolean };
  changesStatus: boolean;
}

const countOf = (fs: ReturnType<typeof checkTable>) => {
  let errors = 0;
  let warnings = 0;
  for (const f of fs) f.severity === 'error' ? errors++ : f.severity === 'warning' ? warnings++ : 0;
  return { errors, warnings, passes: errors === 0 };
};

/**
 * What a change would do to the year's tables: each table's current version checked with the
 * rule set as it is and as it would be. Only rows whose counts change are returned (all: `all`).
 */
export async function previewImpact(db: Db, regionCode: string, year: number, before: RuleSetRef, after: RuleSetRef, all = false) {
  const rows = await db
    .select({ t: targetTables, document: tableRevisions.document, orgName: orgs.name })
    .from(targetTables)
    .innerJoin(tableRevisions, and(eq(tableRevisions.regionCode, targetTables.regionCode), eq(tableRevisions.tableId, targetTables.id), eq(tableRevisions.version, targetTables.version)))
    .innerJoin(orgs, and(eq(orgs.regionCode, targetTables.regionCode), eq(orgs.id, targetTables.orgId)))
    .where(and(eq(targetTables.regionCode, regionCode), eq(targetTables.year, year)))
    .orderBy(targetTables.deptId, targetTables.kind, targetTables.name, sql`${targetTables.stage}`);
  const items: ImpactRow[] = [];
  let statusChanges = 0;
  for (const r of rows) {
    const doc = r.document as TargetTable;
    const b = countOf(checkTable(doc, { ruleSet: before }));
    const a = countOf(checkTable(doc, { ruleSet: after }));
    const changesStatus = a.passes !== b.passes;
    if (changesStatus) statusChanges++;
    if (all || changesStatus || a.errors !== b.errors || a.warnings !== b.warnings) {
      items.push({ tableId: r.t.id, title: r.t.title, name: r.t.name, orgName: r.orgName, stage: r.t.stage, status: r.t.status, before: b, after: a, changesStatus });
    }
  }
  return { year, tables: rows.length, statusChanges, items };
}
