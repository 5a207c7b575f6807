/**
 * Bulk load of a synthetic province with COPY, on PGlite and (with DATABASE_URL) PostgreSQL:
 * every generated row arrives, the loaded accounts sign in through the real API, a loaded table
 * reads back with the findings the checker gives, and a second load of the same counties is
 * refused with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTable, generateProvince } from '@jixiao/core';
import { buildApp, type App } from '../src/app.ts';
import { loadProvince, ProvinceLoadError, type LoadProgress, type LoadProvinceResult } from '../src/bulk/load-province.ts';
import { copyField, copyRow } from '../src/bulk/copy-text.ts';
import { progressLine } from '../src/bulk/progress.ts';
import { BACKENDS, Client, createTestDatabase, type TestDatabase } from './helpers.ts';

describe('COPY text', () => {
  it('escapes what COPY reads as special and writes NULL, dates, booleans and JSON', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(true)).toBe('t');
    expect(copyField(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02T00:00:00.000Z');
    expect(copyField({ raw: '≥90%\n' })).toBe('{"raw":"≥90%\\\\n"}');
    expect(copyRow(['x', 1, null])).toBe('x\t1\t\\N\n');
    expect(() => copyField(Number.NaN)).toThrow();
  });
});

for (const backend of BACKENDS) {
  describe(`bulk load (${backend})`, () => {
    let t: TestDatabase;
    let result: LoadProvinceResult;
    const seen: LoadProgress[] = [];
    const expected = [...generateProvince({ counties: 2, seed: 5 })];

    beforeAll(async () => {
      t = await createTestDatabase(backend);
      result = await loadProvince(t.database, { counties: 2, seed: 5, baseline: true, onProgress: (p) => seen.push(p) });
    }, 180_000);
    afterAll(async () => t?.cleanup());

    it('loads every generated row, and times a raw COPY of the same rows', async () => {
      const count = async (table: string) => Number((await t.database.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
      const tables = expected.flatMap((c) => c.tables);
      expect(await count('regions')).toBe(2);
      expect(await count('orgs')).toBe(expected.reduce((s, c) => s + c.orgs.length, 0));
      expect(await count('users')).toBe(expected.reduce((s, c) => s + c.users.length, 0));
      expect(await count('target_tables')).toBe(tables.length);
      expect(await count('table_revisions')).toBe(tables.reduce((s, x) => s + x.revisions.length, 0));
      expect(await count('workflow_events')).toBe(tables.reduce((s, x) => s + x.events.length, 0));
      expect(result.totalRows).toBe(Object.values(result.rows).reduce((s, n) => s + n, 0));
      expect(result.targetTables).toBe(tables.length);
      expect(result.rowsPerSecond).toBeGreaterThan(0);
      expect(result.baseline!.rows).toBe(result.totalRows);
      expect(result.baseline!.rowsPerSecond).toBeGreaterThan(0);
      // The baseline's twin tables are gone.
      const left = await t.database.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'jixiao_bulk_baseline'`);
      expect(left).toHaveLength(0);
      expect(seen.at(-1)!.done).toBe(true);
      expect(seen.filter((p) => !p.done).map((p) => p.counties)).toEqual([1, 2]);
      expect(progressLine(seen.at(-1)!)).toMatch(/2\/2 县 counties/);
    });

    it('loaded accounts sign in, and a loaded table reads back with the checker’s findings', async () => {
      const app: App = await buildApp({ database: t.database });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const addr = app.server.address();
        const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
        const county = expected[1]!;
        const draft = county.tables.find((x) => x.stage === 'second' && x.status === 'draft' && x.kind === 'project')!;
        const owner = county.users.find((u) => u.orgId === draft.orgId && u.role === 'filer')!;
        const c = new Client(url);
        expect((await c.login(owner.login, result.password)).status).toBe(200);
        const r = await c.get(`/api/tables/${draft.id}`);
        expect(r.status).toBe(200);
        expect(r.headers.get('etag')).toBe(`"${draft.version}"`);
        const last = draft.revisions.at(-1)!;
        expect(r.body.document.projectName.raw).toBe(draft.name);
        expect(r.body.findings.map((f: { code: string }) => f.code).sort()).toEqual(checkTable(last.document).map((f) => f.code).sort());
        // The loaded history is the history the API shows.
        const revs = await c.get(`/api/tables/${draft.id}/revisions`);
        expect(revs.status).toBe(200);
        expect(revs.body.items).toHaveLength(draft.revisions.length);
        // And the filer can go on from where the generator left off: save with If-Match.
        const save = await c.put(`/api/tables/${draft.id}`, r.body.document, { 'if-match': `"${draft.version}"` });
        expect(save.status).toBe(200);
        expect(save.body.table.version).toBe(draft.version + 1);
        // A public table of the county is public.
        const published = county.tables.find((x) => x.status === 'published')!;
        expect((await new Client(url).get(`/api/public/tables/${published.id}`)).status).toBe(200);
      } finally {
        await app.close();
      }
    });

    it('refuses to load the same counties twice, saying which region is there', async () => {
      const err = await loadProvince(t.database, { counties: 1, seed: 5 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProvinceLoadError);
      expect((err as ProvinceLoadError).zh).toContain(expected[0]!.regionCode);
      expect((err as ProvinceLoadError).en).toContain('--first');
    });
  });
}
