/**
 * The findings report a reviewer sends back (检查意见表): a first sheet listing every finding —
 * code, severity, table, where (field and cell, linked), message in Chinese and English, and
 * the fix where one is safe — then each table in its official layout with its findings beside
 * the cells: the cell is shaded (red for an error, amber for a warning) and carries a comment,
 * and a 检查意见 column right of the table repeats the row's findings for printing.
 */
import { layoutCellOf, type Finding, type OfficialLayout, type TargetTable } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { xmlSafe } from '../write-util.ts';
import { colLetter, FONT, renderLayoutSheet } from './official-xlsx.ts';

export interface FindingsReportItem {
  /** The table's name for people (project or department name). */
  name: string;
  table: TargetTable;
  layout: OfficialLayout;
  findings: Finding[];
}

export const SEVERITY_LABEL = {
  error: { zh: '错误', en: 'error', mark: '✗', argb: 'FFFDE2E1' },
  warning: { zh: '警告', en: 'warning', mark: '⚠', argb: 'FFFFF4CE' },
  info: { zh: '提示', en: 'info', mark: 'ℹ', argb: 'FFE8F1FB' },
} as const;

const FIELD_LABELS: Record<string, string> = {
  projectName: '项目名称',
  projectType: '项目类型',
  projectLevel: '项目等级',
  department: '主管部门',
  unit: '用款单位',
  'period.start': '起始年度',
  'period.end': '到期年度',
  totalAmount: '总金额',
  currentAmount: '当年度金额',
  fiscalAmount: '财政拨款',
  otherAmount: '其他资金',
  overview: '项目概述',
  periodGoal: '实施周期总目标',
  annualGoal: '当年度目标',
  deptName: '部门名称',
  staffCount: '财政供养人数',
  subUnitCount: '下属二级单位数',
  'funds.basic': '基本支出',
  'funds.project': '项目支出',
  'funds.fiscal': '财政拨款',
  'funds.other': '其他资金',
  overallGoal: '总体绩效目标',
  keyTasks: '年度重点工作任务',
  otherTasks: '其他需完成的任务',
};
const INDICATOR_FIELD_LABELS: Record<string, string> = {
  name: '三级指标',
  value: '指标值',
  periodValue: '实施周期指标值',
  level1: '一级指标',
  level2: '二级指标',
};
const SECTION_LABELS: Record<string, string> = { header: '表头', funds: '资金', goal: '绩效目标', tasks: '重点工作任务', indicators: '绩效指标', execution: '预算执行', table: '整表' };

/** Where a finding is, in words a reviewer uses: `三级指标“资金使用率” · 当年度指标值`, `项目名称`. */
export function findingPlace(f: Finding, table: TargetTable): string {
  const loc = f.location;
  if (loc.indicatorId) {
    const ind = table.indicators.find((i) => i.id === loc.indicatorId);
    const field = loc.field ?? 'name';
    let label = INDICATOR_FIELD_LABELS[field] ?? field;
    if (field === 'value' && table.kind === 'project') label = '当年度指标值';
    return `${ind ? `三级指标“${ind.name.raw || `第 ${loc.row ?? '?'} 行`}”` : `指标第 ${loc.row ?? '?'} 行`} · ${label}`;
  }
  if (loc.field) {
    const m = /^(keyTasks|funds\.development)\.(\d+)(?:\.(\w+))?$/.exec(loc.field);
    if (m) return `${m[1] === 'keyTasks' ? '重点工作任务' : '事业发展性支出'} 第 ${Number(m[2]) + 1} 项${m[3] ? ` · ${{ name: '名称', content: '主要实施内容', amount: '资金', expected: '期望目标' }[m[3]] ?? m[3]}` : ''}`;
    return FIELD_LABELS[loc.field] ?? loc.field;
  }
  return SECTION_LABELS[loc.section] ?? loc.section;
}

const fixText = (f: Finding) =>
  f.fix ? `${f.fix.description.zh}：“${f.fix.from}” → “${f.fix.to}”` : f.suggestion ? `${f.suggestion.zh}${f.suggestion.indicator ? `（${f.suggestion.indicator.level1}/${f.suggestion.indicator.level2}：${f.suggestion.indicator.name} ${f.suggestion.indicator.value}）` : ''}` : '';

const line = (f: Finding) => `${SEVERITY_LABEL[f.severity].mark} ${f.message.zh}${f.fix ? `（建议：${f.fix.to}）` : ''}`;

const BORDER: Partial<ExcelJS.Borders> = Object.fromEntries(['top', 'left', 'bottom', 'right'].map((s) => [s, { style: 'thin', color: { argb: 'FF999999' } }]));

/** Lines a text takes in a column of `width` characters (a CJK character is two wide). */
function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, part) => {
    let w = 0;
    for (const ch of part) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
    return n + Math.max(1, Math.ceil(w / Math.max(1, width - 1)));
  }, 0);
}

