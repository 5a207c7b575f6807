/**
 * The exchange files as users download them — the JSON, the one-file CSV and the zip of
 * tables.csv + indicators.csv — read back by readTableFile (what POST /api/import and
 * `jixiao import` use) to exactly the same data, for every table the importer gives, the seed,
 * generated tables and a scored self-evaluation.
 */
import { toExchangeDocument, toExchangeFlatCsv, type TargetTable } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import { data, SETS } from '../../core/test/helpers/exchange-sets.ts';
import { readTableFile, writeExchangeCsvZip } from '../src/index.ts';
import { utf8 } from './helpers.ts';

const FILES: Array<[string, string, (input: Array<{ table: TargetTable; meta: { tableId: string } }>) => Uint8Array]> = [
  ['JSON', 'tables.exchange.json', (input) => utf8(JSON.stringify(toExchangeDocument(input), null, 1))],
  ['one-file CSV', 'tables.csv', (input) => utf8(toExchangeFlatCsv(input))],
  ['zip of two CSV files', 'tables.exchange-csv.zip', (input) => writeExchangeCsvZip(input)],
];

describe('exchange files through readTableFile', () => {
  for (const [shape, file, write] of FILES) {
    it.each(SETS)(`${shape}: %s`, async (_name, tables) => {
      const back = await readTableFile(write(tables.map((table, i) => ({ table, meta: { tableId: `T${i}` } }))), file);
      expect(back.format).toMatch(/^exchange-/);
      expect(back.findings).toEqual([]);
      expect(back.tables.map(data)).toEqual(tables.map(data));
      expect(back.exchange?.map((m) => m.tableId)).toEqual(tables.map((_, i) => `T${i}`));
    });
  }
});
