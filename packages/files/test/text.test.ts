import { tabTextToGrid } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import { gridTexts, readGrids } from '../src/index.ts';
import { markdownWidth, splitPlain } from '../src/text.ts';
import { seed, utf8 } from './helpers.ts';

const texts = async (s: string | Uint8Array, name = 'a.txt') => {
  const r = await readGrids(typeof s === 'string' ? utf8(s) : s, name);
  return { r, t: gridTexts(r.grids[0]!) };
};

describe('csv / tsv', () => {
  it('reads RFC 4180 CSV: quotes, doubled quotes, embedded newlines, BOM, CRLF', async () => {
    const { r, t } = await texts('\uFEFF一级指标,三级指标,指标值\r\n产出指标,"发放人数,\r\n按月",">=80"\r\n效益指标,"说""好""",\r\n', 'x.csv');
    expect(r.format).toBe('csv');
    expect(t).toEqual([
      ['一级指标', '三级指标', '指标值'],
      ['产出指标', '发放人数,\n按月', '>=80'],
      ['效益指标', '说"好"'],
    ]);
    expect(r.grids[0]!.rows[2]![0]!.line).toBe(4);
  });

  it('recognises CSV content under another name, but not prose with commas', async () => {
    const csv = await texts('一级指标,二级指标,三级指标\n产出指标,数量指标,人数\n产出指标,质量指标,合格率\n效益指标,社会效益指标,"稳定,和谐"\n满意度指标,服务对象满意度指标,满意度\n', 'export.txt');
    expect(csv.r.format).toBe('csv');
    expect(csv.t[3]).toEqual(['效益指标', '社会效益指标', '稳定,和谐']);
    const prose = await texts('通过采购服务,服务周期2023.07-2024.01,全市空气质量达到优良\n项目名称\n某项目\n主管部门\n某局\n', 'a.txt');
    expect(prose.r.format).toBe('text');
  });

  it('keeps a stray quote literal instead of swallowing the file', async () => {
    const { t } = await texts('a,"b c" d,e\nf,g,h\n', 'q.csv');
    expect(t).toEqual([
      ['a', '"b c" d', 'e'],
      ['f', 'g', 'h'],
    ]);
  });

  it('reads a semicolon CSV and a TSV with a quoted multi-line cell', async () => {
    expect((await texts('a;b;c\n1;2;3\n', 's.csv')).t).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    const { r, t } = await texts('名称\t内容\n任务1\t"一是…\n二是…"\n', 'x.tsv');
    expect(r.format).toBe('tsv');
    expect(t).toEqual([
      ['名称', '内容'],
      ['任务1', '一是…\n二是…'],
    ]);
  });

  it('decodes UTF-16 (with BOM) and GBK/GB18030 (no BOM)', async () => {
    const s = '项目名称\t工资\n一级指标\t产出指标\n';
    const le = new Uint8Array(2 + s.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) {
      le[2 + i * 2] = s.charCodeAt(i) & 0xff;
      le[3 + i * 2] = s.charCodeAt(i) >> 8;
    }
    const a = await texts(le);
    expect(a.r.encoding).toBe('utf-16le');
    expect(a.t).toEqual([
      ['项目名称', '工资'],
      ['一级指标', '产出指标'],
    ]);
    // 项目名称,工资 in GBK.
    const gbk = new Uint8Array([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb9, 0xa4, 0xd7, 0xca, 0x0a]);
    const b = await texts(gbk, 'g.csv');
    expect(b.r.encoding).toBe('gb18030');
    expect(b.t).toEqual([['项目名称', '工资']]);
  });
});

