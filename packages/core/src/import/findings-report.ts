/**
 * A reviewer's findings report (检查意见.xlsx, written by @jixiao/files `writeFindingsReport`)
 * holds the tables in their official layout, but also a summary sheet (检查意见汇总) and, right of
 * each table, a 检查意见 column repeating the row's findings. Neither is table data: read as
 * cells, the 检查意见 text became a 当年度指标值 where the 实施周期指标值 was empty, and a finding on
 * the title row cost the table its title and year (issue 20). They are taken out before the
 * tables are recognised, and the import says that it read a findings report.
 */
import type { Finding } from '../rules/finding.ts';
import type { CellGrid } from './cell-grid.ts';
import { importFinding } from './import-findings.ts';

/** The summary sheet's name and the words of its header row. */
export const FINDINGS_SUMMARY_SHEET = '检查意见汇总';
const SUMMARY_HEADER = ['序号', '目标表', '规则代码'];
/** The header of the column beside each table. */
export const FINDINGS_COLUMN = '检查意见';

const squeeze = (s: string) => s.replace(/\s+/g, '');

function isSummary(g: CellGrid): boolean {
  if (g.sheet?.trim() === FINDINGS_SUMMARY_SHEET) return true;
  return g.rows.slice(0, 3).some((row) => {
    const texts = row.map((c) => squeeze(c.text));
    return SUMMARY_HEADER.every((h) => texts.some((t) => t.startsWith(h))) && texts.some((t) => t.startsWith('问题说明'));
  });
}

/** The 检查意见 column: a cell reading exactly 检查意见 with nothing right of it in its row, beyond the first columns. */
function findingsColumn(g: CellGrid): number | null {
  for (const row of g.rows) {
    for (const c of row) {
      if (c.col <= 3 || squeeze(c.text) !== FINDINGS_COLUMN || c.mergedInto) continue;
      if (row.some((o) => o.col > c.col && o.text.trim())) continue;
      return c.col;
    }
  }
  return null;
}

/**
 * The grids of a file without what a findings report adds: the summary sheet dropped, and from
 * every table sheet the 检查意见 column (and anything right of it) cut off. `report` is set when
 * the file was one, with an info finding saying what was left out.
 */
export function withoutFindingsReport(grids: CellGrid[]): { grids: CellGrid[]; keep: number[]; finding?: Finding } {
  const summary = grids.find(isSummary);
  const keep: number[] = [];
  const out: CellGrid[] = [];
  let cut = 0;
  grids.forEach((g, i) => {
    if (isSummary(g)) return;
    keep.push(i);
    const col = findingsColumn(g);
    if (col === null) return void out.push(g);
    cut++;
    out.push({ ...g, rows: g.rows.map((r) => r.filter((c) => c.col < col)) });
  });
  if (!summary && cut === 0) return { grids, keep };
  const finding = importFinding(
    'findings-report',
    'info',
    {
      zh: `这是检查意见表：已跳过“${FINDINGS_SUMMARY_SHEET}”表和表格右侧的“${FINDINGS_COLUMN}”列，只读取其中的目标表；检查意见不作为表格数据导入。修改后请导入目标表本身`,
      en: `This is a findings report: the "${FINDINGS_SUMMARY_SHEET}" sheet and the "${FINDINGS_COLUMN}" column beside each table were left out and only the target tables in it were read; the findings are not table data. After correcting, import the target table itself`,
    },
    summary ? { grid: summary } : { grid: out[0]! },
  );
  return { grids: out, keep, finding };
}
