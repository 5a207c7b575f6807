/**
 * Exchange format: tables and indicators as flat records (CSV) or nested records (JSON), named
 * after the national 预算管理一体化 data standard where the element is known, and `JX_` names of
 * our own elsewhere (docs/exchange.md says which is which).
 *
 * Lossless: every text a unit filed has its own column, as filed; what the importer derived from
 * those texts (an amount in 分, the parse of an indicator value, the framework node of a
 * category label) is derived again on reading with the importer's own parsers, so a hand-edited
 * file still parses; what cannot be derived from the texts alone (the amount unit the table
 * announced, a category the importer placed by keywords or by a legacy mapping, a value read out
 * of the indicator name, an empty 实施周期指标值 cell) is carried in a column of its own. The
 * parsed numbers also ride along (`JX_*_WAN`, `JX_OPERATOR` …) for consumers; reading ignores them.
 */
import { isLevel1Name, isLevel2Name, matchLevel1, matchLevel2, type LabelMatch } from '../framework/indicator-framework.ts';
import { amount as amountOf, codeName, count, year as yearOf } from '../import/header-fields.ts';
import { formatWan } from '../money/money.ts';
import type {
  AmountField,
  DeptOverallTable,
  ExecutionLine,
  Indicator,
  IndicatorLevel,
  KeyTask,
  ProjectTable,
  SelfEvalTable,
  TableKind,
  TargetTable,
  TextField,
} from '../model/target-table.ts';
import { parseIndicatorValue, type IndicatorValue, type ValueContext } from '../value/indicator-value.ts';
import { CsvError, decodeCsv, unescapeFormulaCell, writeCsv } from '../csv/csv.ts';
import { applyOriginals, formColumn, originalsColumn, originalsOf, parseForm, parseOriginals } from './provenance-columns.ts';

/** Keys a system adds to a table: its region, id, stage and status. */
export interface ExchangeMeta {
  regionCode?: string;
  tableId?: string;
  stage?: string;
  status?: string;
}

export const TABLE_COLUMNS = [
  'MOF_DIV_CODE', 'FISCAL_YEAR', 'JX_TABLE_ID', 'JX_TABLE_KIND', 'JX_STAGE', 'JX_STATUS', 'JX_TITLE',
  'DEPT_CODE', 'DEPT_NAME', 'AGENCY_CODE', 'AGENCY_NAME', 'PRO_CODE', 'PRO_NAME',
  'JX_PRO_TYPE', 'JX_PRO_LEVEL', 'JX_START_YEAR', 'JX_END_YEAR', 'JX_AMT_UNIT',
  'JX_TOTAL_AMT', 'JX_CUR_AMT', 'JX_TOTAL_AMT_WAN', 'JX_CUR_AMT_WAN', 'JX_OVERVIEW',
  'ZQGOAL', 'NDGOAL', 'KPI_TARGET',
  'JX_STAFF', 'JX_SUBUNITS', 'JX_BASIC_AMT', 'JX_PROJECT_AMT', 'JX_DEV_LINES', 'JX_FISCAL_AMT', 'JX_OTHER_AMT',
  'JX_KEY_TASKS', 'JX_OTHER_TASKS',
  'JX_GOAL_OUTCOME', 'JX_EXEC_LINES', 'JX_CONCLUSION', 'JX_PROBLEMS', 'JX_MEASURES',
  'JX_EXTRA_FIELDS', 'JX_NOTES', 'JX_TABLE_BLANKS', 'JX_FORM', 'JX_TABLE_ORIGINALS',
] as const;

export const INDICATOR_COLUMNS = [
  'MOF_DIV_CODE', 'FISCAL_YEAR', 'JX_TABLE_ID', 'AGENCY_CODE', 'PRO_CODE', 'JX_INDICATOR_ID', 'JX_SEQ',
  'KPI_LV1', 'JX_LV1_NAME', 'JX_LV1_HOW', 'KPI_LV2', 'JX_LV2_NAME', 'JX_LV2_HOW', 'KPI_LV3',
  'JX_OPERATOR_COL', 'KPI_VAL', 'JX_UNIT_COL', 'JX_VAL_IN_NAME', 'JX_PERIOD_VAL', 'JX_PERIOD_VAL_SLOT',
  'JX_OPERATOR', 'JX_NUMBER', 'JX_UNIT', 'JX_QUANTITATIVE',
  'JX_VALUE_TYPE', 'JX_DIRECTION', 'WEIGHT', 'KPI_CONTENT', 'KPI_EVALSTD', 'KPI_REMARK',
  'JX_ACTUAL_VAL', 'JX_SCORE', 'JX_DEV_REASON', 'JX_BLANKS', 'JX_ORIGINALS',
] as const;

type TableRecord = Record<(typeof TABLE_COLUMNS)[number], string>;
type IndicatorRecord = Record<(typeof INDICATOR_COLUMNS)[number], string>;

export interface ExchangeTable extends TableRecord {
  indicators: IndicatorRecord[];
}

/**
 * Version 1 throughout: the columns added since the first release only add information, and a
 * file without them reads as it always did (docs/exchange.md, "Older files").
 */
export const EXCHANGE_VERSION = 1;

export interface ExchangeDocument {
  format: 'jixiao-exchange';
  version: 1;
  tables: ExchangeTable[];
}

