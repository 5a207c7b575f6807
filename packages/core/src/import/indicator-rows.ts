/**
 * Reads the indicator block of a table by what the cells say, not where they are: flattened
 * merged cells shift rows left or right, so a known 一级 or 二级 name is recognised in any
 * column, 一级/二级 carry down from the rows above (as a merged cell would), and the first cell
 * that is neither is the 三级 name, followed by its value(s).
 *
 * Two shapes of block are read:
 * - rows (a real grid, or tab text with merges flattened): one indicator per row; the trailing
 *   cells go to the header's columns by count, by column, or by what they look like;
 * - a stream (a table flattened to one cell per line, as web pages copied to text are): the
 *   header's labels are stacked one per line; categories, names and values follow in reading
 *   order and are told apart by vocabulary and by the kinds of the header's columns.
 */
import {
  parentOf,
  type Level1Name,
  type Level2Name,
  type LegacyMapping,
} from '../framework/indicator-framework.ts';
import type { Finding } from '../rules/finding.ts';
import type { Indicator, IndicatorLevel, TextField } from '../model/target-table.ts';
import { parseIndicatorValue, parseOperatorColumn, type IndicatorValue, type ValueContext } from '../value/indicator-value.ts';
import { cellRef, type Cell, type CellGrid } from './cell-grid.ts';
import { matchLevel1, matchLevel2 } from './category-cache.ts';
import { classifyIndicator } from './classify.ts';
import { importFinding } from './import-findings.ts';
import { isStopLabel, isTitle, type ColumnKind } from './vocabulary.ts';

/** Which value a column of the block holds. */
export type ValueSlot = 'value' | 'periodValue';

export interface IndicatorBlockOptions {
  /** Value slots in the order the header names them, with the header's column for each. */
  slots: Array<{ slot: ValueSlot; col: number }>;
  /** Labels to skip at the start of a row (the section label 绩效指标 in the first column). */
  skipLeading?: RegExp;
}

export interface ColumnSpec {
  kind: ColumnKind;
  /** Column in the grid (rows layout); the position in the header (stream layout). */
  col: number;
  label: string;
}

export interface BlockSpec {
  /** Columns after the 三级 name, in header order. */
  trailing: ColumnSpec[];
  /** The header has 一级/二级 columns (when not, rows are classified by keywords). */
  hasCategories: boolean;
  /** Stream layout: one cell per line. */
  stream: boolean;
  skipLeading?: RegExp;
  /** Keep the lead's value-slot placement (only value/periodValue columns). */
  valueSlotsOnly: boolean;
  /**
   * The header's only category column is 一级 (no 二级 column): a 二级 category name on a row
   * stands in the name column and is the 三级 name as filed (a defect the rules report).
   */
  level1Only?: boolean;
}

interface Carried {
  level1?: { raw: string; name: Level1Name; legacy?: LegacyMapping; cell: Cell };
  level2?: { raw: string; name: Level2Name; legacy?: LegacyMapping; cell: Cell };
}
type L1 = NonNullable<Carried['level1']>;
type L2 = NonNullable<Carried['level2']>;

export interface IndicatorBlockResult {
  indicators: Indicator[];
  findings: Finding[];
}

/** The section labels that may lead an indicator row (a merged first column). */
export const SECTION_LEADING = /^(本年度|年度|当年|当年度)?(绩效指标|年度绩效指标)(\(\d+分\))?$|^绩效指标\(\d+分\)$/;

function level(raw: string, name: Level1Name | Level2Name | undefined, legacy: boolean, grid: CellGrid, cell?: Cell): IndicatorLevel {
  const l: IndicatorLevel = { raw };
  if (name) l.name = name;
  if (legacy) l.legacy = true;
  if (cell) l.source = cellRef(grid, cell);
  return l;
}

/** Parses indicator rows (the lead's original entry point): value slots only, rows layout. */
export function readIndicatorRows(grid: CellGrid, rows: Cell[][], opts: IndicatorBlockOptions): IndicatorBlockResult {
  const spec: BlockSpec = {
    trailing: opts.slots.map((s) => ({ kind: s.slot, col: s.col, label: s.slot })),
    hasCategories: true,
    stream: false,
    valueSlotsOnly: true,
  };
  if (opts.skipLeading) spec.skipLeading = opts.skipLeading;
  return readIndicatorBlock(grid, rows, spec);
}

