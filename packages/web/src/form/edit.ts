/**
 * Pure edits on a TargetTable, as the form makes them: every edit returns a new table that
 * shares every untouched object with the old one (so React re-renders only the edited row), and
 * every edited field is re-parsed the way the importer parses it (money to integer 分 through
 * core's parseMoney, values through the value grammar). The rules then run on the result.
 */
import {
  applyFix as coreApplyFix,
  cellKey,
  FRAMEWORK_2021,
  matchLevel1,
  matchLevel2,
  parseIndicatorValue,
  parseMoney,
  type AmountField,
  type CodeNameField,
  type DeptOverallTable,
  type Finding,
  type Indicator,
  type IndicatorField,
  type Level1Name,
  type Level2Name,
  type ProjectTable,
  type TargetTable,
  type TextField,
  type YearField,
} from '@jixiao/core';

// Cell keys and indicator fields are core's (model/field-labels.ts): the diff and the findings use the same keys.
export { cellKey, type IndicatorField } from '@jixiao/core';

export function amountOf(raw: string, prev?: AmountField): AmountField {
  const m = raw.trim() ? parseMoney(raw) : null;
  const out: AmountField = { raw, fen: m ? m.fen : null };
  if (prev?.source) out.source = prev.source;
  return out;
}

function yearOf(raw: string, prev?: YearField): YearField {
  const m = /^(\d{4})$/.exec(raw.trim());
  const out: YearField = { raw, year: m ? Number(m[1]) : null };
  if (prev?.source) out.source = prev.source;
  return out;
}

function codeNameOf(raw: string, prev?: CodeNameField): CodeNameField {
  const m = /^\s*([0-9A-Za-z]+)\s*[-－—_\s]\s*(.+)$/.exec(raw);
  const out: CodeNameField = m ? { raw, code: m[1]!, name: m[2]!.trim() } : { raw, name: raw.trim() };
  if (prev?.source) out.source = prev.source;
  return out;
}

function countOf(raw: string, prev?: TextField): TextField & { count: number | null } {
  const m = /^\d+$/.exec(raw.replace(/[\s,，人个]/g, ''));
  const out: TextField & { count: number | null } = { raw, count: m ? Number(m[0]) : null };
  if (prev?.source) out.source = prev.source;
  return out;
}

function textOf(raw: string, prev?: TextField): TextField {
  const out: TextField = { raw };
  if (prev?.source) out.source = prev.source;
  return out;
}

const PROJECT_AMOUNTS = new Set(['totalAmount', 'currentAmount', 'fiscalAmount', 'otherAmount']);
const PROJECT_CODENAMES = new Set(['projectType', 'department', 'unit']);
const PROJECT_TEXTS = new Set(['projectName', 'projectCode', 'projectLevel', 'overview', 'periodGoal', 'annualGoal']);

/** The raw text of a header/funds/goal field, for display and for fixes. */
export function fieldText(t: TargetTable, path: string): string {
  const parts = path.split('.');
  let cur: unknown = t;
  for (const p of parts) {
    if (cur === undefined || cur === null) return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur && typeof cur === 'object' && 'raw' in cur) return (cur as TextField).raw;
  if (cur && typeof cur === 'object' && 'amount' in cur) return (cur as { amount: AmountField }).amount.raw;
  if (cur && typeof cur === 'object' && 'name' in cur && typeof (cur as { name: unknown }).name === 'object') return (cur as { name: TextField }).name.raw;
  return typeof cur === 'string' ? cur : '';
}

