/**
 * The indicator library (指标库): indicators of approved tables of earlier years and stages,
 * grouped by category and name, each with its typical operator and unit and the spread of
 * values used; and suggestions for a new project from the indicators of similar projects, so a
 * filer does not start from a blank grid.
 */
import { matchLevel1, matchLevel2, type Level1Name, type Level2Name } from '../framework/indicator-framework.ts';
import type { ProjectTable, TargetTable } from '../model/target-table.ts';
import { parseIndicatorValue, type Operator } from '../value/indicator-value.ts';
import { STARTER_ENTRIES } from './starter-entries.ts';
import { cosine, TfIdf, type SparseVector } from './text-similarity.ts';

export { STARTER_ENTRIES, type StarterEntry } from './starter-entries.ts';

export interface LibraryEntry {
  key: string;
  level1: Level1Name;
  level2: Level2Name;
  name: string;
  /** Most used operator and unit. */
  operator: Operator | null;
  unit: string | null;
  /** Numbers used, for the spread. */
  values: number[];
  /** A typical value text, e.g. "≥95%". */
  example: string;
  /** How many tables used it. */
  uses: number;
  /** The projects (name + overview + type) it was used in: the text suggestions are matched against. */
  contexts: string[];
}

export interface LibrarySpread {
  min: number;
  median: number;
  max: number;
}

export interface IndicatorLibrary {
  entries: LibraryEntry[];
}

export interface Suggestion {
  entry: LibraryEntry;
  /** 0–1: how close the projects it came from are to the new one. */
  similarity: number;
  /** The most similar project it was used in. */
  from: string;
  /** The value to insert: the typical operator with the median number. */
  value: string;
}

const keyOf = (l1: string, l2: string, name: string) => `${l1}|${l2}|${name.replace(/\s+/g, '')}`;

function mostCommon<T>(xs: T[]): T | null {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [x, c] of counts) if (c > n) [best, n] = [x, c];
  return best;
}

export function spreadOf(entry: LibraryEntry): LibrarySpread | undefined {
  if (entry.values.length === 0) return undefined;
  const s = [...entry.values].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
}

/** Text that describes what a table is about (for similarity). */
export function tableContext(t: TargetTable | Pick<ProjectTable, 'kind' | 'projectName' | 'overview' | 'projectType'>): string {
  if (t.kind === 'project') return `${t.projectName.raw} ${t.overview.raw} ${t.projectType.name ?? ''}`;
  if (t.kind === 'dept-overall') return `${t.deptName.raw} ${t.overallGoal.raw}`;
  return `${t.projectName.raw} ${t.annualGoal.raw}`;
}

/** Builds the library from approved tables (and the starter set unless `starter: false`). */
export function buildIndicatorLibrary(tables: TargetTable[], opts: { starter?: boolean } = {}): IndicatorLibrary {
  const byKey = new Map<string, { entry: LibraryEntry; ops: Array<Operator | null>; units: Array<string | null>; raws: string[] }>();
  const add = (l1raw: string, l2raw: string, name: string, valueRaw: string, context: string) => {
    const l1 = matchLevel1(l1raw)?.name;
    const l2 = matchLevel2(l2raw, l1raw)?.name;
    if (!l1 || !l2 || !name.trim()) return;
    const key = keyOf(l1, l2, name);
    let slot = byKey.get(key);
    if (!slot) {
      slot = { entry: { key, level1: l1, level2: l2, name: name.trim(), operator: null, unit: null, values: [], example: '', uses: 0, contexts: [] }, ops: [], units: [], raws: [] };
      byKey.set(key, slot);
    }
    const v = parseIndicatorValue(valueRaw, { indicatorName: name });
    slot.entry.uses++;
    slot.entry.contexts.push(context);
    slot.ops.push(v.quantitative ? v.operator : null);
    slot.units.push(v.unit);
    slot.raws.push(valueRaw.trim());
    if (v.quantitative && v.number !== null) slot.entry.values.push(Number(v.number));
  };
  if (opts.starter !== false) for (const s of STARTER_ENTRIES) add(s.level1, s.level2, s.name, s.value, s.context);
  for (const t of tables) {
    const ctx = tableContext(t);
    for (const ind of t.indicators) {
      if (!ind.level1.name || !ind.level2.name) continue;
      add(ind.level1.name, ind.level2.name, ind.name.raw, ind.value.raw, ctx);
    }
  }
  const entries: LibraryEntry[] = [];
  for (const { entry, ops, units, raws } of byKey.values()) {
    entry.operator = mostCommon(ops.filter((o): o is Operator => o !== null));
    entry.unit = mostCommon(units.filter((u): u is string => u !== null));
    entry.example = mostCommon(raws.filter(Boolean)) ?? '';
    entries.push(entry);
  }
  return { entries };
}

/**
 * Suggests indicators for a project from those of the most similar projects in the library:
 * each entry scores by the best similarity between the new project and the projects it was used
 * in. Entries already in the table are left out; at most `limit`, at least `minSimilarity`.
 */
