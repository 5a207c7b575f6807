/**
 * Open data (公开数据): the published tables of a region and year as one row per indicator,
 * each row carrying its table's keys, in CSV and JSON with the same columns. Column names are
 * the exchange format's (docs/exchange.md) — elements of the national 预算管理一体化 standard
 * where known, `JX_` names of ours elsewhere — so a consumer of both reads one vocabulary.
 * The schema is documented in docs/open-data.md.
 */
import type { TargetTable } from '../model/target-table.ts';
import { writeCsv } from '../csv/csv.ts';
import { toExchangeDocument } from './exchange-format.ts';

/** What the publishing system knows about a table besides its document. */
export interface OpenDataMeta {
  regionCode: string;
  regionName: string;
  tableId: string;
  stage: string;
  /** The owner as registered (not as typed in the table). */
  dept: { code: string; name: string };
  agency: { code: string; name: string };
  publishedAt: string;
}

export const OPEN_DATA_COLUMNS = [
  // The table's keys.
  'MOF_DIV_CODE', 'MOF_DIV_NAME', 'FISCAL_YEAR', 'JX_STAGE', 'JX_TABLE_ID', 'JX_TABLE_KIND', 'JX_PUBLISHED_AT',
  'DEPT_CODE', 'DEPT_NAME', 'AGENCY_CODE', 'AGENCY_NAME', 'PRO_CODE', 'PRO_NAME', 'JX_PRO_TYPE', 'JX_CUR_AMT_WAN',
  // The indicator.
  'JX_SEQ', 'KPI_LV1', 'KPI_LV2', 'KPI_LV3', 'KPI_VAL', 'JX_PERIOD_VAL', 'JX_OPERATOR', 'JX_NUMBER', 'JX_UNIT', 'JX_QUANTITATIVE', 'KPI_REMARK',
] as const;

export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number];
export type OpenDataRow = Record<OpenDataColumn, string>;

export function openDataRows(tables: Array<{ table: TargetTable; meta: OpenDataMeta }>): OpenDataRow[] {
  const doc = toExchangeDocument(tables.map(({ table, meta }) => ({ table, meta: { regionCode: meta.regionCode, tableId: meta.tableId, stage: meta.stage, status: 'published' } })));
  const rows: OpenDataRow[] = [];
  doc.tables.forEach((t, i) => {
    const meta = tables[i]!.meta;
    for (const ind of t.indicators) {
      rows.push({
        MOF_DIV_CODE: meta.regionCode,
        MOF_DIV_NAME: meta.regionName,
        FISCAL_YEAR: t.FISCAL_YEAR,
        JX_STAGE: meta.stage,
        JX_TABLE_ID: meta.tableId,
        JX_TABLE_KIND: t.JX_TABLE_KIND,
        JX_PUBLISHED_AT: meta.publishedAt,
        DEPT_CODE: meta.dept.code,
        DEPT_NAME: meta.dept.name,
        AGENCY_CODE: meta.agency.code,
        AGENCY_NAME: meta.agency.name,
        PRO_CODE: t.PRO_CODE,
        PRO_NAME: t.PRO_NAME,
        JX_PRO_TYPE: t.JX_PRO_TYPE,
        JX_CUR_AMT_WAN: t.JX_CUR_AMT_WAN,
        JX_SEQ: ind.JX_SEQ,
        KPI_LV1: ind.KPI_LV1,
        KPI_LV2: ind.KPI_LV2,
        KPI_LV3: ind.KPI_LV3,
        KPI_VAL: ind.KPI_VAL,
        JX_PERIOD_VAL: ind.JX_PERIOD_VAL,
        JX_OPERATOR: ind.JX_OPERATOR,
        JX_NUMBER: ind.JX_NUMBER,
        JX_UNIT: ind.JX_UNIT,
        JX_QUANTITATIVE: ind.JX_QUANTITATIVE,
        KPI_REMARK: ind.KPI_REMARK,
      });
    }
  });
  return rows;
}

/** CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs read the Chinese right). */
export function openDataCsv(rows: OpenDataRow[]): string {
  return writeCsv([[...OPEN_DATA_COLUMNS], ...rows.map((r) => OPEN_DATA_COLUMNS.map((c) => r[c]))]);
}

export interface OpenDataDocument {
  format: 'jixiao-open-data';
  version: 1;
  region: { code: string; name: string };
  year: number;
  generatedAt: string;
  columns: readonly OpenDataColumn[];
  rows: OpenDataRow[];
}

export function openDataJson(region: { code: string; name: string }, year: number, rows: OpenDataRow[], generatedAt: string): OpenDataDocument {
  return { format: 'jixiao-open-data', version: 1, region, year, generatedAt, columns: OPEN_DATA_COLUMNS, rows };
}
