import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { FileReadError, type FileReadErrorCode } from '../src/index.ts';

export const SAMPLES_DIR = fileURLToPath(new URL('../../../fixtures/samples/', import.meta.url));
export const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));

export const SAMPLE_NAMES = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.txt')).sort();

export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(SAMPLES_DIR + name));
}
export function seed(): Uint8Array {
  return new Uint8Array(readFileSync(SEED));
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** Awaits a promise that must reject with a FileReadError of the given code; returns it. */
export async function refused(p: Promise<unknown>, code: FileReadErrorCode): Promise<FileReadError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a FileReadError').toBeInstanceOf(FileReadError);
  const e = err as FileReadError;
  expect(e.code).toBe(code);
  expect(e.message.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(e.message.en).toMatch(/[a-z]{3}/);
  return e;
}

/**
 * A table with the merges published tables have (title across, 一级/二级 down, a header block),
 * written as HTML rows: the fixture for merge round trips.
 */
export const MERGED_TABLE_HTML = `
<p>2023年项目支出绩效目标申报表</p>
<table>
<tr><td colspan="6">2023年项目支出绩效目标申报表</td></tr>
<tr><td>项目支出名称</td><td colspan="2">雾炮车降尘抑尘服务</td><td>预算部门</td><td colspan="2">湘潭市环境卫生管理处</td></tr>
<tr><td rowspan="8">本年度<br>绩效指标</td><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值及单位</td><td>绩效标准</td></tr>
<tr><td rowspan="4">产出指标</td><td rowspan="2">数量指标</td><td>配备车辆数</td><td>10辆</td><td>计划标准</td></tr>
<tr><td>雾炮车风炮射程</td><td>≥80M</td><td>计划标准</td></tr>
<tr><td>质量指标</td><td>服务周期内空气质量</td><td>优良</td><td>计划标准</td></tr>
<tr><td>成本指标</td><td>控制在预算成本内</td><td>250万</td><td>计划标准</td></tr>
<tr><td rowspan="2">效益指标</td><td>社会效益指标</td><td>市民对空气质量改善的满意程度</td><td>≥85%</td><td>计划标准</td></tr>
<tr><td>生态效益指标</td><td></td><td></td><td></td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>市民满意度</td><td>≥90%</td><td>计划标准</td></tr>
<tr><td>财政部门审核意见</td><td colspan="5"></td></tr>
</table>`;

/** An Excel 2003 XML workbook (styles, ss:Index, merges across and down, rich text, a hidden sheet). */
export const EXCEL_2003_XML = `<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles>
  <Style ss:ID="Default"/>
  <Style ss:ID="s1"><NumberFormat ss:Format="#,##0.00"/></Style>
  <Style ss:ID="s2"><NumberFormat ss:Format="Percent"/></Style>
  <Style ss:ID="s3"><NumberFormat ss:Format="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></Style>
 </Styles>
 <Worksheet ss:Name="项目表">
  <Table>
   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">2026年县级项目支出绩效目标表</Data></Cell></Row>
   <Row ss:Index="3">
    <Cell ss:MergeDown="1"><Data ss:Type="String">产出指标</Data></Cell>
    <Cell><Data ss:Type="String">数量指标</Data></Cell>
    <Cell ss:StyleID="s1"><Data ss:Type="Number">8827620.53</Data></Cell>
    <Cell ss:StyleID="s2"><Data ss:Type="Number">0.955</Data></Cell>
   </Row>
   <Row>
    <Cell ss:Index="2"><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>质量</B>指标</ss:Data></Cell>
    <Cell ss:StyleID="s3"><Data ss:Type="DateTime">2023-10-13T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="隐藏"><Table><Row><Cell><Data ss:Type="String">定性</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>
</Workbook>`;
