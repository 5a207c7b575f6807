/**
 * The optional indicator columns of the official forms. Our own forms have none of them; tables
 * imported from other layouts often do (指标性质 | 指标值 | 度量单位 | 权重 | 指标方向性 | 评(扣)分标准 |
 * 指标值说明 …). A layout prints every such column some indicator of the table carries, under a
 * header the importer recognises (import/vocabulary.ts COLUMN_SYNONYMS), so that the document
 * reads back to the same indicators; a table without them keeps the form's usual columns.
 */
import type { Indicator, TextField } from '../model/target-table.ts';
import type { CellRole } from './official-layout.ts';

interface ColumnLook {
  /** The column's header, as real forms name it. */
  header: string;
  role: CellRole;
  /** Relative width (characters), as the layouts' `columnWidths`. */
  width: number;
}

/** The indicator fields that have an optional column of their own, and how the column looks. */
const COLUMN = {
  operatorColumn: { header: '指标性质', role: 'value', width: 8 },
  unitColumn: { header: '度量单位', role: 'value', width: 8 },
  valueType: { header: '指标值类型', role: 'value', width: 8 },
  weight: { header: '权重', role: 'value', width: 6 },
  direction: { header: '指标方向性', role: 'value', width: 9 },
  standard: { header: '评(扣)分标准', role: 'text', width: 18 },
  explanation: { header: '指标值说明', role: 'text', width: 18 },
  note: { header: '备注', role: 'text', width: 12 },
  actual: { header: '实际完成值', role: 'value', width: 12 },
  score: { header: '得分', role: 'value', width: 6 },
  deviationReason: { header: '偏差原因分析及改进措施', role: 'text', width: 20 },
} as const satisfies Partial<Record<keyof Indicator, ColumnLook>>;

export type OptionalIndicatorField = keyof typeof COLUMN;

export interface IndicatorColumn extends ColumnLook {
  field: OptionalIndicatorField;
}

/** Whether some indicator of the table fills this field (an empty cell is not kept by the importer). */
export const carries = (inds: Indicator[], field: OptionalIndicatorField): boolean => inds.some((i) => Boolean((i[field] as TextField | undefined)?.raw.trim()));

/** The columns of `fields` (in that order) that some indicator carries. */
export function indicatorColumns(inds: Indicator[], fields: readonly OptionalIndicatorField[]): IndicatorColumn[] {
  return fields.filter((f) => carries(inds, f)).map((field) => ({ field, ...COLUMN[field] }));
}

/** What a cell of an optional column shows for an indicator. */
export const columnText = (ind: Indicator, field: OptionalIndicatorField): string => (ind[field] as TextField | undefined)?.raw ?? '';

/**
 * The 一级/二级 text printed for an indicator: the label as filed (a legacy label too — the
 * importer maps it again), or the category's name when the importer placed the indicator
 * itself (no label filed: the form must name a category; docs/exports.md, normalisations).
 */
export const levelText = (level: Indicator['level1'] | Indicator['level2']): string => (level.raw.trim() ? level.raw : (level.name ?? ''));
