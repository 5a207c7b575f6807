/** The exchange format (JSON and CSV) reads back to the same tables. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeCsv, encodeCsv, exchangeKind, ExchangeError, fromExchangeCsv, fromExchangeDocument, fromExchangeFlatCsv, generateProjectTables, importText, toExchangeCsv, toExchangeDocument, toExchangeFlatCsv, type ProjectTable, type TargetTable } from '../src/index.ts';
import { cleanDept } from './helpers/tables.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
/** What must survive: everything but provenance, and indicator rows that hold nothing. */
const data = (t: TargetTable) => {
  const x = JSON.parse(JSON.stringify(t, (k, v) => (k === 'source' ? undefined : v)));
  x.indicators = x.indicators.filter((i: any) => i.name.raw.trim() || !i.value.empty);
  return x;
};

describe('CSV', () => {
  it('quotes, doubled quotes and newlines survive', () => {
    const rows = [['a', 'b,c', 'say "hi"'], ['多行\n文本', '', ' 空格 ']];
    expect(decodeCsv(encodeCsv(rows))).toEqual(rows);
  });
  it('an unclosed quote is a clear error', () => {
    expect(() => decodeCsv('a,"b\n')).toThrow(/引号/);
  });
});

describe('exchange format', () => {
  const all = [...seed, cleanDept(), ...generateProjectTables(20, 5)];
  const input = all.map((table, i) => ({ table, meta: { regionCode: '440823', tableId: `T${i}`, stage: 'second', status: 'draft' } }));

  it('JSON round trip gives the same tables and keys', () => {
    const doc = JSON.parse(JSON.stringify(toExchangeDocument(input)));
    const back = fromExchangeDocument(doc);
    expect(back.map((b) => data(b.table))).toEqual(all.map(data));
    expect(back[1]!.meta).toEqual({ regionCode: '440823', tableId: 'T1', stage: 'second', status: 'draft' });
  });

  it('CSV round trip gives the same tables', () => {
    const { tablesCsv, indicatorsCsv } = toExchangeCsv(input);
    const back = fromExchangeCsv(tablesCsv, indicatorsCsv);
    expect(back.map((b) => data(b.table))).toEqual(all.map(data));
  });

  it('uses the standard element names with the parsed values beside the text', () => {
    const doc = toExchangeDocument([{ table: seed[2]!, meta: { regionCode: '440823' } }]);
    const t = doc.tables[0]!;
    expect(t).toMatchObject({ MOF_DIV_CODE: '440823', FISCAL_YEAR: '2026', AGENCY_CODE: '144001', DEPT_CODE: '144', PRO_NAME: '遂溪县数字赋能实体经济发展规划编制费用', JX_CUR_AMT_WAN: '31.2' });
    expect(t.indicators[4]).toMatchObject({ KPI_LV1: '满意度指标', KPI_LV2: '服务对象满意度指标', KPI_LV3: '扶持对象满意度(%)', KPI_VAL: '》95%', JX_OPERATOR: '≥', JX_NUMBER: '95', JX_UNIT: '%' });
  });

  it('bad input gets clear errors', () => {
    expect(() => fromExchangeDocument({})).toThrow(ExchangeError);
    expect(() => fromExchangeCsv('JX_TABLE_ID\r\nx\r\n', 'JX_TABLE_ID,KPI_LV1,KPI_LV2,KPI_LV3,KPI_VAL\r\n')).toThrow(/JX_TABLE_KIND/);
    const { tablesCsv } = toExchangeCsv(input.slice(0, 1));
    expect(() => fromExchangeCsv(tablesCsv, 'JX_TABLE_ID,KPI_LV1,KPI_LV2,KPI_LV3,KPI_VAL\r\nnope,a,b,c,d\r\n')).toThrow(/nope/);
  });

  it('one-file CSV (a row per indicator) round trip gives the same tables', () => {
    const csv = toExchangeFlatCsv(input);
    expect(exchangeKind(csv)).toBe('flat-csv');
    const back = fromExchangeFlatCsv(csv);
    expect(back.map((b) => data(b.table))).toEqual(all.map(data));
    expect(back[3]!.meta.tableId).toBe('T3');
  });

  it('cells a spreadsheet would run as formulas are escaped in CSV and come back exactly', () => {
    const t = JSON.parse(JSON.stringify(seed[2]!)) as ProjectTable;
    t.projectName.raw = '=HYPERLINK("http://x","点我")';
    t.overview.raw = "'引号开头";
    t.indicators[0]!.value = { ...t.indicators[0]!.value, raw: '-5%' };
    t.indicators[1]!.value = { ...t.indicators[1]!.value, raw: '+3' };
    t.indicators[2]!.name.raw = '@SUM(A1)';
    t.indicators[3]!.name.raw = '\t=1+1';
    const csv = toExchangeFlatCsv([{ table: t }]);
    const cells = decodeCsv(csv).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toContain("'=HYPERLINK(\"http://x\",\"点我\")");
    expect(cells).toContain("''引号开头");
    const back = fromExchangeFlatCsv(csv)[0]!.table as ProjectTable;
    expect(back.projectName.raw).toBe(t.projectName.raw);
    expect(back.overview.raw).toBe("'引号开头");
    expect(back.indicators.map((i) => [i.name.raw, i.value.raw]).slice(0, 4)).toEqual(t.indicators.slice(0, 4).map((i) => [i.name.raw, i.value.raw]));
    const two = toExchangeCsv([{ table: t }]);
    expect((fromExchangeCsv(two.tablesCsv, two.indicatorsCsv)[0]!.table as ProjectTable).projectName.raw).toBe(t.projectName.raw);
  });

  it('tells the exchange files apart by content', () => {
    const { tablesCsv, indicatorsCsv } = toExchangeCsv(input.slice(0, 2));
    expect(exchangeKind(JSON.stringify(toExchangeDocument(input.slice(0, 1))))).toBe('json');
    expect(exchangeKind(tablesCsv)).toBe('tables-csv');
    expect(exchangeKind(indicatorsCsv)).toBe('indicators-csv');
    expect(exchangeKind('{"a":1}')).toBeNull();
    expect(exchangeKind('项目名称,金额\n')).toBeNull();
  });
});
