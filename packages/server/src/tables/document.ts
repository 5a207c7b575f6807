/**
 * The table document as the API accepts it: the core TargetTable type (dept-overall or
 * project), checked structurally by Zod. Money is integer 分 (`fen`), never a float.
 *
 * A client that edits a field may send only its text (`raw`): the server fills in what is
 * derived from it — an amount's `fen`, an indicator value's parse (operator, number, unit …),
 * the 一级/二级 nodes — so that the stored document, the checker and the text always agree.
 * A value is re-parsed whenever it arrives without its parse (`quantitative` missing).
 */
import { matchLevel1, matchLevel2, parseIndicatorValue, parseMoney, type TargetTable } from '@jixiao/core';
import { z } from 'zod';

const MAX_TEXT = 20_000;
const MAX_NAME = 500;

/*
 * Every object below is a plain z.object: keys the core TargetTable type does not have are
 * dropped when the body is validated, before the normaliser or anything else walks the
 * document (issue 19: `"extra": {"a": {"a": …}}` 1,500 levels deep was stored as sent). The body
 * parser has already bounded depth (32) and size (250,000 values) without recursion (errors.ts).
 * document.test.ts checks that no key the importer or the generator writes is dropped.
 */
const cellRef = z.object({
  file: z.string().max(1000).optional(),
  sheet: z.string().max(MAX_NAME).optional(),
  row: z.number().int().min(0).max(10_000_000),
  col: z.number().int().min(0).max(100_000),
  line: z.number().int().min(0).max(100_000_000).optional(),
});
/** Where a field came from when imported, and its text before the importer changed it. */
const provenance = { source: cellRef.optional(), original: z.string().max(MAX_TEXT).optional() };
const textField = z.object({ raw: z.string().max(MAX_TEXT), ...provenance });
const fen = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).nullable();
const amountField = z.object({ raw: z.string().max(200), fen: fen.optional(), ...provenance });
const countField = z.object({ raw: z.string().max(200), count: z.number().int().nullable().optional(), ...provenance });
const yearField = z.object({ raw: z.string().max(50), year: z.number().int().nullable().optional(), ...provenance });
/** An indicator value as filed and, once parsed (core parseIndicatorValue), its parse; without `quantitative` it is parsed again. */
const valueField = z.object({
  raw: z.string().max(2000),
  operator: z.string().max(10).nullable().optional(),
  operatorRaw: z.string().max(200).optional(),
  number: z.string().max(200).nullable().optional(),
  unit: z.string().max(200).nullable().optional(),
  unitRaw: z.string().max(200).optional(),
  unitFrom: z.enum(['value', 'column', 'name']).optional(),
  quantitative: z.boolean().optional(),
  empty: z.boolean().optional(),
  notes: z.array(z.string().max(100)).max(50).optional(),
  ...provenance,
});
const levelField = z.object({ raw: z.string().max(200), name: z.string().max(200).optional(), legacy: z.boolean().optional(), classified: z.boolean().optional(), ...provenance });
const codeName = z.object({ raw: z.string().max(MAX_NAME), code: z.string().max(50).optional(), name: z.string().max(MAX_NAME).optional(), ...provenance });

const indicator = z.object({
  id: z.string().min(1).max(100),
  level1: levelField,
  level2: levelField,
  name: textField,
  value: valueField,
  periodValue: valueField.optional(),
  operatorColumn: textField.optional(),
  unitColumn: textField.optional(),
  valueType: textField.optional(),
  explanation: textField.optional(),
  weight: textField.optional(),
  direction: textField.optional(),
  standard: textField.optional(),
  note: textField.optional(),
  actual: textField.optional(),
  score: textField.optional(),
  deviationReason: textField.optional(),
  source: cellRef.optional(),
});

/** The form an imported table was filled on (core TableForm). */
const tableForm = z.object({
  region: z.object({ province: z.string().max(100), place: z.string().max(200).optional(), evidence: z.array(z.string().max(2000)).max(50) }).optional(),
  year: z.number().int().optional(),
  fields: z.record(z.string().max(100), z.enum(['filled', 'empty', 'unread'])),
  columns: z.array(z.string().max(100)).max(100),
});

const base = {
  title: z.string().max(500),
  year: z.number().int().min(1990).max(2200).optional(),
  notes: z.array(z.string().max(MAX_TEXT)).max(100).default([]),
  indicators: z
    .array(indicator)
    .max(1000)
    .refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, { message: 'indicator ids must be unique / 指标 id 不能重复' }),
  source: cellRef.optional(),
  form: tableForm.optional(),
  extraFields: z.array(z.object({ label: textField, value: textField })).max(200).optional(),
};

