/**
 * The 项目支出绩效自评表 in its official layout: built from a scored self-evaluation of approved
 * targets, laid out on the nine-column form, and read back by the importer to the same table —
 * straight from the grid and through a real .xlsx.
 */
import { readGrids, writeXlsx } from '@jixiao/files';
import { describe, expect, it } from 'vitest';
import {
  evaluateReport,
  importGrids,
  measuredValueMeeting,
  newSelfEvaluationDocument,
  officialLayout,
  printedCellText,
  printedForm,
  scoreSelfEvaluation,
  selfEvalTableOf,
  type SelfEvalTable,
  type SelfEvaluationDocument,
} from '../src/index.ts';
import { filledSelfEvaluation } from './helpers/self-evaluation.ts';
import { amount, cleanProject } from './helpers/tables.ts';
import { withoutProvenance } from './helpers/table-data.ts';

const data = (t: unknown) => withoutProvenance(t);

const filled = filledSelfEvaluation;

describe('self-evaluation table in the official layout', () => {
  const doc = filled();
  const result = scoreSelfEvaluation(doc.targets, doc.evaluation);
  const table = printedForm(selfEvalTableOf(doc, result));

  it('carries the scores: execution 8.5 of 10, the short indicator 9.38 of 12.5, total and grade', () => {
    expect(result.findings).toEqual([]);
    expect(table.execution[0]).toMatchObject({ rate: { raw: '85%' }, weight: { raw: '10' }, score: { raw: '8.5' } });
    const first = table.indicators.find((i) => i.name.raw === '举办培训班次数')!;
    expect([first.actual?.raw, first.weight?.raw, first.score?.raw]).toEqual(['3次', '12.5', '9.38']);
    // 8.5 + 12.5 × 3/4 + 12.5 × 3 + 30 + 10 = 95.375
    expect(result.total).toBe(95.38);
    expect(result.grade).toBe('优');
    expect(table.conclusion.raw).toBe('总分 95.38 分，评价等级：优');
    expect(table.problems.raw).toBe('预算执行偏差原因：部分培训费用次年结算\n培训进度偏慢');
  });

  it('lays out nine columns with 总分 and the labels of the form', () => {
    const L = officialLayout(table);
    const texts = L.grid.rows.map((r) => r.map((c) => c.text));
    expect(texts[0]![0]).toBe('2026年度项目支出绩效自评表');
    expect(texts.find((r) => r[1] === '资金来源')).toEqual(['预算执行情况(万元)', '资金来源', '年初预算数', '调整后预算数', '预算执行数', '预算执行率', '分值', '得分', '']);
    expect(texts.find((r) => r[0] === '总分')).toEqual(['总分', '', '', '', '', '', '100', '95.38', '']);
    const pos = Object.entries(L.fields).find(([, f]) => f.endsWith(':reason'))![0];
    expect(L.grid.rows[Number(pos.split(',')[0]) - 1]![8]!.text).toBe('第四期培训因场地改造顺延至次年');
  });

  it('reads back to the same table from the grid and through .xlsx', async () => {
    const L = officialLayout(table, { file: 'self.xlsx' });
    // As every renderer prints it: amounts with two decimals.
    for (const row of L.grid.rows) for (const c of row) c.text = printedCellText(c.text, L.roles[`${c.row},${c.col}`]);
    const direct = importGrids([L.grid]);
    expect(direct.tables).toHaveLength(1);
    expect(direct.tables[0]!.kind).toBe('self-eval');
    expect(data(direct.tables[0])).toEqual(data(table));
    const read = await readGrids(await writeXlsx([L.grid]), 'self.xlsx');
    expect(data(importGrids(read.grids).tables[0] as SelfEvalTable)).toEqual(data(table));
  });
});

describe('self-evaluation document', () => {
  it('opens pre-filled from the approved targets, the adjusted budget of the last monitoring and its expected values', () => {
    const targets = cleanProject();
    const doc = newSelfEvaluationDocument(targets, { tableId: 't', version: 2 }, { executedFen: 1_500_000 }, {
      month: 7,
      execution: { adjustedBudget: amount('25'), executed: amount('9') },
      indicators: [{ indicatorId: targets.indicators[0]!.id, achieved: { raw: '2次' }, expectedFullYear: { raw: '4次' } }],
    });
    expect(doc.evaluation.execution.adjustedBudget).toEqual({ raw: '25', fen: 25_000_000 });
    expect(doc.evaluation.execution.executed.fen).toBe(1_500_000);
    expect(doc.evaluation.indicators.map((a) => a.actual.raw)).toEqual(['4次', '', '', '', '', '']);
    expect(doc.targets).toEqual(targets);
    expect(doc.targets).not.toBe(targets);
  });

  it('a changed target is an error with a fix back to the approved value; untouched targets give none', () => {
    const doc = filled();
    const approved = cleanProject();
    approved.indicators.forEach((i, k) => (i.id = doc.targets.indicators[k]!.id));
    expect(evaluateReport(doc, {}, approved).findings).toEqual([]);
    doc.targets.indicators[1]!.value = { ...doc.targets.indicators[1]!.value, raw: '≥90%' };
    const f = evaluateReport(doc, {}, approved).findings.filter((x) => x.code === 'selfeval.target-changed');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', location: { row: 2, field: 'value' }, fix: { from: '≥90%', to: '≥95%' } });
    expect(f[0]!.message.zh).toContain('批复“≥95%”');
  });
});

describe('department-wide targets', () => {
  it('are self-evaluated on the 部门整体支出绩效自评表, the department standing in for project and unit', async () => {
    const { cleanDept } = await import('./helpers/tables.ts');
    const dept = cleanDept();
    const doc = newSelfEvaluationDocument(dept, { tableId: 'd', version: 1 }, { executedFen: 60_000_000 });
    expect(doc.title).toBe('2026年度部门整体支出绩效自评表');
    // The budget is the department's spending: 基本支出 + 项目支出 + 事业发展性支出.
    expect(doc.evaluation.execution.adjustedBudget.fen).toBe(dept.funds.basic.fen! + dept.funds.project.fen! + dept.funds.development.reduce((a, d) => a + (d.amount.fen ?? 0), 0));
    doc.evaluation.indicators.forEach((a, i) => {
      const v = dept.indicators.filter((x) => x.name.raw.trim())[i]!.value;
      a.actual = { raw: measuredValueMeeting(v) ?? '达成年度指标' };
    });
    const r = scoreSelfEvaluation(doc.targets, doc.evaluation);
    const t = selfEvalTableOf(doc, r);
    expect([t.projectName.raw, t.unit.raw, t.annualGoal.raw]).toEqual([dept.deptName.raw, dept.deptName.raw, dept.overallGoal.raw]);
    const back = importGrids([officialLayout(printedForm(t)).grid]).tables[0] as SelfEvalTable;
    expect(back.kind).toBe('self-eval');
    expect(back.indicators.map((i) => i.score?.raw)).toEqual(t.indicators.map((i) => i.score?.raw));
  });
});
