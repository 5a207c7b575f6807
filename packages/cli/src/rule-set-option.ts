/**
 * `--rules auto|NAME|FILE.json`: each table by its own form's rule set (`auto`, the default: the
 * region's and year's where one exists, otherwise national-2021), a built-in rule set by name, or
 * a rule set file (which may extend a built-in one).
 */
import { readFile } from 'node:fs/promises';
import { AUTO_RULE_SET, resolveRuleSet, validateRuleSetDefinition, type ResolvedRuleSet } from '@jixiao/core';

export type RuleSetOption = ResolvedRuleSet | typeof AUTO_RULE_SET;

export async function loadRuleSetOption(value: string | true | undefined): Promise<RuleSetOption> {
  if (value === undefined || value === true || value === AUTO_RULE_SET) return AUTO_RULE_SET;
  if (/\.json$/i.test(value)) {
    let text: string;
    try {
      text = await readFile(value, 'utf8');
    } catch {
      throw new Error(`无法读取规则集文件 ${value} / cannot read rule set file ${value}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`规则集文件 ${value} 不是有效的 JSON / rule set file ${value} is not valid JSON: ${(e as Error).message}`);
    }
    return resolveRuleSet(validateRuleSetDefinition(json));
  }
  return resolveRuleSet(value);
}
