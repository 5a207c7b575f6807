/**
 * Finds the target tables in a cell grid and reads them into the model. Tables are found by
 * their titles (…绩效目标表 / …申报表 / …自评表) or, failing that, by their anchor labels
 * (部门名称 / 项目名称); fields are found by their labels, wherever the label sits, and the value
 * is the next non-empty cell that is not itself a label. This is what makes a flattened Word
 * table (merged cells removed, rows shifted) readable.
 */
import { parseMoney } from '../money/money.ts';
import type {
  AmountField,
  CodeNameField,
  DeptOverallTable,
  KeyTask,
  ProjectTable,
  TargetTable,
  TextField,
  YearField,
} from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { cellRef, type Cell, type CellGrid } from './cell-grid.ts';
import { readIndicatorRows, type IndicatorBlockOptions } from './indicator-rows.ts';

export interface RecogniseResult {
  tables: TargetTable[];
  /** Import findings (info/warning/error) with the cell they concern. */
  findings: Finding[];
}

const TITLE_RE = /(绩效目标(申报)?表|绩效自评表|绩效目标表[（(].*[）)])\s*$/;
const FOOTNOTE_RE = /^(备注|注[:：]|说明[:：]|\d{1,2}\s*[.、．]\s*\S)/;

/** Labels that are never values (so "label → next cell" skips them). */
const KNOWN_LABELS = new Set([
  '部门名称', '基本信息', '财政供养人数', '下属二级单位数', '预算整体情况', '部门预算支出', '预算金额(万元)', '收入来源',
  '基本支出', '项目支出', '事业发展性支出', '财政拨款', '其他资金', '总体绩效目标', '年度重点工作任务', '名称', '主要实施内容',
  '拟投入的资金(万元)', '期望达到的目标(概述)', '其他需完成的任务(可选填)', '绩效指标', '一级指标', '二级指标', '三级指标', '指标值',
  '项目名称', '项目类型', '项目等级', '主管部门', '用款单位', '实施期限', '起始年度', '到期年度', '预算金额', '总金额(万元)',
  '当年度金额(万元)', '项目概述', '实施周期总目标(跨年度项目需填写)', '当年度目标', '实施周期指标值', '当年度指标值',
]);

const norm = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/:$/, '');

function isLabel(text: string): boolean {
  return KNOWN_LABELS.has(norm(text));
}

interface Segment {
  title: string;
  titleCell?: Cell;
  rows: Cell[][];
}

/** Splits a grid into table segments at title rows. */
function segment(grid: CellGrid): Segment[] {
  const segments: Segment[] = [];
  let cur: Segment | undefined;
  for (const row of grid.rows) {
    const filled = row.filter((c) => c.text.trim());
    if (filled.length === 1 && TITLE_RE.test(filled[0]!.text.trim()) && filled[0]!.text.trim().length <= 60) {
      cur = { title: filled[0]!.text.trim(), titleCell: filled[0]!, rows: [] };
      segments.push(cur);
      continue;
    }
    if (!cur) {
      // No title yet: an anchor label starts an untitled table.
      if (filled.length && /^(部门名称|项目名称)$/.test(norm(filled[0]!.text))) {
        cur = { title: '', rows: [] };
        segments.push(cur);
      } else continue;
    }
    cur.rows.push(row);
  }
  return segments;
}

/** Finds a label anywhere in the segment and returns the next non-label cell on its row. */
class LabelIndex {
  constructor(
    private readonly grid: CellGrid,
    private readonly rows: Cell[][],
  ) {}

  find(labels: string[]): { label: Cell; value?: Cell; rowIndex: number } | undefined {
    const wanted = new Set(labels.map(norm));
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r]!;
      for (let i = 0; i < row.length; i++) {
        const c = row[i]!;
        if (!wanted.has(norm(c.text))) continue;
        for (let j = i + 1; j < row.length; j++) {
          const v = row[j]!;
          if (!v.text.trim()) continue;
          if (isLabel(v.text)) break;
          return { label: c, value: v, rowIndex: r };
        }
        return { label: c, rowIndex: r };
      }
    }
    return undefined;
  }

  text(labels: string[]): TextField {
    const hit = this.find(labels);
    return field(this.grid, hit?.value ?? hit?.label, hit?.value?.text ?? '');
  }
}

