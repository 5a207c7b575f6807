/** The exchange format's two CSV files (tables.csv, indicators.csv) in one zip, as downloads carry them. */
import { toExchangeCsv, type ExchangeMeta, type TargetTable } from '@jixiao/core';
import { strToU8, zipSync } from 'fflate';

export function writeExchangeCsvZip(tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): Uint8Array {
  const { tablesCsv, indicatorsCsv } = toExchangeCsv(tables);
  return zipSync({ 'tables.csv': strToU8(tablesCsv), 'indicators.csv': strToU8(indicatorsCsv) }, { level: 6 });
}