/** What a trailing cell was assigned to. */
type Assigned = Map<ColumnKind, Cell>;

class BlockReader {
  readonly indicators: Indicator[] = [];
  readonly findings: Finding[] = [];
  private carried: Carried = {};
  sawCategory = false;

  constructor(
    readonly grid: CellGrid,
    private readonly spec: BlockSpec,
  ) {}

  /** A row (or a run of the stream) with category labels and no indicator name. */
  heading(l1?: L1, l2?: L2): void {
    const carried = this.carried;
    if (l1) {
      carried.level1 = l1;
      carried.level2 = undefined;
    }
    if (l2) {
      if (!l1 && carried.level1 && l2.legacy === undefined && parentOf(l2.name) !== carried.level1.name) {
        carried.level1 = { raw: parentOf(l2.name), name: parentOf(l2.name), cell: l2.cell };
      }
      carried.level2 = l2;
    }
  }

  /** Matches a category label in context; the legacy 成本 under 产出 needs the next token. */
  category(t: string, cell: Cell, rowL1: L1 | undefined, rowL2: L2 | undefined, next: string | undefined): { l1?: L1; l2?: L2 } | undefined {
    const m1 = matchLevel1(t);
    const inForce = rowL1 ?? this.carried.level1;
    const contextL1 = inForce?.raw;
    // "服务对象满意度" without 指标 is the most common satisfaction *indicator* name. On a row
    // that carries its categories down (no 一级 of its own) it is the 三级, not a category.
    if (!rowL1 && !/(指标|目标)$/.test(t.replace(/\s+/g, '')) && /满意度$/.test(t)) return undefined;
    let m2 = this.spec.level1Only && !m1 ? undefined : matchLevel2(t, contextL1);
    // Under a 一级 filed by another name of a current one (项目完成指标 = 产出指标), the legacy pairs of that one apply (成本指标 under 产出).
    if (!m2?.legacy && !(this.spec.level1Only && !m1) && inForce?.legacy && !inForce.legacy.level2) {
      const under = matchLevel2(t, inForce.name);
      if (under?.legacy) m2 = under;
    }
    if (m2?.legacy && !rowL2 && m1 && inForce?.name === '产出指标') {
      if (next && !matchLevel1(next) && !matchLevel2(next)) {
        const l2: L2 = { raw: t, name: m2.name, legacy: m2.legacy, cell };
        return { l2 };
      }
    }
    if (m1 && !rowL1 && !rowL2) {
      const l1: L1 = { raw: t, name: m1.name, cell };
      if (m1.legacy) l1.legacy = m1.legacy;
      return { l1 };
    }
    if (m2 && !rowL2) {
      const l2: L2 = { raw: t, name: m2.name, cell };
      if (m2.legacy) l2.legacy = m2.legacy;
      return { l2 };
    }
    return undefined;
  }

  emit(l1: L1 | undefined, l2: L2 | undefined, nameCell: Cell, assigned: Assigned): void {
    const grid = this.grid;
    const carried = this.carried;
    let l1Final = l1 ?? carried.level1;
    let inferred = false;
    if (!l1 && l2 && l1Final && !l2.legacy && parentOf(l2.name) !== l1Final.name) {
      l1Final = { raw: parentOf(l2.name), name: parentOf(l2.name), cell: l2.cell };
      inferred = true;
    }
    if (!l1Final && l2) {
      l1Final = { raw: parentOf(l2.name), name: parentOf(l2.name), cell: l2.cell };
      inferred = true;
    }
    const l2Final = l2 ?? (l1 ? undefined : carried.level2);

    const id = `i${this.indicators.length + 1}`;
    const name = nameCell.text.trim();
    const l1Name = l2Final?.legacy ? l2Final.legacy.to.level1 : l1Final?.name;
    const ind: Indicator = {
      id,
      level1: l1Final ? (level(l1Final.raw, l1Name, Boolean(l1Final.legacy), grid, l1Final.cell) as Indicator['level1']) : { raw: '' },
      level2: l2Final ? (level(l2Final.raw, l2Final.name, Boolean(l2Final.legacy), grid, l2Final.cell) as Indicator['level2']) : { raw: '' },
      name: { raw: name, source: cellRef(grid, nameCell), ...(nameCell.original !== undefined ? { original: nameCell.original } : {}) },
      value: parseIndicatorValue(''),
      source: cellRef(grid, nameCell),
    };
    if (l2Final?.legacy && l1Final && l1Final.name !== l1Name) ind.level1.legacy = true;
    if (inferred) {
      this.findings.push({
        code: 'import.level1-inferred',
        severity: 'info',
        message: {
          zh: `“${name}”所在行没有一级指标，按二级指标“${l2!.raw}”归入“${l1Final!.name}”。`,
          en: `Row of "${name}" has no level-1 of its own; placed under ${l1Final!.name} from its level-2 "${l2!.raw}".`,
        },
        location: { section: 'indicators', indicatorId: id, row: this.indicators.length + 1, field: 'level1', source: cellRef(grid, nameCell) },
      });
    }
    this.fill(ind, assigned, name, nameCell);
    this.indicators.push(ind);

    if (l1) {
      carried.level1 = l1;
      carried.level2 = undefined;
    } else if (inferred && l1Final) carried.level1 = l1Final;
    if (l2) carried.level2 = l2;
  }

