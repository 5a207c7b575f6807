/**
 * `--rules auto`: each table is judged by the rule set of its own form — the built-in rule set
 * whose `appliesTo` names the province and year the importer recognised (guangdong-2026 for a
 * Guangdong 2026 table), otherwise the national baseline. A table with no recognised form (filed
 * in the app, or read from the exchange format) keeps the default rule set.
 */
import type { TargetTable } from '../model/target-table.ts';
import { builtInRuleSets, DEFAULT_RULE_SET } from '../rules/rule-set.ts';

export const AUTO_RULE_SET = 'auto';
export const NATIONAL_RULE_SET = 'national-2021';

/** 广东 and 广东省 are the same province (every province differs from the others in its first two characters). */
const sameProvince = (a: string, b: string) => a.slice(0, 2) === b.slice(0, 2);

/** The name of the rule set that judges this table under `--rules auto`. */
export function ruleSetForTable(table: TargetTable): string {
  const form = table.form;
  if (!form) return DEFAULT_RULE_SET;
  const year = form.year ?? table.year;
  for (const def of builtInRuleSets()) {
    const a = def.appliesTo;
    if (!a) continue;
    if (a.provinces && !(form.region && a.provinces.some((p) => sameProvince(p, form.region!.province)))) continue;
    if (a.years && !(year !== undefined && a.years.includes(year))) continue;
    return def.name;
  }
  return NATIONAL_RULE_SET;
}
