/**
 * Exchange format: tables and indicators as flat records (CSV) or nested records (JSON), named
 * after the national 预算管理一体化 data standard where the element is known, and `JX_` names of
 * our own elsewhere (docs/exchange.md says which is which). Every value is the text as filed, so
 * reading an export back gives the same tables; the parsed numbers ride along for consumers.
 */
import { matchLevel1, matchLevel2 } from '../framework/indicator-framework.ts';
import { formatWan, parseMoney } from '../money/money.ts';
import type {
  AmountField,
  CodeNameField,
  DeptOverallTable,
  Indicator,
  KeyTask,
  ProjectTable,
  TargetTable,
  TextField,
} from '../model/target-table.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';
import { CsvError, decodeCsv, encodeCsv } from './csv.ts';

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
  'JX_PRO_TYPE', 'JX_PRO_LEVEL', 'JX_START_YEAR', 'JX_END_YEAR',
  'JX_TOTAL_AMT', 'JX_CUR_AMT', 'JX_TOTAL_AMT_WAN', 'JX_CUR_AMT_WAN', 'JX_OVERVIEW',
  'ZQGOAL', 'NDGOAL', 'KPI_TARGET',
  'JX_STAFF', 'JX_SUBUNITS', 'JX_BASIC_AMT', 'JX_PROJECT_AMT', 'JX_DEV_LINES', 'JX_FISCAL_AMT', 'JX_OTHER_AMT',
  'JX_KEY_TASKS', 'JX_OTHER_TASKS', 'JX_NOTES',
] as const;

export const INDICATOR_COLUMNS = [
  'MOF_DIV_CODE', 'FISCAL_YEAR', 'JX_TABLE_ID', 'AGENCY_CODE', 'PRO_CODE', 'JX_INDICATOR_ID', 'JX_SEQ',
  'KPI_LV1', 'KPI_LV2', 'KPI_LV3', 'KPI_VAL', 'JX_PERIOD_VAL', 'JX_OPERATOR', 'JX_NUMBER', 'JX_UNIT', 'JX_QUANTITATIVE',
  'KPI_CONTENT', 'KPI_EVALSTD', 'KPI_REMARK',
] as const;

type TableRecord = Record<(typeof TABLE_COLUMNS)[number], string>;
type IndicatorRecord = Record<(typeof INDICATOR_COLUMNS)[number], string>;

export interface ExchangeTable extends TableRecord {
  indicators: IndicatorRecord[];
}

export interface ExchangeDocument {
  format: 'jixiao-exchange';
  version: 1;
  tables: ExchangeTable[];
}

const amt = (a?: AmountField) => a?.raw ?? '';
const wan = (a?: AmountField) => (a && a.fen !== null ? formatWan(a.fen) : '');

function tableRecord(t: TargetTable, meta: ExchangeMeta, index: number): TableRecord {
  const r = Object.fromEntries(TABLE_COLUMNS.map((c) => [c, ''])) as TableRecord;
  r.MOF_DIV_CODE = meta.regionCode ?? '';
  r.FISCAL_YEAR = t.year !== undefined ? String(t.year) : '';
  r.JX_TABLE_ID = meta.tableId ?? `t${index + 1}`;
  r.JX_TABLE_KIND = t.kind;
  r.JX_STAGE = meta.stage ?? '';
  r.JX_STATUS = meta.status ?? '';
  r.JX_TITLE = t.title;
  r.JX_NOTES = t.notes.join('\n');
  if (t.kind === 'project') {
    r.DEPT_CODE = t.department.code ?? '';
    r.DEPT_NAME = t.department.raw;
    r.AGENCY_CODE = t.unit.code ?? '';
    r.AGENCY_NAME = t.unit.raw;
    r.PRO_CODE = t.projectCode?.raw ?? '';
    r.PRO_NAME = t.projectName.raw;
    r.JX_PRO_TYPE = t.projectType.raw;
    r.JX_PRO_LEVEL = t.projectLevel.raw;
    r.JX_START_YEAR = t.period.start.raw;
    r.JX_END_YEAR = t.period.end.raw;
    r.JX_TOTAL_AMT = amt(t.totalAmount);
    r.JX_CUR_AMT = amt(t.currentAmount);
    r.JX_TOTAL_AMT_WAN = wan(t.totalAmount);
    r.JX_CUR_AMT_WAN = wan(t.currentAmount);
    r.JX_OVERVIEW = t.overview.raw;
    r.ZQGOAL = t.periodGoal.raw;
    r.NDGOAL = t.annualGoal.raw;
  } else if (t.kind === 'dept-overall') {
    r.DEPT_CODE = t.deptCode?.raw ?? '';
    r.DEPT_NAME = t.deptName.raw;
    r.KPI_TARGET = t.overallGoal.raw;
    r.JX_STAFF = t.staffCount.raw;
    r.JX_SUBUNITS = t.subUnitCount.raw;
    r.JX_BASIC_AMT = amt(t.funds.basic);
    r.JX_PROJECT_AMT = amt(t.funds.project);
    r.JX_DEV_LINES = t.funds.development.length ? JSON.stringify(t.funds.development.map((l) => [l.name.raw, l.amount.raw])) : '';
    r.JX_FISCAL_AMT = amt(t.funds.fiscal);
    r.JX_OTHER_AMT = amt(t.funds.other);
    r.JX_KEY_TASKS = t.keyTasks.length ? JSON.stringify(t.keyTasks.map((k) => [k.name.raw, k.content.raw, k.amount.raw, k.expected.raw])) : '';
    r.JX_OTHER_TASKS = t.otherTasks.raw;
  }
  return r;
}

