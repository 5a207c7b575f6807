/**
 * The hand-written expectation beside each corpus file (`NNN_….expect.json`, format in
 * fixtures/corpus/README.md and HELPERS.md): the tables a person sees in the text, their
 * indicator rows and the real defects a reviewer would mark. Read strictly, so that a typo in an
 * expectation is reported with its file and path instead of silently scoring as a miss.
 */
export type ExpectedKind = 'project' | 'dept' | 'selfeval-project' | 'selfeval-dept' | 'monitoring';
/**
 * dev: the importer may be tuned on it; holdout: kept out of the repository while the importer was
 * built (landed 2026-12-07 21:20); holdout2: a second, later set collected and held out the same way,
 * so a gain that only shows on the first holdout set can be told from one that generalises.
 */
export type Split = 'dev' | 'holdout' | 'holdout2';
export const SPLITS: readonly Split[] = ['dev', 'holdout', 'holdout2'];

export interface ExpectedIndicator {
  level1: string | null;
  level2: string | null;
  name: string;
  value: string;
  actual?: string;
  weight?: string;
  score?: string;
}

export interface ExpectedDefect {
  code: string;
  severity: 'error' | 'warning';
  /** 0-based index into the table's indicators, or null for the table. */
  indicator: number | null;
  field: string | null;
  note?: string;
}

export interface ExpectedTable {
  kind: ExpectedKind;
  title: string | null;
  header: Record<string, string>;
  amounts: Record<string, string>;
  amountUnit: string | null;
  indicators: ExpectedIndicator[];
  defects: ExpectedDefect[];
  notDefects: string[];
}

export interface Expectation {
  source: string;
  province: string;
  place: string;
  year: number | null;
  split: Split;
  shapes: string[];
  tables: ExpectedTable[];
}

export class ExpectationError extends Error {
  constructor(
    readonly file: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${file}: ${zh} / ${en}`);
  }
}

const KINDS: readonly ExpectedKind[] = ['project', 'dept', 'selfeval-project', 'selfeval-dept', 'monitoring'];

/** Parses and checks one expectation file's text; throws ExpectationError saying where it is wrong. */
export function parseExpectation(text: string, file: string): Expectation {
  const fail = (path: string, zh: string, en: string): never => {
    throw new ExpectationError(file, `${path}：${zh}`, `${path}: ${en}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('(file)', `不是有效的 JSON（${(e as Error).message}）`, `not valid JSON (${(e as Error).message})`);
  }
  const obj = (v: unknown, path: string): Record<string, unknown> => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) fail(path, '应为对象', 'expected an object');
    return v as Record<string, unknown>;
  };
  const str = (v: unknown, path: string): string => {
    if (typeof v !== 'string') fail(path, '应为字符串', 'expected a string');
    return v as string;
  };
  const strOrNull = (v: unknown, path: string): string | null => (v === null || v === undefined ? null : str(v, path));
  // Header and amount values are "as written": a number written as a JSON number is accepted as its text.
  const strMap = (v: unknown, path: string): Record<string, string> => {
    if (v === undefined || v === null) return {};
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(obj(v, path))) out[k] = typeof x === 'number' ? String(x) : x === null ? '' : str(x, `${path}.${k}`);
    return out;
  };
  const arr = (v: unknown, path: string): unknown[] => {
    if (!Array.isArray(v)) fail(path, '应为数组', 'expected an array');
    return v as unknown[];
  };
  const root = obj(json, '(root)');
  const split = root.split;
  if (!SPLITS.includes(split as Split)) fail('split', '应为 "dev"、"holdout" 或 "holdout2"', 'must be "dev", "holdout" or "holdout2"');
  const year = root.year === null || root.year === undefined ? null : Number(root.year);
  if (year !== null && !Number.isInteger(year)) fail('year', '应为整数年份', 'must be an integer year');
  const tables = arr(root.tables, 'tables').map((t, ti): ExpectedTable => {
    const p = `tables[${ti}]`;
    const o = obj(t, p);
    if (!KINDS.includes(o.kind as ExpectedKind)) fail(`${p}.kind`, `应为 ${KINDS.join(' | ')}`, `must be one of ${KINDS.join(' | ')}`);
    const indicators = arr(o.indicators ?? [], `${p}.indicators`).map((x, ii): ExpectedIndicator => {
      const q = `${p}.indicators[${ii}]`;
      const io = obj(x, q);
      const ind: ExpectedIndicator = {
        level1: strOrNull(io.level1, `${q}.level1`),
        level2: strOrNull(io.level2, `${q}.level2`),
        name: str(io.name, `${q}.name`),
        value: io.value === null || io.value === undefined ? '' : typeof io.value === 'number' ? String(io.value) : str(io.value, `${q}.value`),
      };
      for (const k of ['actual', 'weight', 'score'] as const) {
        const v = io[k];
        if (v !== undefined && v !== null) ind[k] = typeof v === 'number' ? String(v) : str(v, `${q}.${k}`);
      }
      return ind;
    });
    const defects = arr(o.defects ?? [], `${p}.defects`).map((x, di): ExpectedDefect => {
      const q = `${p}.defects[${di}]`;
      const d = obj(x, q);
      if (d.severity !== 'error' && d.severity !== 'warning') fail(`${q}.severity`, '应为 "error" 或 "warning"', 'must be "error" or "warning"');
      const indicator = d.indicator === null || d.indicator === undefined ? null : Number(d.indicator);
      if (indicator !== null && !(Number.isInteger(indicator) && indicator >= 0 && indicator < indicators.length)) {
        fail(`${q}.indicator`, `应为 0 到 ${indicators.length - 1} 的指标序号或 null`, `must be an indicator index 0..${indicators.length - 1} or null`);
      }
      const defect: ExpectedDefect = { code: str(d.code, `${q}.code`), severity: d.severity as 'error' | 'warning', indicator, field: strOrNull(d.field, `${q}.field`) };
      if (typeof d.note === 'string') defect.note = d.note;
      return defect;
    });
    const unit = strOrNull(o.amountUnit, `${p}.amountUnit`);
    return {
      kind: o.kind as ExpectedKind,
      title: strOrNull(o.title, `${p}.title`),
      header: strMap(o.header, `${p}.header`),
      amounts: strMap(o.amounts, `${p}.amounts`),
      amountUnit: unit,
      indicators,
      defects,
      notDefects: arr(o.notDefects ?? [], `${p}.notDefects`).map((x, i) => str(x, `${p}.notDefects[${i}]`)),
    };
  });
  return {
    source: typeof root.source === 'string' ? root.source : '',
    province: typeof root.province === 'string' ? root.province : '',
    place: typeof root.place === 'string' ? root.place : '',
    year,
    split: split as Split,
    shapes: arr(root.shapes ?? [], 'shapes').map((x, i) => str(x, `shapes[${i}]`)),
    tables,
  };
}
