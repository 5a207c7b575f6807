import { describe, expect, it } from 'vitest';
import { checkTable, generateCounty, generateCountyTables, generateProvince, regionCodeOf } from '../src/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('synthetic province', () => {
  const [a, b] = [...generateProvince({ counties: 2, seed: 42 })];

  it('is deterministic, and a small province is a prefix of a larger one', () => {
    const again = [...generateProvince({ counties: 3, seed: 42 })];
    expect(JSON.stringify(again[0])).toBe(JSON.stringify(a));
    expect(JSON.stringify(again[1])).toBe(JSON.stringify(b));
    const other = generateCounty(0, 43);
    expect(other.orgs[0]!.id).not.toBe(a!.orgs[0]!.id);
  });

  it('gives each county a distinct region code that is never a real county code', () => {
    const codes = new Set(Array.from({ length: 2000 }, (_, i) => regionCodeOf(i)));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(/^\d{4}[5-7]\d$/);
    expect(codes.has('440823')).toBe(false);
  });

  it('builds 财政局, 主管部门 and 预算单位 with one account per role and unique logins', () => {
    for (const c of [a!, b!]) {
      const kinds = c.orgs.map((o) => o.kind);
      expect(kinds.filter((k) => k === 'finance')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'dept').length).toBeGreaterThanOrEqual(30);
      const depts = new Map(c.orgs.filter((o) => o.kind === 'dept').map((o) => [o.id, o]));
      for (const u of c.orgs.filter((o) => o.kind === 'unit')) {
        const d = depts.get(u.parentId!);
        expect(d).toBeDefined();
        expect(u.code.startsWith(d!.code)).toBe(true);
      }
      expect(new Set(c.orgs.map((o) => o.code)).size).toBe(c.orgs.length);
      for (const o of c.orgs) expect(o.id).toMatch(UUID);
      const roles = new Set(c.users.map((u) => u.role));
      expect([...roles].sort()).toEqual(['admin', 'dept_reviewer', 'filer', 'finance_reviewer']);
    }
    const logins = [...a!.users, ...b!.users].map((u) => u.login);
    expect(new Set(logins).size).toBe(logins.length);
  });

  it('makes tables whose history agrees with their state', () => {
    const tables = a!.tables;
    expect(tables.length).toBeGreaterThan(300);
    const ids = new Set(tables.map((t) => t.id));
    expect(ids.size).toBe(tables.length);
    const identity = new Set(tables.map((t) => `${t.orgId}|${t.kind}|${t.year}|${t.stage}|${t.name}`));
    expect(identity.size).toBe(tables.length); // the server's unique identity index holds
    for (const t of tables) {
      expect(t.revisions.map((r) => r.version)).toEqual(t.revisions.map((_, i) => i + 1));
      const last = t.revisions[t.revisions.length - 1]!;
      expect(t.version).toBe(last.version);
      expect(t.errorCount).toBe(last.errorCount);
      // The stored findings are what the checker says about the stored document.
      expect(last.findings).toEqual(checkTable(last.document));
      if (t.status !== 'draft') {
        expect(last.errorCount).toBe(0); // submission refuses a table with errors
        expect(t.events.at(-1)!.toStatus).toBe(t.status);
      }
      let status = 'draft';
      for (const e of t.events) {
        expect(e.fromStatus).toBe(status);
        status = e.toStatus;
      }
      expect(status).toBe(t.status);
      if (t.stage === 'second') {
        const from = tables.find((x) => x.id === t.basedOnId);
        expect(from?.stage).toBe('first');
        expect(t.revisions[0]!.reason).toBe('derive');
      }
      for (let i = 1; i < t.revisions.length; i++) expect(+t.revisions[i]!.createdAt).toBeGreaterThan(+t.revisions[i - 1]!.createdAt);
    }
  });

  it('spreads tables over every state, and drafts carry the defects the samples show', () => {
    const all = [...a!.tables, ...b!.tables];
    const statuses = new Set(all.filter((t) => t.stage === 'second').map((t) => t.status));
    expect([...statuses].sort()).toEqual(['dept_approved', 'draft', 'finance_approved', 'published', 'submitted']);
    const drafts = all.filter((t) => t.status === 'draft');
    expect(drafts.some((t) => t.errorCount > 0)).toBe(true);
    const counts = all.map((t) => t.revisions[0]!.document.indicators.length).sort((x, y) => x - y);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(5);
    expect(median).toBeLessThanOrEqual(8);
    const fen = all.flatMap((t) => (t.currentAmountFen === null ? [] : [t.currentAmountFen]));
    for (const f of fen) expect(Number.isInteger(f)).toBe(true);
  });

  it('can leave out the 二上 tables', () => {
    const county = generateCounty(0, 42);
    const only = generateCountyTables(county, { seed: 42, firstStageOnly: true });
    expect(only.every((t) => t.stage === 'first')).toBe(true);
    expect(only.length).toBeGreaterThan(100);
  });
});
