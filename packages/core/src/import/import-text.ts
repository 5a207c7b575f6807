/** Convenience: text (tab-separated, pipe tables, one cell per line) straight to tables. */
import type { CellGrid } from './cell-grid.ts';
import { withoutFindingsReport } from './findings-report.ts';
import { recogniseTables, type RecogniseResult } from './recognise-tables.ts';
import { textToGrid } from './text-layout.ts';
import { isTitle } from './vocabulary.ts';
import { simplifyGrid } from './traditional.ts';

export function importText(text: string, file?: string): RecogniseResult {
  return recogniseTables(textToGrid(text, file));
}

/** importText for text that may be in traditional characters: converted first (the converter is loaded only then). */
export async function importTextAsync(text: string, file?: string): Promise<RecogniseResult> {
  return recogniseTables(await simplifyGrid(textToGrid(text, file)));
}

/** What a reader knows about each grid besides its cells (as @jixiao/files `ReadResult.info`). */
export interface GridContext {
  /** Paragraphs before the table in its document (the title is usually the last). */
  before?: string[];
  /** The table's caption. */
  caption?: string;
}

/** The title a Word or web table carries outside its cells: its caption, or the last title-like paragraph above it. */
export function titleOutside(info: GridContext | undefined): string | undefined {
  if (!info) return undefined;
  if (info.caption && isTitle(info.caption)) return info.caption;
  const paras = info.before ?? [];
  for (let i = paras.length - 1; i >= Math.max(0, paras.length - 3); i--) if (isTitle(paras[i]!)) return paras[i]!.trim();
  return undefined;
}

/** Recognises tables across several grids (sheets of a workbook, tables of a document). */
export function importGrids(all: CellGrid[], allInfos?: ReadonlyArray<GridContext | undefined>): RecogniseResult {
  const out: RecogniseResult = { tables: [], findings: [] };
  // A findings report: its summary sheet and 检查意见 column are not table data.
  const { grids, keep, finding } = withoutFindingsReport(all);
  if (finding) out.findings.push(finding);
  const infos = allInfos && keep.map((k) => allInfos[k]);
  for (const [i, g] of grids.entries()) {
    const title = titleOutside(infos?.[i]);
    const r = recogniseTables(g, title ? { title } : {});
    const offset = out.tables.length;
    out.tables.push(...r.tables);
    for (const f of r.findings) {
      out.findings.push(f.location.table === undefined ? f : { ...f, location: { ...f.location, table: f.location.table + offset } });
    }
  }
  return out;
}
