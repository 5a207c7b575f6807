/**
 * Finds the target tables in a cell grid and reads them into the model. Tables are found by
 * their titles (…绩效目标表 / …申报表 / …自评表) or, failing that, by their anchor labels
 * (部门名称 / 项目名称); fields are found by their labels, wherever the label sits, and the value
 * is the next non-empty cell that is not itself a label. This is what makes a flattened Word
 * table (merged cells removed, rows shifted) readable.
 *
 * Layouts (docs/import.md): the Guangdong 2026 tables; the older 申报表 with 指标值及单位 and
 * 绩效标准; one-row-per-indicator sheets with several projects (项目名称 … 一级指标 … on one header
 * row); tables with no 一级/二级 columns; self-evaluation tables (完成值, 权重/分值, 得分, 预算执行率);
 * any of these as a real grid (rows) or flattened to one cell per line (a stream).
 */
import type {
  AmountField,
  CodeNameField,
  DeptOverallTable,
  ExecutionLine,
  KeyTask,
  ProjectTable,
  SelfEvalTable,
  TargetTable,
  TextField,
} from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { cellRef, type Cell, type CellGrid } from './cell-grid.ts';
import { amount as amountOf, codeName, count, field, FieldIndex, templateFinding, year } from './header-fields.ts';
import { importFinding } from './import-findings.ts';
import { readIndicatorBlock, SECTION_LEADING, type BlockSpec, type ColumnSpec } from './indicator-rows.ts';
import { matchLevel1, matchLevel2 } from './category-cache.ts';
import { parseMoney } from '../money/money.ts';
import { amountUnitOf, columnKind, fieldOfLabel, FIELD_SYNONYMS, isLabel, isReportTitle, isStopLabel, isTitle, norm, periodTagOf, yearOf, type FieldName } from './vocabulary.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';
import { describeForm, type FormInput } from '../form/table-form.ts';
import { reshapeGrid } from './reshape.ts';
import { isCategoryText } from './cell-split.ts';

export interface RecogniseResult {
  tables: TargetTable[];
  /** Import findings (info/warning/error) with the cell they concern. */
  findings: Finding[];
}

const FOOTNOTE_RE = /^(备注|注[:：]|说明[:：]|\d{1,2}\s*[.、．]\s*\S)/;

interface Segment {
  title: string;
  titleCell?: Cell;
  rows: Cell[][];
}

/** A line giving the table's year under its title: `(2022年度)`. */
const YEAR_LINE = /^[（(]\s*20\d{2}\s*年度?\s*[）)]$/;

const filledOf = (row: Cell[]) => row.filter((c) => c.text.trim());

const ANCHORS = new Set([...FIELD_SYNONYMS.projectName, '部门名称'].map(norm));

/** Splits a grid into table segments at title rows. */
/** What the reader knows from outside the grid. */
export interface RecogniseOptions {
  /** The table's title when it stands outside the grid (the paragraph above a Word or web table, a caption). */
  title?: string;
}

function segment(grid: CellGrid, opts: RecogniseOptions = {}): Segment[] {
  const segments: Segment[] = [];
  let cur: Segment | undefined;
  // `(2022年度)` under a title that stands outside the grid (a Word or web table): the table's year.
  let yearLine: Cell[] | undefined;
  let lastCell: Cell | undefined;
  // The current table's indicator header has been seen.
  let pastHeader = false;
  const pre: Cell[][] = [];
  for (const row of grid.rows) {
    const filled = filledOf(row);
    const before = lastCell;
    if (filled.length) lastCell = filled[filled.length - 1];
    // The value of 项目名称 may read like a title (`…经费支出绩效自评表`): it is the name, not a new table.
    const isNameValue = before !== undefined && fieldOfLabel(before.text) === 'projectName';
    if (filled.length === 1 && isTitle(filled[0]!.text) && !isNameValue) {
      cur = { title: filled[0]!.text.trim(), titleCell: filled[0]!, rows: [] };
      segments.push(cur);
      pastHeader = false;
      continue;
    }
    // A table's indicator block is over and an anchor label comes again (`项目名称 | …`): the next
    // table of the page, printed without a title; the unit line just above it (`单位:万元`) is its own.
    if (cur && pastHeader && filled.length && ANCHORS.has(norm(filled[0]!.text))) {
      const prev = cur.rows[cur.rows.length - 1];
      const next: Segment = { title: '', rows: [] };
      if (prev && prev.some((c) => c.text.trim() && amountUnitOf(c.text))) next.rows.push(cur.rows.pop()!);
      cur = next;
      segments.push(cur);
      pastHeader = false;
    }
    if (cur && filled.some((c) => NAME_STRONG.has(norm(c.text)))) pastHeader = true;
    if (!cur) {
      // No title yet: an anchor label starts an untitled table.
      if (filled.length && ANCHORS.has(norm(filled[0]!.text))) {
        cur = { title: '', rows: yearLine ? [yearLine] : [] };
        segments.push(cur);
      } else {
        if (filled.length === 1 && YEAR_LINE.test(filled[0]!.text.trim())) yearLine = row;
        pre.push(row);
        continue;
      }
    }
    cur.rows.push(row);
  }
  // No title and no anchor, but an indicator header: the whole grid is one table.
  if (segments.length === 0 && findIndicatorHeader(grid.rows)) segments.push({ title: '', rows: grid.rows });
  // An untitled fragment before the first table (the end of a table cut off above): its own table.
  else if (segments.length > 0 && pre.length > 0 && findIndicatorHeader(pre, 0, false)) segments.unshift({ title: '', rows: pre });
  if (opts.title && segments[0] && !segments[0].title) segments[0].title = opts.title.trim();
  // A title with nothing of a table under it (a page title over the table's own title) is dropped.
  return segments.filter((s, i) => i === segments.length - 1 || hasContent(s));
}

function hasContent(seg: Segment): boolean {
  return seg.rows.some((r) => r.some((c) => c.text.trim() && (isLabel(c.text) || columnKind(c.text) !== undefined)));
}

function rowIndexOf(rows: Cell[][], test: (c: Cell) => boolean, from = 0): number {
  for (let r = from; r < rows.length; r++) if (rows[r]!.some(test)) return r;
  return -1;
}

const hasText = (text: string) => (c: Cell) => norm(c.text) === norm(text);

// ---------------------------------------------------------------------------------------------
// The indicator header

interface IndicatorHeader {
  /** Row index of the header (the last header row in a stream). */
  row: number;
  /** First row of the header. */
  first: number;
  spec: BlockSpec;
  /** One-row-per-indicator with project columns before 一级指标 (header cells and fields). */
  projectColumns: Array<{ field: FieldName | 'unitName'; col: number; label: string }>;
  /**
   * Side-by-side 中期/年度 blocks: this header reads the 年度 block (columns `cols`); `period` the other.
   * `byHalves`: untagged blocks whose rows are cut in halves (rowHalves), the annual block on that side.
   */
  blocks?: { annual: ColRange; period: { spec: BlockSpec; cols: ColRange }; byHalves?: 'left' | 'right' };
}

