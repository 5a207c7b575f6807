/**
 * The whole form: the official table (header/funds/goal sections and the indicator grid) bound
 * to a TargetTable, editable or read-only. The caller owns the table state and the findings.
 */
import { useCallback, useMemo } from 'react';
import type { Level1Name, Level2Name, TargetTable } from '@jixiao/core';
import { useI18n } from '../app/i18n.tsx';
import { FormContext, PlainContext, type FormCtx } from './context.ts';
import { addDevelopmentLine, addIndicator, freshId, pasteBlock, addKeyTask, moveIndicator, removeIndicator, removeKeyTask, setCategory, setField, setIndicatorField, type IndicatorField } from './edit.ts';
import { IndicatorGrid, type RowAction } from './IndicatorGrid.tsx';
import { DeptSections, ProjectSections } from './Sections.tsx';
import { Field } from './Cell.tsx';

export interface EditorProps {
  table: TargetTable;
  /** Functional update, so fast typing never loses a keystroke. */
  onChange?: (update: (t: TargetTable) => TargetTable) => void;
  ctx: Omit<FormCtx, 'onField' | 'readOnly'>;
  readOnly: boolean;
  /** Focus this cell after the next render (e.g. a new row's name). */
  onFocusLater?: (key: string) => void;
  /** A read-only table's title is the page's one <h1> where the table is the page (print view, public table). */
  titleLevel?: 1 | 2;
  /** The 备注 as the year's rule set words them (its minimum counts); default: the table's own. */
  notes?: readonly string[];
}

export function TableEditor({ table, onChange, ctx, readOnly, onFocusLater, titleLevel = 2, notes = table.notes }: EditorProps) {
  const { tr } = useI18n();
  const change = useCallback((u: (t: TargetTable) => TargetTable) => onChange?.(u), [onChange]);
  const onField = useCallback((path: string, raw: string) => change((t) => setField(t, path, raw)), [change]);
  const onIndicator = useCallback((id: string, field: IndicatorField, raw: string) => change((t) => setIndicatorField(t, id, field, raw)), [change]);
  const onAdd = useCallback(
    (l1: Level1Name, l2: Level2Name, afterId?: string) => {
      // The id is chosen here, not inside the (lazily run) state updater, so focus can follow it.
      const id = freshId();
      change((t) => addIndicator(t, l1, l2, afterId, id).table);
      onFocusLater?.(`ind:${id}:name`);
    },
    [change, onFocusLater],
  );
  const onPaste = useCallback(
    (id: string, field: IndicatorField, text: string) => change((t) => pasteBlock(t, id, field, text).table),
    [change],
  );
  const onRow = useCallback(
    (id: string, a: RowAction) =>
      change((t) => {
        if (a === 'up') return moveIndicator(t, id, -1);
        if (a === 'down') return moveIndicator(t, id, 1);
        if (a === 'remove') return removeIndicator(t, id);
        return setCategory(t, id, a.moveTo[0], a.moveTo[1]);
      }),
    [change],
  );
  const { marks, comments, changed, selectedKey, onSelectCell, plain } = ctx;
  const full: FormCtx = useMemo(
    () => ({ marks, comments, changed, selectedKey, onSelectCell, plain, readOnly, onField }),
    [marks, comments, changed, selectedKey, onSelectCell, plain, readOnly, onField],
  );
  return (
    <PlainContext.Provider value={!!plain}>
    <FormContext.Provider value={full}>
      <div className={`sheet${ctx.plain ? ' plain' : ''}`} data-kind={table.kind}>
        <div className="sheet-title">
          {readOnly ? titleLevel === 1 ? <h1 className="sheet-h">{table.title}</h1> : <h2 className="sheet-h">{table.title}</h2> : <Field k="title" value={table.title} label={tr('表名', 'Title')} align="center" />}
        </div>
        <div className="sheet-unit">{tr('金额单位：万元', 'Amounts in 万元 (10,000 yuan)')}</div>
        {table.kind === 'project' ? (
          <ProjectSections t={table} />
        ) : table.kind === 'dept-overall' ? (
          <DeptSections t={table} onAddTask={() => change(addKeyTask)} onRemoveTask={(i) => change((t) => removeKeyTask(t, i))} onAddDev={() => change(addDevelopmentLine)} />
        ) : null}
        <div className="grid-caption">{tr('绩效指标', 'Performance indicators')}</div>
        {!readOnly && !plain ? (
          <div className="grid-hint no-print">
            {tr(
              '↑ ↓ / Enter 上下移动，Tab 与 ← → 左右移动；Ctrl+Enter 在下方插入一行；可直接粘贴从 Excel 复制的多行多列；Ctrl+S 保存',
              '↑ ↓ / Enter move up and down, Tab and ← → across; Ctrl+Enter inserts a row below; paste rows and columns copied from Excel; Ctrl+S saves',
            )}
          </div>
        ) : null}
        <IndicatorGrid table={table} onIndicator={onIndicator} onAdd={onAdd} onRow={onRow} onPaste={onPaste} />
        {notes.length ? (
          <div className="notes" data-testid="form-notes">
            {notes.map((n, i) => (
              <p key={i}>{n}</p>
            ))}
          </div>
        ) : null}
      </div>
    </FormContext.Provider>
    </PlainContext.Provider>
  );
}