describe('pipe text', () => {
  it('reads | a | b | rows, joining a cell broken over lines', async () => {
    const { t } = await texts('表名\n| 一级指标 | 二级指标 | 三级指标 |\n| 产出指标 | 数量指标 | 发放\n人数 |\n|||\n| 效益指标 | | 满意度 |\n');
    expect(t).toEqual([['表名'], ['一级指标', '二级指标', '三级指标'], ['产出指标', '数量指标', '发放\n人数'], [], ['效益指标', '', '满意度']]);
    const mid = await texts('| 一级指标 | 三级指标 | 指标值 |\n| 产出指标 | 发放\n人数 | 80 |\n');
    expect(mid.t).toEqual([['一级指标', '三级指标', '指标值'], ['产出指标', '发放\n人数', '80']]);
  });

  it('reads GitHub-style tables: delimiter rows skipped, outer pipes optional', async () => {
    const { t } = await texts('| 一级指标 | 二级指标 | 指标值 |\n| --- | :---: | ---: |\n产出指标 | 数量指标 | ≥80\n说明：a|b 不是表格\n');
    expect(t).toEqual([['一级指标', '二级指标', '指标值'], ['产出指标', '数量指标', '≥80'], ['说明：a|b 不是表格']]);
  });

  it('does not swallow text after a pipe row cut short', async () => {
    const { t } = await texts('| 产出指标 | 数量指标 | 10\n填表人: 张三\n联系电话: 1\n');
    expect(t).toEqual([['产出指标', '数量指标', '10'], ['填表人: 张三'], ['联系电话: 1']]);
  });

  it('warns about characters that could not be decoded', async () => {
    const bytes = new Uint8Array([...utf8('一级指标\t二级指标\n'.repeat(10)), 0xff, 0x0a]);
    const { r } = await texts(bytes);
    expect(r.encoding).toBe('gb18030');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'text.undecodable' })]);
  });

  it('rebuilds markdown rows broken at every pipe (sample 001 form)', async () => {
    const src = ['标题', '|', '项目名称 |', '||', '|', '一级指标 |', '二级指标 |', '三级指标 |', '|', '产出指标 |', '|', '人数 |', '尾注'].join('\n');
    const { r, t } = await texts(src);
    expect(t).toEqual([['标题'], ['项目名称'], ['一级指标', '二级指标', '三级指标'], ['产出指标', '', '人数'], ['尾注']]);
    expect(r.info[0]!.streams).toBeUndefined();
    expect(r.grids[0]!.rows[2]!.map((c) => c.line)).toEqual([6, 7, 8]);
  });

  it('keeps a one-cell-per-line stream (samples 002/014 form) as a stream: a bare | is an empty cell', async () => {
    const src = ['表十二 |', '|', '指标 |', '指标权重 |', '多行', '单元格 |', '20 |', '|', '定性 |'].join('\n');
    const { r, t } = await texts(src);
    expect(t).toEqual([['表十二'], [''], ['指标'], ['指标权重'], ['多行\n单元格'], ['20'], [''], ['定性']]);
    expect(r.info[0]!.streams).toEqual([{ kind: 'pipe-cells', fromRow: 1, toRow: 8 }]);
    expect(r.grids[0]!.rows[4]![0]!.line).toBe(6);
  });

  it('markdownWidth: needs an opening empty token and every L-th token empty', () => {
    const tok = (s: string[]) => s.map((text, i) => ({ text, line: i + 1 }));
    expect(markdownWidth(tok(['', 'a', 'b', '', 'c', 'd']))).toBe(3);
    expect(markdownWidth(tok(['a', '', 'b', '', 'c', '']))).toBeUndefined();
    expect(markdownWidth(tok(['', 'a', 'b', 'c', 'd', 'e', 'f']))).toBeUndefined();
  });
});

describe('plain and tab text', () => {
  it('splits PDF text at runs of two or more spaces, never at one', () => {
    expect(splitPlain('  产出指标   数量指标  年度举办科普活动数(次)    1 ')).toEqual(['产出指标', '数量指标', '年度举办科普活动数(次)', '1']);
    expect(splitPlain('年度本级 预算金额')).toEqual(['年度本级 预算金额']);
    expect(splitPlain('项目名称\u3000\u3000某项目')).toEqual(['项目名称', '某项目']);
  });

  it('marks a run of one-cell lines as a `lines` stream', async () => {
    const { r } = await texts('标题\n\n项目名称\n\n某项目\n主管部门\n某局\n一级指标\n产出指标\n来源:某局   2022-05-16\n');
    expect(r.info[0]!.streams).toEqual([{ kind: 'lines', fromRow: 1, toRow: 7 }]);
    expect(gridTexts(r.grids[0]!)[7]).toEqual(['来源:某局', '2022-05-16']);
  });

  it('reads the seed as tab rows, the same cells as the core text reader (blank lines skipped)', async () => {
    const bytes = seed();
    const r = await readGrids(bytes, 'seed.txt');
    const core = tabTextToGrid(new TextDecoder().decode(bytes));
    const want = core.rows
      .filter((row) => row.some((c) => c.text !== ''))
      .map((row) => {
        const t = row.map((c) => c.text);
        while (t.length && t[t.length - 1] === '') t.pop();
        return t;
      });
    expect(gridTexts(r.grids[0]!)).toEqual(want);
    // Every cell keeps its source line.
    const lines = core.rows.filter((row) => row.some((c) => c.text !== '')).map((row) => row[0]!.line);
    expect(r.grids[0]!.rows.map((row) => row[0]!.line)).toEqual(lines);
  });
});