export function suggestIndicators(
  library: IndicatorLibrary,
  project: { name: string; overview?: string; type?: string; existing?: string[] },
  opts: { limit?: number; minSimilarity?: number } = {},
): Suggestion[] {
  const limit = opts.limit ?? 12;
  const min = opts.minSimilarity ?? 0.08;
  const tfidf = new TfIdf();
  const contexts = new Set<string>();
  for (const e of library.entries) for (const c of e.contexts) contexts.add(c);
  for (const c of contexts) tfidf.add(c);
  const query = tfidf.vector(`${project.name} ${project.name} ${project.overview ?? ''} ${project.type ?? ''}`);
  const vectors = new Map<string, SparseVector>();
  for (const c of contexts) vectors.set(c, tfidf.vector(c));
  const existing = new Set((project.existing ?? []).map((n) => n.replace(/\s+/g, '')));
  const out: Suggestion[] = [];
  for (const e of library.entries) {
    if (existing.has(e.name.replace(/\s+/g, ''))) continue;
    let best = 0;
    let from = '';
    for (const c of e.contexts) {
      const s = cosine(query, vectors.get(c)!);
      if (s > best) [best, from] = [s, c];
    }
    // Generic entries (used everywhere, e.g. 服务对象满意度) get a floor so they still appear.
    if (e.contexts.some((c) => c.startsWith('通用'))) best = Math.max(best, min);
    if (best < min) continue;
    const spread = spreadOf(e);
    const value = e.operator && spread ? `${e.operator}${spread.median}${e.unit ?? ''}` : e.example;
    out.push({ entry: e, similarity: Math.round(best * 1000) / 1000, from: from.split(' ')[0] ?? '', value });
  }
  out.sort((a, b) => b.similarity - a.similarity || b.entry.uses - a.entry.uses);
  // Keep the grid balanced: at most half the suggestions from one 一级.
  const perLevel = new Map<string, number>();
  const picked: Suggestion[] = [];
  for (const s of out) {
    const n = perLevel.get(s.entry.level1) ?? 0;
    if (n >= Math.ceil(limit / 2)) continue;
    perLevel.set(s.entry.level1, n + 1);
    picked.push(s);
    if (picked.length >= limit) break;
  }
  return picked;
}

let starter: IndicatorLibrary | undefined;
/** The library of the starter set alone (built once): what rules use when given no library. */
export function starterLibrary(): IndicatorLibrary {
  return (starter ??= buildIndicatorLibrary([]));
}

/** A quantified aim of a goal text, as the goal rule extracts it (rules/goal-rules.ts). */
export interface AimLike {
  subject: string;
  verb: string;
  number: string;
  unit: string;
}

export interface ProposedIndicator {
  level1: string;
  level2: string;
  name: string;
  value: string;
}

interface NameIndex {
  tfidf: TfIdf;
  vectors: SparseVector[];
}
const nameIndexes = new WeakMap<IndicatorLibrary, NameIndex>();

function nameIndex(library: IndicatorLibrary): NameIndex {
  let ix = nameIndexes.get(library);
  if (!ix) {
    const tfidf = new TfIdf();
    for (const e of library.entries) tfidf.add(e.name);
    ix = { tfidf, vectors: library.entries.map((e) => tfidf.vector(e.name)) };
    nameIndexes.set(library, ix);
  }
  return ix;
}

const unitOf = (u: string) => (u === '％' || u === '个百分点' ? '%' : u);

/**
 * The library entry that best measures an aim of the goal text: the entry whose name is closest
 * to what the aim is about (TF-IDF over character bigrams), among those whose unit fits the
 * aim's. Returns the index of the entry, or -1 when nothing is close enough.
 */
export function bestEntryForAim(library: IndicatorLibrary, aim: AimLike, minSimilarity = 0.3): number {
  if (!aim.subject.trim() || library.entries.length === 0) return -1;
  const ix = nameIndex(library);
  const q = ix.tfidf.vector(aim.subject);
  const unit = unitOf(aim.unit);
  let best = -1;
  let bestScore = minSimilarity;
  library.entries.forEach((e, i) => {
    // A count of 家 is not measured by a rate, nor a rate by a count.
    if (unit && e.unit && unitOf(e.unit) !== unit) return;
    const s = cosine(q, ix.vectors[i]!) + (unit && e.unit ? 0.05 : 0);
    if (s > bestScore) [best, bestScore] = [i, s];
  });
  return best;
}

/** An indicator for an aim from the library: the entry's category, name and sign, the aim's number. */
export function proposeFromLibrary(library: IndicatorLibrary, aim: AimLike): ProposedIndicator | null {
  const i = bestEntryForAim(library, aim);
  if (i < 0) return null;
  const e = library.entries[i]!;
  const down = /下降|降低|减少|控制在/.test(aim.verb);
  const op = e.operator && e.operator !== '＝' ? e.operator : down ? '≤' : '≥';
  return { level1: e.level1, level2: e.level2, name: e.name, value: `${op}${aim.number}${unitOf(aim.unit) || e.unit || ''}` };
}
