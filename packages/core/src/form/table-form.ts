/**
 * The form an imported table was filled on (issue 23): its region (by the places its text names),
 * its budget year, and which header fields and indicator columns it has — with, for each field,
 * whether its value was read, left blank on the form, or is there but could not be read. The
 * checker asks only for the fields a form has, and a field it could not read is the importer's
 * finding (`import.field-unread`), never the filer's "未填写".
 */
import type { Cell } from '../import/cell-grid.ts';
import type { FormFieldState, TableForm, TargetTable, TextField } from '../model/target-table.ts';
import { fieldOfLabel, isLabel, isTitle, norm, yearOf } from '../import/vocabulary.ts';
import { recogniseRegion } from './region.ts';

type Getter = (t: TargetTable) => TextField | undefined;

/** Where each vocabulary field's value sits in the model, per kind of table. */
const VALUE_OF: Record<TargetTable['kind'], Partial<Record<string, Getter>>> = {
  project: {
    projectName: (t) => (t.kind === 'project' ? t.projectName : undefined),
    projectCode: (t) => (t.kind === 'project' ? t.projectCode : undefined),
    projectType: (t) => (t.kind === 'project' ? t.projectType : undefined),
    projectLevel: (t) => (t.kind === 'project' ? t.projectLevel : undefined),
    department: (t) => (t.kind === 'project' ? t.department : undefined),
    unit: (t) => (t.kind === 'project' ? t.unit : undefined),
    period: (t) => (t.kind === 'project' ? (t.period.start.raw ? t.period.start : t.period.end) : undefined),
    periodStart: (t) => (t.kind === 'project' ? t.period.start : undefined),
    periodEnd: (t) => (t.kind === 'project' ? t.period.end : undefined),
    totalAmount: (t) => (t.kind === 'project' ? t.totalAmount : undefined),
    currentAmount: (t) => (t.kind === 'project' ? t.currentAmount : undefined),
    fiscalAmount: (t) => (t.kind === 'project' ? t.fiscalAmount : undefined),
    otherAmount: (t) => (t.kind === 'project' ? t.otherAmount : undefined),
    overview: (t) => (t.kind === 'project' ? t.overview : undefined),
    periodGoal: (t) => (t.kind === 'project' ? t.periodGoal : undefined),
    annualGoal: (t) => (t.kind === 'project' ? t.annualGoal : undefined),
  },
  'dept-overall': {
    deptName: (t) => (t.kind === 'dept-overall' ? t.deptName : undefined),
    deptCode: (t) => (t.kind === 'dept-overall' ? t.deptCode : undefined),
    overallGoal: (t) => (t.kind === 'dept-overall' ? t.overallGoal : undefined),
  },
  'self-eval': {
    projectName: (t) => (t.kind === 'self-eval' ? t.projectName : undefined),
    department: (t) => (t.kind === 'self-eval' ? t.department : undefined),
    unit: (t) => (t.kind === 'self-eval' ? t.unit : undefined),
    annualGoal: (t) => (t.kind === 'self-eval' ? t.annualGoal : undefined),
    goalOutcome: (t) => (t.kind === 'self-eval' ? t.goalOutcome : undefined),
    conclusion: (t) => (t.kind === 'self-eval' ? t.conclusion : undefined),
    problems: (t) => (t.kind === 'self-eval' ? t.problems : undefined),
    measures: (t) => (t.kind === 'self-eval' ? t.measures : undefined),
  },
};

/** The label's vocabulary field: exact, or with a note in brackets (项目名称(全称)) or a colon. */
function labelField(text: string): string | undefined {
  const t = text.trim().replace(/^[*＊]+/, '');
  return fieldOfLabel(t) ?? fieldOfLabel(norm(t).replace(/\([^()]*\)$/, '')) ?? fieldOfLabel(t.replace(/[:：].*$/, ''));
}

/**
 * A label whose value is empty: left blank on the form when what follows it in reading order is
 * another label (or nothing) — an empty cell, as a person reads it, however the text lost its
 * cells; not read when text follows that the reader did not take as its value.
 */