/** Columns a block of a side-by-side header reads: the shared ones (一级) and its own range. */
interface ColRange {
  shared: number[];
  from: number;
  to: number;
}
const inRange = (r: ColRange) => (c: Cell) => r.shared.includes(c.col) || (c.col >= r.from && c.col <= r.to);

const NAME_STRONG = new Set(['三级指标', '三级指标名称', '三级', '绩效指标名称', '指标名称'].map(norm));

/**
 * 指标内容 heads the 三级 column of some forms (`一级指标 二级指标 指标内容 指标值`), the explanation
 * column of others: it is the name when the row has 二级 and no other name column.
 */
function withContentAsName(filled: Cell[]): Cell[] {
  if (filled.some((c) => columnKind(c.text) === 'name') || !filled.some((c) => columnKind(c.text) === 'level2')) return filled;
  return filled.map((c) => (norm(c.text) === '指标内容' ? { ...c, text: '三级指标' } : c));
}

function findIndicatorHeader(rows: Cell[][], from = 0, implicit = true): IndicatorHeader | undefined {
  for (let r = from; r < rows.length; r++) {
    const filled = withContentAsName(filledOf(rows[r]!));
    const named = filled.filter((c) => columnKind(c.text) === 'name');
    if (named.length === 0) continue;
    const kinds = filled.filter((c) => columnKind(c.text) !== undefined);
    // A header row: the 三级 column and others on the same row.
    if (kinds.length >= 2 && (named.some((c) => NAME_STRONG.has(norm(c.text))) || kinds.length >= 3)) {
      const two = subHeader(rows, r);
      if (two) {
        const h = rowHeader(rows, r, withContentAsName(two));
        return { ...h, row: r + 1, first: r };
      }
      return rowHeader(rows, r, filled);
    }
    // The header's labels stacked one per line over rows of cells (a web table whose header row
    // was copied one cell per line): the labels are the header row.
    const stacked = filled.length === 1 ? stackedHeader(rows, r) : undefined;
    if (stacked) return stacked;
    // A stream: the header's labels stacked one per line.
    if (filled.length === 1) {
      const h = streamHeader(rows, r);
      if (h) return h;
    }
  }
  return from === 0 && implicit ? implicitHeader(rows) : undefined;
}

/** Header labels one per line (from row `r`, the 三级 label, back to the 一级 one) followed by a row of several cells. */
function stackedHeader(rows: Cell[][], r: number): IndicatorHeader | undefined {
  const single = (k: number) => {
    const f = filledOf(rows[k] ?? []);
    return f.length === 1 && columnKind(f[0]!.text) ? f[0] : undefined;
  };
  let first = r;
  while (first > 0 && single(first - 1)) first--;
  let last = r;
  while (single(last + 1)) last++;
  let next = last + 1;
  while (next < rows.length && filledOf(rows[next]!).length === 0) next++;
  if (filledOf(rows[next] ?? []).length < 3) return undefined;
  const cells = rows.slice(first, last + 1).map((row, i) => ({ ...single(first + i)!, col: i + 1 }));
  if (cells.length < 3) return undefined;
  return { ...rowHeader(rows, last, cells), row: last, first };
}

/**
 * No header at all, but indicators under their category headings: prose (`数量指标：种植葡萄>=17600株`)
 * or rows `产出指标 数量指标 培训人数 ≥100人` with the header left out. Read as a block whose only
 * column after the name is the value; needs two category headings, the first followed by an
 * indicator.
 */
function implicitHeader(rows: Cell[][]): IndicatorHeader | undefined {
  let first = -1;
  let cats = 0;
  for (let r = 0; r < rows.length && cats < 2; r++) {
    const filled = filledOf(rows[r]!);
    if (!filled.length || !isCategoryText(filled[0]!.text)) continue;
    if (first < 0) {
      const rest = filled.slice(1).filter((c) => !isCategoryText(c.text));
      const nextRow = filledOf(rows[r + 1] ?? []);
      const nameFollows = rest.length > 0 || (nextRow.length === 1 && !isLabel(nextRow[0]!.text)) || (nextRow.length > 0 && isCategoryText(nextRow[0]!.text));
      if (!nameFollows) continue;
      first = r;
    }
    cats += filled.filter((c) => isCategoryText(c.text)).length;
  }
  if (first < 0 || cats < 2) return undefined;
  const stream = filledOf(rows[first]!).length === 1;
  return {
    row: first - 1,
    first,
    projectColumns: [],
    spec: { trailing: [{ kind: 'value', col: stream ? 1 : 1000, label: '' }], hasCategories: true, stream, skipLeading: SECTION_LEADING, valueSlotsOnly: !stream },
  };
}

const SUB_WORDS = /^(实施周期|中期|长期|中长期|总体|当年度|年度|本年度|当年|全年|目标值|指标值)$/;

/**
 * A header over two rows: `指标值` merged over `实施周期 | 当年度` (or `实施周期指标值 | 当年度指标值`)
 * on the row below. Returns the header cells with the merged cell replaced by the ones under it.
 */
function subHeader(rows: Cell[][], r: number): Cell[] | undefined {
  const top = filledOf(rows[r]!);
  const below = filledOf(rows[r + 1] ?? []);
  if (below.length === 0 || below.length > 8) return undefined;
  const parentOf = (c: Cell) => [...top].reverse().find((p) => p.col <= c.col && (!p.merge || p.merge.right >= c.col));
  const subs: Array<{ cell: Cell; parent: Cell }> = [];
  for (const c of below) {
    const t = norm(c.text);
    const k = columnKind(c.text);
    if (k === 'level1' || k === 'level2' || k === 'name') return undefined;
    if (!k && !SUB_WORDS.test(t)) return undefined;
    const parent = parentOf(c);
    if (!parent) return undefined;
    subs.push({ cell: c, parent });
  }
  const replaced = new Set(subs.map((x) => x.parent));
  const out: Cell[] = [];
  for (const p of top) {
    if (!replaced.has(p)) {
      out.push(p);
      continue;
    }
    for (const { cell, parent } of subs.filter((x) => x.parent === p)) {
      const own = columnKind(cell.text);
      const combined = `${norm(cell.text)}${norm(parent.text)}`;
      const text = own && own !== 'value' ? cell.text : columnKind(combined) ? combined : cell.text;
      out.push({ ...cell, text });
    }
  }
  return out;
}