  private fill(ind: Indicator, assigned: Assigned, name: string, nameCell: Cell): void {
    const grid = this.grid;
    const text = (k: ColumnKind): string | undefined => assigned.get(k)?.text.trim();
    const ctx = (cell: Cell | undefined): ValueContext => {
      const c: ValueContext = { indicatorName: name };
      const op = text('operator');
      const unit = text('unit');
      if (op !== undefined) c.operatorColumn = op;
      else if (/^定性$/.test(text('valueType') ?? '')) c.operatorColumn = '定性';
      if (unit !== undefined) c.unitColumn = unit;
      if (cell) c.source = cellRef(grid, cell);
      return c;
    };
    const hasPeriod = this.spec.trailing.some((c) => c.kind === 'periodValue');
    for (const slot of ['value', 'periodValue'] as const) {
      if (slot === 'periodValue' && !hasPeriod) continue;
      const cell = assigned.get(slot);
      const v = parseIndicatorValue(cell?.text ?? '', ctx(cell));
      if (slot === 'value') ind.value = v;
      else ind.periodValue = v;
    }
    const tf = (k: ColumnKind): TextField | undefined => {
      const c = assigned.get(k);
      if (!c || !c.text.trim()) return undefined;
      return { raw: c.text.trim(), source: cellRef(grid, c) };
    };
    const extra: Array<[ColumnKind, 'weight' | 'direction' | 'standard' | 'note' | 'actual' | 'score' | 'deviationReason' | 'explanation' | 'valueType' | 'operatorColumn' | 'unitColumn']> = [
      ['operator', 'operatorColumn'],
      ['unit', 'unitColumn'],
      ['valueType', 'valueType'],
      ['weight', 'weight'],
      ['direction', 'direction'],
      ['standard', 'standard'],
      ['explanation', 'explanation'],
      ['note', 'note'],
      ['actual', 'actual'],
      ['score', 'score'],
      ['reason', 'deviationReason'],
    ];
    for (const [k, field] of extra) {
      const f = tf(k);
      if (f) ind[field] = f;
    }
    // The value written inside the name: `服务对象满意度≥90%` with no value of its own.
    if (ind.value.empty && !this.spec.valueSlotsOnly) {
      const m = VALUE_IN_NAME.exec(name);
      if (m) {
        const v = parseIndicatorValue(m[2]!, { ...ctx(undefined), indicatorName: m[1]!, source: cellRef(grid, nameCell) });
        if (v.number !== null) {
          ind.value = v;
          this.findings.push(
            importFinding(
              'value-in-name',
              'warning',
              {
                zh: `“${name}”没有单独的指标值，已从名称中读出“${m[2]}”。`,
                en: `"${name}" has no value of its own; read "${m[2]}" from the name.`,
              },
              { grid, cell: nameCell, section: 'indicators', field: 'value', indicatorId: ind.id, row: this.indicators.length + 1 },
            ),
          );
        }
      }
    }
  }