export async function writeFindingsReport(items: FindingsReportItem[], opts: { title?: string } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效 Jixiao';
  const used = new Set<string>(['检查意见汇总']);
  const list = wb.addWorksheet('检查意见汇总', {
    views: [{ state: 'frozen', ySplit: 2 }],
    // Fit to one page wide with the header rows on every page; the widths add up to about one
    // A4 landscape width at 10 pt, so fitting shrinks the text little (it printed at ~4 pt in
    // LibreOffice Calc when the columns added up to 272 characters: issue 20).
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2', margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  const header = ['序号', '目标表', '规则代码 code', '严重程度 severity', '位置 location', '单元格 cell', '问题说明', 'Message', '修改建议 fix'];
  const widths = [5, 12, 20, 9, 20, 10, 34, 34, 24];
  widths.forEach((w, i) => (list.getColumn(i + 1).width = w));
  list.mergeCells(1, 1, 1, header.length);
  const total = items.reduce((s, x) => s + x.findings.length, 0);
  const count = (sev: Finding['severity']) => items.reduce((s, x) => s + x.findings.filter((f) => f.severity === sev).length, 0);
  const title = list.getCell(1, 1);
  title.value = `${opts.title ?? '绩效目标表检查意见'}（共 ${items.length} 张表，${total} 条：错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info')}）`;
  title.font = { name: FONT, size: 14, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  list.getRow(1).height = 30;
  header.forEach((h, i) => {
    const c = list.getCell(2, i + 1);
    c.value = h;
    c.font = { name: FONT, size: 10.5, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = BORDER;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });

  let n = 0;
  for (const item of items) {
    const L = item.layout;
    const { ws, width, rows } = renderLayoutSheet(wb, L, used, { name: item.name, extraColumns: [48] });
    const col = width + 1;
    const head = ws.getCell(L.bodyRows.first, col);
    head.value = '检查意见';
    head.font = { name: FONT, size: 10.5, bold: true, color: { argb: 'FFC00000' } };
    head.alignment = { horizontal: 'center', vertical: 'middle' };
    const byRow = new Map<number, Finding[]>();
    const byCell = new Map<string, Finding[]>();
    for (const f of item.findings) {
      const cell = layoutCellOf(L, f);
      const row = cell?.row ?? 1;
      byRow.set(row, [...(byRow.get(row) ?? []), f]);
      if (cell) byCell.set(`${cell.row},${cell.col}`, [...(byCell.get(`${cell.row},${cell.col}`) ?? []), f]);
      n++;
      const r = n + 2;
      const where = cell ? `${colLetter(cell.col)}${cell.row}` : '';
      const values: Array<string | number | ExcelJS.CellHyperlinkValue> = [
        n,
        item.name,
        f.code,
        `${SEVERITY_LABEL[f.severity].zh} ${SEVERITY_LABEL[f.severity].en}`,
        findingPlace(f, item.table),
        where ? { text: `${ws.name}!${where}`, hyperlink: `#'${ws.name.replace(/'/g, "''")}'!${where}` } : '',
        f.message.zh,
        f.message.en,
        fixText(f),
      ];
      values.forEach((v, i) => {
        const c = list.getCell(r, i + 1);
        c.value = typeof v === 'string' ? xmlSafe(v) : v;
        if (typeof v === 'string') c.numFmt = '@';
        c.border = BORDER;
        c.font = i === 5 && where ? { name: FONT, size: 10, color: { argb: 'FF0563C1' }, underline: true } : { name: FONT, size: 10 };
        c.alignment = { vertical: 'top', wrapText: true, ...(i === 0 || i === 3 ? { horizontal: 'center' as const } : {}) };
        if (i === 3) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: SEVERITY_LABEL[f.severity].argb } };
      });
      // Wrapped text does not grow a row in every program: set the height from the longest cell,
      // so a long message never prints over the next row.
      const lines = Math.max(1, ...values.map((v, i) => wrappedLines(typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v.text, widths[i]!)));
      list.getRow(r).height = Math.min(409, lines * 13.5 + 3);
    }
    // Beside each cell: shading and a comment; the row's findings in the 检查意见 column.
    for (const [pos, fs] of byCell) {
      const [r, c] = pos.split(',').map(Number) as [number, number];
      const worst = fs.some((f) => f.severity === 'error') ? 'error' : fs.some((f) => f.severity === 'warning') ? 'warning' : 'info';
      const cell = ws.getCell(r, c);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: SEVERITY_LABEL[worst].argb } };
      cell.note = { texts: [{ text: xmlSafe(fs.map((f) => `[${f.code}] ${line(f)}`).join('\n')) }] };
    }
    for (const [r, fs] of byRow) {
      const c = ws.getCell(r, col);
      c.value = xmlSafe(fs.map(line).join('\n'));
      c.numFmt = '@';
      c.font = { name: FONT, size: 9.5, color: { argb: fs.some((f) => f.severity === 'error') ? 'FFC00000' : 'FF7F6000' } };
      c.alignment = { vertical: 'middle', wrapText: true };
      const need = fs.reduce((s, f) => s + Math.ceil(line(f).length / 22), 0) * 13 + 6;
      if ((ws.getRow(r).height ?? 0) < need && r <= rows) ws.getRow(r).height = Math.min(409, need);
    }
  }
  list.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, n + 2), column: header.length } };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