function field(grid: CellGrid, cell: Cell | undefined, raw: string): TextField {
  const f: TextField = { raw: raw.trim() };
  if (cell) f.source = cellRef(grid, cell);
  return f;
}

function amount(f: TextField, defaultUnit: '万元' | '元' = '万元'): AmountField {
  const m = f.raw ? parseMoney(f.raw, defaultUnit) : null;
  return { ...f, fen: m ? m.fen : null };
}

function year(f: TextField): YearField {
  const m = /^(\d{4})/.exec(f.raw.replace(/\s/g, ''));
  return { ...f, year: m ? Number(m[1]) : null };
}

function codeName(f: TextField): CodeNameField {
  const m = /^\s*([0-9A-Za-z]+)\s*[-－—_\s]\s*(.+)$/.exec(f.raw);
  if (!m) return { ...f, name: f.raw };
  return { ...f, code: m[1]!, name: m[2]!.trim() };
}

function count(f: TextField): TextField & { count: number | null } {
  const m = /^\d+$/.exec(f.raw.replace(/[\s,，人个]/g, ''));
  return { ...f, count: m ? Number(m[0]) : null };
}

function titleYear(title: string): number | undefined {
  const m = /(20\d{2})\s*年/.exec(title);
  return m ? Number(m[1]) : undefined;
}

function rowIndexOf(rows: Cell[][], test: (c: Cell) => boolean, from = 0): number {
  for (let r = from; r < rows.length; r++) if (rows[r]!.some(test)) return r;
  return -1;
}

const hasText = (text: string) => (c: Cell) => norm(c.text) === norm(text);

/** Rows of the indicator block (after its header) up to the first blank row or footnote. */
function indicatorBlock(rows: Cell[][], headerRow: number): Cell[][] {
  const out: Cell[][] = [];
  for (let r = headerRow + 1; r < rows.length; r++) {
    const filled = rows[r]!.filter((c) => c.text.trim());
    if (filled.length === 0) break;
    if (FOOTNOTE_RE.test(filled[0]!.text.trim()) && filled.length === 1) break;
    out.push(rows[r]!);
  }
  return out;
}

function footnotes(rows: Cell[][], from: number): string[] {
  const notes: string[] = [];
  let inNotes = false;
  for (let r = Math.max(from, 0); r < rows.length; r++) {
    const filled = rows[r]!.filter((c) => c.text.trim());
    if (filled.length !== 1) continue;
    const t = filled[0]!.text.trim();
    if (/^备注/.test(t)) inNotes = true;
    if (inNotes && FOOTNOTE_RE.test(t)) notes.push(t);
  }
  return notes;
}

function valueSlots(header: Cell[]): IndicatorBlockOptions['slots'] {
  const slots: IndicatorBlockOptions['slots'] = [];
  for (const c of header) {
    const t = norm(c.text);
    if (/^(实施周期|中期|长期)(指标值|目标值)/.test(t)) slots.push({ slot: 'periodValue', col: c.col });
    else if (/^(当年度|年度)?(指标值|目标值)/.test(t)) slots.push({ slot: 'value', col: c.col });
  }
  if (!slots.some((s) => s.slot === 'value')) slots.push({ slot: 'value', col: header.length + 1 });
  return slots;
}

