/**
 * A project table pre-filled from the project library (项目库): the header fields the budget
 * system already knows (name, code, 项目类型, 项目等级, 实施期限, amounts, 主管部门 and 用款单位),
 * the framework's empty indicator rows below. A later stage starts from the earlier stage's table
 * instead, with the library's header laid over it (二上 amounts follow the 一下 ceilings).
 */
import { formatWan } from '../money/money.ts';
import type { ProjectTable } from '../model/target-table.ts';
import { emptyProjectTable } from './empty-tables.ts';

export interface LibraryProjectHeader {
  code: string;
  name: string;
  typeCode: string;
  typeName: string;
  level: 1 | 2 | null;
  startYear: number | null;
  endYear: number | null;
  totalAmountFen: number | null;
  currentAmountFen: number | null;
}

export interface OrgLabel {
  code: string;
  name: string;
}

const codeName = (o: { code: string; name: string }) =>
  o.code ? { raw: `${o.code}-${o.name}`, code: o.code, name: o.name } : { raw: o.name, name: o.name };
const amount = (fen: number | null) => (fen === null ? { raw: '', fen: null } : { raw: formatWan(fen), fen });
const yearField = (y: number | null) => (y === null ? { raw: '', year: null } : { raw: String(y), year: y });

/** Lays the library's header over `base` (or a blank table of `year`); indicators are kept. */
export function projectTableFromLibrary(
  p: LibraryProjectHeader,
  year: number,
  owner: { dept: OrgLabel; unit: OrgLabel },
  base?: ProjectTable,
): ProjectTable {
  const t: ProjectTable = base ? (JSON.parse(JSON.stringify(base)) as ProjectTable) : emptyProjectTable(year);
  t.year = year;
  if (base && base.year !== undefined && base.year !== year) t.title = t.title.replace(String(base.year), String(year));
  t.projectName = { raw: p.name };
  t.projectCode = { raw: p.code };
  t.projectType = p.typeCode || p.typeName ? codeName({ code: p.typeCode, name: p.typeName }) : { raw: '', name: '' };
  t.projectLevel = { raw: p.level === 1 ? '一级项目' : p.level === 2 ? '二级项目' : '' };
  t.department = codeName(owner.dept);
  t.unit = codeName(owner.unit);
  t.period = { start: yearField(p.startYear ?? year), end: yearField(p.endYear ?? year) };
  t.totalAmount = amount(p.totalAmountFen);
  t.currentAmount = amount(p.currentAmountFen);
  return t;
}