export class ExchangeError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

// ---------------------------------------------------------------------------------------------
// What the reader derives, shared by the writer (which checks that deriving gives the table's own
// parse, and carries a flag where it would not).

type AmountUnit = '万元' | '元';
const AMOUNT_UNITS: readonly AmountUnit[] = ['万元', '元'];
const amountIn = (raw: string | undefined, unit: AmountUnit): AmountField => amountOf({ raw: raw ?? '' }, unit);

/** How a category's framework node was reached (`JX_LV1_HOW`, `JX_LV2_HOW`). */
type LevelHow = '' | 'legacy' | 'classified' | 'placed' | 'none';
const LEVEL_HOWS: readonly LevelHow[] = ['', 'legacy', 'classified', 'placed', 'none'];

function levelFromRaw(raw: string, match: LabelMatch<string> | undefined): IndicatorLevel {
  return match ? { raw, name: match.name as IndicatorLevel['name'], ...(match.legacy ? { legacy: true } : {}) } : { raw };
}

function levelGiven(raw: string, how: Exclude<LevelHow, ''>, name: string): IndicatorLevel {
  if (how === 'none') return { raw };
  const l: IndicatorLevel = { raw, name: name as IndicatorLevel['name'] };
  if (how === 'legacy') l.legacy = true;
  if (how === 'classified') l.classified = true;
  return l;
}

/** The context the importer parses a value in: the 指标性质 and 度量单位 cells and the indicator name. */
function valueContext(name: string, operatorCol: string, unitCol: string, valueType: string): ValueContext {
  const c: ValueContext = { indicatorName: name };
  if (operatorCol) c.operatorColumn = operatorCol;
  else if (/^定性$/.test(valueType)) c.operatorColumn = '定性';
  if (unitCol) c.unitColumn = unitCol;
  return c;
}

/** The name the importer parsed a value read out of the indicator name with (`满意度≥90%` → `满意度`). */
function nameBeforeValue(name: string, raw: string): string {
  return raw && name.endsWith(raw) && name.length > raw.length ? name.slice(0, name.length - raw.length).trimEnd() : name;
}

/** The same data, whatever the order of keys and wherever it was read from. */
const canonical = (x: unknown) =>
  JSON.stringify(x, (k, v) => {
    if (k === 'source') return undefined;
    return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((key) => [key, (v as Record<string, unknown>)[key]])) : v;
  });
const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);

// ---------------------------------------------------------------------------------------------
// Writing

const wan = (a?: AmountField) => (a && a.fen !== null ? formatWan(a.fen) : '');
const list = (rows: string[][]) => (rows.length ? JSON.stringify(rows) : '');

function amountsOf(t: TargetTable): AmountField[] {
  if (t.kind === 'project') return [t.totalAmount, t.currentAmount, ...(t.fiscalAmount ? [t.fiscalAmount] : []), ...(t.otherAmount ? [t.otherAmount] : [])];
  if (t.kind === 'dept-overall') {
    const f = t.funds;
    return [f.basic, f.project, f.fiscal, f.other, ...f.development.map((l) => l.amount), ...t.keyTasks.map((k) => k.amount)];
  }
  return t.execution.flatMap((l) => [l.initialBudget, l.adjustedBudget, l.executed]);
}

/** The unit the table's amounts were filed in: the one under which every amount text reads as its 分. */
function amountUnitOf(t: TargetTable): AmountUnit {
  const amounts = amountsOf(t);
  return AMOUNT_UNITS.find((u) => amounts.every((a) => amountIn(a.raw, u).fen === a.fen)) ?? '万元';
}

/** Notes one per line; as a JSON list when a note holds a line break or is empty, so that it reads back the same. */
function notesText(notes: string[]): string {
  const lines = notes.join('\n');
  return notes.some((n) => n === '' || n.includes('\n')) || lines.startsWith('[') ? JSON.stringify(notes) : lines;
}

