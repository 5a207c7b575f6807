/**
 * The exchange format (JSON, the one-file CSV, the two CSV files) is lossless: every table the
 * importer gives, the seed, generated tables and a scored self-evaluation read back to exactly
 * the same data. Files of the first release still read; broken files are refused saying where.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readGrids } from '@jixiao/files';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCsv,
  writeCsv,
  unescapeFormulaCell,
  exchangeKind,
  ExchangeError,
  fromExchangeCsv,
  fromExchangeDocument,
  fromExchangeFlatCsv,
  importGrids,
  textToGrid,
  toExchangeCsv,
  toExchangeDocument,
  toExchangeFlatCsv,
  type CellGrid,
  type ExchangeMeta,
  type ProjectTable,
  type TargetTable,
} from '../src/index.ts';
import { data, fixture, oldLayout, sample, SAMPLES, scoredSelfEval, seed, SETS, unfinishedSelfEval } from './helpers/exchange-sets.ts';
import { layout } from './import-helpers/published.ts';
import { PUBLISHED } from './import-helpers/published-samples.ts';

const V1 = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/exchange-v1/${name}`, import.meta.url)), 'utf8');

const SHAPES: Array<[string, (input: Array<{ table: TargetTable; meta?: ExchangeMeta }>) => Array<{ table: TargetTable; meta: ExchangeMeta }>]> = [
  ['JSON', (input) => fromExchangeDocument(JSON.parse(JSON.stringify(toExchangeDocument(input))))],
  ['one-file CSV', (input) => fromExchangeFlatCsv(toExchangeFlatCsv(input))],
  [
    'two CSV files',
    (input) => {
      const { tablesCsv, indicatorsCsv } = toExchangeCsv(input);
      return fromExchangeCsv(tablesCsv, indicatorsCsv);
    },
  ],
];

/** A hand-edited file written again: the cells as a spreadsheet shows them (apostrophes off), through the one writer. */
const rewrite = (rows: string[][]) => writeCsv(rows.map((r) => r.map(unescapeFormulaCell)));

describe('CSV', () => {
  it('quotes, doubled quotes and newlines survive', () => {
    const rows = [['a', 'b,c', 'say "hi"'], ['多行\n文本', '', ' 空格 ']];
    expect(decodeCsv(writeCsv(rows))).toEqual(rows);
  });
  it('the one writer escapes every cell a spreadsheet would run as a formula, and reading restores it', () => {
    const risky = ['=HYPERLINK("http://x","y")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|x', '@SUM(A1)', '\tTAB', '\rCR', "'quoted", '-5%'];
    const text = writeCsv([['h'], ...risky.map((r) => [r])]);
    const cells = decodeCsv(text).slice(1).map((r) => r[0]!);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells.map(unescapeFormulaCell)).toEqual(risky);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(writeCsv([['a']], { bom: false })).toBe('a\r\n');
  });
  it('an unclosed quote is a clear error', () => {
    expect(() => decodeCsv('a,"b\n')).toThrow(/引号/);
  });
});

