/**
 * Tables published in traditional characters (mirror sites, Hong Kong and Taiwan copies) are read
 * in simplified characters, so that labels, category names and the value grammar match. The
 * conversion is OpenCC's (opencc-js, traditional → mainland simplified), loaded only when a text
 * needs it: the converter's dictionaries stay out of the browser's main bundle. Every converted
 * cell keeps its text as filed in `original`.
 */
import type { Cell, CellGrid } from './cell-grid.ts';

/** Characters written differently in traditional text and frequent in target tables. */
const TRADITIONAL_ONLY = /[績標項產數質時經濟滿體預職務門實資額撥對據與單過環護運營執當總規劃發區縣鄉鎮費審計報險義員會點應結轉進場這們無說麼樣]/g;

/** True when the text is (mostly) traditional: several characters only traditional text uses. */
export function looksTraditional(text: string): boolean {
  const hits = text.match(TRADITIONAL_ONLY)?.length ?? 0;
  return hits >= 3;
}

type Convert = (s: string) => string;
let converter: Promise<Convert> | undefined;

function loadConverter(): Promise<Convert> {
  converter ??= import('opencc-js/t2cn').then((m) => m.Converter({ from: 't', to: 'cn' }));
  return converter;
}

/** The text in simplified characters (as is when it is not traditional). */
export async function toSimplified(text: string): Promise<string> {
  if (!looksTraditional(text)) return text;
  return (await loadConverter())(text);
}

/** The grid with every cell in simplified characters, each converted cell keeping `original`; the same grid when nothing is traditional. */
export async function simplifyGrid(grid: CellGrid): Promise<CellGrid> {
  let sample = '';
  for (const row of grid.rows) {
    for (const c of row) sample += c.text;
    if (sample.length > 20_000) break;
  }
  if (!looksTraditional(sample)) return grid;
  const convert = await loadConverter();
  const rows = grid.rows.map((row) =>
    row.map((c): Cell => {
      if (!c.text) return c;
      const text = convert(c.text);
      return text === c.text ? c : { ...c, text, original: c.original ?? c.text };
    }),
  );
  return { ...grid, rows };
}
