/** What every official document prints, and where a finding sits in the official layout. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTable, importText, layoutCellOf, officialLayout, printedAmount, printedForm, recogniseTables, type DeptOverallTable, type ProjectTable, type TargetTable } from '../src/index.ts';
import { withoutProvenance } from './helpers/table-data.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seed/000_860be9a69280b0ce.txt', import.meta.url));
const seed = importText(readFileSync(SEED, 'utf8'), 'seed.txt').tables;
const data = (t: TargetTable) => withoutProvenance(t);

describe('printed form', () => {
  it('amounts get at least two decimals, never fewer than they have; other text is untouched', () => {
    expect(printedAmount('31.2')).toBe('31.20');
    expect(printedAmount('13')).toBe('13.00');
    expect(printedAmount('0')).toBe('0.00');
    expect(printedAmount('0.123456')).toBe('0.123456');
    expect(printedAmount('-5')).toBe('-5.00');
    expect(printedAmount('待定')).toBe('待定');
    expect(printedAmount('1,234.5')).toBe('1,234.5');
  });

  it('printedForm changes only parsed amounts, and is what the layout reads back to once printed', () => {
    const p = printedForm(seed[2]! as ProjectTable);
    expect(p.currentAmount).toMatchObject({ raw: '31.20', fen: 31_200_000 });
    expect(p.totalAmount.raw).toBe('260.00');
    expect(p.projectName.raw).toBe((seed[2] as ProjectTable).projectName.raw);
    expect(printedForm(p)).toEqual(p);
    const d = printedForm(seed[0]! as DeptOverallTable);
    expect(d.funds.development[0]!.amount.raw).toBe('13.00');
    expect(d.staffCount.raw).toBe('89');
    // A grid printed with these texts reads back to the printed form.
    const L = officialLayout(p);
    for (const row of L.grid.rows) for (const c of row) if (L.roles[`${c.row},${c.col}`] === 'amount') c.text = printedAmount(c.text);
    expect(data(recogniseTables(L.grid).tables[0]!)).toEqual(data(p));
  });
});

describe('layout fields', () => {
  it('every filled-in value cell names its field, in the web form’s cell keys', () => {
    const L = officialLayout(seed[2]!);
    const at = (k: string) => Object.entries(L.fields).find(([, f]) => f === k)?.[0];
    expect(L.grid.rows[Number(at('projectName')!.split(',')[0]) - 1]![1]!.text).toBe('遂溪县数字赋能实体经济发展规划编制费用');
    expect(at('currentAmount')).toBeDefined();
    const ind = seed[2]!.indicators.find((i) => i.name.raw === '扶持对象满意度(%)')!;
    const [r, c] = at(`ind:${ind.id}:value`)!.split(',').map(Number) as [number, number];
    expect(L.grid.rows[r - 1]![c - 1]!.text).toBe('》95%');
    const D = officialLayout(seed[0]!);
    expect(Object.values(D.fields)).toEqual(expect.arrayContaining(['deptName', 'staffCount', 'funds.basic', 'funds.development.0', 'keyTasks.1.amount', 'overallGoal']));
    expect(D.roles[Object.entries(D.fields).find(([, f]) => f === 'staffCount')![0]]).toBe('count');
  });

  it('each finding of the seed with a field lands on a cell of that field', () => {
    for (const t of seed) {
      const L = officialLayout(t);
      const findings = checkTable(t);
      let placed = 0;
      for (const f of findings) {
        const cell = layoutCellOf(L, f);
        if (!f.location.field && !f.location.indicatorId) {
          expect(cell).toBeUndefined();
          continue;
        }
        if (!cell) continue;
        placed++;
        if (f.location.indicatorId && (f.location.field ?? 'name') === 'value') {
          const ind = t.indicators.find((i) => i.id === f.location.indicatorId)!;
          expect(L.grid.rows[cell.row - 1]![cell.col - 1]!.text).toBe(ind.value.raw);
        }
      }
      expect(placed).toBeGreaterThan(0);
    }
  });
});