/** Sets a header, funds, goal or task field by its path and re-parses it. */
export function setField(t: TargetTable, path: string, raw: string): TargetTable {
  if (t.kind === 'project') {
    const p: ProjectTable = { ...t };
    if (PROJECT_AMOUNTS.has(path)) {
      const k = path as 'totalAmount' | 'currentAmount' | 'fiscalAmount' | 'otherAmount';
      p[k] = amountOf(raw, t[k]);
    } else if (PROJECT_CODENAMES.has(path)) {
      const k = path as 'projectType' | 'department' | 'unit';
      p[k] = codeNameOf(raw, t[k]);
    } else if (PROJECT_TEXTS.has(path)) {
      const k = path as 'projectName' | 'projectCode' | 'projectLevel' | 'overview' | 'periodGoal' | 'annualGoal';
      p[k] = textOf(raw, t[k]);
    } else if (path === 'period.start' || path === 'period.end') {
      const k = path === 'period.start' ? 'start' : 'end';
      p.period = { ...t.period, [k]: yearOf(raw, t.period[k]) };
    } else if (path === 'title') {
      p.title = raw;
      const y = /(20\d{2})\s*年/.exec(raw);
      if (y) p.year = Number(y[1]);
    } else return t;
    return p;
  }
  if (t.kind === 'dept-overall') {
    const d: DeptOverallTable = { ...t };
    const parts = path.split('.');
    if (path === 'deptName' || path === 'overallGoal' || path === 'otherTasks') d[path] = textOf(raw, t[path]);
    else if (path === 'deptCode') d.deptCode = textOf(raw, t.deptCode);
    else if (path === 'staffCount' || path === 'subUnitCount') d[path] = countOf(raw, t[path]);
    else if (parts[0] === 'funds' && ['basic', 'project', 'fiscal', 'other'].includes(parts[1]!)) {
      const k = parts[1] as 'basic' | 'project' | 'fiscal' | 'other';
      d.funds = { ...t.funds, [k]: amountOf(raw, t.funds[k]) };
    } else if (parts[0] === 'funds' && parts[1] === 'development') {
      const i = Number(parts[2]);
      const dev = [...t.funds.development];
      const line = dev[i] ?? { name: { raw: '' }, amount: { raw: '', fen: null } };
      dev[i] = parts[3] === 'name' ? { ...line, name: textOf(raw, line.name) } : { ...line, amount: amountOf(raw, line.amount) };
      d.funds = { ...t.funds, development: dev };
    } else if (parts[0] === 'keyTasks') {
      const i = Number(parts[1]);
      const tasks = [...t.keyTasks];
      const task = tasks[i];
      if (!task) return t;
      const k = parts[2] as 'name' | 'content' | 'amount' | 'expected';
      tasks[i] = k === 'amount' ? { ...task, amount: amountOf(raw, task.amount) } : { ...task, [k]: textOf(raw, task[k]) };
      d.keyTasks = tasks;
    } else if (path === 'title') {
      d.title = raw;
      const y = /(20\d{2})\s*年/.exec(raw);
      if (y) d.year = Number(y[1]);
    } else return t;
    return d;
  }
  return t;
}

function reparseValues(ind: Indicator): Indicator {
  const out: Indicator = { ...ind, value: parseValueKeep(ind.value.raw, ind.name.raw, ind.value.source) };
  if (ind.periodValue) out.periodValue = parseValueKeep(ind.periodValue.raw, ind.name.raw, ind.periodValue.source);
  return out;
}

function parseValueKeep(raw: string, name: string, source: Indicator['value']['source']) {
  const v = parseIndicatorValue(raw, { indicatorName: name });
  if (source) v.source = source;
  return v;
}

/** Sets one cell of an indicator row. */
export function setIndicatorField(t: TargetTable, id: string, field: IndicatorField, raw: string): TargetTable {
  const i = t.indicators.findIndex((x) => x.id === id);
  if (i < 0) return t;
  const ind = t.indicators[i]!;
  let next: Indicator;
  switch (field) {
    case 'name':
      next = reparseValues({ ...ind, name: textOf(raw, ind.name) });
      break;
    case 'value':
      next = { ...ind, value: parseValueKeep(raw, ind.name.raw, ind.value.source) };
      break;
    case 'periodValue':
      next = { ...ind, periodValue: parseValueKeep(raw, ind.name.raw, ind.periodValue?.source) };
      break;
    case 'level1': {
      const m = matchLevel1(raw);
      const l1: Indicator['level1'] = { raw };
      if (m) l1.name = m.name;
      if (ind.level1.source) l1.source = ind.level1.source;
      next = { ...ind, level1: l1 };
      break;
    }
    case 'level2': {
      const m = matchLevel2(raw, ind.level1.raw);
      const l2: Indicator['level2'] = { raw };
      if (m) l2.name = m.name;
      if (ind.level2.source) l2.source = ind.level2.source;
      next = { ...ind, level2: l2 };
      break;
    }
  }
  const indicators = [...t.indicators];
  indicators[i] = next;
  return { ...t, indicators } as TargetTable;
}

/** Moves a row into another 一级/二级 (both set at once, so the row is never half-moved). */
export function setCategory(t: TargetTable, id: string, level1: Level1Name, level2: Level2Name): TargetTable {
  const i = t.indicators.findIndex((x) => x.id === id);
  if (i < 0) return t;
  const ind = t.indicators[i]!;
  const indicators = [...t.indicators];
  indicators.splice(i, 1);
  const moved: Indicator = { ...ind, level1: { raw: level1, name: level1 }, level2: { raw: level2, name: level2 } };
  indicators.splice(insertionIndex(indicators, level1, level2), 0, moved);
  return { ...t, indicators } as TargetTable;
}