function indicatorRecords(t: TargetTable, table: TableRecord): IndicatorRecord[] {
  return t.indicators
    .filter((i) => i.name.raw.trim() || !i.value.empty)
    .map((i, n) => ({
      MOF_DIV_CODE: table.MOF_DIV_CODE,
      FISCAL_YEAR: table.FISCAL_YEAR,
      JX_TABLE_ID: table.JX_TABLE_ID,
      AGENCY_CODE: table.AGENCY_CODE,
      PRO_CODE: table.PRO_CODE,
      JX_INDICATOR_ID: i.id,
      JX_SEQ: String(n + 1),
      KPI_LV1: i.level1.raw,
      KPI_LV2: i.level2.raw,
      KPI_LV3: i.name.raw,
      KPI_VAL: i.value.raw,
      JX_PERIOD_VAL: i.periodValue?.raw ?? '',
      JX_OPERATOR: i.value.operator ?? '',
      JX_NUMBER: i.value.number ?? '',
      JX_UNIT: i.value.unit ?? '',
      JX_QUANTITATIVE: i.value.quantitative ? '1' : '0',
      KPI_CONTENT: i.explanation?.raw ?? '',
      KPI_EVALSTD: i.standard?.raw ?? '',
      KPI_REMARK: i.note?.raw ?? '',
    }));
}

export function toExchangeDocument(tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): ExchangeDocument {
  return {
    format: 'jixiao-exchange',
    version: 1,
    tables: tables.map(({ table, meta }, i) => {
      const rec = tableRecord(table, meta ?? {}, i);
      return { ...rec, indicators: indicatorRecords(table, rec) };
    }),
  };
}

/** Two CSV files: one row per table, one row per indicator (keyed by JX_TABLE_ID). */
export function toExchangeCsv(tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): { tablesCsv: string; indicatorsCsv: string } {
  const doc = toExchangeDocument(tables);
  const tableRows = [TABLE_COLUMNS as readonly string[] as string[], ...doc.tables.map((t) => TABLE_COLUMNS.map((c) => t[c]))];
  const indRows = [INDICATOR_COLUMNS as readonly string[] as string[], ...doc.tables.flatMap((t) => t.indicators.map((i) => INDICATOR_COLUMNS.map((c) => i[c])))];
  return { tablesCsv: encodeExchangeCsv(tableRows), indicatorsCsv: encodeExchangeCsv(indRows) };
}

/** Columns of the one-file CSV: the table's, then the indicator's own (the keys are not repeated). */
export const FLAT_COLUMNS = [...TABLE_COLUMNS, ...INDICATOR_COLUMNS.filter((c) => !(TABLE_COLUMNS as readonly string[]).includes(c))] as const;

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
    if (t.indicators.length === 0) rows.push([...own, ...FLAT_COLUMNS.slice(TABLE_COLUMNS.length).map(() => '')]);
    for (const i of t.indicators) rows.push([...own, ...FLAT_COLUMNS.slice(TABLE_COLUMNS.length).map((c) => i[c as keyof IndicatorRecord])]);
  }
  return encodeExchangeCsv(rows);
}

/**
 * CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) are written with a leading apostrophe, as spreadsheets themselves mark text;
 * a cell that really starts with an apostrophe gets a second one. Reading strips one, so every
 * value (an indicator value "-5%" too) comes back exactly.
 */