export const deptOverallDocument = z.object({
  kind: z.literal('dept-overall'),
  ...base,
  deptName: textField,
  deptCode: textField.optional(),
  staffCount: countField,
  subUnitCount: countField,
  funds: z.object({
    basic: amountField,
    project: amountField,
    development: z.array(z.object({ name: textField, amount: amountField, source: cellRef.optional() })).max(200),
    fiscal: amountField,
    other: amountField,
  }),
  overallGoal: textField,
  keyTasks: z.array(z.object({ name: textField, content: textField, amount: amountField, expected: textField, source: cellRef.optional() })).max(200),
  otherTasks: textField,
});

export const projectDocument = z.object({
  kind: z.literal('project'),
  ...base,
  projectName: textField,
  projectCode: textField.optional(),
  projectType: codeName,
  projectLevel: textField,
  department: codeName,
  unit: codeName,
  period: z.object({ start: yearField, end: yearField }),
  totalAmount: amountField,
  currentAmount: amountField,
  fiscalAmount: amountField.optional(),
  otherAmount: amountField.optional(),
  overview: textField,
  periodGoal: textField,
  annualGoal: textField,
});

export const tableDocument = z.discriminatedUnion('kind', [deptOverallDocument, projectDocument]).meta({
  id: 'TargetTableDocument',
  description:
    'A 预算绩效目标表 as the core TargetTable type (kind dept-overall or project). Amounts are integer 分 (fen). Keys the type does not have are dropped, at any depth, before the document is used (docs/api.md).',
});

export type TableDocument = z.infer<typeof tableDocument>;
export type StoredDocument = Extract<TargetTable, { kind: 'dept-overall' | 'project' }>;

type Obj = Record<string, unknown>;

function fillAmount(a: Obj | undefined): void {
  if (a && a.fen === undefined) a.fen = parseMoney(String(a.raw ?? ''))?.fen ?? null;
}

function fillCount(c: Obj | undefined): void {
  if (c && c.count === undefined) {
    const n = Number(String(c.raw ?? '').trim());
    c.count = String(c.raw ?? '').trim() !== '' && Number.isSafeInteger(n) ? n : null;
  }
}

function fillYear(y: Obj | undefined): void {
  if (y && y.year === undefined) {
    const m = /^\s*(\d{4})/.exec(String(y.raw ?? ''));
    y.year = m ? Number(m[1]) : null;
  }
}

/** Derives what a client may leave out; returns a new object (the input is not changed). */
export function normaliseDocument(input: TableDocument): StoredDocument {
  const doc = structuredClone(input) as unknown as Obj;
  for (const ind of doc.indicators as Obj[]) {
    const l1 = ind.level1 as Obj;
    const l2 = ind.level2 as Obj;
    if (l1.name === undefined) {
      const m = matchLevel1(String(l1.raw));
      if (m) {
        l1.name = m.name;
        if (m.legacy) l1.legacy = true;
      }
    }
    if (l2.name === undefined) {
      const m = matchLevel2(String(l2.raw), String(l1.raw));
      if (m) {
        l2.name = m.name;
        if (m.legacy) l2.legacy = true;
      }
    }
    const name = String((ind.name as Obj).raw);
    for (const slot of ['value', 'periodValue'] as const) {
      const v = ind[slot] as Obj | undefined;
      if (v && typeof v.quantitative !== 'boolean') {
        const parsed = parseIndicatorValue(String(v.raw), { indicatorName: name }) as unknown as Obj;
        if (v.source) parsed.source = v.source;
        ind[slot] = parsed;
      }
    }
  }
  if (doc.kind === 'dept-overall') {
    const f = doc.funds as Obj;
    for (const k of ['basic', 'project', 'fiscal', 'other']) fillAmount(f[k] as Obj);
    for (const l of f.development as Obj[]) fillAmount(l.amount as Obj);
    for (const t of doc.keyTasks as Obj[]) fillAmount(t.amount as Obj);
    fillCount(doc.staffCount as Obj);
    fillCount(doc.subUnitCount as Obj);
  } else {
    fillAmount(doc.totalAmount as Obj);
    fillAmount(doc.currentAmount as Obj);
    fillAmount(doc.fiscalAmount as Obj | undefined);
    fillAmount(doc.otherAmount as Obj | undefined);
    const p = doc.period as Obj;
    fillYear(p.start as Obj);
    fillYear(p.end as Obj);
  }
  return doc as unknown as StoredDocument;
}

/** The project name (or '' for a department table): part of a table's identity. */
export function identityName(doc: StoredDocument): string {
  return doc.kind === 'project' ? doc.projectName.raw.trim() : '';
}
