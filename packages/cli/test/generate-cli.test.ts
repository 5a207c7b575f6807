/** `jixiao generate`, the real binary: to a file, into a PGlite folder (COPY, progress, baseline), and its usage errors. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCounty } from '@jixiao/core';
import { createTestDatabase } from '../../server/test/helpers.ts';
import { jixiao } from './run-jixiao.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jixiao generate', () => {
  it('--out writes one county a line, the same as the generator gives', () => {
    const out = join(dir, 'p.ndjson');
    const r = jixiao('generate', '--counties', '2', '--seed', '7', '--out', out);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const second = JSON.parse(lines[1]!) as { regionCode: string; orgs: Array<{ id: string }>; tables: unknown[] };
    const expected = generateCounty(1, 7);
    expect(second.regionCode).toBe(expected.regionCode);
    expect(second.orgs.map((o) => o.id)).toEqual(expected.orgs.map((o) => o.id));
    expect(second.tables.length).toBeGreaterThan(100);
    expect(r.stderr).toContain('2/2 县 counties');
  }, 120_000);

  it('--into a PGlite folder loads with COPY and compares with a raw COPY of the same rows', async () => {
    // A migrated empty folder (copied from the test template: initdb is slow).
    const t = await createTestDatabase('pglite');
    await t.database.close();
    const db = t.where;
    const r = jixiao('generate', '--counties', '1', '--seed', '7', '--into', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/bulk load \(generate \+ check \+ COPY\): [\d.]+ s, [\d,]+ rows\/s/);
    expect(r.stdout).toMatch(/raw COPY of the same rows: [\d.]+ s, [\d,]+ rows\/s/);
    expect(r.stdout).toMatch(/ratio bulk load \/ raw COPY: \d+% of the raw rate/);
    // (A second load of the same county is refused: test/bulk-load.test.ts in the server.)
    rmSync(db, { recursive: true, force: true });
  }, 240_000);

  it('explains a missing or wrong option in Chinese and English', () => {
    const none = jixiao('generate', '--out', join(dir, 'x.ndjson'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--counties');
    const bad = jixiao('generate', '--counties', 'many', '--out', join(dir, 'x.ndjson'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/整数.*integer/);
    const nowhere = jixiao('generate', '--counties', '1');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('--into');
  });
});
