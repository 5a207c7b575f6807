/**
 * The 绩效指标 block laid out as the official table prints it: every 一级 and 二级 of the 2021
 * framework in order, merged label cells, the 三级 rows under them, and for projects the
 * 实施周期 and 当年度 value columns. Values show their parse as you type. Arrow keys, Enter and
 * Tab move through the grid like a spreadsheet.
 */
import { memo, useCallback, useRef } from 'react';
import {
  FRAMEWORK_2021,
  level2Allowed,
  type Indicator,
  type IndicatorValue,
  type Level1Name,
  type Level2Name,
  type Severity,
  type TargetTable,
} from '@jixiao/core';
import { useI18n } from '../app/i18n.tsx';
import { CellInput } from './Cell.tsx';
import { cellKey, type IndicatorField } from './edit.ts';
import { useForm } from './context.ts';

export type RowAction = 'up' | 'down' | 'remove' | { moveTo: [Level1Name, Level2Name] };

export interface GridProps {
  table: TargetTable;
  onIndicator: (id: string, field: IndicatorField, raw: string) => void;
  onAdd: (level1: Level1Name, level2: Level2Name, afterId?: string) => void;
  onRow: (id: string, action: RowAction) => void;
  /** A block of cells pasted from a spreadsheet at this cell. */
  onPaste?: (id: string, field: IndicatorField, text: string) => void;
}

const NOTE_LABEL: Record<string, [string, string]> = {
  'operator-nonstandard': ['非标准符号', 'non-standard sign'],
  'operator-digit-2': ['“2”疑为≥', '"2" read as ≥'],
  'operator-missing': ['无符号，按＝', 'no sign, read as ＝'],
  placeholder: ['占位符', 'placeholder'],
  'date-or-period': ['日期/期间', 'date or period'],
  range: ['区间', 'range'],
  'declared-qualitative': ['定性', 'qualitative'],
};

/** The parse of a value, as chips under the cell: operator · number · unit, or 定性. */
export const ValueParse = memo(function ValueParse({ v }: { v: IndicatorValue | undefined }) {
  const { tr } = useI18n();
  if (!v || v.empty) return null;
  const notes = v.notes.map((n) => NOTE_LABEL[n]).filter(Boolean) as Array<[string, string]>;
  return (
    <div className="parse" aria-label={tr('解析', 'parse')}>
      {v.number !== null && v.operator ? (
        <>
          <span className="chip chip-op" title={tr('比较符号', 'operator')}>{v.notes.includes('operator-missing') ? '＝?' : v.operator}</span>
          <span className="chip chip-num" title={tr('数值', 'number')}>{v.number}</span>
          <span className={`chip ${v.unit ? 'chip-unit' : 'chip-missing'}`} title={tr('计量单位', 'unit')}>
            {v.unit ?? tr('无单位', 'no unit')}
            {v.unitFrom === 'name' ? tr('（取自名称）', ' (from name)') : ''}
          </span>
        </>
      ) : (
        <span className="chip chip-qual">{tr('定性', 'qualitative')}</span>
      )}
      {notes.map(([zh, en]) => (
        <span key={zh} className="chip chip-note">
          {tr(zh, en)}
        </span>
      ))}
    </div>
  );
});

interface RowProps {
  ind: Indicator;
  rowNo: number;
  nav: number;
  isProject: boolean;
  readOnly: boolean;
  /** `field:severity;…` for this row, so memo compares a string. */
  marks: string;
  comments: string;
  changed: string;
  selected: string;
  onCellEdit: (key: string, raw: string) => void;
  onRow: GridProps['onRow'];
  onSelect: ((key: string) => void) | undefined;
  first: boolean;
  last: boolean;
  lead: React.ReactNode;
  /** Signature of `lead` (the merged label cells), so the memo can compare it. */
  leadKey: string;
}

