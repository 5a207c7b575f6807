/**
 * Applies a finding's safe fix to a table and returns a new table (the input is not changed), so
 * the browser's one-click fix and the server's batch fix do exactly the same thing.
 */
import { matchLevel1, matchLevel2 } from '../framework/indicator-framework.ts';
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

export function applyFix(table: TargetTable, finding: Pick<Finding, 'fix' | 'location'>): TargetTable {
  const fix = finding.fix;
  if (!fix) throw new FixError('此发现没有可自动应用的修正', 'this finding has no fix to apply');
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