function rowHeader(rows: Cell[][], r: number, cells?: Cell[]): IndicatorHeader {
  const all = cells ?? filledOf(rows[r]!);
  const names = all.filter((c) => columnKind(c.text) === 'name');
  const tagged = (tag: 'period' | 'annual') => all.filter((c) => periodTagOf(c.text) === tag && columnKind(c.text)).map((c) => c.col);
  const periodCols = tagged('period');
  const annualCols = tagged('annual');
  if (names.length >= 2 && periodCols.length && annualCols.length) {
    // 二级指标(长期) | 三级指标(长期) | 指标值(长期) | 二级指标(年度) | 三级指标(年度) | 指标值(年度)
    const pFrom = Math.min(...periodCols);
    const aFrom = Math.min(...annualCols);
    const shared = all.filter((c) => c.col < Math.min(pFrom, aFrom) && columnKind(c.text)).map((c) => c.col);
    const last = Math.max(...all.map((c) => c.col)) + 1000;
    const period: ColRange = { shared, from: pFrom, to: aFrom > pFrom ? aFrom - 1 : last };
    const annual: ColRange = { shared, from: aFrom, to: pFrom > aFrom ? pFrom - 1 : last };
    const untag = (c: Cell): Cell => ({ ...c, text: c.text.replace(/[（(](长期|中期|中长期|实施期|实施周期|总体|年度|当年|当年度|本年度)[）)]\s*$/, '') });
    const sub = (range: ColRange) => rowHeaderOf(all.filter(inRange(range)).map(untag), r);
    const a = sub(annual);
    const p = sub(period);
    a.blocks = { annual, period: { spec: p.spec, cols: period } };
    return a;
  }
  if (names.length === 2 && !periodCols.length && !annualCols.length) {
    const pair = untaggedBlocks(all, names[1]!, r);
    if (pair) return pair;
  }
  return rowHeaderOf(all, r);
}

/**
 * The same columns twice with no 中期/年度 tag (`一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 |
 * 三级指标 | 指标值`): two blocks side by side. The block whose value column says 实施周期/中期 is the
 * period block, the one that says 当年度 the annual; with neither, the left block is the period one
 * and the right the annual one, as the standard 申报表 lays out 中期目标 | 年度目标 above them.
 * Flattened merges shift the cells of a row, so each row is cut into its two halves by what the
 * cells say, not by their columns (`rowHalves`).
 */
function untaggedBlocks(all: Cell[], secondName: Cell, r: number): IndicatorHeader | undefined {
  const at = all.indexOf(secondName);
  const start = all[at - 1] && columnKind(all[at - 1]!.text) === 'level2' ? at - 1 : at;
  const firstLevel = all.findIndex((c) => columnKind(c.text) === 'level2' || columnKind(c.text) === 'name');
  const shared = all.slice(0, firstLevel).filter((c) => columnKind(c.text) === 'level1');
  const left = [...shared, ...all.slice(firstLevel, start)];
  const right = [...shared, ...all.slice(start)];
  const kinds = (cells: Cell[]) => cells.map((c) => columnKind(c.text));
  if (kinds(left).filter((k) => k === 'name').length !== 1 || !kinds(left).some((k) => k === 'value' || k === 'periodValue')) return undefined;
  const leftIsAnnual = kinds(right).includes('periodValue') && !kinds(left).includes('periodValue');
  const a = rowHeaderOf(leftIsAnnual ? left : right, r);
  const p = rowHeaderOf(leftIsAnnual ? right : left, r);
  const cols = (cells: Cell[]): ColRange => ({ shared: shared.map((c) => c.col), from: Math.min(...cells.filter((c) => !shared.includes(c)).map((c) => c.col)), to: Math.max(...cells.map((c) => c.col)) });
  a.blocks = { annual: cols(leftIsAnnual ? left : right), period: { spec: p.spec, cols: cols(leftIsAnnual ? right : left) }, byHalves: leftIsAnnual ? 'left' : 'right' };
  return a;
}

/**
 * A row of two untagged blocks side by side, cut into the left and the right block's cells: its
 * leading 一级 cells belong to both; the rest is cut in half when it has an even number of cells,
 * otherwise where the row's first name comes again; a 二级 written only on the left (one merged
 * cell over both blocks) stands for both.
 */
function rowHalves(row: Cell[]): { left: Cell[]; right: Cell[] } {
  const filled = filledOf(row);
  let i = 0;
  while (i < filled.length && isCategoryText(filled[i]!.text) && matchLevel1(filled[i]!.text)) i++;
  const shared = filled.slice(0, i);
  const rest = filled.slice(i);
  let cut = rest.length % 2 === 0 ? rest.length / 2 : -1;
  if (cut < 0) {
    const lead = rest.findIndex((c) => !isCategoryText(c.text));
    const again = lead < 0 ? -1 : rest.findIndex((c, k) => k > lead && norm(c.text) === norm(rest[lead]!.text));
    cut = again < 0 ? 0 : again;
  }
  const left = rest.slice(0, cut);
  const right = rest.slice(cut);
  const cats = (cells: Cell[]) => cells.slice(0, cells.findIndex((c) => !isCategoryText(c.text)));
  const rightCats = cats(right).length ? [] : cats(left);
  return { left: [...shared, ...left], right: [...shared, ...rightCats, ...right] };
}

function rowHeaderOf(cells: Cell[], r: number): IndicatorHeader {
  const cols: ColumnSpec[] = [];
  const projectColumns: IndicatorHeader['projectColumns'] = [];
  let nameSeen = false;
  let hasCategories = false;
  let level1Seen = false;
  let level2Seen = false;
  for (const c of cells) {
    // 指标类型 before the name column heads the 一级 column (`指标类型 | 指标名称 | 指标值`); after it, 定量/定性.
    const k = !nameSeen && norm(c.text) === '指标类型' ? 'level1' : columnKind(c.text);
    if (k === 'level1' || k === 'level2') {
      hasCategories = true;
      level1Seen = true;
      if (k === 'level2') level2Seen = true;
      continue;
    }
    if (k === 'name') {
      nameSeen = true;
      continue;
    }
    if (!nameSeen) {
      if (!level1Seen) {
        const f = fieldOfLabel(c.text);
        const field = norm(c.text) === '单位名称' ? 'unitName' : f;
        if (field) projectColumns.push({ field, col: c.col, label: c.text.trim() });
      }
      continue;
    }
    if (k) cols.push({ kind: k, col: c.col, label: c.text.trim() });
  }
  const valueSlotsOnly = cols.every((c) => c.kind === 'value' || c.kind === 'periodValue') && projectColumns.length === 0;
  if (valueSlotsOnly && !cols.some((c) => c.kind === 'value')) cols.push({ kind: 'value', col: cells.length + 1, label: '' });
  return {
    row: r,
    first: r,
    projectColumns,
    spec: { trailing: cols, hasCategories, stream: false, skipLeading: SECTION_LEADING, valueSlotsOnly, ...(level1Seen && !level2Seen ? { level1Only: true } : {}) },
  };
}