function readDeptOverall(grid: CellGrid, seg: Segment, findings: Finding[]): DeptOverallTable {
  const idx = new LabelIndex(grid, seg.rows);
  const rows = seg.rows;
  const t: DeptOverallTable = {
    kind: 'dept-overall',
    title: seg.title,
    notes: [],
    indicators: [],
    deptName: idx.text(['部门名称', '部门(单位)名称', '单位名称']),
    staffCount: count(idx.text(['财政供养人数'])),
    subUnitCount: count(idx.text(['下属二级单位数'])),
    funds: {
      basic: amount(idx.text(['基本支出'])),
      project: amount(idx.text(['项目支出'])),
      development: [],
      fiscal: amount(idx.text(['财政拨款'])),
      other: amount(idx.text(['其他资金'])),
    },
    overallGoal: idx.text(['总体绩效目标', '年度绩效总目标', '年度总体绩效目标', '年度总体目标']),
    keyTasks: [],
    otherTasks: idx.text(['其他需完成的任务(可选填)', '其他需完成的任务']),
  };
  const y = titleYear(seg.title);
  if (y) t.year = y;
  if (seg.titleCell) t.source = cellRef(grid, seg.titleCell);
  const code = idx.find(['部门编码']);
  if (code?.value) t.deptCode = field(grid, code.value, code.value.text);

  // 事业发展性支出: its sub-lines follow its heading until the goal section.
  const devRow = rowIndexOf(rows, hasText('事业发展性支出'));
  const goalRow = rowIndexOf(rows, hasText('总体绩效目标'));
  if (devRow >= 0) {
    const end = goalRow > devRow ? goalRow : rows.length;
    for (let r = devRow + 1; r < end; r++) {
      const filled = rows[r]!.filter((c) => c.text.trim());
      if (filled.length < 2 || isLabel(filled[0]!.text)) continue;
      const name = filled[0]!;
      const amt = filled[1]!;
      t.funds.development.push({ name: field(grid, name, name.text), amount: amount(field(grid, amt, amt.text)) });
    }
  }

  // 年度重点工作任务: rows after its header, each: name, content, amount, expected.
  const taskHeader = rowIndexOf(rows, hasText('年度重点工作任务'));
  const indicatorHeader = rowIndexOf(rows, hasText('三级指标'));
  if (taskHeader >= 0) {
    for (let r = taskHeader + 1; r < rows.length && (indicatorHeader < 0 || r < indicatorHeader); r++) {
      const filled = rows[r]!.filter((c) => c.text.trim());
      if (filled.length === 0) continue;
      if (isLabel(filled[0]!.text) || /^其他需完成的任务/.test(norm(filled[0]!.text))) break;
      const [name, content, amt, expected] = filled;
      const task: KeyTask = {
        name: field(grid, name, name?.text ?? ''),
        content: field(grid, content, content?.text ?? ''),
        amount: amount(field(grid, amt, amt?.text ?? '')),
        expected: field(grid, expected, expected?.text ?? ''),
      };
      if (name) task.source = cellRef(grid, name);
      t.keyTasks.push(task);
    }
  }

  if (indicatorHeader >= 0) {
    const res = readIndicatorRows(grid, indicatorBlock(rows, indicatorHeader), {
      slots: valueSlots(rows[indicatorHeader]!),
      skipLeading: /^绩效指标$/,
    });
    t.indicators = res.indicators;
    findings.push(...res.findings);
  } else {
    findings.push(noIndicators(grid, seg));
  }
  t.notes = footnotes(rows, indicatorHeader);
  return t;
}

