/** A corpus table (fixtures/corpus) and its hand-written expectation, read as `jixiao import` reads it (readGrids → importGrids). */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readGrids } from '@jixiao/files';
import { importGrids, type Indicator, type RecogniseResult } from '../../src/index.ts';

const CORPUS = fileURLToPath(new URL('../../../../fixtures/corpus/', import.meta.url));

export interface Expected {
  tables: Array<{ kind: string; title: string | null; header: Record<string, string>; indicators: Array<{ level1: string | null; level2: string | null; name: string; value: string }> }>;
}

export function corpusFile(no: number): { name: string; text: string; expect: Expected } {
  const name = readdirSync(CORPUS).find((f) => f.startsWith(`${no}_`) && f.endsWith('.txt'))!;
  // The page as stored, without the corpus's own `# source:` / `# collected:` / `# note:` lines.
  const text = readFileSync(CORPUS + name, 'utf8').replace(/^(# (source|collected|note):.*\n)+/, '');
  return { name, text, expect: JSON.parse(readFileSync(CORPUS + name.replace(/\.txt$/, '.expect.json'), 'utf8')) as Expected };
}

export async function importCorpus(no: number): Promise<RecogniseResult & { expect: Expected }> {
  const f = corpusFile(no);
  const read = await readGrids(new TextEncoder().encode(f.text), f.name);
  return { ...importGrids(read.grids, read.info), expect: f.expect };
}


export const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '');
/** The value as a person reads the row: operator, value and unit columns together. */
export const valueText = (i: Indicator) => squash(`${i.operatorColumn?.raw ?? ''}${i.value.raw}${i.unitColumn?.raw ?? ''}`);
/** An indicator row as the expectation writes it: 二级, name, value text. */
export const row = (i: Indicator) => [squash(i.level2.raw) || null, squash(i.name.raw), valueText(i)];
export const expectedRow = (e: Expected['tables'][number]['indicators'][number]) => [squash(e.level2) || null, squash(e.name), squash(e.value)];