function tableRecord(t: TargetTable, meta: ExchangeMeta, index: number): TableRecord {
  const r = Object.fromEntries(TABLE_COLUMNS.map((c) => [c, ''])) as TableRecord;
  r.MOF_DIV_CODE = meta.regionCode ?? '';
  r.FISCAL_YEAR = t.year !== undefined ? String(t.year) : '';
  r.JX_TABLE_ID = meta.tableId ?? `t${index + 1}`;
  r.JX_TABLE_KIND = t.kind;
  r.JX_STAGE = meta.stage ?? '';
  r.JX_STATUS = meta.status ?? '';
  r.JX_TITLE = t.title;
  r.JX_AMT_UNIT = amountUnitOf(t);
  r.JX_EXTRA_FIELDS = list((t.extraFields ?? []).map((f) => [f.label.raw, f.value.raw]));
  r.JX_NOTES = notesText(t.notes);
  r.JX_TABLE_BLANKS = blanks(optionalTableFields(t).filter(([f]) => f !== undefined && f.raw === '').map(([, column]) => column));
  r.JX_FORM = formColumn(t.form);
  r.JX_TABLE_ORIGINALS = originalsColumn(originalsOf(t, TABLE_OWN_RECORDS));
  if (t.kind === 'project' || t.kind === 'self-eval') {
    r.DEPT_CODE = t.department.code ?? '';
    r.DEPT_NAME = t.department.raw;
    r.AGENCY_CODE = t.unit.code ?? '';
    r.AGENCY_NAME = t.unit.raw;
    r.PRO_CODE = t.projectCode?.raw ?? '';
    r.PRO_NAME = t.projectName.raw;
    r.NDGOAL = t.annualGoal.raw;
  }
  if (t.kind === 'project') {
    r.JX_PRO_TYPE = t.projectType.raw;
    r.JX_PRO_LEVEL = t.projectLevel.raw;
    r.JX_START_YEAR = t.period.start.raw;
    r.JX_END_YEAR = t.period.end.raw;
    r.JX_TOTAL_AMT = t.totalAmount.raw;
    r.JX_CUR_AMT = t.currentAmount.raw;
    r.JX_TOTAL_AMT_WAN = wan(t.totalAmount);
    r.JX_CUR_AMT_WAN = wan(t.currentAmount);
    r.JX_FISCAL_AMT = t.fiscalAmount?.raw ?? '';
    r.JX_OTHER_AMT = t.otherAmount?.raw ?? '';
    r.JX_OVERVIEW = t.overview.raw;
    r.ZQGOAL = t.periodGoal.raw;
  } else if (t.kind === 'dept-overall') {
    r.DEPT_CODE = t.deptCode?.raw ?? '';
    r.DEPT_NAME = t.deptName.raw;
    r.KPI_TARGET = t.overallGoal.raw;
    r.JX_STAFF = t.staffCount.raw;
    r.JX_SUBUNITS = t.subUnitCount.raw;
    r.JX_BASIC_AMT = t.funds.basic.raw;
    r.JX_PROJECT_AMT = t.funds.project.raw;
    r.JX_DEV_LINES = list(t.funds.development.map((l) => [l.name.raw, l.amount.raw]));
    r.JX_FISCAL_AMT = t.funds.fiscal.raw;
    r.JX_OTHER_AMT = t.funds.other.raw;
    r.JX_KEY_TASKS = list(t.keyTasks.map((k) => [k.name.raw, k.content.raw, k.amount.raw, k.expected.raw]));
    r.JX_OTHER_TASKS = t.otherTasks.raw;
  } else {
    r.JX_GOAL_OUTCOME = t.goalOutcome.raw;
    r.JX_EXEC_LINES = list(t.execution.map((l) => [l.name.raw, l.initialBudget.raw, l.adjustedBudget.raw, l.executed.raw, l.rate.raw, l.weight.raw, l.score.raw]));
    r.JX_CONCLUSION = t.conclusion.raw;
    r.JX_PROBLEMS = t.problems.raw;
    r.JX_MEASURES = t.measures.raw;
  }
  return r;
}

/**
 * Fields a table or an indicator has only where its form has them. Present but blank (the form has
 * the column, the unit left it empty) is not the same as absent; the blank ones are listed by
 * column in JX_TABLE_BLANKS / JX_BLANKS, space-separated.
 */
function optionalTableFields(t: TargetTable): Array<[TextField | undefined, (typeof TABLE_COLUMNS)[number]]> {
  if (t.kind === 'project') return [[t.projectCode, 'PRO_CODE'], [t.fiscalAmount, 'JX_FISCAL_AMT'], [t.otherAmount, 'JX_OTHER_AMT']];
  if (t.kind === 'dept-overall') return [[t.deptCode, 'DEPT_CODE']];
  return [[t.projectCode, 'PRO_CODE']];
}
const blanks = (columns: readonly string[]) => columns.join(' ');

/** `JX_LVn_NAME` and `JX_LVn_HOW`: empty HOW when matching the filed label gives the table's node. */
function levelColumns(l: IndicatorLevel, derived: IndicatorLevel): [string, LevelHow] {
  const name = l.name ?? '';
  if (sameJson(l, derived)) return [name, ''];
  if (l.classified) return [name, 'classified'];
  if (!l.name) return ['', 'none'];
  return [name, l.legacy ? 'legacy' : 'placed'];
}

/** Rows that hold nothing at all (the web form's blank rows) are not written. */
const holdsSomething = (i: Indicator) =>
  Boolean(i.name.raw.trim() || !i.value.empty || i.level1.raw || i.level1.name || i.level2.raw || i.level2.name || (i.periodValue && !i.periodValue.empty)) ||
  OPTIONAL_TEXTS.some(([f]) => i[f] !== undefined);

/** Optional text fields of an indicator and their columns, in the order the importer sets them. */
const OPTIONAL_TEXTS = [
  ['operatorColumn', 'JX_OPERATOR_COL'],
  ['unitColumn', 'JX_UNIT_COL'],
  ['valueType', 'JX_VALUE_TYPE'],
  ['weight', 'WEIGHT'],
  ['direction', 'JX_DIRECTION'],
  ['standard', 'KPI_EVALSTD'],
  ['explanation', 'KPI_CONTENT'],
  ['note', 'KPI_REMARK'],
  ['actual', 'JX_ACTUAL_VAL'],
  ['score', 'JX_SCORE'],
  ['deviationReason', 'JX_DEV_REASON'],
] as const satisfies ReadonlyArray<readonly [keyof Indicator, keyof IndicatorRecord]>;