  /** Tables with no 一级/二级: place every indicator by keywords, with a finding each. */
  classifyAll(): void {
    if (this.spec.hasCategories || this.sawCategory) return;
    this.indicators.forEach((ind, i) => {
      if (ind.level1.name || ind.level2.name) return;
      const c = classifyIndicator(ind.name.raw, ind.value);
      ind.level1 = { raw: '', name: c.level1, classified: true };
      ind.level2 = { raw: '', name: c.level2, classified: true };
      this.findings.push({
        code: 'import.level-classified',
        severity: 'warning',
        message: {
          zh: `表中没有一级/二级指标栏，“${ind.name.raw}”按关键词${c.reason ? `“${c.reason}”` : ''}归入“${c.level1}/${c.level2}”，请确认。`,
          en: `The table has no level-1/level-2 columns; "${ind.name.raw}" was placed under ${c.level1}/${c.level2} by keyword${c.reason ? ` "${c.reason}"` : ''}; please confirm.`,
        },
        location: { section: 'indicators', indicatorId: ind.id, row: i + 1, field: 'level1', ...(ind.name.source ? { source: ind.name.source } : {}) },
      });
    });
  }
}

const VALUE_IN_NAME = /^(.{2,}?)\s*((?:≥|≤|＞|＜|＝|>=|<=|》|《|>|<|=|不低于|不少于|不超过|不高于|大于等于|小于等于)\s*\d[\d.,]*\s*[^\d\s，,。；;]{0,6})$/;

/** Reads an indicator block described by `spec`; `rows` are the block's rows (header excluded). */
export function readIndicatorBlock(grid: CellGrid, rows: Cell[][], spec: BlockSpec): IndicatorBlockResult {
  const reader = new BlockReader(grid, spec);
  if (spec.stream) readStream(reader, rows, spec);
  else readRows(reader, rows, spec);
  reader.classifyAll();
  return { indicators: reader.indicators, findings: reader.findings };
}

/** The top-left cell of the vertical merge covering `cell`, when that cell is a category label. */
function mergedCategory(grid: CellGrid, cell: Cell): Cell | undefined {
  const at = cell.mergedInto;
  if (!at || at.row >= cell.row || cell.text.trim()) return undefined;
  const origin = grid.rows[at.row - 1]?.find((c) => c.col === at.col);
  return origin && origin.row === at.row && isCategoryToken(origin.text.trim()) ? origin : undefined;
}

function readRows(reader: BlockReader, rows: Cell[][], spec: BlockSpec): void {
  const grid = reader.grid;
  for (const [r, row] of rows.entries()) {
    // A merged 一级/二级 cell counts on every row it covers (a real grid knows its merges).
    let tokens = row.flatMap((c) => (c.text.trim() !== '' ? [c] : c.mergedInto ? (mergedCategory(grid, c) ?? []) : [])) as Cell[];
    if (tokens.length === 0) continue;
    if (spec.skipLeading && spec.skipLeading.test(tokens[0]!.text)) tokens = tokens.slice(1);
    // A category label whose `指标` wrapped onto the next row alone (`项目完成` / `指标`): one label.
    const last = tokens[tokens.length - 1];
    const below = rows[r + 1]?.filter((c) => c.text.trim());
    if (last && below?.length === 1 && below[0]!.text.trim() === '指标' && !isCategoryToken(last.text.trim()) && isCategoryToken(`${last.text.trim()}指标`)) {
      tokens = [...tokens.slice(0, -1), { ...last, text: `${last.text.trim()}指标` }];
    }
    // The second line of a category label broken over two rows (`经济效益` / `指标`).
    tokens = tokens.filter((c, i) => !(c.text.trim() === '指标' && (i === 0 || isCategoryToken(tokens[i - 1]!.text.trim()))));
    if (tokens.length === 0) continue;

    let l1: L1 | undefined;
    let l2: L2 | undefined;
    let nameCell: Cell | undefined;
    const valueCells: Cell[] = [];

    for (let i = 0; i < tokens.length; i++) {
      const cell = tokens[i]!;
      const t = cell.text.trim();
      if (nameCell) {
        valueCells.push(cell);
        continue;
      }
      const c = reader.category(t, cell, l1, l2, tokens[i + 1]?.text);
      if (c) {
        reader.sawCategory = true;
        if (c.l1) l1 = c.l1;
        if (c.l2) l2 = c.l2;
        continue;
      }
      nameCell = cell;
    }
    if (!nameCell) {
      reader.heading(l1, l2);
      continue;
    }
    reader.emit(l1, l2, nameCell, assignRowCells(valueCells, spec));
  }
}

