/**
 * Client-side .xlsx export of one table in the official layout (merged label cells, amounts in
 * 万元 as exact decimal text converted from integer 分). The server has no export endpoint yet;
 * this runs in the browser, loaded only when the button is pressed.
 */
import { FRAMEWORK_2021, formatWan, type TargetTable } from '@jixiao/core';
import { zip } from './zip.ts';

type Cell = string | number | null;
interface Sheet {
  rows: Cell[][];
  merges: string[];
  /** Row indexes (0-based) styled as header labels. */
  width: number;
}

const col = (i: number) => String.fromCharCode(65 + i);
const ref = (r: number, c: number) => `${col(c)}${r + 1}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const amount = (a: { raw: string; fen: number | null } | undefined): Cell => (a?.fen !== null && a?.fen !== undefined ? Number(formatWan(a.fen)) : (a?.raw ?? ''));

export function layout(t: TargetTable): Sheet {
  const rows: Cell[][] = [];
  const merges: string[] = [];
  const W = t.kind === 'project' ? 6 : 5;
  const add = (cells: Cell[], spans: Array<[number, number]> = []) => {
    const r = rows.length;
    const row: Cell[] = Array(W).fill(null);
    cells.forEach((c, i) => (row[i] = c));
    rows.push(row);
    for (const [a, b] of spans) merges.push(`${ref(r, a)}:${ref(r, b)}`);
    return r;
  };
  add([t.title], [[0, W - 1]]);
  if (t.kind === 'project') {
    add(['项目名称', t.projectName.raw], [[1, W - 1]]);
    add(['项目类型', t.projectType.raw], [[1, W - 1]]);
    add(['项目等级', t.projectLevel.raw], [[1, W - 1]]);
    add(['主管部门', t.department.raw, null, '用款单位', t.unit.raw], [[1, 2], [4, W - 1]]);
    add(['实施期限', '起始年度', t.period.start.raw, '到期年度', t.period.end.raw], [[4, W - 1]]);
    add(['预算金额', '总金额(万元)', amount(t.totalAmount), '当年度金额(万元)', amount(t.currentAmount)], [[4, W - 1]]);
    add(['项目概述', t.overview.raw], [[1, W - 1]]);
    const g = add(['总体绩效目标', '实施周期总目标(跨年度项目需填写)', null, '当年度目标'], [[1, 2], [3, W - 1]]);
    add([null, t.periodGoal.raw, null, t.annualGoal.raw], [[1, 2], [3, W - 1]]);
    merges.push(`${ref(g, 0)}:${ref(g + 1, 0)}`);
  } else if (t.kind === 'dept-overall') {
    const f = t.funds;
    add(['部门名称', t.deptName.raw], [[1, W - 1]]);
    add(['基本信息', '财政供养人数', t.staffCount.raw, '下属二级单位数', t.subUnitCount.raw]);
    const b = add(['预算整体情况', '部门预算支出', '预算金额(万元)', '收入来源', '预算金额(万元)']);
    add([null, '基本支出', amount(f.basic), '财政拨款', amount(f.fiscal)]);
    add([null, '项目支出', amount(f.project), '其他资金', amount(f.other)]);
    add([null, '事业发展性支出', '预算金额(万元)']);
    for (const l of f.development) add([null, l.name.raw, amount(l.amount)]);
    merges.push(`${ref(b, 0)}:${ref(rows.length - 1, 0)}`);
    add(['总体绩效目标', t.overallGoal.raw], [[1, W - 1]]);
    const k = add(['年度重点工作任务', '名称', '主要实施内容', '拟投入的资金(万元)', '期望达到的目标(概述)']);
    for (const task of t.keyTasks) add([null, task.name.raw, task.content.raw, amount(task.amount), task.expected.raw]);
    if (t.keyTasks.length) merges.push(`${ref(k, 0)}:${ref(rows.length - 1, 0)}`);
    add(['其他需完成的任务(可选填)', t.otherTasks.raw], [[1, W - 1]]);
  }
  const head = t.kind === 'project' ? ['绩效指标', '一级指标', '二级指标', '三级指标', '实施周期指标值', '当年度指标值'] : ['绩效指标', '一级指标', '二级指标', '三级指标', '指标值'];
  const first = add(head);
  for (const n of FRAMEWORK_2021) {
    const l1Start = rows.length;
    for (const c of n.children) {
      const list = t.indicators.filter((x) => x.level1.name === n.name && x.level2.name === c.name);
      const l2Start = rows.length;
      if (!list.length) add([null, n.name, c.name]);
      for (const ind of list) add(t.kind === 'project' ? [null, n.name, c.name, ind.name.raw, ind.periodValue?.raw ?? '', ind.value.raw] : [null, n.name, c.name, ind.name.raw, ind.value.raw]);
      if (rows.length - 1 > l2Start) merges.push(`${ref(l2Start, 2)}:${ref(rows.length - 1, 2)}`);
    }
    if (rows.length - 1 > l1Start) merges.push(`${ref(l1Start, 1)}:${ref(rows.length - 1, 1)}`);
  }
  const other = t.indicators.filter((x) => !FRAMEWORK_2021.some((n) => n.name === x.level1.name && n.children.some((c) => c.name === x.level2.name)));
  for (const ind of other) add(t.kind === 'project' ? [null, ind.level1.raw, ind.level2.raw, ind.name.raw, ind.periodValue?.raw ?? '', ind.value.raw] : [null, ind.level1.raw, ind.level2.raw, ind.name.raw, ind.value.raw]);
  merges.push(`${ref(first, 0)}:${ref(rows.length - 1, 0)}`);
  for (const n of t.notes) add([n], [[0, W - 1]]);
  return { rows, merges, width: W };
}

export function xlsxBytes(t: TargetTable): Uint8Array {
  const s = layout(t);
  const sheetRows = s.rows
    .map((r, i) => {
      const cells = r
        .map((c, j) => {
          if (c === null || c === '') return '';
          const style = i === 0 ? 2 : 1;
          if (typeof c === 'number') return `<c r="${ref(i, j)}" s="${style}"><v>${c}</v></c>`;
          return `<c r="${ref(i, j)}" t="inlineStr" s="${style}"><is><t xml:space="preserve">${esc(c)}</t></is></c>`;
        })
        .join('');
      return `<row r="${i + 1}">${cells}</row>`;
    })
    .join('');
  const widths = s.width === 6 ? [14, 14, 18, 36, 18, 18] : [16, 18, 36, 18, 36];
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>${cols}</cols><sheetData>${sheetRows}</sheetData><mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells><pageSetup paperSize="9" orientation="landscape"/></worksheet>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="10"/><name val="宋体"/></font><font><b/><sz val="14"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf/><xf borderId="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf fontId="1" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf></cellXfs></styleSheet>`;
  const sheetName = t.kind === 'project' ? '项目支出绩效目标表' : '部门整体绩效目标表';
  return zip([
    { name: '[Content_Types].xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>` },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>` },
    { name: 'xl/styles.xml', data: styles },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

export function exportXlsx(t: TargetTable): void {
  const bytes = xlsxBytes(t);
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const a = document.createElement('a');
  const name = t.kind === 'project' ? `${t.projectName.raw || t.title}` : t.kind === 'dept-overall' ? `${t.deptName.raw}${t.title}` : t.title;
  a.href = URL.createObjectURL(blob);
  a.download = `${name.replace(/[\\/:*?"<>|]/g, '_')}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