function indicatorRecord(i: Indicator, n: number, table: TableRecord): IndicatorRecord {
  const r = Object.fromEntries(INDICATOR_COLUMNS.map((c) => [c, ''])) as IndicatorRecord;
  r.MOF_DIV_CODE = table.MOF_DIV_CODE;
  r.FISCAL_YEAR = table.FISCAL_YEAR;
  r.JX_TABLE_ID = table.JX_TABLE_ID;
  r.AGENCY_CODE = table.AGENCY_CODE;
  r.PRO_CODE = table.PRO_CODE;
  r.JX_INDICATOR_ID = i.id;
  r.JX_SEQ = String(n + 1);
  r.KPI_LV1 = i.level1.raw;
  r.KPI_LV2 = i.level2.raw;
  r.KPI_LV3 = i.name.raw;
  [r.JX_LV1_NAME, r.JX_LV1_HOW] = levelColumns(i.level1, levelFromRaw(i.level1.raw, matchLevel1(i.level1.raw)));
  [r.JX_LV2_NAME, r.JX_LV2_HOW] = levelColumns(i.level2, levelFromRaw(i.level2.raw, matchLevel2(i.level2.raw, i.level1.raw)));
  for (const [field, column] of OPTIONAL_TEXTS) r[column] = i[field]?.raw ?? '';
  r.KPI_VAL = i.value.raw;
  const ctx = valueContext(i.name.raw, r.JX_OPERATOR_COL, r.JX_UNIT_COL, r.JX_VALUE_TYPE);
  // A value read out of the name was parsed with the name before it: say so when that is what gives the table's parse.
  if (!sameJson(i.value, parseIndicatorValue(i.value.raw, ctx)) && sameJson(i.value, parseIndicatorValue(i.value.raw, { ...ctx, indicatorName: nameBeforeValue(i.name.raw, i.value.raw) }))) {
    r.JX_VAL_IN_NAME = '1';
  }
  r.JX_PERIOD_VAL = i.periodValue?.raw ?? '';
  r.JX_PERIOD_VAL_SLOT = i.periodValue ? '1' : '0';
  r.JX_OPERATOR = i.value.operator ?? '';
  r.JX_NUMBER = i.value.number ?? '';
  r.JX_UNIT = i.value.unit ?? '';
  r.JX_QUANTITATIVE = i.value.quantitative ? '1' : '0';
  r.JX_BLANKS = blanks(OPTIONAL_TEXTS.filter(([field]) => i[field]?.raw === '').map(([, column]) => column));
  r.JX_ORIGINALS = originalsColumn(originalsOf(i));
  return r;
}

export function toExchangeDocument(tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): ExchangeDocument {
  return {
    format: 'jixiao-exchange',
    version: EXCHANGE_VERSION,
    tables: tables.map(({ table, meta }, i) => {
      const rec = tableRecord(table, meta ?? {}, i);
      return { ...rec, indicators: table.indicators.filter(holdsSomething).map((ind, n) => indicatorRecord(ind, n, rec)) };
    }),
  };
}

/** Two CSV files: one row per table, one row per indicator (keyed by JX_TABLE_ID). */
export function toExchangeCsv(tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): { tablesCsv: string; indicatorsCsv: string } {
  const doc = toExchangeDocument(tables);
  const tableRows = [[...TABLE_COLUMNS], ...doc.tables.map((t) => TABLE_COLUMNS.map((c) => t[c]))];
  const indRows = [[...INDICATOR_COLUMNS], ...doc.tables.flatMap((t) => t.indicators.map((i) => INDICATOR_COLUMNS.map((c) => i[c])))];
  return { tablesCsv: writeCsv(tableRows), indicatorsCsv: writeCsv(indRows) };
}

const isTableColumn = (c: string) => (TABLE_COLUMNS as readonly string[]).includes(c);
/** The indicator's own columns (the keys it shares with its table are not repeated in the one-file CSV). */
const OWN_INDICATOR_COLUMNS = INDICATOR_COLUMNS.filter((c) => !isTableColumn(c));

/** Columns of the one-file CSV: the table's, then the indicator's own. */
export const FLAT_COLUMNS = [...TABLE_COLUMNS, ...OWN_INDICATOR_COLUMNS] as const;

/**
 * One CSV file: a row per indicator, the table's columns repeated on each (a table without
 * indicators has one row with empty indicator columns). What a spreadsheet user filters and
 * pivots; reads back to the same tables.
 */
export function toExchangeFlatCsv(tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): string {
  const doc = toExchangeDocument(tables);
  const rows: string[][] = [[...FLAT_COLUMNS]];
  for (const t of doc.tables) {
    const own = TABLE_COLUMNS.map((c) => t[c]);
    if (t.indicators.length === 0) rows.push([...own, ...OWN_INDICATOR_COLUMNS.map(() => '')]);
    for (const i of t.indicators) rows.push([...own, ...OWN_INDICATOR_COLUMNS.map((c) => i[c])]);
  }
  return writeCsv(rows);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A record read from a file, with where it is (for errors): `tables.csv 第 3 行` / `tables.csv row 3`. */
interface Located<R> {
  rec: Partial<R>;
  at: { zh: string; en: string };
}

const fail = (at: { zh: string; en: string }, column: string, zh: string, en: string) => new ExchangeError(`${at.zh}，${column}：${zh}`, `${at.en}, ${column}: ${en}`);

const text = (raw: string | undefined): TextField => ({ raw: raw ?? '' });

function parseJsonList(raw: string | undefined, column: string, at: Located<unknown>['at']): string[][] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    if (Array.isArray(v) && v.every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'))) return v as string[][];
  } catch {
    /* reported below */
  }
  throw fail(at, column, '不是有效的列表（应为 JSON 数组，如 [["名称","金额"]]）', 'is not a valid list (a JSON array such as [["name","amount"]] expected)');
}