/** Places the cells after the name on the header's trailing columns. */
function assignRowCells(cells: Cell[], spec: BlockSpec): Assigned {
  const out: Assigned = new Map();
  const cols = spec.trailing;
  if (spec.valueSlotsOnly) {
    const m = assignValues(cells, cols.map((c) => ({ slot: c.kind as ValueSlot, col: c.col })));
    for (const [k, v] of m) out.set(k, v);
    return out;
  }
  if (cells.length >= cols.length) {
    cols.forEach((c, i) => out.set(c.kind, cells[i]!));
    return out;
  }
  // A real grid: every cell sits under its header.
  if (cells.every((c) => cols.some((h) => h.col === c.col))) {
    for (const c of cells) out.set(cols.find((h) => h.col === c.col)!.kind, c);
    return out;
  }
  // Shifted by flattened merges, with gaps: by what the cells look like.
  const picks = alignByKind(cells.map((c) => c.text.trim()), cols.map((c) => c.kind));
  picks.forEach((k, i) => out.set(cols[k]!.kind, cells[i]!));
  return out;
}

function assignValues(cells: Cell[], slots: IndicatorBlockOptions['slots']): Map<ValueSlot, Cell> {
  const out = new Map<ValueSlot, Cell>();
  if (cells.length >= slots.length) {
    slots.forEach((s, i) => out.set(s.slot, cells[i]!));
    return out;
  }
  const free = [...slots];
  const rest: Cell[] = [];
  for (const c of cells) {
    const idx = free.findIndex((s) => s.col === c.col);
    if (idx >= 0) {
      out.set(free[idx]!.slot, c);
      free.splice(idx, 1);
    } else rest.push(c);
  }
  // Right-align what is left: a single value in a shifted row is most often the last column.
  for (let i = rest.length - 1, j = free.length - 1; i >= 0 && j >= 0; i--, j--) out.set(free[j]!.slot, rest[i]!);
  return out;
}

const NEG = -1e9;
const NUMBERISH = /\d/;
const PURE_NUMBER = /^[+-]?\d+(?:\.\d+)?\s*(分)?$/;

/** How well a token fits a column of the given kind (NEG: it cannot go there). */
export function fitOf(text: string, kind: ColumnKind): number {
  const t = text.trim();
  switch (kind) {
    case 'operator':
      return parseOperatorColumn(t) ? 3 : NEG;
    case 'valueType':
      return /^(定量|定性)$/.test(t) ? 3 : NEG;
    case 'unit':
      if (t.length > 8 || /\d/.test(t.replace(/[²³]/g, '')) || parseOperatorColumn(t) || /^(定量|定性)$/.test(t)) return NEG;
      if (/[，,。；;：:]/.test(t)) return NEG;
      return 2;
    case 'value':
    case 'periodValue':
      if (/^(定量|定性)$/.test(t) || /^(正向|反向)/.test(t)) return NEG;
      return NUMBERISH.test(t) ? 2 : 1;
    case 'weight':
    case 'score':
      return PURE_NUMBER.test(t) ? 2 : kind === 'score' && /^[/／-]$/.test(t) ? 1 : NEG;
    case 'actual':
      return NUMBERISH.test(t) ? 1.5 : 0.5;
    case 'direction':
      return /(正向|反向|中性)/.test(t) ? 3 : NEG;
    case 'standard':
      return /(标准|依据)$/.test(t) ? 3 : 0.2;
    case 'explanation':
    case 'note':
    case 'reason':
      return NUMBERISH.test(t) && t.length < 6 ? 0.1 : 0.5;
    default:
      return NEG;
  }
}

/** Aligns tokens (in order) to columns (in order), maximising the fit; returns the column index of each token. */
export function alignByKind(tokens: string[], kinds: ColumnKind[]): number[] {
  const n = tokens.length;
  const m = kinds.length;
  if (n === 0) return [];
  if (n > m) return tokens.map((_, i) => Math.min(i, m - 1)).slice(0, m);
  // best[i][j]: best score placing tokens[i..] on columns[j..].
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(NEG));
  for (let j = 0; j <= m; j++) best[n]![j] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const take = fitOf(tokens[i]!, kinds[j]!) + best[i + 1]![j + 1]!;
      const skip = best[i]![j + 1]!;
      best[i]![j] = Math.max(take, skip);
    }
  }
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (j < m - (n - i) && best[i]![j + 1]! > fitOf(tokens[i]!, kinds[j]!) + best[i + 1]![j + 1]!) j++;
    out.push(j);
    j++;
  }
  return out;
}