export function escapeFormulaCell(s: string): string {
  return /^[=+\-@\t\r']/.test(s) ? `'${s}` : s;
}
export const unescapeFormulaCell = (s: string) => (s.startsWith("'") ? s.slice(1) : s);

/** UTF-8 with a byte-order mark (so spreadsheets read the Chinese right), cells escaped. */
function encodeExchangeCsv(rows: string[][]): string {
  return `\uFEFF${encodeCsv(rows.map((r, i) => (i === 0 ? r : r.map(escapeFormulaCell))))}`;
}

export function fromExchangeFlatCsv(csv: string): Array<{ table: TargetTable; meta: ExchangeMeta }> {
  const rows = records(csv, ['JX_TABLE_ID', 'JX_TABLE_KIND', 'KPI_LV1', 'KPI_LV2', 'KPI_LV3', 'KPI_VAL'], { zh: 'CSV 文件', en: 'CSV file' });
  const order: string[] = [];
  const byTable = new Map<string, Array<Record<string, string>>>();
  for (const r of rows) {
    const id = r.JX_TABLE_ID!;
    if (!byTable.has(id)) {
      order.push(id);
      byTable.set(id, []);
    }
    byTable.get(id)!.push(r);
  }
  return order.map((id) => {
    const group = byTable.get(id)!;
    const inds = group.filter((r) => INDICATOR_COLUMNS.some((c) => !(TABLE_COLUMNS as readonly string[]).includes(c) && r[c] !== ''));
    return { table: tableFrom(group[0]!, inds), meta: metaOf(group[0]!) };
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

export class ExchangeError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

const text = (raw: string | undefined): TextField => ({ raw: raw ?? '' });
const amount = (raw: string | undefined): AmountField => ({ raw: raw ?? '', fen: raw ? (parseMoney(raw)?.fen ?? null) : null });
const codeName = (raw: string | undefined, code?: string): CodeNameField => {
  const r = raw ?? '';
  const m = /^\s*([0-9A-Za-z]+)\s*[-－—]\s*(.+)$/.exec(r);
  if (m) return { raw: r, code: m[1]!, name: m[2]!.trim() };
  return code ? { raw: r, code, name: r } : { raw: r, name: r };
};
const yearField = (raw: string | undefined) => ({ raw: raw ?? '', year: /^\d{4}$/.test((raw ?? '').trim()) ? Number(raw) : null });
const count = (raw: string | undefined) => ({ raw: raw ?? '', count: /^\d+$/.test((raw ?? '').trim()) ? Number(raw) : null });

function parseJsonList(raw: string, column: string, tableId: string): string[][] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    if (Array.isArray(v) && v.every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'))) return v as string[][];
  } catch {
    /* reported below */
  }
  throw new ExchangeError(`表 ${tableId} 的 ${column} 不是有效的列表`, `${column} of table ${tableId} is not a valid list`);
}

function indicatorFrom(rec: Partial<IndicatorRecord>, project: boolean, n: number): Indicator {
  const name = rec.KPI_LV3 ?? '';
  const l1raw = rec.KPI_LV1 ?? '';
  const l2raw = rec.KPI_LV2 ?? '';
  const m1 = matchLevel1(l1raw);
  const m2 = matchLevel2(l2raw, l1raw);
  const ind: Indicator = {
    id: rec.JX_INDICATOR_ID || `i${n + 1}`,
    level1: m1 ? { raw: l1raw, name: m1.name, ...(m1.legacy ? { legacy: true } : {}) } : { raw: l1raw },
    level2: m2 ? { raw: l2raw, name: m2.name, ...(m2.legacy ? { legacy: true } : {}) } : { raw: l2raw },
    name: text(name),
    value: parseIndicatorValue(rec.KPI_VAL ?? '', { indicatorName: name }),
  };
  if (project) ind.periodValue = parseIndicatorValue(rec.JX_PERIOD_VAL ?? '', { indicatorName: name });
  if (rec.KPI_CONTENT) ind.explanation = text(rec.KPI_CONTENT);
  if (rec.KPI_EVALSTD) ind.standard = text(rec.KPI_EVALSTD);
  if (rec.KPI_REMARK) ind.note = text(rec.KPI_REMARK);
  return ind;
}

function tableFrom(rec: Partial<TableRecord>, inds: Array<Partial<IndicatorRecord>>): TargetTable {
  const kind = rec.JX_TABLE_KIND;
  const id = rec.JX_TABLE_ID ?? '?';
  const year = /^\d{4}$/.test(rec.FISCAL_YEAR ?? '') ? Number(rec.FISCAL_YEAR) : undefined;
  const notes = rec.JX_NOTES ? rec.JX_NOTES.split('\n') : [];
  const sorted = [...inds].sort((a, b) => Number(a.JX_SEQ ?? 0) - Number(b.JX_SEQ ?? 0));
  if (kind === 'project') {
    const t: ProjectTable = {
      kind,
      title: rec.JX_TITLE ?? '',
      notes,
      indicators: sorted.map((i, n) => indicatorFrom(i, true, n)),
      projectName: text(rec.PRO_NAME),
      projectType: codeName(rec.JX_PRO_TYPE),
      projectLevel: text(rec.JX_PRO_LEVEL),
      department: codeName(rec.DEPT_NAME, rec.DEPT_CODE),
      unit: codeName(rec.AGENCY_NAME, rec.AGENCY_CODE),
      period: { start: yearField(rec.JX_START_YEAR), end: yearField(rec.JX_END_YEAR) },
      totalAmount: amount(rec.JX_TOTAL_AMT),
      currentAmount: amount(rec.JX_CUR_AMT),
      overview: text(rec.JX_OVERVIEW),
      periodGoal: text(rec.ZQGOAL),
      annualGoal: text(rec.NDGOAL),
    };
    if (rec.PRO_CODE) t.projectCode = text(rec.PRO_CODE);
    if (year !== undefined) t.year = year;
    return t;
  }
  if (kind === 'dept-overall') {
    const t: DeptOverallTable = {
      kind,
      title: rec.JX_TITLE ?? '',
      notes,
      indicators: sorted.map((i, n) => indicatorFrom(i, false, n)),
      deptName: text(rec.DEPT_NAME),
      staffCount: count(rec.JX_STAFF),
      subUnitCount: count(rec.JX_SUBUNITS),
      funds: {
        basic: amount(rec.JX_BASIC_AMT),
        project: amount(rec.JX_PROJECT_AMT),
        development: parseJsonList(rec.JX_DEV_LINES ?? '', 'JX_DEV_LINES', id).map(([name, a]) => ({ name: text(name), amount: amount(a) })),
        fiscal: amount(rec.JX_FISCAL_AMT),
        other: amount(rec.JX_OTHER_AMT),
      },
      overallGoal: text(rec.KPI_TARGET),
      keyTasks: parseJsonList(rec.JX_KEY_TASKS ?? '', 'JX_KEY_TASKS', id).map(
        ([name, content, a, expected]): KeyTask => ({ name: text(name), content: text(content), amount: amount(a), expected: text(expected) }),
      ),
      otherTasks: text(rec.JX_OTHER_TASKS),
    };
    if (rec.DEPT_CODE) t.deptCode = text(rec.DEPT_CODE);
    if (year !== undefined) t.year = year;
    return t;
  }
  throw new ExchangeError(`表 ${id} 的 JX_TABLE_KIND“${kind ?? ''}”无效（应为 dept-overall 或 project）`, `table ${id}: JX_TABLE_KIND "${kind ?? ''}" is not dept-overall or project`);
}

export function fromExchangeDocument(doc: unknown): Array<{ table: TargetTable; meta: ExchangeMeta }> {
  const d = doc as Partial<ExchangeDocument>;
  if (!d || d.format !== 'jixiao-exchange' || !Array.isArray(d.tables)) {
    throw new ExchangeError('不是 Jixiao 交换格式（缺少 format: "jixiao-exchange" 或 tables）', 'not a Jixiao exchange document (format "jixiao-exchange" and tables expected)');
  }
  return d.tables.map((t) => ({ table: tableFrom(t, Array.isArray(t.indicators) ? t.indicators : []), meta: metaOf(t) }));
}

function metaOf(t: Partial<TableRecord>): ExchangeMeta {
  const m: ExchangeMeta = {};
  if (t.MOF_DIV_CODE) m.regionCode = t.MOF_DIV_CODE;
  if (t.JX_TABLE_ID) m.tableId = t.JX_TABLE_ID;
  if (t.JX_STAGE) m.stage = t.JX_STAGE;
  if (t.JX_STATUS) m.status = t.JX_STATUS;
  return m;
}

function records(csv: string, required: readonly string[], what: { zh: string; en: string }): Array<Record<string, string>> {
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
  return body.filter((r) => r.some((c) => c !== '')).map((r) => Object.fromEntries(header.map((h, i) => [h, unescapeFormulaCell(r[i] ?? '')])));
}

export function fromExchangeCsv(tablesCsv: string, indicatorsCsv: string): Array<{ table: TargetTable; meta: ExchangeMeta }> {
  const tables = records(tablesCsv, ['JX_TABLE_ID', 'JX_TABLE_KIND'], { zh: '表格文件', en: 'tables file' });
  const inds = records(indicatorsCsv, ['JX_TABLE_ID', 'KPI_LV1', 'KPI_LV2', 'KPI_LV3', 'KPI_VAL'], { zh: '指标文件', en: 'indicators file' });
  const byTable = new Map<string, Array<Record<string, string>>>();
  for (const i of inds) byTable.set(i.JX_TABLE_ID!, [...(byTable.get(i.JX_TABLE_ID!) ?? []), i]);
  const known = new Set(tables.map((t) => t.JX_TABLE_ID));
  const orphan = [...byTable.keys()].find((k) => !known.has(k));
  if (orphan !== undefined) throw new ExchangeError(`指标文件中的 JX_TABLE_ID“${orphan}”在表格文件中不存在`, `indicators name JX_TABLE_ID "${orphan}", which is not in the tables file`);
  return tables.map((t) => ({ table: tableFrom(t, byTable.get(t.JX_TABLE_ID!) ?? []), meta: metaOf(t) }));
}