/** Framework position of a category, for ordering rows as the official table prints them. */
export function categoryOrder(level1?: Level1Name, level2?: Level2Name): number {
  const a = FRAMEWORK_2021.findIndex((n) => n.name === level1);
  if (a < 0) return 1000;
  const b = FRAMEWORK_2021[a]!.children.findIndex((c) => c.name === level2);
  return a * 10 + (b < 0 ? 9 : b);
}

function insertionIndex(indicators: Indicator[], level1: Level1Name, level2: Level2Name): number {
  const order = categoryOrder(level1, level2);
  let lastSame = -1;
  let firstAfter = -1;
  indicators.forEach((x, idx) => {
    const o = categoryOrder(x.level1.name, x.level2.name);
    if (x.level1.name === level1 && x.level2.name === level2) lastSame = idx;
    else if (o > order && firstAfter < 0) firstAfter = idx;
  });
  if (lastSame >= 0) return lastSame + 1;
  if (firstAfter >= 0) return firstAfter;
  return indicators.length;
}

let seq = 0;
/** An id that no table is likely to hold yet (checked against the table where one is given). */
export function freshId(): string {
  return `w${Date.now().toString(36)}${(seq++).toString(36)}`;
}
export function newIndicatorId(t: TargetTable): string {
  const ids = new Set(t.indicators.map((x) => x.id));
  let id: string;
  do id = `w${Date.now().toString(36)}${(seq++).toString(36)}`;
  while (ids.has(id));
  return id;
}

/** Adds an empty 三级 row under a 二级 (after the last row of that 二级, or `afterId`). */
export function addIndicator(t: TargetTable, level1: Level1Name, level2: Level2Name, afterId?: string, withId?: string): { table: TargetTable; id: string } {
  const id = withId && !t.indicators.some((x) => x.id === withId) ? withId : newIndicatorId(t);
  const ind: Indicator = {
    id,
    level1: { raw: level1, name: level1 },
    level2: { raw: level2, name: level2 },
    name: { raw: '' },
    value: parseIndicatorValue(''),
  };
  if (t.kind === 'project') ind.periodValue = parseIndicatorValue('');
  const indicators = [...t.indicators];
  const after = afterId ? indicators.findIndex((x) => x.id === afterId) : -1;
  indicators.splice(after >= 0 ? after + 1 : insertionIndex(indicators, level1, level2), 0, ind);
  return { table: { ...t, indicators } as TargetTable, id };
}

export function removeIndicator(t: TargetTable, id: string): TargetTable {
  return { ...t, indicators: t.indicators.filter((x) => x.id !== id) } as TargetTable;
}

/** Moves a row up or down among the rows of its own 二级. */
export function moveIndicator(t: TargetTable, id: string, dir: -1 | 1): TargetTable {
  const i = t.indicators.findIndex((x) => x.id === id);
  if (i < 0) return t;
  const ind = t.indicators[i]!;
  let j = i + dir;
  while (j >= 0 && j < t.indicators.length) {
    const o = t.indicators[j]!;
    if (o.level1.raw === ind.level1.raw && o.level2.raw === ind.level2.raw) break;
    j += dir;
  }
  if (j < 0 || j >= t.indicators.length) return t;
  const indicators = [...t.indicators];
  indicators[i] = indicators[j]!;
  indicators[j] = ind;
  return { ...t, indicators } as TargetTable;
}

export function addKeyTask(t: TargetTable): TargetTable {
  if (t.kind !== 'dept-overall') return t;
  const n = t.keyTasks.length + 1;
  return {
    ...t,
    keyTasks: [...t.keyTasks, { name: { raw: `任务${n}：` }, content: { raw: '' }, amount: { raw: '', fen: null }, expected: { raw: '' } }],
  };
}

export function removeKeyTask(t: TargetTable, i: number): TargetTable {
  if (t.kind !== 'dept-overall') return t;
  return { ...t, keyTasks: t.keyTasks.filter((_, k) => k !== i) };
}

export function addDevelopmentLine(t: TargetTable): TargetTable {
  if (t.kind !== 'dept-overall') return t;
  return { ...t, funds: { ...t.funds, development: [...t.funds.development, { name: { raw: '' }, amount: { raw: '', fen: null } }] } };
}

