/**
 * Scores what `jixiao check` made of one corpus file against its hand-written expectation
 * (docs/fidelity.md explains the measures). Pure: the caller reads and checks the file.
 *
 * Matching, decided once here so every figure means the same thing:
 * - text is compared after removing whitespace and turning full-width forms half-width, nothing
 *   else (`≥95％` = `≥ 95%`, but `>=95%` ≠ `≥95%` and `95` ≠ `95%`);
 * - an expected table is paired with the found table sharing most indicator names (kind, then
 *   order, break ties); a table is "found" when it is paired with a table of its kind;
 * - an indicator row is paired by name: equal, or one name holds the other and is at least 60% of
 *   its length (a cell cut at a line end, a unit bracket dropped), or character-bigram Dice ≥ 0.75;
 * - a paired row is "right" when its 一级 is the one a reader assigns (null: anything), its 二级 is
 *   what is written (compared without the word 指标; null: none read, or placed by keywords), and
 *   its value text is the 当年度/实施周期 value, alone or with its 指标性质 and 度量单位 columns;
 * - a reported error matches a marked defect when the code is the same, and, where the defect
 *   names an indicator, the finding is on the row paired with it, and, where both name a field,
 *   the fields agree. Each defect is first paired with one error; a further error with the same
 *   code on the same defect (the same cell reported twice) also counts as matching.
 */
import { frameworkKey, matchLevel1, toHalfWidth, type Finding, type Indicator, type TargetTable } from '@jixiao/core';
import type { ExpectedDefect, ExpectedIndicator, ExpectedKind, ExpectedTable, Expectation } from './expectation.ts';

/** What check made of one file: each table with its findings (import and rules), and the file-level findings. */
export interface CheckedFile {
  ruleSet: string;
  readError?: { zh: string; en: string };
  fileFindings: Finding[];
  tables: Array<{ kind: TargetTable['kind']; title: string; indicators: Indicator[]; findings: Finding[] }>;
}

export interface RowCounts {
  expected: number;
  /** Paired with a row read from the file, by name. */
  paired: number;
  level1: number;
  level2: number;
  value: number;
  /** 一级, 二级 and value all right. */
  right: number;
}

export interface ErrorRef {
  code: string;
  table: number | null;
  row: number | null;
  field: string | null;
  message: string;
}

export interface TableScore {
  expectedKind: ExpectedKind;
  /** Index of the found table paired with it, or null. */
  found: number | null;
  foundKind: TargetTable['kind'] | null;
  kindRight: boolean;
  rows: RowCounts;
  /** Rows not right, with what was wrong (for the per-file report). */
  misses: Array<{ index: number; name: string; why: string }>;
}

export interface FileScore {
  file: string;
  split: Expectation['split'];
  shapes: string[];
  ruleSet: string;
  readError?: string;
  tablesExpected: number;
  tablesFound: number;
  /** Expected tables paired with a found table of the right kind. */
  tablesRight: number;
  /** Every expected table found with its kind (and no expected table: none found). */
  givesTables: boolean;
  tables: TableScore[];
  rows: RowCounts;
  errors: { reported: number; matching: number; unmatched: ErrorRef[] };
  defects: { marked: number; caught: number; missed: Array<{ table: number; code: string; indicator: number | null; field: string | null }> };
}

const KIND_OF: Record<ExpectedKind, TargetTable['kind']> = {
  project: 'project',
  dept: 'dept-overall',
  'selfeval-project': 'self-eval',
  'selfeval-dept': 'self-eval',
  // A 运行监控表 carries 完成值 beside the targets: the importer reads it as a self-evaluation table.
  monitoring: 'self-eval',
};

/** Whitespace removed, full-width forms half-width: the only normalisation the measures allow. */
export function normText(s: string | null | undefined): string {
  return toHalfWidth(s ?? '').replace(/\s+/g, '');
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.length || !y.length) return 0;
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      common++;
      pool.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

/** How well a found name stands for an expected name: 1 equal, 0 not the same indicator. */
export function nameSimilarity(expected: string, found: string): number {
  const a = normText(expected);
  const b = normText(found);
  if (!a || !b) return 0;
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.includes(short) && short.length / long.length >= 0.6) return 0.9 * (short.length / long.length);
  const d = dice(a, b);
  return d >= 0.75 ? 0.8 * d : 0;
}

function level1Right(exp: ExpectedIndicator, ind: Indicator): boolean {
  if (exp.level1 === null) return true;
  const found = ind.level1.name ?? matchLevel1(ind.level1.raw)?.name;
  if (found === exp.level1) return true;
  // A 成本指标 filed as a 二级 under 产出 (the pre-2021 tree): a reader may call its 一级 产出 (as
  // written) or 成本 (as the importer maps the legacy label to the current tree); both are right.
  const legacyCost = normText(exp.level2 ?? '').includes('成本') && normText(ind.level2.raw).includes('成本');
  return legacyCost && [exp.level1, found].every((l) => l === '产出指标' || l === '成本指标');
}