function streamHeader(rows: Cell[][], r: number): IndicatorHeader | undefined {
  const single = (k: number) => {
    const f = filledOf(rows[k] ?? []);
    return f.length === 1 ? f[0] : undefined;
  };
  const isBlank = (k: number) => filledOf(rows[k] ?? []).length === 0;
  let first = r;
  for (let k = r - 1; k >= 0; k--) {
    if (isBlank(k)) continue;
    const c = single(k);
    const kind = c ? columnKind(c.text) : undefined;
    if (kind !== 'level1' && kind !== 'level2') break;
    first = k;
  }
  const cols: ColumnSpec[] = [];
  let last = r;
  for (let k = r + 1; k < rows.length; k++) {
    if (isBlank(k)) continue;
    const c = single(k);
    const kind = c ? columnKind(c.text) : undefined;
    if (!kind || kind === 'name' || kind === 'level1' || kind === 'level2') break;
    cols.push({ kind, col: cols.length + 1, label: c!.text.trim() });
    last = k;
  }
  const hasCategories = first < r;
  if (cols.length === 0 || (!hasCategories && !NAME_STRONG.has(norm(single(r)!.text)) && cols.length < 2)) return undefined;
  return {
    row: last,
    first,
    projectColumns: [],
    spec: { trailing: cols, hasCategories, stream: true, skipLeading: SECTION_LEADING, valueSlotsOnly: false },
  };
}

/** Rows of the indicator block (after its header) up to the first blank row, footnote or stop label. */
function indicatorBlock(rows: Cell[][], header: IndicatorHeader): Cell[][] {
  if (header.spec.stream) return rows.slice(header.row + 1);
  const out: Cell[][] = [];
  for (let r = header.row + 1; r < rows.length; r++) {
    const filled = filledOf(rows[r]!);
    // Blank lines between the header and its first row (a web table copied to text) do not end the block.
    if (filled.length === 0 && out.length === 0) continue;
    if (filled.length === 0) {
      // A blank row ends the block, unless it is the empty row of the category heading above it
      // (`经济效益 指标` with no indicator filled in) or, once the block has its categories, a
      // category heading follows it (not the rest of a header over several rows: `二级 | 指标`).
      const prev = out.length ? filledOf(out[out.length - 1]!) : [];
      let n = r + 1;
      while (n < rows.length && filledOf(rows[n]!).length === 0) n++;
      const next = filledOf(rows[n] ?? []);
      const started = out.some((row) => filledOf(row).some((c) => isCategoryText(c.text)));
      const headingFollows = started && next.length > 0 && isCategoryText(next[0]!.text) && !next.some((c) => columnKind(c.text) !== undefined);
      if ((prev.length > 0 && prev.every((c) => isCategoryText(c.text))) || headingFollows) continue;
      break;
    }
    const first = filled[0]!.text.trim();
    if (FOOTNOTE_RE.test(first) && filled.length === 1) break;
    if (isStopLabel(first) || (filled.length === 1 && isTitle(first))) break;
    out.push(rows[r]!);
  }
  return out;
}