function notesFrom(raw: string | undefined): string[] {
  if (!raw) return [];
  if (raw.startsWith('[')) {
    try {
      const v = JSON.parse(raw) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    } catch {
      /* a note that starts with [ */
    }
  }
  return raw.split('\n');
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], column: string, at: Located<unknown>['at']): T {
  const v = value ?? '';
  if ((allowed as readonly string[]).includes(v)) return v as T;
  const shown = allowed.map((a) => (a === '' ? '(空/empty)' : a)).join(', ');
  throw fail(at, column, `“${v}”无效（应为 ${shown}）`, `"${v}" is not one of ${shown}`);
}

/** The columns a JX_BLANKS / JX_TABLE_BLANKS cell lists; a name that is not one of them is an error. */
function blanksFrom(raw: string | undefined, allowed: readonly string[], column: string, at: Located<unknown>['at']): Set<string> {
  const names = (raw ?? '').split(/\s+/).filter(Boolean);
  const wrong = names.find((n) => !allowed.includes(n));
  if (wrong) throw fail(at, column, `“${wrong}”不是可留空的列（可为 ${allowed.join('、')}）`, `"${wrong}" is not a column that can be blank (one of ${allowed.join(', ')})`);
  return new Set(names);
}

function levelFrom(raw: string, how: string | undefined, name: string | undefined, match: () => LabelMatch<string> | undefined, lv: 1 | 2, at: Located<unknown>['at']): IndicatorLevel {
  const howColumn = `JX_LV${lv}_HOW`;
  const nameColumn = `JX_LV${lv}_NAME`;
  const h = oneOf(how, LEVEL_HOWS, howColumn, at);
  if (h === '') return levelFromRaw(raw, match());
  if (h === 'none') return levelGiven(raw, h, '');
  const known = lv === 1 ? isLevel1Name(name ?? '') : isLevel2Name(name ?? '');
  if (!known) {
    throw fail(at, nameColumn, `“${name ?? ''}”不是现行指标体系的${lv === 1 ? '一' : '二'}级指标（${howColumn} 为 ${h} 时必须填写）`, `"${name ?? ''}" is not a level-${lv} node of the current framework (required when ${howColumn} is ${h})`);
  }
  return levelGiven(raw, h, name!);
}

function indicatorFrom({ rec, at }: Located<IndicatorRecord>, n: number, kind: TableKind): Indicator {
  const name = rec.KPI_LV3 ?? '';
  const l1raw = rec.KPI_LV1 ?? '';
  const l2raw = rec.KPI_LV2 ?? '';
  const ctx = valueContext(name, rec.JX_OPERATOR_COL ?? '', rec.JX_UNIT_COL ?? '', rec.JX_VALUE_TYPE ?? '');
  const valueName = oneOf(rec.JX_VAL_IN_NAME, ['', '0', '1'], 'JX_VAL_IN_NAME', at) === '1' ? nameBeforeValue(name, rec.KPI_VAL ?? '') : name;
  const ind: Indicator = {
    id: rec.JX_INDICATOR_ID || `i${n + 1}`,
    level1: levelFrom(l1raw, rec.JX_LV1_HOW, rec.JX_LV1_NAME, () => matchLevel1(l1raw), 1, at) as Indicator['level1'],
    level2: levelFrom(l2raw, rec.JX_LV2_HOW, rec.JX_LV2_NAME, () => matchLevel2(l2raw, l1raw), 2, at) as Indicator['level2'],
    name: text(name),
    value: parseIndicatorValue(rec.KPI_VAL ?? '', { ...ctx, indicatorName: valueName }),
  };
  // A file without JX_PERIOD_VAL_SLOT (the first release) gave every project indicator the slot.
  const slot = oneOf(rec.JX_PERIOD_VAL_SLOT, ['', '0', '1'], 'JX_PERIOD_VAL_SLOT', at);
  if (slot === '1' || rec.JX_PERIOD_VAL || (slot === '' && kind === 'project')) ind.periodValue = parseIndicatorValue(rec.JX_PERIOD_VAL ?? '', ctx);
  const blank = blanksFrom(rec.JX_BLANKS, OPTIONAL_TEXTS.map(([, column]) => column), 'JX_BLANKS', at);
  for (const [field, column] of OPTIONAL_TEXTS) if (rec[column] || blank.has(column)) ind[field] = text(rec[column]);
  const failAt = (zh: string, en: string) => fail(at, 'JX_ORIGINALS', zh, en);
  applyOriginals(ind, parseOriginals(rec.JX_ORIGINALS, failAt), failAt);
  return ind;
}

