/**
 * Applies a finding's safe fix to a table and returns a new table (the input is not changed), so
 * the browser's one-click fix and the server's batch fix do exactly the same thing.
 */
import { FRAMEWORK_2021, matchLevel1, matchLevel2 } from '../framework/indicator-framework.ts';
import type { Indicator, TargetTable } from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { parseIndicatorValue } from '../value/indicator-value.ts';

export class FixError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** Re-parses an indicator's value from new text, keeping where it came from. */
export function setIndicatorValue(ind: Indicator, field: 'value' | 'periodValue', raw: string): Indicator {
  const prev = ind[field];
  const v = parseIndicatorValue(raw, { indicatorName: ind.name.raw, ...(prev?.source ? { source: prev.source } : {}) });
  return { ...ind, [field]: v };
}

/** Sets the 一级 or 二级 of an indicator from a label. */
export function setIndicatorLevel(ind: Indicator, field: 'level1' | 'level2', raw: string): Indicator {
  if (field === 'level1') {
    const m = matchLevel1(raw);
    return { ...ind, level1: m ? { raw, name: m.name } : { raw } };
  }
  const m = matchLevel2(raw, ind.level1.raw);
  return { ...ind, level2: m ? { raw, name: m.name } : { raw } };
}

/** Position of a category in the printed table (unknown categories last). */
function categoryOrder(level1?: string, level2?: string): number {
  const a = FRAMEWORK_2021.findIndex((n) => n.name === level1);
  if (a < 0) return 1000;
  const b = FRAMEWORK_2021[a]!.children.findIndex((c) => c.name === level2);
  return a * 10 + (b < 0 ? 9 : b);
}

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Adds an indicator row (a fix with `indicator`, e.g. for an aim of the goal no indicator
 * measures): after the last row of its 二级, else where its category falls in the printed order.
 * Refused when the table already has an indicator of that name.
 */
export function addIndicatorRow(table: TargetTable, proposal: NonNullable<Finding['fix']>['indicator'] & object, id?: string): TargetTable {
  if (table.indicators.some((i) => squash(i.name.raw) === squash(proposal.name))) {
    throw new FixError(`已有指标“${proposal.name}”`, `the table already has the indicator "${proposal.name}"`);
  }
  const l1 = matchLevel1(proposal.level1);
  const l2 = matchLevel2(proposal.level2, proposal.level1);
  const ids = new Set(table.indicators.map((i) => i.id));
  let newId = id ?? 'lib1';
  for (let n = 1; ids.has(newId); n++) newId = `lib${n}`;
  const ind: Indicator = {
    id: newId,
    level1: l1 ? { raw: proposal.level1, name: l1.name } : { raw: proposal.level1 },
    level2: l2 ? { raw: proposal.level2, name: l2.name } : { raw: proposal.level2 },
    name: { raw: proposal.name },
    value: parseIndicatorValue(proposal.value, { indicatorName: proposal.name }),
  };
  if (table.kind === 'project') ind.periodValue = parseIndicatorValue(proposal.value, { indicatorName: proposal.name });
  const order = categoryOrder(l1?.name, l2?.name);
  let at = -1;
  table.indicators.forEach((x, i) => {
    if (x.level1.name === l1?.name && x.level2.name === l2?.name) at = i + 1;
  });
  if (at < 0) {
    const later = table.indicators.findIndex((x) => categoryOrder(x.level1.name, x.level2.name) > order);
    at = later < 0 ? table.indicators.length : later;
  }
  const indicators = table.indicators.slice();
  indicators.splice(at, 0, ind);
  return { ...table, indicators } as TargetTable;
}

export function applyFix(table: TargetTable, finding: Pick<Finding, 'fix' | 'location'>): TargetTable {
  const fix = finding.fix;
  if (!fix) throw new FixError('此发现没有可自动应用的修正', 'this finding has no fix to apply');
  if (fix.indicator) return addIndicatorRow(table, fix.indicator);
  const id = finding.location.indicatorId;
  if (finding.location.section !== 'indicators' || !id) {
    throw new FixError('目前只能自动修正指标行', 'only indicator rows can be fixed automatically');
  }
  const idx = table.indicators.findIndex((i) => i.id === id);
  if (idx < 0) throw new FixError(`找不到指标 ${id}`, `indicator ${id} not found`);
  const ind = table.indicators[idx]!;
  let next: Indicator;
  if (fix.field === 'value' || fix.field === 'periodValue') {
    const current = ind[fix.field]?.raw ?? '';
    if (current !== fix.from) {
      throw new FixError(`指标值已改为“${current}”，修正不再适用`, `the value is now "${current}"; the fix no longer applies`);
    }
    next = setIndicatorValue(ind, fix.field, fix.to);
  } else if (fix.field === 'level1' || fix.field === 'level2') {
    next = setIndicatorLevel(ind, fix.field, fix.to);
  } else {
    throw new FixError(`不支持的修正字段 ${fix.field}`, `unsupported fix field ${fix.field}`);
  }
  const indicators = table.indicators.slice();
  indicators[idx] = next;
  return { ...table, indicators } as TargetTable;
}
