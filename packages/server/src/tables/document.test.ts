/**
 * The table document schema keeps exactly the core TargetTable type: keys it does not have are
 * dropped at every depth (issue 19: an unknown key nested 1,500 levels deep was stored as sent),
 * and no key the importer or the generator writes is lost on the way in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProvince, importText } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import { normaliseDocument, tableDocument } from './document.ts';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));

/** Every key path of a JSON value (array indices as []), for comparing what was kept. */
function keyPaths(v: unknown, at = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keyPaths(x, `${at}[]`, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(`${at}.${k}`);
      keyPaths(x, `${at}.${k}`, out);
    }
  }
  return out;
}

const txtFiles = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(FIXTURES, dir, f));

describe('table document schema', () => {
  it('drops unknown keys at every level, and an unknown key holding a deep value with them', () => {
    const { tables } = importText(readFileSync(txtFiles('seed')[0]!, 'utf8'), 'seed.txt');
    const doc = structuredClone(tables.find((t) => t.kind === 'project')!) as any;
    const deep = JSON.parse('{"a":'.repeat(30) + '1' + '}'.repeat(30));
    doc.extra = deep;
    doc.__proto_ish = 'x';
    doc.projectName.script = '<script>alert(1)</script>';
    doc.period.start.hidden = { nested: true };
    doc.indicators[0].value.payload = deep;
    doc.indicators[0].level1.admin = true;
    doc.indicators[0].name.source = { ...doc.indicators[0].name.source, evil: 1 };
    const parsed = tableDocument.parse(doc);
    const kept = keyPaths(parsed);
    for (const p of ['.extra', '.__proto_ish', '.projectName.script', '.period.start.hidden', '.indicators[].value.payload', '.indicators[].level1.admin', '.indicators[].name.source.evil']) {
      expect(kept.has(p), p).toBe(false);
    }
    // What the document does have is all there, and normalises as before.
    expect((parsed as any).projectName.raw).toBe(doc.projectName.raw);
    expect(normaliseDocument(parsed).indicators.length).toBe(doc.indicators.length);
  });

  it('keeps every key the importer writes (seed, samples, corpus) and every key of generated tables', () => {
    let tables = 0;
    const dropped = new Set<string>();
    const check = (t: unknown, where: string) => {
      if ((t as { kind: string }).kind === 'self-eval') return; // not a document of the tables API
      const r = tableDocument.safeParse(t);
      if (!r.success) return; // refused (e.g. an over-long cell), not silently changed: other tests cover refusals
      tables++;
      const before = keyPaths(t);
      const after = keyPaths(r.data);
      for (const p of before) if (!after.has(p)) dropped.add(`${p} (${where})`);
    };
    for (const f of [...txtFiles('seed'), ...txtFiles('samples'), ...txtFiles('corpus')]) {
      for (const t of importText(readFileSync(f, 'utf8'), f).tables) check(t, f.slice(FIXTURES.length));
    }
    for (const county of generateProvince({ counties: 1, seed: 3, size: 0.2 })) {
      for (const t of county.tables) for (const r of t.revisions) check(r.document, 'generated');
    }
    expect([...dropped].slice(0, 20), 'keys of the core type missing from the schema').toEqual([]);
    expect(tables).toBeGreaterThan(80);
  });
});