/** Parts of a table that are not in its own record: its indicators have records of their own, its form is JX_FORM. */
const TABLE_OWN_RECORDS: ReadonlySet<string> = new Set(['indicators', 'form']);

/** A table from its record and its indicators' records, with the import provenance the record carries (JX_FORM, JX_TABLE_ORIGINALS). */
function tableFrom(located: Located<TableRecord>, inds: Array<Located<IndicatorRecord>>): TargetTable {
  const { rec, at } = located;
  const t = tableFields(located, inds);
  const form = parseForm(rec.JX_FORM, (zh, en) => fail(at, 'JX_FORM', zh, en));
  if (form) t.form = form;
  const failAt = (zh: string, en: string) => fail(at, 'JX_TABLE_ORIGINALS', zh, en);
  applyOriginals(t, parseOriginals(rec.JX_TABLE_ORIGINALS, failAt), failAt);
  return t;
}

function tableFields({ rec, at }: Located<TableRecord>, inds: Array<Located<IndicatorRecord>>): TargetTable {
  const kind = oneOf(rec.JX_TABLE_KIND, ['dept-overall', 'project', 'self-eval'] as const, 'JX_TABLE_KIND', at);
  const unit = oneOf(rec.JX_AMT_UNIT ?? '', ['', ...AMOUNT_UNITS], 'JX_AMT_UNIT', at) || '万元';
  const amount = (raw: string | undefined) => amountIn(raw, unit);
  const indicators = orderIndicators(inds).map((i, n) => indicatorFrom(i, n, kind));
  // Key order as the importer builds a table, so that an imported table and its round trip serialise alike.
  const base = { kind, title: rec.JX_TITLE ?? '', notes: notesFrom(rec.JX_NOTES), indicators, ...(/^\d{4}$/.test(rec.FISCAL_YEAR ?? '') ? { year: Number(rec.FISCAL_YEAR) } : {}) };
  const extraFields = parseJsonList(rec.JX_EXTRA_FIELDS, 'JX_EXTRA_FIELDS', at).map(([label, value]) => ({ label: text(label), value: text(value) }));
  const extra = extraFields.length ? { extraFields } : {};
  const blank = blanksFrom(rec.JX_TABLE_BLANKS, kind === 'project' ? ['PRO_CODE', 'JX_FISCAL_AMT', 'JX_OTHER_AMT'] : kind === 'dept-overall' ? ['DEPT_CODE'] : ['PRO_CODE'], 'JX_TABLE_BLANKS', at);
  const has = (column: (typeof TABLE_COLUMNS)[number]) => Boolean(rec[column]) || blank.has(column);
  const codeNameOf = (raw: string | undefined, code: string | undefined) => {
    const f = codeName(text(raw));
    return f.code === undefined && code ? { ...f, code } : f;
  };
  if (kind === 'project') {
    const t: ProjectTable = {
      ...base,
      kind,
      projectName: text(rec.PRO_NAME),
      projectType: codeName(text(rec.JX_PRO_TYPE)),
      projectLevel: text(rec.JX_PRO_LEVEL),
      department: codeNameOf(rec.DEPT_NAME, rec.DEPT_CODE),
      unit: codeNameOf(rec.AGENCY_NAME, rec.AGENCY_CODE),
      period: { start: yearOf(text(rec.JX_START_YEAR)), end: yearOf(text(rec.JX_END_YEAR), 'end') },
      totalAmount: amount(rec.JX_TOTAL_AMT),
      currentAmount: amount(rec.JX_CUR_AMT),
      overview: text(rec.JX_OVERVIEW),
      periodGoal: text(rec.ZQGOAL),
      annualGoal: text(rec.NDGOAL),
    };
    if (has('PRO_CODE')) t.projectCode = text(rec.PRO_CODE);
    if (has('JX_FISCAL_AMT')) t.fiscalAmount = amount(rec.JX_FISCAL_AMT);
    if (has('JX_OTHER_AMT')) t.otherAmount = amount(rec.JX_OTHER_AMT);
    return { ...t, ...extra };
  }
  if (kind === 'dept-overall') {
    const t: DeptOverallTable = {
      ...base,
      kind,
      deptName: text(rec.DEPT_NAME),
      staffCount: count(text(rec.JX_STAFF)),
      subUnitCount: count(text(rec.JX_SUBUNITS)),
      funds: {
        basic: amount(rec.JX_BASIC_AMT),
        project: amount(rec.JX_PROJECT_AMT),
        development: parseJsonList(rec.JX_DEV_LINES, 'JX_DEV_LINES', at).map(([name, a]) => ({ name: text(name), amount: amount(a) })),
        fiscal: amount(rec.JX_FISCAL_AMT),
        other: amount(rec.JX_OTHER_AMT),
      },
      overallGoal: text(rec.KPI_TARGET),
      keyTasks: parseJsonList(rec.JX_KEY_TASKS, 'JX_KEY_TASKS', at).map(
        ([name, content, a, expected]): KeyTask => ({ name: text(name), content: text(content), amount: amount(a), expected: text(expected) }),
      ),
      otherTasks: text(rec.JX_OTHER_TASKS),
    };
    if (has('DEPT_CODE')) t.deptCode = text(rec.DEPT_CODE);
    return { ...t, ...extra };
  }
  const t: SelfEvalTable = {
    ...base,
    kind,
    projectName: text(rec.PRO_NAME),
    department: codeNameOf(rec.DEPT_NAME, rec.DEPT_CODE),
    unit: codeNameOf(rec.AGENCY_NAME, rec.AGENCY_CODE),
    annualGoal: text(rec.NDGOAL),
    goalOutcome: text(rec.JX_GOAL_OUTCOME),
    execution: parseJsonList(rec.JX_EXEC_LINES, 'JX_EXEC_LINES', at).map(
      ([name, initial, adjusted, executed, rate, weight, score]): ExecutionLine => ({
        name: text(name),
        initialBudget: amount(initial),
        adjustedBudget: amount(adjusted),
        executed: amount(executed),
        rate: text(rate),
        weight: text(weight),
        score: text(score),
      }),
    ),
    conclusion: text(rec.JX_CONCLUSION),
    problems: text(rec.JX_PROBLEMS),
    measures: text(rec.JX_MEASURES),
  };
  if (has('PRO_CODE')) t.projectCode = text(rec.PRO_CODE);
  return { ...t, ...extra };
}