function footnotes(rows: Cell[][], from: number): string[] {
  const notes: string[] = [];
  let inNotes = false;
  for (let r = Math.max(from, 0); r < rows.length; r++) {
    const filled = filledOf(rows[r]!);
    if (filled.length !== 1) continue;
    const t = filled[0]!.text.trim();
    if (/^(备注|注[:：])/.test(t)) inNotes = true;
    if (inNotes && FOOTNOTE_RE.test(t)) notes.push(t);
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------
// Table-wide facts

/** The amount unit the table announces (金额单位:元, 单位:万元, 资金情况(万元)); 万元 by default. */
function unitOf(rows: Cell[][], until: number): '万元' | '元' {
  for (let r = 0; r < Math.min(until < 0 ? rows.length : until, rows.length); r++) {
    for (const c of rows[r]!) {
      if (!c.text.trim()) continue;
      const u = amountUnitOf(c.text);
      if (u) return u;
      const m = /^(资金情况|预算金额|年度预算数|资金总额|金额)\((万元|元)\)$/.exec(norm(c.text));
      if (m) return m[2] as '万元' | '元';
    }
  }
  return '万元';
}

function segmentYear(seg: Segment): number | undefined {
  const y = yearOf(seg.title);
  if (y) return y;
  for (const row of seg.rows.slice(0, 3)) {
    const f = filledOf(row);
    if (f.length === 1 && YEAR_LINE.test(f[0]!.text.trim())) return yearOf(f[0]!.text);
  }
  return undefined;
}

interface Ctx {
  grid: CellGrid;
  seg: Segment;
  findings: Finding[];
  unit: '万元' | '元';
  header?: IndicatorHeader;
  idx: FieldIndex;
}

function makeCtx(grid: CellGrid, seg: Segment, findings: Finding[]): Ctx {
  const header = findIndicatorHeader(seg.rows);
  const unit = unitOf(seg.rows, header ? header.first : -1);
  const ctx: Ctx = { grid, seg, findings, unit, idx: new FieldIndex(grid, seg.rows) };
  if (header) ctx.header = header;
  return ctx;
}

function readIndicators(ctx: Ctx, t: { indicators: TargetTable['indicators'] }): void {
  const { grid, seg, header } = ctx;
  if (!header) {
    ctx.findings.push(noIndicators(grid, seg));
    return;
  }
  const block = indicatorBlock(seg.rows, header);
  if (!header.blocks) {
    const res = readIndicatorBlock(grid, block, header.spec);
    t.indicators = res.indicators;
    ctx.findings.push(...res.findings);
    return;
  }
  // Side-by-side blocks: the 年度 block gives the indicators; the 中期 block their period values.
  const { annual, period, byHalves } = header.blocks;
  const halves = byHalves && block.map(rowHalves);
  const annualRows = halves ? halves.map((h) => (byHalves === 'left' ? h.left : h.right)) : block.map((row) => row.filter(inRange(annual)));
  const periodRows = halves ? halves.map((h) => (byHalves === 'left' ? h.right : h.left)) : block.map((row) => row.filter(inRange(period.cols)));
  const res = readIndicatorBlock(grid, annualRows, header.spec);
  const per = readIndicatorBlock(grid, periodRows, period.spec);
  t.indicators = res.indicators;
  ctx.findings.push(...res.findings);
  for (const p of per.indicators) {
    const pv = p.value.empty && p.periodValue ? p.periodValue : p.value;
    const same = t.indicators.find((i) => norm(i.name.raw) === norm(p.name.raw));
    if (same) {
      same.periodValue = pv;
      continue;
    }
    const id = `i${t.indicators.length + 1}`;
    t.indicators.push({ ...p, id, value: parseIndicatorValue(''), periodValue: pv });
    ctx.findings.push(
      importFinding(
        'period-only-indicator',
        'info',
        {
          zh: `中期（长期）指标“${p.name.raw}”在年度指标中没有同名指标，已作为只有实施周期指标值的指标导入。`,
          en: `Long-term indicator "${p.name.raw}" has no annual indicator of the same name; imported with its period value only.`,
        },
        { grid, ...(p.name.source ? { cell: p.name.source } : {}), section: 'indicators', indicatorId: id, row: t.indicators.length, field: 'periodValue' },
      ),
    );
  }
}

const EXTRA_LABELS: readonly string[] = [
  ...FIELD_SYNONYMS.basis,
  ...FIELD_SYNONYMS.deptDuty,
  '联系人',
  '联系电话',
  '项目负责人及电话',
  '项目负责人',
  '该项目支出上级资金',
  '项目属性',
];

/** Header fields the model has no place for, kept as filed. */
function extraFields(ctx: Ctx): Array<{ label: TextField; value: TextField }> {
  const out: Array<{ label: TextField; value: TextField }> = [];
  for (const l of EXTRA_LABELS) {
    const hit = ctx.idx.find([l]);
    if (!hit || out.some((o) => o.label.source && o.label.source.row === hit.label.row && o.label.source.col === hit.label.col)) continue;
    out.push({ label: field(ctx.grid, hit.label, hit.label.text), value: field(ctx.grid, hit.value ?? hit.label, hit.value?.text ?? '') });
  }
  return out;
}

function base<K extends TargetTable['kind']>(ctx: Ctx, kind: K) {
  const b: { kind: K; title: string; notes: string[]; indicators: TargetTable['indicators']; year?: number; source?: TargetTable['source'] } = {
    kind,
    title: ctx.seg.title,
    notes: [],
    indicators: [],
  };
  const y = segmentYear(ctx.seg);
  if (y) b.year = y;
  if (ctx.seg.titleCell) b.source = cellRef(ctx.grid, ctx.seg.titleCell);
  return b;
}

// ---------------------------------------------------------------------------------------------
// 部门整体

function readDeptOverall(ctx: Ctx): DeptOverallTable {
  const { grid, seg, idx } = ctx;
  const rows = seg.rows;
  const amount = (f: TextField) => amountOf(f, ctx.unit, ctx.findings, grid);
  const t: DeptOverallTable = {
    ...base(ctx, 'dept-overall'),
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
    overallGoal: idx.text('overallGoal'),
    keyTasks: [],
    otherTasks: idx.text(['其他需完成的任务(可选填)', '其他需完成的任务']),
  };
  const code = idx.find('deptCode');
  if (code?.value) t.deptCode = field(grid, code.value, code.value.text);

  // 事业发展性支出: its sub-lines follow its heading until the goal section.
  const devRow = rowIndexOf(rows, hasText('事业发展性支出'));
  const goalRow = rowIndexOf(rows, hasText('总体绩效目标'));
  if (devRow >= 0) {
    const end = goalRow > devRow ? goalRow : rows.length;
    for (let r = devRow + 1; r < end; r++) {
      const filled = filledOf(rows[r]!);
      if (filled.length < 2 || isLabel(filled[0]!.text)) continue;
      const name = filled[0]!;
      const amt = filled[1]!;
      t.funds.development.push({ name: field(grid, name, name.text), amount: amount(field(grid, amt, amt.text)) });
    }
  }

  // 年度重点工作任务: rows after its header, each: name, content, amount, expected.
  const taskHeader = rowIndexOf(rows, hasText('年度重点工作任务'));
  const indicatorHeader = ctx.header ? ctx.header.first : -1;
  if (taskHeader >= 0) {
    for (let r = taskHeader + 1; r < rows.length && (indicatorHeader < 0 || r < indicatorHeader); r++) {
      const filled = filledOf(rows[r]!);
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

  if (devRow >= 0 && t.funds.development.length === 0 && filledOf(rows[devRow]!).length === 1) {
    t.funds.development = streamDevelopment(ctx, devRow, goalRow > devRow ? goalRow : rows.length);
  }
  if (taskHeader >= 0 && t.keyTasks.length === 0 && filledOf(rows[taskHeader]!).length === 1) {
    t.keyTasks = streamTasks(ctx, taskHeader, indicatorHeader < 0 ? rows.length : indicatorHeader);
  }

  readIndicators(ctx, t);
  t.notes = footnotes(rows, indicatorHeader);
  const extra = extraFields(ctx);
  if (extra.length) t.extraFields = extra;
  return t;
}

/** The cells of rows from..to in reading order (a table flattened one cell per line). */
function streamCells(rows: Cell[][], from: number, to: number): Cell[] {
  return rows.slice(from, to).flatMap(filledOf);
}

const isMoney = (c: Cell | undefined) => c !== undefined && /\d/.test(c.text) && parseMoney(c.text) !== null;

/** 事业发展性支出 flattened: name, amount, name, amount … up to the goal. */
function streamDevelopment(ctx: Ctx, devRow: number, end: number): DeptOverallTable['funds']['development'] {
  const cells = streamCells(ctx.seg.rows, devRow + 1, end).filter((c) => !isLabel(c.text));
  const out: DeptOverallTable['funds']['development'] = [];
  for (let i = 0; i + 1 < cells.length; i++) {
    if (isMoney(cells[i]) || !isMoney(cells[i + 1])) continue;
    const [name, amt] = [cells[i]!, cells[i + 1]!];
    out.push({ name: field(ctx.grid, name, name.text), amount: amountOf(field(ctx.grid, amt, amt.text), ctx.unit, ctx.findings, ctx.grid) });
    i++;
  }
  return out;
}

/** 年度重点工作任务 flattened: after its column labels, name, content, amount, expected for each task, anchored on the amounts. */
function streamTasks(ctx: Ctx, taskRow: number, end: number): KeyTask[] {
  const { grid } = ctx;
  const cells: Cell[] = [];
  for (const c of streamCells(ctx.seg.rows, taskRow + 1, end)) {
    if (/^其他需完成的任务/.test(norm(c.text))) break;
    if (!isLabel(c.text)) cells.push(c);
  }
  const anchors = cells.map((c, i) => (isMoney(c) && i >= 1 ? i : -1)).filter((i) => i >= 0);
  const out: KeyTask[] = [];
  anchors.forEach((m, j) => {
    const next = anchors[j + 1];
    const name = m >= 2 ? cells[m - 2] : undefined;
    const content = cells[m - 1];
    const expected = cells[m + 1] && (next === undefined || m + 1 < next - 2) ? cells[m + 1] : undefined;
    const task: KeyTask = {
      name: field(grid, name, name?.text ?? ''),
      content: field(grid, content, content?.text ?? ''),
      amount: amountOf(field(grid, cells[m], cells[m]!.text), ctx.unit, ctx.findings, grid),
      expected: field(grid, expected, expected?.text ?? ''),
    };
    if (name) task.source = cellRef(grid, name);
    out.push(task);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// 项目支出

function projectFields(ctx: Ctx): Omit<ProjectTable, 'kind' | 'title' | 'notes' | 'indicators' | 'year' | 'source'> {
  const { grid, seg, idx } = ctx;
  const rows = seg.rows;
  const amount = (f: TextField, zh: string, en: string) => amountOf(f, ctx.unit, ctx.findings, grid, { zh, en });
  const unitHit = idx.find(['用款单位', '实施单位', '项目实施单位', '预算单位', '执行单位', '单位名称', '编制单位']);
  const p: Omit<ProjectTable, 'kind' | 'title' | 'notes' | 'indicators' | 'year' | 'source'> = {
    projectName: idx.text('projectName'),
    projectType: codeName(idx.text('projectType')),
    projectLevel: idx.text('projectLevel'),
    department: codeName(idx.text('department')),
    unit: codeName(field(grid, unitHit?.value ?? unitHit?.label, unitHit?.value?.text ?? '')),
    period: { start: year(idx.text('periodStart')), end: year(idx.text('periodEnd'), 'end') },
    totalAmount: amount(idx.text('totalAmount'), '总金额', 'Total amount'),
    currentAmount: amount(idx.text('currentAmount'), '当年金额', 'Current-year amount'),
    overview: idx.text('overview'),
    periodGoal: { raw: '' },
    annualGoal: { raw: '' },
  };
  // 实施期限 / 项目期 written as one text: 2023.07-2024.01, 202001-202012.
  if (p.period.start.year === null && p.period.end.year === null) {
    const whole = idx.text('period');
    if (whole.raw) p.period = { start: year(whole), end: year(whole, 'end') };
  }
  const code = idx.find('projectCode');
  if (code?.value) p.projectCode = field(grid, code.value, code.value.text);
  // 中期 and 年度 amounts side by side (中期资金总额 | … | 年度资金总额 | …): the sources of the current
  // year (其中:财政拨款, 其他资金) are the ones in the 年度 column, written again on the right.
  const total = idx.find('totalAmount');
  const current = idx.find('currentAmount');
  const annualOnRight = total && current && total.label.row === current.label.row && current.label.col > total.label.col;
  const source = (f: FieldName) => (annualOnRight ? idx.findRightmost(f) : idx.find(f));
  const fiscal = source('fiscalAmount');
  if (fiscal?.value) p.fiscalAmount = amount(field(grid, fiscal.value, fiscal.value.text), '财政拨款', 'Fiscal appropriation');
  const other = source('otherAmount');
  if (other?.value) p.otherAmount = amount(field(grid, other.value, other.value.text), '其他资金', 'Other funds');

  // Goals: a label row (实施周期总目标 / 当年度目标) and the texts on the next row, by column.
  const goalRow = rowIndexOf(rows, (c) => /^实施周期总目标/.test(norm(c.text)) || norm(c.text) === '当年度目标');
  const seedGoals = goalRow >= 0 && filledOf(rows[goalRow]!).length > 1;
  if (seedGoals) {
    const labels = rows[goalRow]!.filter((c) => /^实施周期总目标/.test(norm(c.text)) || norm(c.text) === '当年度目标');
    const next = (rows[goalRow + 1] ?? []).filter((c) => c.text.trim() && !isLabel(c.text));
    const periodLabel = labels.find((c) => /^实施周期总目标/.test(norm(c.text)));
    const annualLabel = labels.find((c) => norm(c.text) === '当年度目标');
    if (next.length >= 2) {
      p.periodGoal = field(grid, next[0], next[0]!.text);
      p.annualGoal = field(grid, next[1], next[1]!.text);
    } else if (next.length === 1) {
      const c = next[0]!;
      const nearAnnual = annualLabel && (!periodLabel || Math.abs(c.col - annualLabel.col) < Math.abs(c.col - periodLabel.col));
      if (nearAnnual) p.annualGoal = field(grid, c, c.text);
      else p.periodGoal = field(grid, c, c.text);
    }
  } else {
    p.periodGoal = idx.text('periodGoal');
    p.annualGoal = idx.text('annualGoal');
  }
  return p;
}

function readProject(ctx: Ctx): ProjectTable {
  const t: ProjectTable = { ...base(ctx, 'project'), ...projectFields(ctx) };
  readIndicators(ctx, t);
  t.notes = footnotes(ctx.seg.rows, ctx.header ? ctx.header.first : -1);
  const extra = extraFields(ctx);
  if (extra.length) t.extraFields = extra;
  return t;
}

/** One row per indicator, project columns first (单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 …): one table per project. */
function readPerRowProjects(ctx: Ctx): ProjectTable[] {
  const { grid, seg } = ctx;
  const header = ctx.header!;
  const cols = header.projectColumns;
  const amountCol = cols.findIndex((c) => c.field === 'currentAmount' || c.field === 'totalAmount');
  const blockRows = indicatorBlock(seg.rows, header);
  interface Group {
    fields: Map<string, Cell>;
    rows: Cell[][];
  }
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const unitIds = new Map<Cell | undefined, number>();
  const keyOf = (name: string, u: Cell | undefined) => {
    if (!unitIds.has(u)) unitIds.set(u, unitIds.size);
    return `${unitIds.get(u)}\u0000${norm(name)}`;
  };
  const firstIndicatorCol = Math.min(...filledOf(seg.rows[header.row]!).filter((c) => columnKind(c.text)).map((c) => c.col));
  const level1Col = filledOf(seg.rows[header.row]!).find((c) => columnKind(c.text) === 'level1')?.col;
  let dept: Cell | undefined;
  let unit: Cell | undefined;
  let cur: Group | undefined;
  const isCat = (t: string) => Boolean(matchLevel1(t) || matchLevel2(t));
  for (const row of blockRows) {
    const tokens = filledOf(row);
    let k = tokens.findIndex((c) => isCat(c.text.trim()));
    // A real grid: the project part is every cell left of the first indicator column.
    if (k < 0 && tokens.some((c) => c.col >= firstIndicatorCol) && cols.every((c) => c.col < firstIndicatorCol) && tokens.length > 2) {
      k = tokens.findIndex((c) => c.col >= firstIndicatorCol);
    }
    const projectPart = k < 0 ? tokens : tokens.slice(0, k);
    const indicatorPart = k < 0 ? [] : tokens.slice(k);
    const aligned = indicatorPart.length > 0 && indicatorPart[0]!.col === level1Col;
    const placed = placeProjectCells(projectPart, cols, amountCol, aligned);
    if (indicatorPart.length === 0) {
      // A group row (the department and its total) or a project with no indicators.
      if (projectPart.length) {
        dept = projectPart[0];
        unit = undefined;
      }
      continue;
    }
    if (placed.has('unitName')) unit = placed.get('unitName');
    const name = placed.get('projectName');
    if (name) {
      const key = keyOf(name.text, unit);
      const existing = byKey.get(key);
      if (existing) cur = existing;
      else {
        cur = { fields: new Map(placed), rows: [] };
        if (unit) cur.fields.set('unitName', unit);
        if (dept) cur.fields.set('department', dept);
        groups.push(cur);
        byKey.set(key, cur);
      }
    }
    if (!cur) {
      cur = { fields: new Map(), rows: [] };
      groups.push(cur);
    }
    cur.rows.push(indicatorPart);
  }
  return groups.map((g) => {
    const own: Finding[] = [];
    const f = (k: string): TextField => {
      const c = g.fields.get(k);
      return field(grid, c, c?.text ?? '');
    };
    const t: ProjectTable = {
      ...base(ctx, 'project'),
      projectName: f('projectName'),
      projectType: codeName({ raw: '' }),
      projectLevel: { raw: '' },
      department: codeName(f('department')),
      unit: codeName(f('unitName')),
      period: { start: { raw: '', year: null }, end: { raw: '', year: null } },
      totalAmount: amountOf(f('totalAmount'), ctx.unit, own, grid),
      currentAmount: amountOf(f('currentAmount'), ctx.unit, own, grid),
      overview: f('overview'),
      periodGoal: f('periodGoal'),
      annualGoal: f('annualGoal'),
    };
    const res = readIndicatorBlock(grid, g.rows, header.spec);
    t.indicators = res.indicators;
    const local = [...own, ...res.findings];
    (t as ProjectTable & { _findings?: Finding[] })._findings = local;
    return t;
  });
}

function placeProjectCells(tokens: Cell[], cols: IndicatorHeader['projectColumns'], amountCol: number, aligned: boolean): Map<string, Cell> {
  const out = new Map<string, Cell>();
  if (tokens.length === 0) return out;
  // A real grid: by column.
  if (aligned && tokens.every((t) => cols.some((c) => c.col === t.col))) {
    for (const t of tokens) out.set(cols.find((c) => c.col === t.col)!.field, t);
    return out;
  }
  const a = tokens.findIndex((t) => parseMoney(t.text) !== null && /\d/.test(t.text));
  if (amountCol >= 0 && a >= 0) {
    out.set(cols[amountCol]!.field, tokens[a]!);
    const before = tokens.slice(0, a);
    const after = tokens.slice(a + 1);
    for (let i = before.length - 1, j = amountCol - 1; i >= 0 && j >= 0; i--, j--) out.set(cols[j]!.field, before[i]!);
    for (let i = 0, j = amountCol + 1; i < after.length && j < cols.length; i++, j++) out.set(cols[j]!.field, after[i]!);
    return out;
  }
  for (let i = tokens.length - 1, j = cols.length - 1; i >= 0 && j >= 0; i--, j--) out.set(cols[j]!.field, tokens[i]!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 绩效自评

const EXEC_COLUMNS: Array<[keyof Omit<ExecutionLine, 'name'>, RegExp]> = [
  ['initialBudget', /^(年初预算|年初预算数)$/],
  ['adjustedBudget', /^(调整后预算数|全年预算数|调整后预算|全年预算)$/],
  ['executed', /^(预算执行数|全年执行数|执行数|实际执行数)$/],
  ['rate', /^(预算执行率|执行率)$/],
  ['weight', /^(权重|分值)$/],
  ['score', /^得分$/],
];
const FUND_LINE = /^(其中[:：]?)?(总额|合计|年度资金总额|资金总额|财政资金|本年财政拨款|财政拨款|上年结转资金|财政专户管理资金|单位资金|其他资金|当年财政拨款)$/;

function readExecution(ctx: Ctx): ExecutionLine[] {
  const { grid, seg } = ctx;
  const rows = seg.rows;
  const end = ctx.header ? ctx.header.first : rows.length;
  const hr = rowIndexOf(rows, (c) => EXEC_COLUMNS[0]![1].test(norm(c.text)) || EXEC_COLUMNS[1]![1].test(norm(c.text)));
  if (hr < 0 || hr >= end) return [];
  const amount = (c: Cell | undefined) => amountOf(field(grid, c, c?.text ?? ''), ctx.unit, ctx.findings, grid, { zh: '预算数', en: 'Budget' });
  const tf = (c: Cell | undefined) => field(grid, c, c?.text ?? '');
  const line = (name: Cell, cells: Array<Cell | undefined>): ExecutionLine => ({
    name: tf(name),
    initialBudget: amount(cells[0]),
    adjustedBudget: amount(cells[1]),
    executed: amount(cells[2]),
    rate: tf(cells[3]),
    weight: tf(cells[4]),
    score: tf(cells[5]),
  });
  const out: ExecutionLine[] = [];
  const headerCells = filledOf(rows[hr]!);
  if (headerCells.length > 2) {
    // Rows: the name then the columns in header order.
    const colOf = EXEC_COLUMNS.map(([, re]) => headerCells.find((c) => re.test(norm(c.text)))?.col);
    for (let r = hr + 1; r < end; r++) {
      const filled = filledOf(rows[r]!);
      if (!filled.length || !FUND_LINE.test(norm(filled[0]!.text))) continue;
      const rest = rows[r]!.filter((c) => c.col > filled[0]!.col);
      const byCol = colOf.map((col) => rest.find((c) => c.col === col && c.text.trim()));
      const positional = filled.slice(1);
      out.push(line(filled[0]!, byCol.some(Boolean) ? byCol : positional));
    }
    return out;
  }
  // A stream: the column labels stacked, then each line's name and cells (a one-empty-cell row is an empty cell).
  let r = hr;
  while (r < end && filledOf(rows[r]!).length === 1 && (isLabel(filledOf(rows[r]!)[0]!.text) || /^原因$/.test(norm(filledOf(rows[r]!)[0]!.text)))) r++;
  let cur: { name: Cell; cells: Array<Cell | undefined> } | undefined;
  const flush = () => {
    if (cur) out.push(line(cur.name, cur.cells));
    cur = undefined;
  };
  for (; r < end; r++) {
    const filled = filledOf(rows[r]!);
    if (filled.length === 0) {
      if (cur && rows[r]!.length === 1) cur.cells.push(undefined);
      continue;
    }
    const c = filled[0]!;
    if (FUND_LINE.test(norm(c.text))) {
      flush();
      cur = { name: c, cells: [] };
      continue;
    }
    if (isLabel(c.text) || SECTION_LEADING.test(norm(c.text))) break;
    if (cur) cur.cells.push(c);
  }
  flush();
  return out;
}

/** The first of several label lists whose value is filled (the most specific label first). */
function firstFilled(idx: FieldIndex, ...lists: Array<readonly string[]>): TextField {
  let first: TextField | undefined;
  for (const l of lists) {
    const f = idx.text(l);
    if (f.raw) return f;
    first ??= f;
  }
  return first!;
}

function readSelfEval(ctx: Ctx): SelfEvalTable {
  const { grid, idx, seg } = ctx;
  const after = ctx.header ? new FieldIndex(grid, seg.rows.slice(ctx.header.row + 1)) : idx;
  const t: SelfEvalTable = {
    ...base(ctx, 'self-eval'),
    projectName: idx.text('projectName'),
    department: codeName(idx.text('department')),
    unit: codeName(idx.text(['实施单位', '用款单位', '项目实施单位', '预算单位', '单位名称'])),
    annualGoal: firstFilled(idx, ['项目年度目标', '年度目标', '预期目标', '当年度目标'], ['年度总体目标', '年度总体目标完成情况']),
    goalOutcome: idx.text('goalOutcome'),
    execution: readExecution(ctx),
    conclusion: after.text('conclusion'),
    problems: after.text('problems'),
    measures: after.text('measures'),
  };
  const code = /^\s*([0-9A-Za-z]{6,})\s*[-－—_]\s*\S/.exec(t.projectName.raw);
  if (code) t.projectCode = { raw: code[1]!, ...(t.projectName.source ? { source: t.projectName.source } : {}) };
  readIndicators(ctx, t);
  for (const [f, what] of [
    [t.goalOutcome, { zh: '年度目标完成情况', en: 'Goal outcome' }],
    [t.conclusion, { zh: '评价结论', en: 'Conclusion' }],
    [t.problems, { zh: '存在问题', en: 'Problems' }],
    [t.measures, { zh: '改进措施', en: 'Measures' }],
  ] as const) {
    const fd = templateFinding(grid, f, what, 'goal');
    if (fd) ctx.findings.push(fd);
  }
  t.notes = [];
  return t;
}

// ---------------------------------------------------------------------------------------------

function noIndicators(grid: CellGrid, seg: Segment): Finding {
  const f: Finding = {
    code: 'import.indicators-not-found',
    severity: 'warning',
    message: { zh: `表“${seg.title || '（无标题）'}”中没有找到绩效指标表头（三级指标）。`, en: `No indicator header (三级指标) found in table "${seg.title || '(untitled)'}".` },
    location: { section: 'indicators', tableTitle: seg.title },
  };
  const at = seg.titleCell ?? seg.rows.flat().find((c) => c.text.trim());
  if (at) f.location.source = cellRef(grid, at);
  return f;
}

function kindOf(seg: Segment, header: IndicatorHeader | undefined): TargetTable['kind'] | undefined {
  const selfEvalColumns = header?.spec.trailing.some((c) => c.kind === 'actual' || c.kind === 'score');
  if (isReportTitle(seg.title)) {
    // A report is the self-evaluation; a table inside it without 完成值/得分 columns is the target
    // table it quotes (表1：…绩效目标), and is what its columns and title words say.
    if (!header || selfEvalColumns) return 'self-eval';
  } else if (/自评/.test(seg.title)) return 'self-eval';
  if (/部门整体|整体支出/.test(seg.title)) return 'dept-overall';
  if (selfEvalColumns) return 'self-eval';
  if (/项目|资金/.test(seg.title)) return 'project';
  const labels = new Set(seg.rows.flatMap((r) => r.map((c) => norm(c.text))));
  if (labels.has('部门名称') && (labels.has('预算整体情况') || labels.has('总体绩效目标') || labels.has('年度绩效总目标'))) return 'dept-overall';
  if (FIELD_SYNONYMS.projectName.some((l) => labels.has(norm(l)))) return 'project';
  if (header?.projectColumns.some((c) => c.field === 'projectName')) return 'project';
  // Indicators, and nothing that says department or self-evaluation: a project's targets.
  if (header) return 'project';
  return undefined;
}

/** Recognises every target table in the grid. Never throws: a grid it cannot read gives findings. */
export function recogniseTables(grid: CellGrid, opts: RecogniseOptions = {}): RecogniseResult {
  try {
    return recognise(reshapeGrid(grid), opts);
  } catch (e) {
    return {
      tables: [],
      findings: [
        importFinding(
          'internal-error',
          'error',
          { zh: `读取表格时出错：${(e as Error)?.message ?? String(e)}`, en: `Error while reading the tables: ${(e as Error)?.message ?? String(e)}` },
          { grid },
        ),
      ],
    };
  }
}

/** Recognises the form the table was filled on (core/src/form) and reports the fields it has but could not read. */
function formOf(grid: CellGrid, seg: Segment, ctx: Ctx, t: TargetTable): Finding[] {
  const h = ctx.header;
  const levels = !h?.spec.hasCategories ? [] : h.spec.level1Only ? ['level1'] : ['level1', 'level2'];
  const columns = h ? [...levels, 'name', ...h.spec.trailing.map((c) => c.kind)] : [];
  const input: FormInput = { table: t, rows: seg.rows, columns, context: gridText(grid) };
  if (h) input.headerRow = h.first;
  const { form, unread } = describeForm(input);
  t.form = form;
  return unread.map(({ field, label }) =>
    importFinding(
      'field-unread',
      'warning',
      { zh: `未能读取“${label.text.trim()}”的内容：找到了栏目，没有读出它的值。`, en: `Could not read the value of "${label.text.trim()}": the label is there, its value was not found.` },
      { grid, cell: label, section: 'header', field },
    ),
  );
}

const gridTexts = new WeakMap<CellGrid, string>();
/** The whole grid's text (the page around a table names its place when the table does not). */
function gridText(grid: CellGrid): string {
  let t = gridTexts.get(grid);
  if (t === undefined) {
    t = grid.rows.map((r) => r.map((c) => c.text).join(' ')).join('\n');
    gridTexts.set(grid, t);
  }
  return t;
}

function recognise(grid: CellGrid, opts: RecogniseOptions): RecogniseResult {
  const tables: TargetTable[] = [];
  const findings: Finding[] = [];
  for (const seg of segment(grid, opts)) {
    const local: Finding[] = [];
    const ctx = makeCtx(grid, seg, local);
    const kind = kindOf(seg, ctx.header);
    const add = (t: TargetTable, fs: Finding[]) => {
      fs = [...fs, ...formOf(grid, seg, ctx, t)];
      // A project's indicator always has its 实施周期指标值, empty when the form has no such
      // column: the official form prints the column, the exchange format the field, and the
      // rules read an absent and an empty value alike — so a table reads back as it was read.
      if (t.kind === 'project') for (const ind of t.indicators) ind.periodValue ??= parseIndicatorValue('');
      tables.push(t);
      const index = tables.length - 1;
      for (const f of fs) findings.push({ ...f, location: { ...f.location, table: index, tableTitle: seg.title } });
    };
    if (kind === 'project' && ctx.header && ctx.header.projectColumns.some((c) => c.field === 'projectName')) {
      const list = readPerRowProjects(ctx);
      for (const t of list) {
        const own = (t as ProjectTable & { _findings?: Finding[] })._findings ?? [];
        delete (t as ProjectTable & { _findings?: Finding[] })._findings;
        add(t, [...own]);
      }
      for (const f of local) findings.push({ ...f, location: { ...f.location, tableTitle: seg.title } });
      continue;
    }
    if (kind === 'dept-overall') add(readDeptOverall(ctx), local);
    else if (kind === 'project') add(readProject(ctx), local);
    else if (kind === 'self-eval') add(readSelfEval(ctx), local);
    else {
      const f: Finding = {
        code: 'import.table-kind-unknown',
        severity: 'warning',
        message: { zh: `无法判断“${seg.title}”是哪一种表，已跳过。`, en: `Could not tell what kind of table "${seg.title}" is; skipped.` },
        location: { section: 'table', tableTitle: seg.title },
      };
      const at = seg.titleCell ?? seg.rows.flat().find((c) => c.text.trim());
      if (at) f.location.source = cellRef(grid, at);
      findings.push(f);
    }
  }
  if (tables.length === 0 && findings.length === 0) {
    findings.push({
      code: 'import.no-tables',
      severity: 'warning',
      message: { zh: '文件中没有找到绩效目标表（没有表名或“部门名称”“项目名称”等栏目）。', en: 'No target table found (no title and no 部门名称/项目名称 labels).' },
      location: { section: 'table', source: { ...(grid.file ? { file: grid.file } : {}), ...(grid.sheet ? { sheet: grid.sheet } : {}), row: 1, col: 1 } },
    });
  }
  return { tables, findings };
}

export type { AmountField, CodeNameField };