describe('lossless: every table the importer gives, the seed, generated tables and a self-evaluation', () => {
  it('the sets hold every kind, and the cases that need the new columns', () => {
    const all = SETS.flatMap(([, ts]) => ts);
    expect(new Set(all.map((t) => t.kind))).toEqual(new Set(['dept-overall', 'project', 'self-eval']));
    expect(SAMPLES.length).toBeGreaterThanOrEqual(6);
    const inds = all.flatMap((t) => t.indicators);
    expect(inds.some((i) => i.level1.classified)).toBe(true);
    expect(inds.some((i) => i.level1.legacy && i.level1.name === '成本指标' && i.level1.raw === '产出指标')).toBe(true);
    expect(inds.some((i) => i.operatorColumn && i.unitColumn && i.weight && i.direction)).toBe(true);
    expect(inds.some((i) => i.actual && i.score && i.deviationReason)).toBe(true);
    expect(inds.some((i) => i.periodValue?.empty) && inds.some((i) => !i.periodValue)).toBe(true);
  });

  for (const [shape, roundTrip] of SHAPES) {
    it.each(SETS)(`${shape}: %s`, (_name, tables) => {
      const meta = tables.map((_, i) => ({ regionCode: '440823', tableId: `T${i}`, stage: 'second', status: 'approved' }));
      const back = roundTrip(tables.map((table, i) => ({ table, meta: meta[i]! })));
      expect(back.map((b) => data(b.table))).toEqual(tables.map(data));
      expect(back.map((b) => b.meta)).toEqual(meta);
    });
  }

  it('import provenance: a table filed in traditional characters with injected pinyin (corpus 201) keeps each text as filed (original) and its recognised form', async () => {
    const name = readdirSync(fixture('corpus')).find((f) => f.startsWith('201_') && f.endsWith('.txt'))!;
    const text = readFileSync(fixture(`corpus/${name}`), 'utf8').replace(/^(# (source|collected|note):.*\n)+/, '');
    const read = await readGrids(new TextEncoder().encode(text), name);
    const tables = importGrids(read.grids, read.info).tables;
    const originals = tables.flatMap((t) => JSON.stringify(t).match(/"original":/g) ?? []);
    expect(originals.length).toBeGreaterThan(10);
    expect(tables.every((t) => t.form && t.form.columns.length > 0)).toBe(true);
    for (const [, roundTrip] of SHAPES) {
      const back = roundTrip(tables.map((table) => ({ table })));
      expect(back.map((b) => data(b.table))).toEqual(tables.map(data));
    }
  });

  it('a JX_FORM or JX_ORIGINALS cell that is not what it should be is an error naming the cell, never half read', () => {
    const project = seed[2] as ProjectTable;
    const t: ProjectTable = { ...project, projectName: { ...project.projectName, original: '遂溪縣' } };
    const doc = JSON.parse(JSON.stringify(toExchangeDocument([{ table: t }])));
    expect(doc.tables[0].JX_TABLE_ORIGINALS).toBe('[["projectName","遂溪縣"]]');
    const back = fromExchangeDocument(doc)[0]!.table as ProjectTable;
    expect(back.projectName.original).toBe('遂溪縣');
    const bad = (f: (d: any) => void) => {
      const d = JSON.parse(JSON.stringify(doc));
      f(d);
      try {
        fromExchangeDocument(d);
      } catch (e) {
        return (e as ExchangeError).zh;
      }
      return 'no error';
    };
    expect(bad((d) => (d.tables[0].JX_TABLE_ORIGINALS = '[["noSuchField","x"]]'))).toMatch(/JX_TABLE_ORIGINALS.*noSuchField/);
    expect(bad((d) => (d.tables[0].JX_FORM = '{"fields":{"projectName":"maybe"},"columns":[]}'))).toMatch(/JX_FORM/);
    expect(bad((d) => (d.tables[0].indicators[0].JX_ORIGINALS = 'not json'))).toMatch(/indicators\[0\].*JX_ORIGINALS/);
  });

  it('any table the importer gives: the samples and published layouts with cells replaced by values, signs, units, labels and codes (600 variants)', () => {
    const texts = [...SAMPLES.map((f) => readFileSync(fixture(`samples/${f}`), 'utf8')), readFileSync(fixture('seed/000_860be9a69280b0ce.txt'), 'utf8')];
    const grids: CellGrid[] = [
      ...texts.map((t, i) => textToGrid(t, `s${i}.txt`)),
      ...Object.values(PUBLISHED).flatMap((ts) => ts.map((rows, i) => layout(rows, { file: 'p.xlsx', sheet: `表${i + 1}` }))),
    ];
    const words = ['', '≥', '=', '》', '定性', '定量', '%', '万元', '元', '≥95%', '292%', '-1', '8,827,620.53', '250万', '2023.07-2024.01', '80-90%', '**', '满意度≥90%', '满意度(%)≥90', '人数(人)', '正向指标', '产出指标', '成本指标', '经济成本指标', '效果指标', '投入指标', 'a\nb', "'x", '=1+1', '[1]', '备注：1.说明', '144-某局', '2025年', '不低于90%', '95%以上'];
    let checked = 0;
    const edit = fc.record({ r: fc.nat({ max: 200 }), c: fc.nat({ max: 14 }), w: fc.nat({ max: words.length - 1 }) });
    fc.assert(
      fc.property(fc.nat({ max: grids.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 20 }), (g, edits) => {
        const rows = grids[g]!.rows.map((r) => r.map((c) => ({ ...c })));
        for (const e of edits) {
          const row = rows[e.r % rows.length]!;
          if (row.length) row[e.c % row.length]!.text = words[e.w]!;
        }
        const tables = importGrids([{ ...grids[g]!, rows }]).tables;
        checked += tables.length;
        for (const [, roundTrip] of SHAPES.slice(0, 2)) expect(roundTrip(tables.map((table) => ({ table }))).map((b) => data(b.table))).toEqual(tables.map(data));
      }),
      { numRuns: 600, seed: 20261127 },
    );
    expect(checked).toBeGreaterThan(600);
    // 600 imports, each through three round trips: about 10 s on a quiet machine, three times that on a busy one.
  }, 120_000);

  it('writing what was read back gives the same file again', () => {
    for (const [, tables] of SETS) {
      const csv = toExchangeFlatCsv(tables.map((table) => ({ table })));
      expect(toExchangeFlatCsv(fromExchangeFlatCsv(csv))).toBe(csv);
    }
  });
});

describe('the columns', () => {
  const rec = (tables: TargetTable[]) => toExchangeDocument(tables.map((table) => ({ table }))).tables;

  it('standard element names with the parsed values beside the text', () => {
    const t = toExchangeDocument([{ table: seed[2]!, meta: { regionCode: '440823' } }]).tables[0]!;
    expect(t).toMatchObject({ MOF_DIV_CODE: '440823', FISCAL_YEAR: '2026', AGENCY_CODE: '144001', DEPT_CODE: '144', PRO_NAME: '遂溪县数字赋能实体经济发展规划编制费用', JX_CUR_AMT_WAN: '31.2', JX_AMT_UNIT: '万元' });
    expect(t.indicators[4]).toMatchObject({ KPI_LV1: '满意度指标', KPI_LV2: '服务对象满意度指标', KPI_LV3: '扶持对象满意度(%)', KPI_VAL: '》95%', JX_OPERATOR: '≥', JX_NUMBER: '95', JX_UNIT: '%', JX_LV1_HOW: '', JX_PERIOD_VAL_SLOT: '1' });
  });

  it('指标性质, 度量单位, weight and direction each in their own column, as filed', () => {
    const t = rec(sample('006_jingyan_matazhen_2023_project.txt'))[0]!;
    expect(t.JX_AMT_UNIT).toBe('元');
    expect(t.indicators[0]).toMatchObject({ KPI_LV3: '维护社会稳定', JX_OPERATOR_COL: '≥', KPI_VAL: '95', JX_UNIT_COL: '%', WEIGHT: '10', JX_DIRECTION: '正向指标', JX_OPERATOR: '≥', JX_UNIT: '%' });
  });

  it('categories placed by keywords or by a legacy mapping say so; a filed label that matches says nothing', () => {
    const classified = rec(sample('014_tongnan_wuguizhen_yibanxingxiangmu_2023_project.txt'))[0]!.indicators[0]!;
    expect(classified).toMatchObject({ KPI_LV1: '', JX_LV1_NAME: '产出指标', JX_LV1_HOW: 'classified', JX_LV2_NAME: '数量指标', JX_LV2_HOW: 'classified' });
    const legacy = rec(sample('001_xiangtan_wupaoche_2023_project.txt'))[0]!.indicators.find((i) => i.JX_LV1_HOW)!;
    expect(legacy).toMatchObject({ KPI_LV1: '产出指标', JX_LV1_NAME: '成本指标', JX_LV1_HOW: 'legacy' });
    const old = rec(oldLayout)[0]!.indicators;
    expect(old[0]).toMatchObject({ KPI_LV1: '投入指标', JX_LV1_NAME: '成本指标', JX_LV1_HOW: '' });
  });

  it('a value read out of the name is marked, so that it parses as the importer parsed it', () => {
    const inds = rec(oldLayout)[0]!.indicators;
    expect(inds.find((i) => i.KPI_LV3 === '群众满意度(%)≥90')).toMatchObject({ KPI_VAL: '≥90', JX_VAL_IN_NAME: '1', JX_UNIT: '%' });
    expect(inds.find((i) => i.KPI_LV3 === '群众知晓率')).toMatchObject({ JX_VALUE_TYPE: '定性', JX_QUANTITATIVE: '0' });
  });

  it('the self-evaluation table: execution lines, outcome, conclusion, and per indicator actual, weight, score, reason', () => {
    const t = rec([scoredSelfEval()])[0]!;
    expect(t).toMatchObject({ JX_TABLE_KIND: 'self-eval', JX_GOAL_OUTCOME: '举办培训3期，受训企业3家完成数字化改造', JX_CONCLUSION: '总分 95.38 分，评价等级：优', JX_MEASURES: '提前锁定场地' });
    expect(JSON.parse(t.JX_EXEC_LINES)).toEqual([['年度资金总额', '20', '20', '17', '85%', '10', '8.5']]);
    expect(t.indicators.find((i) => i.KPI_LV3 === '举办培训班次数')).toMatchObject({ JX_ACTUAL_VAL: '3次', WEIGHT: '12.5', JX_SCORE: '9.38', JX_DEV_REASON: '第四期培训因场地改造顺延至次年', JX_PERIOD_VAL_SLOT: '0' });
    const fromSample = rec(sample('002_qingshen_fagaiju_gongzi_2023_selfeval.txt'))[0]!;
    expect(JSON.parse(fromSample.JX_EXEC_LINES)[0]).toEqual(['总额', '238.93', '251.89', '251.89', '100.00%', '10', '']);
  });

  it('a field the form has but the unit left blank is listed in JX_BLANKS / JX_TABLE_BLANKS, and comes back blank, not missing', () => {
    expect(rec([unfinishedSelfEval()])[0]!.indicators[0]).toMatchObject({ JX_ACTUAL_VAL: '', JX_SCORE: '', WEIGHT: '12.5', JX_BLANKS: 'JX_ACTUAL_VAL JX_SCORE' });
    const t = JSON.parse(JSON.stringify(seed[2]!)) as ProjectTable;
    t.projectCode = { raw: '' };
    t.fiscalAmount = { raw: '', fen: null };
    const r = rec([t])[0]!;
    expect(r.JX_TABLE_BLANKS).toBe('PRO_CODE JX_FISCAL_AMT');
    for (const [, roundTrip] of SHAPES) expect(data(roundTrip([{ table: t }])[0]!.table)).toBe(data(t));
  });

  it('a hand-edited file parses again: a changed value, category or amount is read from its text', () => {
    const csv = toExchangeFlatCsv([{ table: seed[2]! }]);
    const rows = decodeCsv(csv.replace(/^\uFEFF/, ''));
    const col = (c: string) => rows[0]!.indexOf(c);
    rows[1]![col('KPI_VAL')] = '不低于90%'; // JX_OPERATOR, JX_NUMBER stay as they were: they are not read
    rows[1]![col('KPI_LV2')] = '时效指标';
    for (const r of rows.slice(1)) r[col('JX_CUR_AMT')] = '40';
    const back = fromExchangeFlatCsv(rewrite(rows))[0]!.table as ProjectTable;
    expect(back.indicators[0]!.value).toMatchObject({ raw: '不低于90%', operator: '≥', operatorRaw: '不低于', number: '90', unit: '%' });
    expect(back.indicators[0]!.level2).toEqual({ raw: '时效指标', name: '时效指标' });
    expect(back.currentAmount).toEqual({ raw: '40', fen: 40_000_000 });
  });

  it('amounts filed in 元 read back in 元', () => {
    const t = sample('006_jingyan_matazhen_2023_project.txt')[0] as ProjectTable;
    expect(t.currentAmount.fen).not.toBeNull();
    const back = fromExchangeFlatCsv(toExchangeFlatCsv([{ table: t }]))[0]!.table as ProjectTable;
    expect(back.currentAmount).toEqual({ raw: t.currentAmount.raw, fen: t.currentAmount.fen });
  });
});

describe('files of the first release (no JX_LV*_HOW, JX_PERIOD_VAL_SLOT, JX_AMT_UNIT, JX_FORM … columns)', () => {
  // Those files did not carry the recognised form: they read back to the seed tables without it.
  const want = seed.map(({ form: _form, ...t }) => data(t));
  it('the JSON reads back to the seed tables', () => {
    const doc = JSON.parse(V1('seed.exchange.json'));
    expect(Object.keys(doc.tables[0])).not.toContain('JX_LV1_HOW');
    const back = fromExchangeDocument(doc);
    expect(back.map((b) => data(b.table))).toEqual(want);
    expect(back[1]!.meta).toEqual({ regionCode: '440823', tableId: 'S2', stage: 'second', status: 'approved' });
  });
  it('the one-file CSV and the two CSV files read back to the seed tables', () => {
    expect(exchangeKind(V1('seed.csv'))).toBe('flat-csv');
    expect(fromExchangeFlatCsv(V1('seed.csv')).map((b) => data(b.table))).toEqual(want);
    expect(fromExchangeCsv(V1('tables.csv'), V1('indicators.csv')).map((b) => data(b.table))).toEqual(want);
  });
  it('a hand-made CSV with only the required columns reads, a project indicator getting its empty period value', () => {
    const back = fromExchangeFlatCsv('JX_TABLE_ID,JX_TABLE_KIND,PRO_NAME,KPI_LV1,KPI_LV2,KPI_LV3,KPI_VAL\r\na,project,道路养护,产出指标,数量指标,养护里程(公里),≥12\r\n');
    const t = back[0]!.table as ProjectTable;
    expect(t.projectName.raw).toBe('道路养护');
    expect(t.indicators[0]).toMatchObject({ id: 'i1', level1: { name: '产出指标' }, value: { operator: '≥', number: '12', unit: '公里', unitFrom: 'name' }, periodValue: { empty: true } });
  });
});

describe('broken files get clear errors naming the row and the column', () => {
  const { tablesCsv, indicatorsCsv } = toExchangeCsv([{ table: seed[2]! }]);
  const flat = toExchangeFlatCsv([{ table: seed[2]! }]);
  /** The one-file CSV with one cell changed (row counted as a spreadsheet shows it: header = 1). */
  const edit = (row: number, column: string, value: string, more: Record<string, string> = {}) => {
    const rows = decodeCsv(flat.replace(/^\uFEFF/, ''));
    for (const [c, v] of Object.entries({ [column]: value, ...more })) rows[row - 1]![rows[0]!.indexOf(c)] = v;
    return rewrite(rows);
  };
  /** The one-file CSV with a table column changed on every row of the table. */
  const editTable = (column: string, value: string) => {
    const rows = decodeCsv(flat.replace(/^\uFEFF/, ''));
    for (const r of rows.slice(1)) r[rows[0]!.indexOf(column)] = value;
    return rewrite(rows);
  };
  const error = (f: () => unknown): ExchangeError => {
    try {
      f();
    } catch (e) {
      if (e instanceof ExchangeError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('not a document, a version we do not read, a value that is not text', () => {
    expect(() => fromExchangeDocument({})).toThrow(ExchangeError);
    expect(error(() => fromExchangeDocument({ format: 'jixiao-exchange', version: 2, tables: [] })).en).toMatch(/version 2/);
    const doc = JSON.parse(JSON.stringify(toExchangeDocument([{ table: seed[2]! }])));
    doc.tables[0].indicators[3].KPI_VAL = 95;
    const e = error(() => fromExchangeDocument(doc));
    expect([e.zh, e.en]).toEqual([expect.stringContaining('tables[0].indicators[3]，KPI_VAL'), expect.stringContaining('tables[0].indicators[3], KPI_VAL')]);
  });

  it('unknown kinds, categories, flags and units', () => {
    expect(error(() => fromExchangeCsv('JX_TABLE_ID\r\nx\r\n', 'JX_TABLE_ID,KPI_LV1,KPI_LV2,KPI_LV3,KPI_VAL\r\n')).en).toMatch(/JX_TABLE_KIND/);
    expect(error(() => fromExchangeFlatCsv(editTable('JX_TABLE_KIND', 'nope'))).en).toMatch(/CSV file row 2, JX_TABLE_KIND: "nope"/);
    const l1 = error(() => fromExchangeFlatCsv(edit(3, 'JX_LV1_NAME', '投入指标', { JX_LV1_HOW: 'legacy' })));
    expect(l1.zh).toMatch(/^CSV 文件第 3 行，JX_LV1_NAME：“投入指标”不是现行指标体系的一级指标/);
    expect(error(() => fromExchangeFlatCsv(edit(3, 'JX_LV2_NAME', '', { JX_LV2_HOW: 'classified' }))).en).toMatch(/row 3, JX_LV2_NAME: "" is not a level-2 node/);
    expect(error(() => fromExchangeFlatCsv(edit(4, 'JX_LV2_HOW', 'guessed'))).en).toMatch(/row 4, JX_LV2_HOW: "guessed" is not one of/);
    expect(error(() => fromExchangeFlatCsv(edit(2, 'JX_PERIOD_VAL_SLOT', 'yes'))).en).toMatch(/row 2, JX_PERIOD_VAL_SLOT/);
    expect(error(() => fromExchangeFlatCsv(edit(5, 'JX_BLANKS', 'JX_SCORE KPI_LV3'))).en).toMatch(/row 5, JX_BLANKS: "KPI_LV3" is not a column that can be blank/);
    const unit = error(() => fromExchangeCsv(tablesCsv.replace(',万元,', ',千元,'), indicatorsCsv));
    expect([unit.zh, unit.en]).toEqual([expect.stringMatching(/表格文件第 2 行，JX_AMT_UNIT：“千元”无效/), expect.stringMatching(/tables file row 2, JX_AMT_UNIT/)]);
  });

  it('inconsistent rows: a table whose rows disagree, a table or indicator given twice, an indicator of no table', () => {
    const e = error(() => fromExchangeFlatCsv(edit(4, 'PRO_NAME', '另一个项目')));
    expect(e.en).toMatch(/CSV file row 4, PRO_NAME: differs from CSV file row 2 of the same table \(JX_TABLE_ID "t1"\)/);
    expect(error(() => fromExchangeCsv(tablesCsv + tablesCsv.split('\r\n')[1] + '\r\n', indicatorsCsv)).en).toMatch(/tables file row 3, JX_TABLE_ID: "t1" is also on tables file row 2/);
    expect(error(() => fromExchangeFlatCsv(edit(3, 'JX_INDICATOR_ID', 'i1'))).en).toMatch(/row 3, JX_INDICATOR_ID: "i1" occurs twice/);
    expect(error(() => fromExchangeFlatCsv(edit(3, 'JX_SEQ', 'two'))).en).toMatch(/row 3, JX_SEQ: "two" is not a sequence number/);
    expect(error(() => fromExchangeCsv(tablesCsv, 'JX_TABLE_ID,KPI_LV1,KPI_LV2,KPI_LV3,KPI_VAL\r\nnope,a,b,c,d\r\n')).en).toMatch(/indicators file row 2, JX_TABLE_ID: "nope" is not in the tables file/);
    expect(error(() => fromExchangeFlatCsv(editTable('JX_EXTRA_FIELDS', '[1,2'))).zh).toMatch(/第 2 行，JX_EXTRA_FIELDS：不是有效的列表/);
  });
});

describe('spreadsheet safety and file kinds', () => {
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
    const { tablesCsv, indicatorsCsv } = toExchangeCsv(seed.slice(0, 2).map((table) => ({ table })));
    expect(exchangeKind(JSON.stringify(toExchangeDocument([{ table: seed[0]! }])))).toBe('json');
    expect(exchangeKind(tablesCsv)).toBe('tables-csv');
    expect(exchangeKind(indicatorsCsv)).toBe('indicators-csv');
    expect(exchangeKind('{"a":1}')).toBeNull();
    expect(exchangeKind('项目名称,金额\n')).toBeNull();
  });
});
