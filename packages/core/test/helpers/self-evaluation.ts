/** A self-evaluation of the clean project, filled in as a unit would: actuals, reasons, outcome, problems, measures. */
import { newSelfEvaluationDocument, type SelfEvaluationDocument } from '../../src/index.ts';
import { cleanProject } from './tables.ts';

export function filledSelfEvaluation(): SelfEvaluationDocument {
  const doc = newSelfEvaluationDocument(cleanProject(), { tableId: 'approved-1', version: 3 }, { adjustedBudgetFen: 20_000_000, executedFen: 17_000_000 });
  const actual = ['3次', '96%', '100%', '3家', '93%', '750元/人'];
  doc.evaluation.indicators.forEach((a, i) => (a.actual = { raw: actual[i]! }));
  doc.evaluation.indicators[0]!.reason = { raw: '第四期培训因场地改造顺延至次年' };
  doc.evaluation.execution.reason = { raw: '部分培训费用次年结算' };
  doc.evaluation.goalOutcome = { raw: '举办培训3期，受训企业3家完成数字化改造' };
  doc.evaluation.problems = { raw: '培训进度偏慢' };
  doc.evaluation.measures = { raw: '提前锁定场地' };
  return doc;
}