function level2Right(exp: ExpectedIndicator, ind: Indicator): boolean {
  const raw = normText(ind.level2.raw);
  if (exp.level2 === null) return raw === '' || ind.level2.classified === true;
  return frameworkKey(normText(exp.level2)) === frameworkKey(raw);
}

function valueRight(exp: ExpectedIndicator, ind: Indicator): boolean {
  const want = normText(exp.value);
  const op = normText(ind.operatorColumn?.raw);
  const unit = normText(ind.unitColumn?.raw);
  for (const v of [ind.value, ind.periodValue]) {
    if (!v) continue;
    const raw = normText(v.raw);
    if ([raw, op + raw, raw + unit, op + raw + unit].includes(want)) return true;
  }
  return false;
}

/** One to one, best score first: for each expected item the found item it pairs with, or null. */
function greedyPairs(n: number, candidates: Array<{ e: number; f: number; s: number }>): Array<number | null> {
  candidates.sort((a, b) => b.s - a.s);
  const pair: Array<number | null> = Array.from({ length: n }, () => null);
  const used = new Set<number>();
  for (const c of candidates) {
    if (pair[c.e] !== null || used.has(c.f)) continue;
    pair[c.e] = c.f;
    used.add(c.f);
  }
  return pair;
}

/** Pairs expected rows with found rows by name, one to one, best first. */
function pairRows(expected: ExpectedIndicator[], found: Indicator[]): Array<number | null> {
  const candidates: Array<{ e: number; f: number; s: number }> = [];
  expected.forEach((e, ei) =>
    found.forEach((f, fi) => {
      const s = nameSimilarity(e.name, f.name.raw);
      // Nearer positions win ties: a name repeated in two blocks pairs with its own block.
      if (s > 0) candidates.push({ e: ei, f: fi, s: s - Math.abs(ei - fi) * 1e-6 });
    }),
  );
  return greedyPairs(expected.length, candidates);
}

/** Pairs expected tables with found tables: most indicator names in common, then kind, then order. */
function pairTables(expected: ExpectedTable[], found: CheckedFile['tables']): Array<number | null> {
  const candidates: Array<{ e: number; f: number; s: number }> = [];
  expected.forEach((e, ei) =>
    found.forEach((f, fi) => {
      const shared = pairRows(e.indicators, f.indicators).filter((x) => x !== null).length;
      const kind = KIND_OF[e.kind] === f.kind ? 0.5 : 0;
      const title = e.title && normText(e.title) === normText(f.title) ? 0.25 : 0;
      candidates.push({ e: ei, f: fi, s: shared + kind + title - Math.abs(ei - fi) * 1e-3 });
    }),
  );
  return greedyPairs(expected.length, candidates);
}

/** The labels a reviewer may write for a field path of the model (defects name fields in words). */
const FIELD_WORDS: Record<string, string[]> = {
  projectName: ['projectName', '项目名称', '项目支出名称', '专项资金名称'],
  department: ['department', '主管部门', '预算部门', '业务主管部门'],
  unit: ['unit', '实施单位', '用款单位', '项目单位', '单位名称'],
  'period.start': ['period', '实施期限', '实施期', '起始年度', '项目期限'],
  'period.end': ['period', '实施期限', '实施期', '到期年度', '项目期限'],
  totalAmount: ['totalAmount', '总金额', '项目总金额', '资金总额', '总额'],
  currentAmount: ['currentAmount', '当年度金额', '年度金额', '当年预算', '年度资金总额', '本年度'],
  deptName: ['deptName', '部门名称'],
  annualGoal: ['annualGoal', '年度目标', '年度绩效目标', '绩效目标', '目标'],
  periodGoal: ['periodGoal', '实施期目标', '总体目标', '绩效目标', '目标'],
  overallGoal: ['overallGoal', '年度总体目标', '总体目标', '绩效目标', '目标'],
};

function fieldAgrees(defect: ExpectedDefect, f: Finding): boolean {
  const ff = f.location.field;
  if (!defect.field || !ff) return true;
  const words = FIELD_WORDS[ff];
  if (!words) return true; // an indicator's column (value, name …): the indicator decides
  const d = normText(defect.field);
  return words.some((w) => d.includes(normText(w)) || normText(w).includes(d));
}

/** The 0-based found indicator a finding points at, if any. */
function findingRow(f: Finding, ind: Indicator[]): number | null {
  if (f.location.indicatorId !== undefined) {
    const i = ind.findIndex((x) => x.id === f.location.indicatorId);
    if (i >= 0) return i;
  }
  return f.location.row !== undefined ? f.location.row - 1 : null;
}

const emptyRows = (): RowCounts => ({ expected: 0, paired: 0, level1: 0, level2: 0, value: 0, right: 0 });

export function addRows(a: RowCounts, b: RowCounts): void {
  for (const k of Object.keys(a) as Array<keyof RowCounts>) a[k] += b[k];
}

