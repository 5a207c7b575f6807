/**
 * One editable cell of the official table: a bare input (fast with hundreds of cells) that
 * shows the worst finding on it, the reviewer's comments and whether it changed since the
 * baseline. `data-key` is how findings, comments and keyboard navigation find it.
 */
import { memo, useContext } from 'react';
import type { Severity } from '@jixiao/core';
import { PlainContext, useForm } from './context.ts';

export interface CellProps {
  k: string;
  value: string;
  multiline?: boolean;
  placeholder?: string;
  ariaLabel: string;
  align?: 'left' | 'right' | 'center';
  /** Grid coordinates for keyboard navigation. */
  nav?: string;
  /** Stable across renders (so the memo holds): called with this cell's key. */
  onEdit?: (key: string, raw: string) => void;
  mark?: Severity;
  comment?: string[];
  changed?: boolean;
  readOnly?: boolean;
  selected?: boolean;
  onSelect?: (key: string) => void;
  after?: React.ReactNode;
}

export const CellInput = memo(function CellInput(p: CellProps) {
  const plain = useContext(PlainContext);
  if (plain) {
    return (
      <div className={`cell-text${p.align ? ` cell-${p.align}` : ''}`} data-key={p.k}>
        {p.value}
      </div>
    );
  }
  const cls = [
    'cell',
    p.mark ? `cell-${p.mark}` : '',
    p.comment?.length ? 'cell-commented' : '',
    p.changed ? 'cell-changed' : '',
    p.selected ? 'cell-selected' : '',
    p.align ? `cell-${p.align}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const common = {
    className: 'cell-input',
    'data-key': p.k,
    'data-nav': p.nav,
    'aria-label': p.ariaLabel,
    'aria-invalid': p.mark === 'error' ? true : undefined,
    value: p.value,
    placeholder: p.readOnly ? undefined : p.placeholder,
    readOnly: p.readOnly,
    title: p.comment?.length ? p.comment.join('\n') : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => p.onEdit?.(p.k, e.target.value),
    onFocus: p.onSelect ? () => p.onSelect!(p.k) : undefined,
  };
  return (
    <div className={cls}>
      {p.multiline ? <textarea rows={2} {...common} /> : <input type="text" autoComplete="off" spellCheck={false} {...common} />}
      {p.comment?.length ? (
        <div className="cell-comment" data-comment-for={p.k}>
          {p.comment.map((c, i) => (
            <div key={i}>意见：{c}</div>
          ))}
        </div>
      ) : null}
      {p.after}
    </div>
  );
});

/** A header/funds/goal cell bound to the form context. */
export function Field(props: {
  k: string;
  value: string;
  label: string;
  multiline?: boolean;
  placeholder?: string;
  align?: 'left' | 'right' | 'center';
  after?: React.ReactNode;
}) {
  const ctx = useForm();
  return (
    <CellInput
      k={props.k}
      value={props.value}
      multiline={props.multiline}
      placeholder={props.placeholder}
      align={props.align}
      ariaLabel={props.label}
      readOnly={ctx.readOnly}
      onEdit={ctx.readOnly ? undefined : ctx.onField}
      mark={ctx.marks.get(props.k)}
      comment={ctx.comments.get(props.k)}
      changed={ctx.changed.has(props.k)}
      selected={ctx.selectedKey === props.k}
      onSelect={ctx.onSelectCell}
      after={props.after}
    />
  );
}