function decode(s: string): Map<string, string> {
  const m = new Map<string, string>();
  if (!s) return m;
  for (const part of s.split('\u0001')) {
    const i = part.indexOf('\u0002');
    m.set(part.slice(0, i), part.slice(i + 1));
  }
  return m;
}

const IndicatorRow = memo(function IndicatorRow(p: RowProps) {
  const { tr } = useI18n();
  const marks = decode(p.marks);
  const comments = decode(p.comments);
  const changed = new Set(p.changed ? p.changed.split(',') : []);
  const cell = (field: IndicatorField, value: string, col: number, label: string, extra?: React.ReactNode) => {
    const k = cellKey(p.ind.id, field);
    const c = comments.get(field);
    return (
      <CellInput
        k={k}
        value={value}
        nav={`${p.nav},${col}`}
        ariaLabel={`${tr(`第${p.rowNo}行`, `row ${p.rowNo}`)} ${label}`}
        readOnly={p.readOnly}
        onEdit={p.readOnly ? undefined : p.onCellEdit}
        mark={marks.get(field) as Severity | undefined}
        comment={c ? c.split('\u0003') : undefined}
        changed={changed.has(field)}
        selected={p.selected === field}
        onSelect={p.onSelect}
        placeholder={field === 'name' ? tr('三级指标名称', 'indicator name') : tr('如 ≥95%', 'e.g. ≥95%')}
        after={extra}
      />
    );
  };
  return (
    <tr data-row-id={p.ind.id} className={changed.size ? 'row-changed' : undefined}>
      {p.lead}
      <td className="c-name">{cell('name', p.ind.name.raw, 0, tr('三级指标', 'indicator'))}</td>
      {p.isProject ? (
        <td className="c-value">{cell('periodValue', p.ind.periodValue?.raw ?? '', 1, tr('实施周期指标值', 'period value'), p.readOnly ? null : <ValueParse v={p.ind.periodValue} />)}</td>
      ) : null}
      <td className="c-value">
        {cell('value', p.ind.value.raw, 2, p.isProject ? tr('当年度指标值', 'annual value') : tr('指标值', 'value'), p.readOnly ? null : <ValueParse v={p.ind.value} />)}
      </td>
      {!p.readOnly ? (
        <td className="c-actions no-print">
          <button type="button" className="icon-btn" title={tr('上移', 'Move up')} aria-label={tr('上移', 'Move up')} disabled={p.first} onClick={() => p.onRow(p.ind.id, 'up')}>
            ↑
          </button>
          <button type="button" className="icon-btn" title={tr('下移', 'Move down')} aria-label={tr('下移', 'Move down')} disabled={p.last} onClick={() => p.onRow(p.ind.id, 'down')}>
            ↓
          </button>
          <MoveSelect onMove={(l1, l2) => p.onRow(p.ind.id, { moveTo: [l1, l2] })} />
          <button type="button" className="icon-btn danger" title={tr('删除此行', 'Delete row')} aria-label={tr(`删除第${p.rowNo}行`, `Delete row ${p.rowNo}`)} onClick={() => p.onRow(p.ind.id, 'remove')}>
            ✕
          </button>
        </td>
      ) : null}
    </tr>
  );
}, (a, b) => {
  for (const k of Object.keys(a) as Array<keyof RowProps>) {
    if (k === 'lead') continue;
    if (a[k] !== b[k]) return false;
  }
  return true;
});