const CATEGORY_POINTS = /^[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$/;

/** One cell per line: categories, names and values in reading order. */
function readStream(reader: BlockReader, rows: Cell[][], spec: BlockSpec): void {
  // Tokens in reading order; a row holding exactly one empty cell is an empty cell of the table.
  type Tok = Cell | null;
  const toks: Tok[] = [];
  for (const row of rows) {
    const filled = row.filter((c) => c.text.trim() !== '');
    if (filled.length) toks.push(...filled);
    else if (row.length === 1) toks.push(null);
  }
  // Text with a blank line between every cell: blank lines say nothing.
  const nonEmpty = toks.filter((t) => t !== null).length;
  let adjacent = 0;
  for (let i = 1; i < toks.length; i++) if (toks[i] && toks[i - 1]) adjacent++;
  const blanksMeaningful = !(toks.length - nonEmpty >= nonEmpty * 0.6 && adjacent <= nonEmpty * 0.25);

  const cols = spec.trailing;
  let pending: { l1?: L1; l2?: L2 } = {};
  let rec: { l1?: L1; l2?: L2; name: Cell; assigned: Assigned; ptr: number; tokens: Cell[]; sawEmpty: boolean } | undefined;
  const close = () => {
    if (rec) {
      // No empty cell told us where the gaps are: place the cells by what they look like over the whole row.
      if (!rec.sawEmpty && rec.tokens.length < cols.length && rec.tokens.length > 0) {
        const r = rec;
        if (cols.every((c) => c.kind === 'value' || c.kind === 'periodValue')) {
          // Value columns only: a lone value is most often the last one (当年度), as in shifted rows.
          r.assigned = new Map();
          r.tokens.forEach((t, i) => r.assigned.set(cols[cols.length - r.tokens.length + i]!.kind, t));
        } else if (r.tokens.length > 1) {
          const picks = alignByKind(r.tokens.map((c) => c.text.trim()), cols.map((c) => c.kind));
          r.assigned = new Map();
          picks.forEach((k, i) => r.assigned.set(cols[k]!.kind, r.tokens[i]!));
        }
      }
      reader.emit(rec.l1, rec.l2, rec.name, rec.assigned);
    }
    rec = undefined;
  };
  const flushPending = () => {
    if (pending.l1 || pending.l2) reader.heading(pending.l1, pending.l2);
    pending = {};
  };
  const nextText = (i: number): string | undefined => {
    for (let j = i + 1; j < toks.length; j++) if (toks[j]) return toks[j]!.text.trim();
    return undefined;
  };

  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (rec && rec.ptr >= cols.length) close();
    if (tok === null || tok === undefined) {
      if (rec && blanksMeaningful) {
        rec.ptr++;
        rec.sawEmpty = true;
      }
      continue;
    }
    let t = tok.text.trim();
    if (isStopLabel(t) || isTitle(t)) break;
    if (!rec && spec.skipLeading?.test(t)) continue;
    // The points of a category written under its name (`产出指标` / `(70分)`): the category's weight, not an indicator.
    if (!rec && (pending.l1 || pending.l2) && CATEGORY_POINTS.test(t)) continue;

    // A category label, possibly broken over two lines: `经济效益` + `指标`.
    const cellForCat = tok;
    const after = nextText(i);
    let joined = false;
    if (after === '指标' && (matchLevel1(t + after) || matchLevel2(t + after))) {
      t = `${t}\n${after}`;
      joined = true;
    }
    const next = joined ? nextText(nextIndex(toks, i)) : after;
    let cat: { l1?: L1; l2?: L2 } | undefined;
    if (isCategoryToken(t)) {
      close();
      cat = reader.category(t, cellForCat, pending.l1, pending.l2, next);
      if (!cat) {
        flushPending();
        cat = reader.category(t, cellForCat, undefined, undefined, next);
      }
    }
    if (cat) {
      reader.sawCategory = true;
      if (cat.l1) pending.l1 = { ...cat.l1, raw: t };
      if (cat.l2) pending.l2 = { ...cat.l2, raw: t };
      if (joined) i = nextIndex(toks, i);
      continue;
    }
    if (rec) {
      let k = acceptColumn(t, rec, cols, nextText(i));
      // Text after some values: a cell of this row, or the name of the next indicator? In a table
      // with number columns (分值, 得分), the reading that fills them with numbers wins.
      if (rec.assigned.size > 0 && nameLike(t)) {
        const choice = continuesOrStarts(toks, i, cols, rec);
        if (choice !== undefined) k = choice;
      }
      if (k >= 0) {
        rec.assigned.set(cols[k]!.kind, tok);
        rec.tokens.push(tok);
        rec.ptr = k + 1;
        continue;
      }
      close();
    }
    // A new indicator name (never the lone second line of a broken category label).
    if (t === '指标') continue;
    rec = { name: tok, assigned: new Map(), ptr: 0, tokens: [], sawEmpty: false };
    if (pending.l1) rec.l1 = pending.l1;
    if (pending.l2) rec.l2 = pending.l2;
    pending = {};
    if (cols.length === 0) close();
  }
  close();
  flushPending();
}

