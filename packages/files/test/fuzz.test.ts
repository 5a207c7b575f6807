/**
 * Never crash: mutated samples (and mutated .xlsx/.docx/.html made from them, both as raw bytes
 * and as XML inside a well-formed zip) give a result or a FileReadError — nothing else, never a
 * hang. 10,000 cases in all; JIXIAO_FUZZ_SCALE=n runs n times as many (new random cases each run).
 */
import type { CellGrid } from '@jixiao/core';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileReadError, readGrids, writeDocx, writeHtml, writeXlsx, type ReadResult } from '../src/index.ts';
import { EXCEL_2003_XML, MERGED_TABLE_HTML, SAMPLE_NAMES, sample, seed, utf8 } from './helpers.ts';

type Op = { op: 'flip' | 'set' | 'delete' | 'insert' | 'truncate' | 'dup' | 'pipe'; pos: number; val: number; len: number };

const ops = fc.array(
  fc.record({
    op: fc.constantFrom<Op['op']>('flip', 'set', 'delete', 'insert', 'truncate', 'dup', 'pipe'),
    pos: fc.nat(),
    val: fc.integer({ min: 0, max: 255 }),
    len: fc.integer({ min: 1, max: 64 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function mutate(src: Uint8Array, muts: Op[]): Uint8Array<ArrayBuffer> {
  let b = Array.from(src);
  for (const m of muts) {
    const p = b.length ? m.pos % b.length : 0;
    switch (m.op) {
      case 'flip':
        if (b.length) b[p] = b[p]! ^ (1 << (m.val % 8));
        break;
      case 'set':
        if (b.length) b[p] = m.val;
        break;
      case 'delete':
        b.splice(p, m.len);
        break;
      case 'insert':
        b.splice(p, 0, ...Array.from({ length: m.len }, (_, i) => (m.val + i * 31) % 256));
        break;
      case 'truncate':
        b = b.slice(0, p);
        break;
      case 'dup':
        b.splice(p, 0, ...b.slice(p, p + m.len * 8));
        break;
      case 'pipe': // structure-aware: the characters the text and markup readers key on
        b.splice(p, 0, ...utf8(['|', '\t', '\n', '"', '<td colspan=9>', '<table>', '</tr>', '<w:tc>', '  '][m.val % 9]!));
        break;
    }
  }
  return new Uint8Array(b);
}

/** The shape every grid must have, whatever the input. */
function checkResult(r: ReadResult): void {
  expect(r.info).toHaveLength(r.grids.length);
  for (const g of r.grids) {
    g.rows.forEach((row, i) => {
      row.forEach((c, j) => {
        if (c.row !== i + 1 || c.col !== j + 1 || typeof c.text !== 'string') throw new Error(`bad cell at ${i},${j}: ${JSON.stringify(c)}`);
        if (c.merge && (c.merge.top !== c.row || c.merge.left !== c.col || c.merge.bottom < c.row || c.merge.right < c.col)) throw new Error(`bad merge ${JSON.stringify(c)}`);
        if (c.mergedInto && (c.mergedInto.row > c.row || c.mergedInto.col > c.col)) throw new Error(`bad mergedInto ${JSON.stringify(c)}`);
      });
    });
  }
}

const SCALE = Math.max(1, Number(process.env.JIXIAO_FUZZ_SCALE ?? 1) || 1);
const runs = (n: number) => ({ numRuns: n * SCALE });
const stats = { cases: 0, results: 0, errors: 0, slowest: 0 };

async function survive(bytes: Uint8Array, name: string): Promise<void> {
  const t0 = performance.now();
  stats.cases++;
  try {
    checkResult(await readGrids(bytes, name));
    stats.results++;
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    stats.errors++;
  }
  stats.slowest = Math.max(stats.slowest, performance.now() - t0);
}

const texts: { name: string; bytes: Uint8Array }[] = [];
let sampleGrids: CellGrid[][] = [];
const containers: Record<'xlsx' | 'docx' | 'html', Uint8Array[]> = { xlsx: [], docx: [], html: [] };
const fixture = (n: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url))));
const xls = ['formats.xls', 'seed.xls', 'lo-merged.xls'].map(fixture);
const doc = ['lo-tables.doc', 'lo-nested.doc'].map(fixture);

beforeAll(async () => {
  for (const n of SAMPLE_NAMES) texts.push({ name: n, bytes: sample(n) });
  texts.push({ name: 'seed.txt', bytes: seed() });
  sampleGrids = [];
  for (const t of texts) sampleGrids.push((await readGrids(t.bytes, t.name)).grids);
  sampleGrids.push((await readGrids(utf8(MERGED_TABLE_HTML), 'm.html')).grids);
  containers.html.push(utf8(EXCEL_2003_XML), fixture('lo-merged.html'));
  containers.docx.push(fixture('lo-merged.docx'));
  containers.xlsx.push(fixture('lo-merged.xlsx'));
  for (const g of sampleGrids) {
    containers.xlsx.push(await writeXlsx(g));
    containers.docx.push(writeDocx(g));
    containers.html.push(writeHtml(g));
  }
});

const pick = <T>(a: T[], i: number) => a[i % a.length]!;
const EXT = ['txt', 'csv', 'tsv', 'html', 'xlsx', 'docx', ''];

describe('fuzz: any bytes give grids or a FileReadError', () => {
  it('mutated text samples (3,000 cases, under several names)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), ops, async (i, e, m) => {
        const t = pick(texts, i);
        await survive(mutate(t.bytes, m), `x.${pick(EXT, e)}`);
      }),
      runs(3000),
    );
  }, 120_000 * SCALE);

  it('mutated .html made from the samples, and an Excel 2003 XML workbook (1,500 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), ops, async (i, m) => survive(mutate(pick(containers.html, i), m), 'x.html')),
      runs(1500),
    );
  }, 120_000 * SCALE);

  it('mutated .docx: raw zip bytes (750) and document.xml inside a good zip (750)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), ops, async (i, m) => survive(mutate(pick(containers.docx, i), m), 'x.docx')),
      runs(750),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), ops, async (i, m) => {
        const parts = unzipSync(pick(containers.docx, i));
        parts['word/document.xml'] = mutate(parts['word/document.xml']!, m);
        await survive(zipSync(parts), 'x.docx');
      }),
      runs(750),
    );
  }, 120_000 * SCALE);

  it('mutated .xlsx: raw zip bytes (1,000) and one XML part inside a good zip (1,000)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), ops, async (i, m) => survive(mutate(pick(containers.xlsx, i), m), 'x.xlsx')),
      runs(1000),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), ops, async (i, k, m) => {
        const parts = unzipSync(pick(containers.xlsx, i));
        const names = Object.keys(parts).filter((n) => n.endsWith('.xml') || n.endsWith('.rels')).sort();
        const n = pick(names, k);
        parts[n] = mutate(parts[n]!, m);
        await survive(zipSync(parts), 'x.xlsx');
      }),
      runs(1000),
    );
  }, 180_000 * SCALE);

  it('mutated .xls (BIFF8 in an OLE container, 1,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), ops, async (i, m) => survive(mutate(pick(xls, i), m), 'x.xls')),
      runs(1000),
    );
  }, 120_000 * SCALE);

  it('mutated .doc (Word 97 in an OLE container, 1,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), ops, async (i, m) => survive(mutate(pick(doc, i), m), 'x.doc')),
      runs(1000),
    );
  }, 120_000 * SCALE);

  it('ran 10,000 cases, each well under the time a hang would take', () => {
    // Reported in the test output for the record.
    console.log(`fuzz: ${stats.cases} cases, ${stats.results} results, ${stats.errors} FileReadErrors, slowest ${Math.round(stats.slowest)} ms`);
    expect(stats.cases).toBe(10_000 * SCALE);
    expect(stats.results).toBeGreaterThan(1000);
    expect(stats.errors).toBeGreaterThan(100);
    expect(stats.slowest).toBeLessThan(10_000);
  });
});
