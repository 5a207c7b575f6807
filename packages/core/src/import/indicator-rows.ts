/**
 * Reads the indicator block of a table by what the cells say, not where they are: flattened
 * merged cells shift rows left or right, so a known 一级 or 二级 name is recognised in any
 * column, 一级/二级 carry down from the rows above (as a merged cell would), and the first cell
 * that is neither is the 三级 name, followed by its value(s).
 */
import {
  matchLevel1,
  matchLevel2,
  parentOf,
  type Level1Name,
  type Level2Name,
  type LegacyMapping,
} from '../framework/indicator-framework.ts';
import type { Finding } from '../rules/finding.ts';
import type { Indicator, IndicatorLevel } from '../model/target-table.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';
import { cellRef, type Cell, type CellGrid } from './cell-grid.ts';

/** Which value a column of the block holds. */
export type ValueSlot = 'value' | 'periodValue';

export interface IndicatorBlockOptions {
  /** Value slots in the order the header names them, with the header's column for each. */
  slots: Array<{ slot: ValueSlot; col: number }>;
  /** Labels to skip at the start of a row (the section label 绩效指标 in the first column). */
  skipLeading?: RegExp;
}

interface Carried {
  level1?: { raw: string; name: Level1Name; legacy?: LegacyMapping; cell: Cell };
  level2?: { raw: string; name: Level2Name; legacy?: LegacyMapping; cell: Cell };
}

export interface IndicatorBlockResult {
  indicators: Indicator[];
  findings: Finding[];
}

function level(raw: string, name: Level1Name | Level2Name | undefined, legacy: boolean, grid: CellGrid, cell?: Cell): IndicatorLevel {
  const l: IndicatorLevel = { raw };
  if (name) l.name = name;
  if (legacy) l.legacy = true;
  if (cell) l.source = cellRef(grid, cell);
  return l;
}

/** Parses indicator rows; `rows` are the grid rows of the block (header excluded). */
export function readIndicatorRows(grid: CellGrid, rows: Cell[][], opts: IndicatorBlockOptions): IndicatorBlockResult {
  const indicators: Indicator[] = [];
  const findings: Finding[] = [];
  const carried: Carried = {};

  for (const row of rows) {
    let tokens = row.filter((c) => c.text.trim() !== '');
    if (tokens.length === 0) continue;
    if (opts.skipLeading && opts.skipLeading.test(tokens[0]!.text)) tokens = tokens.slice(1);
    if (tokens.length === 0) continue;

    let l1: Carried['level1'];
    let l2: Carried['level2'];
    let nameCell: Cell | undefined;
    const valueCells: Cell[] = [];

    for (let i = 0; i < tokens.length; i++) {
      const cell = tokens[i]!;
      const t = cell.text.trim();
      if (nameCell) {
        valueCells.push(cell);
        continue;
      }
      const m1 = matchLevel1(t);
      const contextL1 = l1?.raw ?? carried.level1?.raw;
      const m2 = matchLevel2(t, contextL1);
      // Legacy: 成本指标 as a 二级 under 产出 (88号 tree), followed by an indicator name.
      if (m2?.legacy && !l2 && m1 && (l1 ?? carried.level1)?.name === '产出指标') {
        const next = tokens[i + 1]?.text ?? '';
        if (next && !matchLevel1(next) && !matchLevel2(next)) {
          l2 = { raw: t, name: m2.name, legacy: m2.legacy, cell };
          continue;
        }
      }
      if (m1 && !l1 && !l2) {
        l1 = { raw: t, name: m1.name, cell };
        if (m1.legacy) l1.legacy = m1.legacy;
        continue;
      }
      if (m2 && !l2) {
        l2 = { raw: t, name: m2.name, cell };
        if (m2.legacy) l2.legacy = m2.legacy;
        continue;
      }
      nameCell = cell;
    }

    // A row with only category labels is a heading (a merged cell's first row, or an empty slot).
    if (!nameCell) {
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
      continue;
    }

    // Resolve 一级: explicit on the row, or carried; a 二级 that belongs elsewhere moves a carried 一级.
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

    const id = `i${indicators.length + 1}`;
    const name = nameCell.text.trim();
    const ind: Indicator = {
      id,
      level1: l1Final
        ? (level(l1Final.raw, l2?.legacy ? l2.legacy.to.level1 : l1Final.name, Boolean(l1Final.legacy), grid, l1Final.cell) as Indicator['level1'])
        : { raw: '' },
      level2: l2Final ? (level(l2Final.raw, l2Final.name, Boolean(l2Final.legacy), grid, l2Final.cell) as Indicator['level2']) : { raw: '' },
      name: { raw: name, source: cellRef(grid, nameCell) },
      value: parseIndicatorValue(''),
      source: cellRef(grid, nameCell),
    };
    if (inferred) {
      findings.push({
        code: 'import.level1-inferred',
        severity: 'info',
        message: {
          zh: `“${name}”所在行没有一级指标，按二级指标“${l2!.raw}”归入“${l1Final!.name}”。`,
          en: `Row of "${name}" has no level-1 of its own; placed under ${l1Final!.name} from its level-2 "${l2!.raw}".`,
        },
        location: { section: 'indicators', indicatorId: id, row: indicators.length + 1, field: 'level1', source: cellRef(grid, nameCell) },
      });
    }

    // Values: by count when every slot is filled, else by the header's columns, else from the right.
    const assigned = assignValues(valueCells, opts.slots);
    for (const slot of opts.slots) {
      const cell = assigned.get(slot.slot);
      const v = parseIndicatorValue(cell?.text ?? '', { indicatorName: name, ...(cell ? { source: cellRef(grid, cell) } : {}) });
      if (slot.slot === 'value') ind.value = v;
      else ind.periodValue = v;
    }
    indicators.push(ind);

    if (l1) {
      carried.level1 = l1;
      carried.level2 = undefined;
    } else if (inferred && l1Final) carried.level1 = l1Final;
    if (l2) carried.level2 = l2;
  }
  return { indicators, findings };
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
