/** The six published samples and the seed read to grids of the expected shape. */
import { describe, expect, it } from 'vitest';
import { gridTexts, readGrids } from '../src/index.ts';
import { sample, seed } from './helpers.ts';

const read = async (name: string) => {
  const r = await readGrids(sample(name), name);
  expect(r.format).toBe('text');
  expect(r.grids).toHaveLength(1);
  return { r, g: r.grids[0]!, t: gridTexts(r.grids[0]!) };
};
const rowIndex = (t: string[][], first: string) => t.findIndex((row) => row[0] === first);

describe('published samples', () => {
  it('001: markdown rows broken at every pipe are rebuilt into real rows', async () => {
    const { r, g, t } = await read('001_xiangtan_wupaoche_2023_project.txt');
    expect(r.info[0]!.streams ?? []).not.toContainEqual(expect.objectContaining({ kind: 'pipe-cells' }));
    const h = rowIndex(t, '本年度 绩效指标');
    expect(t[h]).toEqual(['本年度 绩效指标', '一级指标', '二级指标', '三级指标', '指标值及单位', '绩效标准']);
    expect(t[h + 1]).toEqual(['产出指标', '数量指标', '雾炮车降尘抑尘服务配备车辆数', '10辆', '计划标准']);
    expect(t[h + 2]).toEqual(['雾炮车风炮射程', '≥80M', '计划标准']);
    expect(rowIndex(t, '财政部门审核意见') - h).toBe(11);
    expect(t[rowIndex(t, '项目支出名称')]).toEqual(['项目支出名称', '雾炮车降尘抑尘服务', '预算部门', '湘潭市环境卫生管理处']);
    expect(t.at(-1)![0]).toMatch(/^填表人/);
    // The title sits in its own row before the table; every cell points at its line.
    expect(t).toContainEqual(['2023年项目支出绩效目标申报表']);
    expect(g.rows[rowIndex(t, '项目支出名称')]![0]!.line).toBe(10);
  });

  it('002: one cell per line with lost row ends is a pipe-cells stream of 110 cells', async () => {
    const { r, t } = await read('002_qingshen_fagaiju_gongzi_2023_selfeval.txt');
    expect(r.info[0]!.streams).toEqual([{ kind: 'pipe-cells', fromRow: 3, toRow: 112 }]);
    expect(t.slice(2, 10).map((row) => row[0] ?? '')).toEqual(['报表编号:510000_0013zp', '', '', '', '', '', '部门预算项目支出绩效自评表(2023年度)', '项目名称']);
    // Empty cells stay (as rows with one empty cell) so positions in the stream are kept.
    expect(r.grids[0]!.rows[3]).toEqual([{ row: 4, col: 1, text: '', line: 4 }]);
  });

  it('006: | a | b | rows', async () => {
    const { t } = await read('006_jingyan_matazhen_2023_project.txt');
    expect(t[4]).toEqual(['单位名称', '项目名称', '预算数', '年度目标', '一级指标', '二级指标', '三级指标', '指标性质', '指标值', '度量单位', '权重', '指标方向性']);
    expect(t[6]).toEqual(['820001-井研县马踏镇人民政府', '村组干部报酬', '3,309,840.00', '按时发放村组干部报酬', '效益指标', '社会效益指标', '维护社会稳定', '≥', '95', '%', '10', '正向指标']);
    expect(t.at(-1)).toEqual(['产出指标', '数量指标', '行政村数量', '=', '11', '个', '10']); // the last line is cut short in the sample
  });

  it('014: several tables in one pipe-cells stream after a header of one-cell lines', async () => {
    const { r, t } = await read('014_tongnan_wuguizhen_yibanxingxiangmu_2023_project.txt');
    const kinds = r.info[0]!.streams!.map((s) => s.kind);
    expect(kinds).toEqual(['lines', 'pipe-cells']);
    expect(t.filter((row) => row[0] === '表十二')).toHaveLength(3);
    expect(t.filter((row) => row[0] === '2023年一般性项目绩效目标表(一级项目)')).toHaveLength(3);
  });

  it('025: a department table in | rows after a list of links', async () => {
    const { t } = await read('025_fuliang_linyeju_2026_dept.txt');
    const h = rowIndex(t, '一级指标');
    expect(t[h]).toEqual(['一级指标', '二级指标', '三级指标', '计算符号', '目标值', '度量单位', '指标值说明']);
    expect(t[h + 1]).toEqual(['产出指标', '数量指标', '保障在职职工人数(人)', '=', '116', '人', '该指标值数据合理']);
    expect(t[h + 2]).toEqual(['保障退休职工人数(人)', '=', '81', '人', '该指标值数据合理']);
  });

  it('030: one cell per paragraph is a lines stream; spaced text splits', async () => {
    const { r, t } = await read('030_yueyangxian_gaobiaozhunnongtian_2022_project.txt');
    expect(t[3]).toEqual(['来源:岳阳县农业农村局', '2022-05-16']);
    const lines = r.info[0]!.streams!.find((s) => s.kind === 'lines')!;
    expect(t[lines.fromRow - 1]).toEqual(['绩效目标申报表(基础设施建设类)']);
    expect(lines.toRow - lines.fromRow).toBeGreaterThan(50);
    expect(t).toContainEqual(['≥100公里']);
  });

  it('seed: tab-separated, merged cells flattened, three tables', async () => {
    const r = await readGrids(seed(), '000_860be9a69280b0ce.txt');
    const t = gridTexts(r.grids[0]!);
    expect(t[0]).toEqual(['2026年县级部门整体预算绩效目标表']);
    expect(t[1]).toEqual(['部门名称', '', '遂溪县科工贸和信息化局']);
    expect(t.filter((row) => /^2026年县级.*绩效目标表$/.test(row[0] ?? ''))).toHaveLength(3);
    expect(r.info[0]!.streams).toBeUndefined();
  });
});