/** Columns of the row (from `from`) that the tokens after toks[i] fill, in order, up to the next heading. */
function fills(toks: Array<Cell | null>, i: number, cols: ColumnSpec[], from: number): Set<number> {
  const filled = new Set<number>();
  let k = from;
  for (let j = i + 1; j < toks.length && k < cols.length; j++) {
    const tok = toks[j];
    if (!tok) continue;
    const t = tok.text.trim();
    if (isCategoryToken(t) || isStopLabel(t)) break;
    while (k < cols.length && fitOf(t, cols[k]!.kind) <= NEG / 2) k++;
    if (k >= cols.length) break;
    filled.add(k);
    k++;
  }
  return filled;
}

/**
 * For text toks[i] after some cells of an indicator: the column it continues the row in, -1 when it
 * starts the next indicator, undefined when the number columns do not tell.
 */
function continuesOrStarts(toks: Array<Cell | null>, i: number, cols: ColumnSpec[], rec: { ptr: number; assigned: Assigned }): number | undefined {
  const numeric = cols.map((c, k) => (c.kind === 'weight' || c.kind === 'score' ? k : -1)).filter((k) => k >= 0);
  if (numeric.length === 0) return undefined;
  const t = toks[i]!.text;
  let kFit = -1;
  for (let k = rec.ptr; k < cols.length; k++) if (fitOf(t, cols[k]!.kind) > NEG / 2) {
    kFit = k;
    break;
  }
  const fresh = fills(toks, i, cols, 0);
  const startsOk = numeric.every((n) => fresh.has(n));
  const remaining = kFit < 0 ? [] : numeric.filter((n) => n > kFit && !rec.assigned.has(cols[n]!.kind));
  const cont = kFit < 0 ? false : remaining.length === 0 ? undefined : remaining.every((n) => fills(toks, i, cols, kFit + 1).has(n));
  if (cont === true && !startsOk) return kFit;
  if (startsOk && cont !== true) return -1;
  return undefined;
}

function nextIndex(toks: Array<Cell | null>, i: number): number {
  for (let j = i + 1; j < toks.length; j++) if (toks[j]) return j;
  return i;
}

function isCategoryToken(t: string): boolean {
  return Boolean(matchLevel1(t) || matchLevel2(t));
}

/** Looks like the name of an indicator rather than a value, a unit or a sign. */
function nameLike(t: string): boolean {
  return t.length >= 2 && !/^[\d.,%％\s+-]+$/.test(t) && !parseOperatorColumn(t) && !/^[≥≤＞＜＝><=》《]/.test(t) && !/(标准|依据)$/.test(t);
}

/** The trailing column a stream token goes to, or -1 when it starts a new indicator. */
function acceptColumn(t: string, rec: { ptr: number; assigned: Assigned }, cols: ColumnSpec[], next: string | undefined): number {
  for (let k = rec.ptr; k < cols.length; k++) {
    const fit = fitOf(t, cols[k]!.kind);
    if (fit <= NEG / 2) continue;
    const freeText = fit < 2 && !NUMBERISH.test(t);
    // Free text that reads like a name, followed by what fits the first column well, starts the
    // next indicator — after some values, or when it could only go to a later column.
    const startsNext = freeText && nameLike(t) && next !== undefined && fitOf(next, cols[0]!.kind) >= 2;
    if (startsNext && (rec.assigned.size > 0 || k > 0)) return -1;
    return k;
  }
  return -1;
}