/** Indicators in JX_SEQ order (file order where it is empty); a JX_SEQ that is not a number, or an id given twice, is an error. */
function orderIndicators(inds: Array<Located<IndicatorRecord>>): Array<Located<IndicatorRecord>> {
  const ids = new Set<string>();
  for (const i of inds) {
    const seq = i.rec.JX_SEQ ?? '';
    if (seq && !/^\d+$/.test(seq)) throw fail(i.at, 'JX_SEQ', `“${seq}”不是序号（应为正整数）`, `"${seq}" is not a sequence number (a positive integer expected)`);
    const id = i.rec.JX_INDICATOR_ID ?? '';
    if (id && ids.has(id)) throw fail(i.at, 'JX_INDICATOR_ID', `“${id}”在同一张表中出现了两次`, `"${id}" occurs twice in the same table`);
    if (id) ids.add(id);
  }
  return inds
    .map((i, k) => ({ i, k, seq: i.rec.JX_SEQ ? Number(i.rec.JX_SEQ) : k + 1 }))
    .sort((a, b) => a.seq - b.seq || a.k - b.k)
    .map((x) => x.i);
}

function metaOf(t: Partial<TableRecord>): ExchangeMeta {
  const m: ExchangeMeta = {};
  if (t.MOF_DIV_CODE) m.regionCode = t.MOF_DIV_CODE;
  if (t.JX_TABLE_ID) m.tableId = t.JX_TABLE_ID;
  if (t.JX_STAGE) m.stage = t.JX_STAGE;
  if (t.JX_STATUS) m.status = t.JX_STATUS;
  return m;
}

/** A JSON record's values must be texts: a number or a list where a text belongs is named with its place. */
function jsonRecord<R>(v: unknown, at: Located<unknown>['at'], columns: readonly string[]): Partial<R> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ExchangeError(`${at.zh}不是对象`, `${at.en} is not an object`);
  for (const c of columns) {
    const x = (v as Record<string, unknown>)[c];
    if (x !== undefined && typeof x !== 'string') throw fail(at, c, `应为文本，却是 ${JSON.stringify(x).slice(0, 40)}`, `a text expected, found ${JSON.stringify(x).slice(0, 40)}`);
  }
  return v as Partial<R>;
}

export function fromExchangeDocument(doc: unknown): Array<{ table: TargetTable; meta: ExchangeMeta }> {
  const d = doc as Partial<ExchangeDocument>;
  if (!d || d.format !== 'jixiao-exchange' || !Array.isArray(d.tables)) {
    throw new ExchangeError('不是 Jixiao 交换格式（缺少 format: "jixiao-exchange" 或 tables）', 'not a Jixiao exchange document (format "jixiao-exchange" and tables expected)');
  }
  // A hand-written document may leave the version out; one that names another version is not ours to guess at.
  if (d.version !== undefined && d.version !== EXCHANGE_VERSION) {
    throw new ExchangeError(`交换格式版本 ${JSON.stringify(d.version)} 不受支持（本系统读取版本 ${EXCHANGE_VERSION}）`, `exchange format version ${JSON.stringify(d.version)} is not supported (this system reads version ${EXCHANGE_VERSION})`);
  }
  return d.tables.map((t: unknown, ti) => {
    const at = { zh: `tables[${ti}]`, en: `tables[${ti}]` };
    const rec = jsonRecord<TableRecord>(t, at, TABLE_COLUMNS);
    const raw = (t as { indicators?: unknown }).indicators;
    if (raw !== undefined && !Array.isArray(raw)) throw fail(at, 'indicators', '应为数组', 'an array expected');
    const inds = ((raw as unknown[] | undefined) ?? []).map((x, k) => {
      const iat = { zh: `tables[${ti}].indicators[${k}]`, en: `tables[${ti}].indicators[${k}]` };
      return { rec: jsonRecord<IndicatorRecord>(x, iat, INDICATOR_COLUMNS), at: iat };
    });
    return { table: tableFrom({ rec, at }, inds), meta: metaOf(rec) };
  });
}

