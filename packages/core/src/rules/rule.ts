/**
 * A rule is code with a stable name; a rule set (data) decides whether it runs, its severity and
 * its thresholds. Each rule documents itself in both languages so that `jixiao rules` and
 * docs/rules.md can show people exactly what they are judged by.
 */
import type { IndicatorLibrary } from '../library/indicator-library.ts';
import type { TableKind, TargetTable } from '../model/target-table.ts';
import type { Finding, FindingLocation, Fix, Severity } from './finding.ts';
import type { TableHistory } from './history-rules.ts';

export type RuleParams = Record<string, number | string | boolean | string[]>;

/** What a rule reports; the runner adds the code, severity and table location. */
export interface FindingDraft {
  message: { zh: string; en: string };
  location: Omit<FindingLocation, 'table' | 'tableTitle'>;
  fix?: Fix;
  suggestion?: Finding['suggestion'];
}

export interface RuleContext<P extends RuleParams = RuleParams> {
  params: P;
  /** The budget year the table is checked for (from the table, or the caller). */
  year?: number;
  /** The indicator library proposals come from (default: the starter set). */
  library?: IndicatorLibrary;
  /** The same project's earlier years (approved tables, self-evaluations), found by the caller: core does no I/O. */
  history?: TableHistory;
}

export interface Rule<P extends RuleParams = RuleParams> {
  code: string;
  /** Which kinds of table the rule applies to. */
  kinds: readonly TableKind[];
  defaultSeverity: Severity;
  defaultParams: P;
  /** A short name people read in the admin pages (规则名称), next to the code. */
  title?: { zh: string; en: string };
  /** What each threshold is called (最少指标数 for `min`), for the admin pages and the version log. */
  paramNames?: { [K in keyof P]?: { zh: string; en: string } };
  /** With the default thresholds (docs/rules.md, `jixiao rules`). */
  description: { zh: string; en: string };
  /** The description with a rule set's thresholds, where it names them (describeRule in rule-texts.ts). */
  describe?(params: P): { zh: string; en: string };
  check(table: TargetTable, ctx: RuleContext<P>): FindingDraft[];
}

/** Helper to declare a rule with typed params. */
export function defineRule<P extends RuleParams>(rule: Rule<P>): Rule {
  return rule as unknown as Rule;
}
