/** Every rule the checker knows, by code. A rule set chooses among them. */
import { COUNT_RULES } from './count-rules.ts';
import { EXECUTION_RULES } from './execution-rules.ts';
import { FUNDS_RULES } from './funds-rules.ts';
import { GOAL_RULES } from './goal-rules.ts';
import { HISTORY_RULES } from './history-rules.ts';
import { HEADER_RULES } from './header-rules.ts';
import { PLACEMENT_RULES } from './placement-rules.ts';
import type { Rule } from './rule.ts';
import { SCORE_RULES } from './score-rules.ts';
import { TEMPLATE_RULES } from './template-rules.ts';
import { UNIT_RULES } from './unit-rules.ts';
import { VALUE_RULES } from './value-rules.ts';

export const ALL_RULES: readonly Rule[] = [
  ...HEADER_RULES,
  ...FUNDS_RULES,
  ...GOAL_RULES,
  ...COUNT_RULES,
  ...PLACEMENT_RULES,
  ...VALUE_RULES,
  ...UNIT_RULES,
  ...TEMPLATE_RULES,
  ...SCORE_RULES,
  ...EXECUTION_RULES,
  ...HISTORY_RULES,
];

const BY_CODE = new Map(ALL_RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}