function records(csv: string, required: readonly string[], what: { zh: string; en: string }): Array<Located<Record<string, string>>> {
  let rows: string[][];
  try {
    rows = decodeCsv(csv.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof CsvError) throw new ExchangeError(`${what.zh}：${e.zh}`, `${what.en}: ${e.en}`);
    throw e;
  }
  const [header, ...body] = rows;
  if (!header) throw new ExchangeError(`${what.zh}是空的`, `${what.en} is empty`);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw new ExchangeError(`${what.zh}缺少列：${missing.join('、')}`, `${what.en} lacks columns: ${missing.join(', ')}`);
  const twice = header.find((h, i) => h && header.indexOf(h) !== i);
  if (twice) throw new ExchangeError(`${what.zh}的列 ${twice} 出现了两次`, `${what.en} has the column ${twice} twice`);
  const out: Array<Located<Record<string, string>>> = [];
  body.forEach((r, k) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const at = { zh: `${what.zh}第 ${k + 2} 行`, en: `${what.en} row ${k + 2}` };
    if (r.length > header.length && r.slice(header.length).some((c) => c !== '')) {
      throw new ExchangeError(`${at.zh}的单元格比表头多（${r.length} 个，表头 ${header.length} 列）`, `${at.en} has more cells (${r.length}) than the header has columns (${header.length})`);
    }
    if (r.some((c) => c !== '')) out.push({ rec: Object.fromEntries(header.map((h, i) => [h, unescapeFormulaCell(r[i] ?? '')])), at });
  });
  for (const x of out) if (!x.rec.JX_TABLE_ID) throw fail(x.at, 'JX_TABLE_ID', '为空', 'is empty');
  return out;
}

const FLAT = { zh: 'CSV 文件', en: 'CSV file' };

export function fromExchangeFlatCsv(csv: string): Array<{ table: TargetTable; meta: ExchangeMeta }> {
  const rows = records(csv, ['JX_TABLE_ID', 'JX_TABLE_KIND', 'KPI_LV1', 'KPI_LV2', 'KPI_LV3', 'KPI_VAL'], FLAT);
  const byTable = new Map<string, Array<Located<Record<string, string>>>>();
  for (const r of rows) {
    const id = r.rec.JX_TABLE_ID!;
    const group = byTable.get(id);
    if (!group) {
      byTable.set(id, [r]);
      continue;
    }
    // Every row of a table repeats the table's columns: a row that says otherwise is a broken file, not a guess.
    const first = group[0]!;
    const differs = TABLE_COLUMNS.find((c) => (r.rec[c] ?? '') !== (first.rec[c] ?? ''));
    if (differs) {
      throw fail(r.at, differs, `与同一表（JX_TABLE_ID“${id}”）的${first.at.zh}不一致`, `differs from ${first.at.en} of the same table (JX_TABLE_ID "${id}")`);
    }
    group.push(r);
  }
  return [...byTable.values()].map((group) => {
    const inds = group.filter((r) => OWN_INDICATOR_COLUMNS.some((c) => (r.rec[c] ?? '') !== ''));
    return { table: tableFrom(group[0]!, inds), meta: metaOf(group[0]!.rec) };
  });
}

/** Which exchange file a text is, by its content: the JSON document, the one-file CSV, or one of the two CSV files. */
export function exchangeKind(text: string): 'json' | 'flat-csv' | 'tables-csv' | 'indicators-csv' | null {
  const s = text.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('{')) return /"format"\s*:\s*"jixiao-exchange"/.test(s.slice(0, 200)) ? 'json' : null;
  const header = s.slice(0, s.search(/\r?\n|$/)).split(',');
  if (!header.includes('JX_TABLE_ID')) return null;
  const table = header.includes('JX_TABLE_KIND');
  const ind = header.includes('KPI_LV3');
  return table && ind ? 'flat-csv' : table ? 'tables-csv' : ind ? 'indicators-csv' : null;
}

export function fromExchangeCsv(tablesCsv: string, indicatorsCsv: string): Array<{ table: TargetTable; meta: ExchangeMeta }> {
  const tables = records(tablesCsv, ['JX_TABLE_ID', 'JX_TABLE_KIND'], { zh: '表格文件', en: 'tables file' });
  const inds = records(indicatorsCsv, ['JX_TABLE_ID', 'KPI_LV1', 'KPI_LV2', 'KPI_LV3', 'KPI_VAL'], { zh: '指标文件', en: 'indicators file' });
  const seen = new Map<string, Located<Record<string, string>>>();
  for (const t of tables) {
    const id = t.rec.JX_TABLE_ID!;
    const before = seen.get(id);
    if (before) throw fail(t.at, 'JX_TABLE_ID', `“${id}”与${before.at.zh}重复`, `"${id}" is also on ${before.at.en}`);
    seen.set(id, t);
  }
  const byTable = new Map<string, Array<Located<Record<string, string>>>>();
  for (const i of inds) {
    const id = i.rec.JX_TABLE_ID!;
    if (!seen.has(id)) throw fail(i.at, 'JX_TABLE_ID', `“${id}”在表格文件中不存在`, `"${id}" is not in the tables file`);
    byTable.set(id, [...(byTable.get(id) ?? []), i]);
  }
  return tables.map((t) => ({ table: tableFrom(t, byTable.get(t.rec.JX_TABLE_ID!) ?? []), meta: metaOf(t.rec) }));
}
