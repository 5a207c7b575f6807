/**
 * Import provenance the exchange format carries besides the texts themselves, so that an imported
 * table exported and read again keeps what the importer knew of it:
 * - `original`: a cell's text as it stood in the file where the importer changed it (traditional
 *   characters converted, injected pinyin dropped) — the raw text a user filed, kept next to the
 *   normalised one. Carried as a JSON list of [path, original] pairs (JX_TABLE_ORIGINALS on the
 *   table's record, JX_ORIGINALS on an indicator's), paths relative to the record's object.
 * - `form`: the form the table was recognised as (JX_FORM, JSON), which decides the rule set and
 *   the fields the checker asks for.
 * `source` (the cell each value was read from) is not carried: it names a place in a file that the
 * exchange file is not.
 */
import type { TableForm } from '../model/target-table.ts';

type Path = Array<string | number>;

/** Every [path, original] under `node`, skipping the keys named (a table's indicators have their own records). */
export function originalsOf(node: unknown, skip: ReadonlySet<string> = new Set()): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, path: Path) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.raw === 'string' && typeof o.original === 'string') out.push([path.join('.'), o.original]);
      for (const [k, x] of Object.entries(o)) if (k !== 'original' && k !== 'source' && !(path.length === 0 && skip.has(k))) walk(x, [...path, k]);
    }
  };
  walk(node, []);
  return out;
}

export const originalsColumn = (pairs: Array<[string, string]>) => (pairs.length ? JSON.stringify(pairs) : '');

/**
 * Puts each original back on the text field its path names. A path that names no text field of the
 * table as read (a hand-edited file that dropped a row) is an error, never silently dropped.
 */
export function applyOriginals(node: object, pairs: Array<[string, string]>, fail: (zh: string, en: string) => Error): void {
  for (const [path, original] of pairs) {
    let v: unknown = node;
    for (const key of path === '' ? [] : path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (!v || typeof v !== 'object' || typeof (v as { raw?: unknown }).raw !== 'string') {
      throw fail(`原文所在的字段 ${path} 不存在`, `the field ${path} that an original text belongs to does not exist`);
    }
    (v as { original?: string }).original = original;
  }
}

/** The pairs of a JX_*ORIGINALS cell; an empty cell has none. */
export function parseOriginals(raw: string | undefined, fail: (zh: string, en: string) => Error): Array<[string, string]> {
  if (!raw) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw fail('不是有效的 JSON', 'not valid JSON');
  }
  if (!Array.isArray(v) || !v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')) {
    throw fail('应为 [字段路径, 原文] 的列表', 'a list of [field path, original text] expected');
  }
  return v as Array<[string, string]>;
}

export const formColumn = (form: TableForm | undefined) => (form ? JSON.stringify(form) : '');

const STATES = new Set(['filled', 'empty', 'unread']);

/** The form of a JX_FORM cell, checked for shape: a malformed one is an error, not a half-read form. */
export function parseForm(raw: string | undefined, fail: (zh: string, en: string) => Error): TableForm | undefined {
  if (!raw) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw fail('不是有效的 JSON', 'not valid JSON');
  }
  const f = v as Partial<TableForm> | null;
  const ok =
    !!f &&
    typeof f === 'object' &&
    Array.isArray(f.columns) &&
    f.columns.every((c) => typeof c === 'string') &&
    !!f.fields &&
    typeof f.fields === 'object' &&
    Object.values(f.fields).every((s) => STATES.has(s as string)) &&
    (f.year === undefined || Number.isInteger(f.year)) &&
    (f.region === undefined ||
      (typeof f.region === 'object' &&
        typeof f.region.province === 'string' &&
        (f.region.place === undefined || typeof f.region.place === 'string') &&
        Array.isArray(f.region.evidence) &&
        f.region.evidence.every((e) => typeof e === 'string')));
  if (!ok) throw fail('表式应含 fields（字段→filled/empty/unread）与 columns（列名列表）', 'a form with fields (field → filled/empty/unread) and columns (a list of column names) expected');
  return f as TableForm;
}
