/** The demo's monitoring and self-evaluation: what `npm start` shows on the monitoring pages. */
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD_DEFAULT, ensureDemo } from './demo.ts';
import { buildApp } from '../app.ts';
import { Client, createTestDatabase, type TestDatabase } from '../../test/helpers.ts';

describe('demo: monitoring and self-evaluation', () => {
  let t: TestDatabase;
  afterAll(async () => t?.cleanup());

  it('has last year’s red light (approved, round closed), a scored self-evaluation and this year’s round due in a week', async () => {
    t = await createTestDatabase('pglite');
    const r = await ensureDemo(t.database, { password: DEMO_PASSWORD_DEFAULT });
    expect(r.lines.join('\n')).toContain('2025年1–7月绩效运行监控');
    const app = await buildApp({ database: t.database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const c = new Client(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
      expect((await c.login('caizheng', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
      const rounds = (await c.get('/api/rounds')).body.items;
      expect(rounds.map((x: any) => [x.title, x.status])).toEqual(
        expect.arrayContaining([
          ['2025年1–7月绩效运行监控', 'closed'],
          ['2025年度绩效自评', 'open'],
          ['2026年1–10月绩效运行监控', 'open'],
        ]),
      );
      const mon = (await c.get('/api/evaluation/rollup?year=2025&kind=monitoring')).body.rounds[0];
      expect(mon.region).toMatchObject({ filed: 1, light: 'red' });
      const se = (await c.get('/api/evaluation/rollup?year=2025&kind=self-evaluation')).body.rounds[0];
      expect(se.region.filed).toBe(1);
      // Execution 92% → 9.2; one output at 90% of its target; every other target met.
      expect(se.region.meanScore).toBeGreaterThan(90);
      expect(se.region.meanScore).toBeLessThan(100);
      expect(se.region.grades['优']).toBe(1);
      // Its actuals are measured values (96%, 28万元), not the targets written again (≥95%), and
      // nothing is scored that was not measured (issue 20).
      const [item] = (await c.get('/api/reports?year=2025&kind=self-evaluation')).body.items;
      const rep = (await c.get(`/api/reports/${item.id}`)).body;
      const actuals: string[] = rep.document.evaluation.indicators.map((a: any) => a.actual.raw);
      expect(actuals.length).toBeGreaterThan(0);
      expect(actuals.filter((a) => /^[≥≤＞＜>《》]|以上$|以下$|以内$/.test(a))).toEqual([]);
      expect(rep.findings.map((f: any) => f.code)).not.toContain('selfeval.actual-written-as-target');
      expect(rep.evaluation.selfEvaluation.indicators.filter((s: any) => s.score === null)).toEqual([]);
      // This year's targets are still in review: nothing owed yet in the open 2026 round.
      const owed = await c.get('/api/evaluation/owed?year=2026');
      expect(owed.body.items).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