export function scoreFile(file: string, exp: Expectation, got: CheckedFile): FileScore {
  const tablePair = pairTables(exp.tables, got.tables);
  const rowPairs: Array<Array<number | null>> = [];
  const tables: TableScore[] = exp.tables.map((et, ti) => {
    const fi = tablePair[ti] ?? null;
    const ft = fi === null ? undefined : got.tables[fi];
    const rows = emptyRows();
    rows.expected = et.indicators.length;
    const misses: TableScore['misses'] = [];
    const pairs = ft ? pairRows(et.indicators, ft.indicators) : et.indicators.map(() => null);
    rowPairs.push(pairs);
    et.indicators.forEach((ei, ii) => {
      const p = pairs[ii];
      if (p === null || p === undefined || !ft) {
        misses.push({ index: ii, name: ei.name, why: '未读出 / not read' });
        return;
      }
      const ind = ft.indicators[p]!;
      rows.paired++;
      const l1 = level1Right(ei, ind);
      const l2 = level2Right(ei, ind);
      const v = valueRight(ei, ind);
      if (l1) rows.level1++;
      if (l2) rows.level2++;
      if (v) rows.value++;
      if (l1 && l2 && v) rows.right++;
      else {
        const why: string[] = [];
        if (!l1) why.push(`一级 ${ind.level1.name ?? (ind.level1.raw || '—')} ≠ ${ei.level1}`);
        if (!l2) why.push(`二级 “${ind.level2.raw}” ≠ “${ei.level2 ?? ''}”`);
        if (!v) why.push(`值 “${ind.value.raw}” ≠ “${ei.value}”`);
        misses.push({ index: ii, name: ei.name, why: why.join('; ') });
      }
    });
    const foundKind = ft?.kind ?? null;
    return { expectedKind: et.kind, found: fi, foundKind, kindRight: foundKind === KIND_OF[et.kind], rows, misses };
  });

  // Errors reported: those of the file and of every table, import and rules alike.
  const errors: Array<{ f: Finding; table: number | null }> = [];
  for (const f of got.fileFindings) if (f.severity === 'error') errors.push({ f, table: null });
  got.tables.forEach((t, i) => {
    for (const f of t.findings) if (f.severity === 'error') errors.push({ f, table: i });
  });
  const defectsOf = exp.tables.flatMap((t, ti) => t.defects.map((d) => ({ d, ti })));
  const defectMatches = (d: { d: ExpectedDefect; ti: number }, f: Finding, table: number | null): boolean => {
    if (d.d.code !== f.code) return false;
    const fi = tablePair[d.ti];
    // A file-level finding (no table) can stand for a table's defect only when the file has one table.
    if (table === null ? exp.tables.length !== 1 : fi !== table) return false;
    if (!fieldAgrees(d.d, f)) return false;
    if (d.d.indicator === null) return true;
    const ft = fi === null || fi === undefined ? undefined : got.tables[fi];
    if (!ft) return false;
    const row = findingRow(f, ft.indicators);
    return row !== null && rowPairs[d.ti]![d.d.indicator] === row;
  };
  const caught = new Set<number>();
  const matched = new Set<number>();
  errors.forEach((e, ei) => {
    const di = defectsOf.findIndex((d, i) => !caught.has(i) && defectMatches(d, e.f, e.table));
    if (di >= 0) {
      caught.add(di);
      matched.add(ei);
    }
  });
  errors.forEach((e, ei) => {
    if (!matched.has(ei) && defectsOf.some((d) => defectMatches(d, e.f, e.table))) matched.add(ei);
  });
  // A marked warning (or an error the checker reports as a warning) is caught by any finding on it.
  const all: Array<{ f: Finding; table: number | null }> = [
    ...got.fileFindings.map((f) => ({ f, table: null })),
    ...got.tables.flatMap((t, i) => t.findings.map((f) => ({ f, table: i as number | null }))),
  ];
  defectsOf.forEach((d, di) => {
    if (!caught.has(di) && all.some((x) => defectMatches(d, x.f, x.table))) caught.add(di);
  });

  const rows = emptyRows();
  for (const t of tables) addRows(rows, t.rows);
  const tablesRight = tables.filter((t) => t.kindRight).length;
  const score: FileScore = {
    file,
    split: exp.split,
    shapes: exp.shapes,
    ruleSet: got.ruleSet,
    tablesExpected: exp.tables.length,
    tablesFound: got.tables.length,
    tablesRight,
    givesTables: got.readError === undefined && (exp.tables.length === 0 ? got.tables.length === 0 : tablesRight === exp.tables.length),
    tables,
    rows,
    errors: {
      reported: errors.length,
      matching: matched.size,
      unmatched: errors
        .filter((_, i) => !matched.has(i))
        .map(({ f, table }) => ({ code: f.code, table, row: f.location.row ?? null, field: f.location.field ?? null, message: f.message.zh })),
    },
    defects: {
      marked: defectsOf.length,
      caught: caught.size,
      missed: defectsOf.filter((_, i) => !caught.has(i)).map(({ d, ti }) => ({ table: ti, code: d.code, indicator: d.indicator, field: d.field })),
    },
  };
  if (got.readError) score.readError = got.readError.zh;
  return score;
}