function MoveSelect({ onMove }: { onMove: (l1: Level1Name, l2: Level2Name) => void }) {
  const { tr, lang } = useI18n();
  return (
    <select
      className="move-select"
      aria-label={tr('移至其他二级指标', 'Move to another category')}
      title={tr('移至…', 'Move to…')}
      value=""
      onChange={(e) => {
        const [l1, l2] = e.target.value.split('/') as [Level1Name, Level2Name];
        if (l1 && l2) onMove(l1, l2);
      }}
    >
      <option value="">{tr('移至…', 'Move…')}</option>
      {FRAMEWORK_2021.map((n) => (
        <optgroup key={n.name} label={lang === 'zh' ? n.name : n.en}>
          {n.children.map((c) => (
            <option key={c.name} value={`${n.name}/${c.name}`}>
              {lang === 'zh' ? c.name : c.en}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

const SEV_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

function rowSlice(ind: Indicator, map: ReadonlyMap<string, unknown>, enc: (v: unknown) => string): string {
  const parts: string[] = [];
  for (const f of ['name', 'value', 'periodValue', 'level1', 'level2']) {
    const v = map.get(cellKey(ind.id, f));
    if (v !== undefined) parts.push(`${f}\u0002${enc(v)}`);
  }
  return parts.join('\u0001');
}

export function IndicatorGrid({ table, onIndicator, onAdd, onRow, onPaste }: GridProps) {
  const { tr, lang } = useI18n();
  const ctx = useForm();
  const isProject = table.kind === 'project';
  const readOnly = ctx.readOnly || !!ctx.plain;

  const placed = new Map<string, Indicator[]>();
  const unplaced: Indicator[] = [];
  for (const ind of table.indicators) {
    const l1 = ind.level1.name;
    const l2 = ind.level2.name;
    if (l1 && l2 && level2Allowed(l1, l2)) {
      const k = `${l1}/${l2}`;
      const list = placed.get(k);
      if (list) list.push(ind);
      else placed.set(k, [ind]);
    } else unplaced.push(ind);
  }

  const onCellEdit = useCallback(
    (key: string, raw: string) => {
      const m = /^ind:(.+):(name|value|periodValue|level1|level2)$/.exec(key);
      if (m) onIndicator(m[1]!, m[2] as IndicatorField, raw);
    },
    [onIndicator],
  );
  let nav = 0;
  const rows: React.ReactNode[] = [];
  const rowNo = new Map(table.indicators.map((x, i) => [x.id, i + 1]));
  const selectedField = (ind: Indicator) => {
    const s = ctx.selectedKey;
    if (!s || !s.startsWith(`ind:${ind.id}:`)) return '';
    return s.slice(`ind:${ind.id}:`.length);
  };
  const makeRow = (ind: Indicator, lead: React.ReactNode, first: boolean, last: boolean, leadKey = '') => (
    <IndicatorRow
      key={ind.id}
      ind={ind}
      rowNo={rowNo.get(ind.id)!}
      nav={nav++}
      isProject={isProject}
      readOnly={readOnly}
      marks={rowSlice(ind, ctx.marks, (v) => String(v))}
      comments={rowSlice(ind, ctx.comments, (v) => (v as string[]).join('\u0003'))}
      changed={['name', 'value', 'periodValue', 'level1', 'level2'].filter((f) => ctx.changed.has(cellKey(ind.id, f))).join(',')}
      selected={selectedField(ind)}
      onCellEdit={onCellEdit}
      onRow={onRow}
      onSelect={ctx.onSelectCell}
      first={first}
      last={last}
      lead={lead}
      leadKey={leadKey}
    />
  );

  for (const n of FRAMEWORK_2021) {
    const groups = n.children.map((c) => ({ c, list: placed.get(`${n.name}/${c.name}`) ?? [] }));
    const l1Span = groups.reduce((s, g) => s + Math.max(1, g.list.length), 0);
    let firstOfL1 = true;
    for (const { c, list } of groups) {
      const l2Span = Math.max(1, list.length);
      const firstRowOfL1 = firstOfL1;
      const l1Cell = firstOfL1 ? (
        <td rowSpan={l1Span} className={`label l1 ${ctx.marks.get(`l1:${n.name}`) ? `cell-${ctx.marks.get(`l1:${n.name}`)}` : ''}`} data-l1={n.name} data-key={`l1:${n.name}`} tabIndex={-1}>
          <span className="sticky-label">{lang === 'zh' ? n.name : n.en}</span>
        </td>
      ) : null;
      firstOfL1 = false;
      const l2Cell = (
        <td rowSpan={l2Span} className="label l2" data-l2={c.name}>
          <span className="sticky-label">{lang === 'zh' ? c.name : c.en}</span>
          {!readOnly ? (
            <button
              type="button"
              className="add-btn no-print"
              aria-label={tr(`在${c.name}下添加三级指标`, `Add an indicator under ${c.en}`)}
              title={tr('添加三级指标', 'Add indicator')}
              onClick={() => onAdd(n.name, c.name)}
            >
              ＋
            </button>
          ) : null}
        </td>
      );
      if (list.length === 0) {
        rows.push(
          <tr key={`${n.name}/${c.name}`} className="row-empty">
            {l1Cell}
            {l2Cell}
            <td className="c-name empty-slot">
              {!readOnly ? (
                <button type="button" className="link-btn no-print" onClick={() => onAdd(n.name, c.name)}>
                  {tr('＋ 添加三级指标', '+ Add indicator')}
                </button>
              ) : null}
            </td>
            {isProject ? <td className="c-value" /> : null}
            <td className="c-value" />
            {!readOnly ? <td className="c-actions no-print" /> : null}
          </tr>,
        );
        continue;
      }
      list.forEach((ind, i) => {
        rows.push(
          makeRow(
            ind,
            i === 0 ? (
              <>
                {l1Cell}
                {l2Cell}
              </>
            ) : null,
            i === 0,
            i === list.length - 1,
            i === 0 ? `${firstRowOfL1 ? `${n.name}:${l1Span}:${ctx.marks.get(`l1:${n.name}`) ?? ''}` : ''}|${c.name}:${l2Span}|${lang}|${readOnly}` : '',
          ),
        );
      });
    }
  }
  if (unplaced.length) {
    unplaced.forEach((ind, i) => {
      const mark1 = ctx.marks.get(cellKey(ind.id, 'level1'));
      const mark2 = ctx.marks.get(cellKey(ind.id, 'level2'));
      rows.push(
        makeRow(
          ind,
          <>
            <td className={`label l1 unplaced ${mark1 ? `cell-${mark1}` : ''}`} data-key={cellKey(ind.id, 'level1')} tabIndex={-1}>
              <CategoryPicker ind={ind} readOnly={readOnly} field="level1" onIndicator={onIndicator} />
            </td>
            <td className={`label l2 unplaced ${mark2 ? `cell-${mark2}` : ''}`} data-key={cellKey(ind.id, 'level2')} tabIndex={-1}>
              <CategoryPicker ind={ind} readOnly={readOnly} field="level2" onIndicator={onIndicator} />
            </td>
          </>,
          i === 0,
          i === unplaced.length - 1,
          `unplaced|${ind.level1.raw}|${ind.level2.raw}|${ctx.marks.get(cellKey(ind.id, 'level1')) ?? ''}|${ctx.marks.get(cellKey(ind.id, 'level2')) ?? ''}|${lang}|${readOnly}`,
        ),
      );
    });
  }

  const tableRef = useRef(table);
  tableRef.current = table;
  const onKeyDown = useCallback((e: React.KeyboardEvent<HTMLTableElement>) => {
    const el = e.target as HTMLInputElement;
    const navAttr = el.getAttribute?.('data-nav');
    if (!navAttr) return;
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !readOnly) {
      // Ctrl+Enter: a new row below this one, in the same 二级.
      const id = /^ind:(.+):[a-zA-Z]+$/.exec(el.getAttribute('data-key') ?? '')?.[1];
      const ind = tableRef.current.indicators.find((x) => x.id === id);
      if (ind?.level1.name && ind.level2.name) {
        e.preventDefault();
        onAdd(ind.level1.name, ind.level2.name, ind.id);
      }
      return;
    }
    const [r, c] = navAttr.split(',').map(Number) as [number, number];
    const table = e.currentTarget;
    const go = (dr: number, dc: number) => {
      const cols = [...table.querySelectorAll<HTMLInputElement>('[data-nav]')];
      const colsAt = (row: number) => cols.filter((x) => x.dataset.nav!.startsWith(`${row},`)).map((x) => Number(x.dataset.nav!.split(',')[1]));
      let nr = r + dr;
      let nc = c;
      if (dc !== 0) {
        const here = colsAt(r).sort((a, b) => a - b);
        const idx = here.indexOf(c) + dc;
        if (idx >= 0 && idx < here.length) nc = here[idx]!;
        else return false;
      }
      const target = cols.find((x) => x.dataset.nav === `${nr},${nc}`);
      if (!target) return false;
      target.focus();
      target.select?.();
      return true;
    };
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
    const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
    let moved = false;
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) moved = go(1, 0);
    else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) moved = go(-1, 0);
    else if (e.key === 'ArrowRight' && atEnd) moved = go(0, 1);
    else if (e.key === 'ArrowLeft' && atStart) moved = go(0, -1);
    if (moved || e.key === 'Enter') e.preventDefault();
  }, [onAdd, readOnly]);

  const onPasteCapture = useCallback(
    (e: React.ClipboardEvent<HTMLTableElement>) => {
      const key = (e.target as HTMLElement).getAttribute?.('data-key') ?? '';
      const m = /^ind:(.+):(name|value|periodValue)$/.exec(key);
      const text = e.clipboardData.getData('text/plain');
      // One cell's text pastes as usual; a block (tabs or several lines) fills the grid.
      if (!m || !onPaste || readOnly || !/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return;
      e.preventDefault();
      onPaste(m[1]!, m[2] as IndicatorField, text);
    },
    [onPaste, readOnly],
  );

  return (
    <table className="official grid" onKeyDown={onKeyDown} onPaste={onPasteCapture} data-testid="indicator-grid" data-key="indicator-grid" tabIndex={-1}>
      <colgroup>
        <col className="w-l1" />
        <col className="w-l2" />
        <col />
        {isProject ? <col className="w-val" /> : null}
        <col className="w-val" />
        {!readOnly ? <col className="w-act no-print" /> : null}
      </colgroup>
      <thead>
        <tr>
          <th>{tr('一级指标', 'Level 1')}</th>
          <th>{tr('二级指标', 'Level 2')}</th>
          <th>{tr('三级指标', 'Indicator (level 3)')}</th>
          {isProject ? <th>{tr('实施周期指标值', 'Period value')}</th> : null}
          <th>{isProject ? tr('当年度指标值', 'Annual value') : tr('指标值', 'Value')}</th>
          {!readOnly ? <th className="no-print">{tr('操作', 'Actions')}</th> : null}
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
}

function CategoryPicker(props: { ind: Indicator; field: 'level1' | 'level2'; readOnly: boolean; onIndicator: GridProps['onIndicator'] }) {
  const { tr } = useI18n();
  const { ind, field } = props;
  const raw = field === 'level1' ? ind.level1.raw : ind.level2.raw;
  if (props.readOnly) return <span>{raw || '—'}</span>;
  const options =
    field === 'level1'
      ? FRAMEWORK_2021.map((n) => n.name)
      : (FRAMEWORK_2021.find((n) => n.name === ind.level1.name)?.children ?? FRAMEWORK_2021.flatMap((n) => n.children)).map((c) => c.name);
  return (
    <select
      className="cat-select"
      aria-label={field === 'level1' ? tr('一级指标', 'Level 1') : tr('二级指标', 'Level 2')}
      value={options.includes(raw as never) ? raw : ''}
      onChange={(e) => props.onIndicator(ind.id, field, e.target.value)}
    >
      <option value="">{raw ? `${raw}（${tr('不在指标体系中', 'not in framework')}）` : tr('请选择', 'Choose')}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

export { SEV_RANK };
