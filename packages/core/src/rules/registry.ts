/** Every rule the checker knows, by code. A rule set chooses among them. */
import { COUNT_RULES } from './count-rules.ts';
import { FUNDS_RULES } from './funds-rules.ts';
import { GOAL_RULES } from './goal-rules.ts';
import { HEADER_RULES } from './header-rules.ts';
import { PLACEMENT_RULES } from './placement-rules.ts';
import type { Rule } from './rule.ts';
import { VALUE_RULES } from './value-rules.ts';

export const ALL_RULES: readonly Rule[] = [
  ...HEADER_RULES,
  ...FUNDS_RULES,
  ...GOAL_RULES,
  ...COUNT_RULES,
  ...PLACEMENT_RULES,
  ...VALUE_RULES,
];

const BY_CODE = new Map(ALL_RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}