function blankOrUnread(rows: Cell[][], r: number, label: Cell): FormFieldState {
  for (let k = r; k < rows.length; k++) {
    for (const c of rows[k]!) {
      if (k === r && c.col <= label.col) continue;
      if (!c.text.trim()) continue;
      return isLabel(c.text) || isTitle(c.text) ? 'empty' : 'unread';
    }
  }
  return 'empty';
}

export interface FormInput {
  table: TargetTable;
  /** The rows of the table's part of the grid, title excluded. */
  rows: Cell[][];
  /** Row index (in `rows`) where the indicator block's header starts; labels below it are columns. */
  headerRow?: number;
  /** Indicator column kinds, in header order. */
  columns: string[];
  /** Text to find the region in when the table's own text names no place (the page around it). */
  context?: string;
}

/** The form, and the labels of the fields it has whose value could not be read (for `import.field-unread`). */
export function describeForm(input: FormInput): { form: TableForm; unread: Array<{ field: string; label: Cell }> } {
  const unread: Array<{ field: string; label: Cell }> = [];
  const { table, rows } = input;
  const getters = VALUE_OF[table.kind];
  const fields: Record<string, FormFieldState> = {};
  const end = input.headerRow ?? rows.length;
  for (let r = 0; r < end; r++) {
    const row = rows[r]!;
    for (const c of row) {
      if (!c.text.trim()) continue;
      const f = labelField(c.text);
      if (!f || fields[f] !== undefined) continue;
      const get = getters[f];
      if (!get) {
        fields[f] = 'filled'; // a field the model keeps as filed (立项依据 …): the form has it
        continue;
      }
      const v = get(table);
      fields[f] = v && v.raw.trim() ? 'filled' : blankOrUnread(rows, r, c);
      if (fields[f] === 'unread') unread.push({ field: f, label: c });
    }
  }
  // One row per indicator with the project's columns first (项目名称 | 预算数 | 一级指标 …): each row fills them or leaves them blank.
  for (const c of input.headerRow !== undefined ? (rows[input.headerRow] ?? []) : []) {
    const f = c.text.trim() ? labelField(c.text) : undefined;
    if (!f || fields[f] !== undefined) continue;
    const v = getters[f]?.(table);
    fields[f] = !getters[f] || (v && v.raw.trim()) ? 'filled' : 'empty';
  }
  const text = [table.title, ...rows.slice(0, end).flat().map((c) => c.text)].join('\n');
  const form: TableForm = { fields, columns: input.columns };
  const region = recogniseRegion(text) ?? (input.context ? recogniseRegion(input.context) : undefined);
  if (region) form.region = region;
  const year = table.year ?? yearOf(text);
  if (year !== undefined) form.year = year;
  return { form, unread };
}

/** Model field paths the rules name, and the vocabulary fields that stand for them on a form. */
const FORM_FIELDS_OF: Record<string, string[]> = {
  'period.start': ['periodStart', 'period'],
  'period.end': ['periodEnd', 'period'],
};

/**
 * How the form carries a field the rules ask for: undefined when the table has no recognised
 * form (filed in the app: every field of the model is on its form), 'absent' when the form has
 * no such field.
 */
export function formFieldState(table: TargetTable, field: string): FormFieldState | 'absent' | undefined {
  if (!table.form) return undefined;
  const names = FORM_FIELDS_OF[field] ?? [field];
  const states = names.map((n) => table.form!.fields[n]).filter((s): s is FormFieldState => s !== undefined);
  if (!states.length) return 'absent';
  if (states.includes('filled')) return 'filled';
  if (states.includes('unread')) return 'unread';
  return 'empty';
}

/**
 * Whether a rule may call an empty field "未填写": yes for a table filed in the app (its form
 * has every field) and for a field left blank on its form; no when the form has no such field,
 * and no when the field is there but the importer could not read it (import.field-unread).
 */
export function formAsksFor(table: TargetTable, field: string): boolean {
  const s = formFieldState(table, field);
  return s === undefined || s === 'empty' || s === 'filled';
}