/** True when the finding's fix still applies (the field still holds `from`). */
export function fixApplies(t: TargetTable, f: Finding): boolean {
  if (!f.fix) return false;
  // Adding an indicator (an uncovered aim of the goal): applies while no row has that name.
  if (f.fix.indicator) {
    const name = f.fix.indicator.name.replace(/\s+/g, '');
    return !t.indicators.some((x) => x.name.raw.replace(/\s+/g, '') === name);
  }
  const id = f.location.indicatorId;
  if (id) {
    const ind = t.indicators.find((x) => x.id === id);
    if (!ind) return false;
    const cur = indicatorText(ind, f.fix.field as IndicatorField);
    return cur === f.fix.from;
  }
  return fieldText(t, f.fix.field) === f.fix.from;
}

export function indicatorText(ind: Indicator, field: IndicatorField): string {
  switch (field) {
    case 'name':
      return ind.name.raw;
    case 'value':
      return ind.value.raw;
    case 'periodValue':
      return ind.periodValue?.raw ?? '';
    case 'level1':
      return ind.level1.raw;
    case 'level2':
      return ind.level2.raw;
  }
}

/**
 * Applies a finding's safe fix: indicator fixes through core's applyFix (the same code the
 * server runs), header/funds fixes through setField.
 */
export function applyFix(t: TargetTable, f: Finding): TargetTable {
  if (!f.fix || !fixApplies(t, f)) return t;
  if (f.fix.indicator || (f.location.indicatorId && f.location.section === 'indicators')) {
    try {
      return coreApplyFix(t, f);
    } catch {
      return t;
    }
  }
  return setField(t, f.fix.field, f.fix.to);
}

/** Applies every fix that still applies (one click for all of them). */
export function applyAllFixes(t: TargetTable, findings: readonly Finding[]): TargetTable {
  let out = t;
  for (const f of findings) if (f.fix) out = applyFix(out, f);
  return out;
}

/** DOM key of the cell a finding points at. */
export function findingCellKey(f: Finding): string | undefined {
  const loc = f.location;
  if (loc.indicatorId) return cellKey(loc.indicatorId, loc.field ?? 'name');
  if (loc.field && !loc.field.startsWith('indicators')) return loc.field;
  return undefined;
}

/**
 * Pastes a block of cells copied from a spreadsheet (tab-separated lines) into the indicator
 * grid, starting at a cell: rows fill the rows below within the same 二级 and new rows are added
 * when the block is longer. A line that starts with a 一级 and a 二级 name (a row copied from
 * the official sheet) goes under those categories instead. Returns the table and how many
 * rows were added.
 */
export function pasteBlock(t: TargetTable, startId: string, startField: IndicatorField, text: string): { table: TargetTable; added: number; filled: number } {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').map((l) => l.split('\t').map((c) => c.trim()));
  const cols: IndicatorField[] = t.kind === 'project' ? ['name', 'periodValue', 'value'] : ['name', 'value'];
  let out = t;
  let added = 0;
  let filled = 0;
  const start = t.indicators.find((x) => x.id === startId);
  if (!start) return { table: t, added, filled };
  const startCol = Math.max(0, cols.indexOf(startField));
  const sameGroup = (x: Indicator) => x.level1.raw === start.level1.raw && x.level2.raw === start.level2.raw;
  let cursor = startId;
  let first = true;
  for (const cells of lines) {
    if (cells.every((c) => !c)) continue;
    const l1 = cells.length >= 3 ? matchLevel1(cells[0]!) : undefined;
    const l2 = l1 ? matchLevel2(cells[1]!, cells[0]) : undefined;
    let id: string;
    let values: string[];
    let col: number;
    if (l1 && l2 && FRAMEWORK_2021.some((n) => n.name === l1.name && n.children.some((c) => c.name === l2.name))) {
      // A whole row of the official sheet: 一级, 二级, 三级, values…
      const r = first && !start.name.raw.trim() && start.level1.name === l1.name && start.level2.name === l2.name ? { table: out, id: startId } : addIndicator(out, l1.name, l2.name as Level2Name);
      if (r.id !== startId) added++;
      out = r.table;
      id = r.id;
      values = cells.slice(2);
      col = 0;
    } else {
      if (first) id = startId;
      else {
        const group = out.indicators.filter(sameGroup);
        const at = group.findIndex((x) => x.id === cursor);
        const next = group[at + 1];
        if (next) id = next.id;
        else if (start.level1.name && start.level2.name) {
          const r = addIndicator(out, start.level1.name, start.level2.name, cursor);
          out = r.table;
          id = r.id;
          added++;
        } else break;
      }
      values = cells;
      col = startCol;
    }
    values.forEach((v, k) => {
      const field = cols[col + k];
      if (field) out = setIndicatorField(out, id, field, v);
    });
    filled++;
    cursor = id;
    first = false;
  }
  return { table: out, added, filled };
}
