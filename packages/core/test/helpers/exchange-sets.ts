/**
 * The tables the exchange format must carry losslessly — every table the importer gives from
 * fixtures/samples, the seed, generated tables, a scored self-evaluation, the clean builders and
 * an old-spelling layout — and the comparison that says "the same data". Shared by core's and
 * packages/files' exchange tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  generateProjectTables,
  importGrids,
  importText,
  newSelfEvaluationDocument,
  printedForm,
  scoreSelfEvaluation,
  selfEvalTableOf,
  type SelfEvalTable,
  type TargetTable,
} from '../../src/index.ts';
import { layout } from '../import-helpers/published.ts';
import { filledSelfEvaluation } from './self-evaluation.ts';
import { cleanDept, cleanProject } from './tables.ts';

export const fixture = (path: string) => fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));
export const SAMPLES = readdirSync(fixture('samples')).filter((f) => f.endsWith('.txt')).sort();
export const sample = (f: string) => importText(readFileSync(fixture(`samples/${f}`), 'utf8'), f).tables;
export const seed = importText(readFileSync(fixture('seed/000_860be9a69280b0ce.txt'), 'utf8'), 'seed.txt').tables;

/**
 * All of a table but where it was read from (`source`), as canonical JSON: keys sorted, because
 * the importer's code paths set optional fields in different orders and the order carries no data.
 */
export const data = (t: unknown): string =>
  JSON.stringify(t, (k, v) => {
    // Where each value was read (source) names a place in the imported file, which the exchange file
    // is not; the form recognised and each cell's text as filed (original) are carried.
    if (k === 'source') return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]));
    return v;
  });

/** A scored self-evaluation as the 自评表, as packages/core/test/self-eval-layout.test.ts builds it. */
export function scoredSelfEval(): SelfEvalTable {
  const doc = filledSelfEvaluation();
  return selfEvalTableOf(doc, scoreSelfEvaluation(doc.targets, doc.evaluation));
}

/** A self-evaluation half done: no actuals filed, so 实际完成值 and 得分 are on the form but blank. */
export function unfinishedSelfEval(): SelfEvalTable {
  const doc = newSelfEvaluationDocument(cleanProject(), { tableId: 'approved-2', version: 1 }, {});
  doc.evaluation.indicators.forEach((a) => (a.actual = { raw: '' }));
  return selfEvalTableOf(doc, scoreSelfEvaluation(doc.targets, doc.evaluation));
}

/** Old spellings the importer maps (投入/效果指标), 定性 from 指标值类型, and values written inside the name. */
export const oldLayout = importGrids([
  layout(
    [
      [{ t: '2019年项目绩效目标申报表', cs: 5 }],
      ['项目名称', { t: '农村环境整治', cs: 4 }],
      ['一级指标', '二级指标', '三级指标', '指标值类型', '指标值'],
      [{ t: '投入指标', rs: 2 }, '成本目标', '人均整治成本', '定量', '≤300元/人'],
      ['时效目标', '整治完成时间', '定性', '年底前完成'],
      [{ t: '效果指标', rs: 3 }, '环境效益指标', '村庄垃圾清运率≥98%', '定量', ''],
      ['社会效益指标', '群众知晓率', '定性', '效果明显'],
      ['满意度指标', '群众满意度(%)≥90', '定量', ''],
    ],
    { file: 't.xlsx', sheet: 'Sheet1' },
  ),
]).tables;

export const SETS: Array<[string, TargetTable[]]> = [
  ...SAMPLES.map((f) => [f, sample(f)] as [string, TargetTable[]]),
  ['seed', seed],
  ['generated', generateProjectTables(20, 5)],
  ['self-evaluation (scored, and as printed)', [scoredSelfEval(), printedForm(scoredSelfEval())]],
  ['self-evaluation (unfinished)', [unfinishedSelfEval()]],
  ['clean builders', [cleanDept(), cleanProject()]],
  ['old layout', oldLayout],
];
