/** The 遂溪县 demo on an empty database. */
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemo, DEMO_PASSWORD_DEFAULT, DEMO_USERS } from '../src/demo/demo.ts';
import { buildApp } from '../src/app.ts';
import { BACKENDS, Client, createTestDatabase, type TestDatabase } from './helpers.ts';

describe.each(BACKENDS)('demo (%s)', (backend) => {
  let t: TestDatabase;
  afterAll(async () => t?.cleanup());

  it('creates the region, its organisations, one user per role, and the seed’s three tables submitted', async () => {
    t = await createTestDatabase(backend);
    const r = await ensureDemo(t.database, { password: DEMO_PASSWORD_DEFAULT });
    expect(r.created).toBe(true);
    expect(r.tables.map((x) => x.status)).toEqual(['submitted', 'submitted', 'submitted']);
    expect(r.lines.join('\n')).toMatch(/admin/);
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(['admin', 'finance_reviewer', 'dept_reviewer', 'filer']));

    const app = await buildApp({ database: t.database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      for (const u of DEMO_USERS) {
        const c = new Client(base);
        expect((await c.login(u.login, DEMO_PASSWORD_DEFAULT)).status, u.login).toBe(200);
      }
      const reviewer = new Client(base);
      await reviewer.login('kegongmao', DEMO_PASSWORD_DEFAULT);
      const list = await reviewer.get('/api/tables?year=2026&status=submitted');
      expect(list.body.total).toBe(3);
      // Each imported table shows the filer's corrections as revision 2.
      for (const tbl of list.body.items) {
        const revs = await reviewer.get(`/api/tables/${tbl.id}/revisions`);
        expect(revs.body.items.map((x: any) => x.reason)).toEqual(['import', 'save']);
        expect(revs.body.items[0].errorCount).toBeGreaterThan(0);
        expect(revs.body.items[1].errorCount).toBe(0);
      }
      // The department's numbers add up: 项目支出 31.2 + 事业发展性支出 13 = 13 + 31.2.
      const dept = list.body.items.find((x: any) => x.kind === 'dept-overall');
      const f = await reviewer.get(`/api/tables/${dept.id}/findings`);
      expect(f.body.department.map((x: any) => x.code)).not.toContain('dept.project-sum');
    } finally {
      await app.close();
    }
    // A second start changes nothing.
    const again = await ensureDemo(t.database);
    expect(again.created).toBe(false);
  });
});
