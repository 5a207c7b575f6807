/**
 * Self-evaluation forms as they are published (issue 23): each shape read from a real table of
 * fixtures/corpus (dev files only) through the same path as `jixiao import`, and checked against
 * that table's hand-written expectation file.
 */
import { describe, expect, it } from 'vitest';
import { importText } from '../src/index.ts';
import { importCorpus } from './helpers/corpus.ts';

describe('a self-evaluation report (…绩效自评报告, …绩效评价报告, 关于上报…自评的报告) is the self-evaluation', () => {
  it.each([
    [240, '优抚对象生活补助经费转移支付2023年度绩效自评报告'],
    [236, '丽水市文化馆2018年度整体支出绩效评价报告'],
    // The title wrapped over two lines: its second line is what is read as the title.
    [241, '支出绩效自评的报告'],
  ])('corpus %i: one self-evaluation table titled by the report', async (no, title) => {
    const r = await importCorpus(no);
    expect(r.tables.map((t) => [t.kind, t.title])).toEqual([['self-eval', title]]);
    expect(r.expect.tables.map((t) => t.kind)).toEqual([expect.stringMatching(/^selfeval-/)]);
  });

  it('a target table quoted inside a report (表1 with 三级指标 and 年度指标值, no 完成值) is the target table (corpus 139)', async () => {
    const r = await importCorpus(139);
    expect(r.tables.map((t) => t.kind)).toEqual(['project']);
  });

  it('a report title with a 完成值/得分 table under it is a self-evaluation table; a sentence that mentions a report is not a title', () => {
    const r = importText(
      [
        '某县2023年度项目绩效自评报告',
        '现将自评报告报送如下。',
        '一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分',
        '产出指标\t数量指标\t培训人次\t≥200人次\t230人次\t10\t10',
      ].join('\n'),
    );
    expect(r.tables.map((t) => [t.kind, t.title, t.indicators.length])).toEqual([['self-eval', '某县2023年度项目绩效自评报告', 1]]);
  });
});