function readProject(grid: CellGrid, seg: Segment, findings: Finding[]): ProjectTable {
  const idx = new LabelIndex(grid, seg.rows);
  const rows = seg.rows;
  const t: ProjectTable = {
    kind: 'project',
    title: seg.title,
    notes: [],
    indicators: [],
    projectName: idx.text(['项目名称', '项目支出名称', '专项资金名称']),
    projectType: codeName(idx.text(['项目类型', '项目类别'])),
    projectLevel: idx.text(['项目等级']),
    department: codeName(idx.text(['主管部门', '主管部门及代码', '预算部门', '业务主管部门'])),
    unit: codeName(idx.text(['用款单位', '实施单位'])),
    period: { start: year(idx.text(['起始年度'])), end: year(idx.text(['到期年度'])) },
    totalAmount: amount(idx.text(['总金额(万元)', '总金额', '资金总额', '中期资金总额'])),
    currentAmount: amount(idx.text(['当年度金额(万元)', '当年度金额', '年度资金总额', '当年资金总额', '当年预算'])),
    overview: idx.text(['项目概述', '项目概况']),
    periodGoal: { raw: '' },
    annualGoal: { raw: '' },
  };
  const y = titleYear(seg.title);
  if (y) t.year = y;
  if (seg.titleCell) t.source = cellRef(grid, seg.titleCell);
  const code = idx.find(['项目代码', '项目编码']);
  if (code?.value) t.projectCode = field(grid, code.value, code.value.text);

  // Goals: a label row (实施周期总目标 / 当年度目标) and the texts on the next row, by column.
  const goalRow = rowIndexOf(rows, (c) => /^实施周期总目标/.test(norm(c.text)) || norm(c.text) === '当年度目标');
  if (goalRow >= 0) {
    const labels = rows[goalRow]!.filter((c) => /^实施周期总目标/.test(norm(c.text)) || norm(c.text) === '当年度目标');
    const next = (rows[goalRow + 1] ?? []).filter((c) => c.text.trim() && !isLabel(c.text));
    const periodLabel = labels.find((c) => /^实施周期总目标/.test(norm(c.text)));
    const annualLabel = labels.find((c) => norm(c.text) === '当年度目标');
    if (next.length >= 2) {
      t.periodGoal = field(grid, next[0], next[0]!.text);
      t.annualGoal = field(grid, next[1], next[1]!.text);
    } else if (next.length === 1) {
      const c = next[0]!;
      const nearAnnual = annualLabel && (!periodLabel || Math.abs(c.col - annualLabel.col) < Math.abs(c.col - periodLabel.col));
      if (nearAnnual) t.annualGoal = field(grid, c, c.text);
      else t.periodGoal = field(grid, c, c.text);
    }
  }

  const indicatorHeader = rowIndexOf(rows, hasText('三级指标'));
  if (indicatorHeader >= 0) {
    const res = readIndicatorRows(grid, indicatorBlock(rows, indicatorHeader), {
      slots: valueSlots(rows[indicatorHeader]!),
      skipLeading: /^绩效指标$/,
    });
    t.indicators = res.indicators;
    findings.push(...res.findings);
  } else {
    findings.push(noIndicators(grid, seg));
  }
  t.notes = footnotes(rows, indicatorHeader);
  return t;
}

function noIndicators(grid: CellGrid, seg: Segment): Finding {
  const f: Finding = {
    code: 'import.indicators-not-found',
    severity: 'warning',
    message: { zh: `表“${seg.title || '（无标题）'}”中没有找到绩效指标表头（三级指标）。`, en: `No indicator header (三级指标) found in table "${seg.title || '(untitled)'}".` },
    location: { section: 'indicators', tableTitle: seg.title },
  };
  if (seg.titleCell) f.location.source = cellRef(grid, seg.titleCell);
  return f;
}

function kindOf(seg: Segment): 'dept-overall' | 'project' | undefined {
  if (/部门整体/.test(seg.title)) return 'dept-overall';
  if (/项目/.test(seg.title)) return 'project';
  const labels = new Set(seg.rows.flatMap((r) => r.map((c) => norm(c.text))));
  if (labels.has('部门名称') && (labels.has('预算整体情况') || labels.has('总体绩效目标'))) return 'dept-overall';
  if (labels.has('项目名称')) return 'project';
  return undefined;
}

/** Recognises every target table in the grid. */
export function recogniseTables(grid: CellGrid): RecogniseResult {
  const tables: TargetTable[] = [];
  const findings: Finding[] = [];
  for (const seg of segment(grid)) {
    const kind = kindOf(seg);
    const local: Finding[] = [];
    if (kind === 'dept-overall') tables.push(readDeptOverall(grid, seg, local));
    else if (kind === 'project') tables.push(readProject(grid, seg, local));
    else {
      const f: Finding = {
        code: 'import.table-kind-unknown',
        severity: 'warning',
        message: { zh: `无法判断“${seg.title}”是哪一种表，已跳过。`, en: `Could not tell what kind of table "${seg.title}" is; skipped.` },
        location: { section: 'table', tableTitle: seg.title },
      };
      if (seg.titleCell) f.location.source = cellRef(grid, seg.titleCell);
      findings.push(f);
      continue;
    }
    const index = tables.length - 1;
    for (const f of local) findings.push({ ...f, location: { ...f.location, table: index, tableTitle: seg.title } });
  }
  if (tables.length === 0 && findings.length === 0) {
    findings.push({
      code: 'import.no-tables',
      severity: 'warning',
      message: { zh: '文件中没有找到绩效目标表（没有表名或“部门名称”“项目名称”等栏目）。', en: 'No target table found (no title and no 部门名称/项目名称 labels).' },
      location: { section: 'table', ...(grid.file ? { source: { file: grid.file, row: 1, col: 1 } } : {}) },
    });
  }
  return { tables, findings };
}
