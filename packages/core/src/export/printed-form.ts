/**
 * How the official documents print what the layout holds, shared by every renderer (.xlsx,
 * .docx, HTML/PDF, CSV) so they all show the same text, and by the round-trip tests, which
 * compare a table read back from a document with the table as that document prints it.
 */
import type { TargetTable } from '../model/target-table.ts';
import { formatWan } from '../money/money.ts';
import type { Finding } from '../rules/finding.ts';
import type { OfficialLayout } from './official-layout.ts';

const PLAIN_DECIMAL = /^-?\d+(?:\.(\d+))?$/;

/** Decimals an amount in 万元 is printed with: two, or more when the amount has more (up to 6: 1 分). */
export function amountDecimals(text: string): number | null {
  const m = PLAIN_DECIMAL.exec(text.trim());
  if (!m) return null;
  return Math.max(2, m[1]?.length ?? 0);
}

/** `31.2` → `31.20`, `13` → `13.00`, `0.123456` stays; text that is not a plain decimal is printed as filed. */
export function printedAmount(text: string): string {
  const t = text.trim();
  const d = amountDecimals(t);
  if (d === null) return text;
  const [int, frac = ''] = t.split('.');
  return `${int}.${frac.padEnd(d, '0')}`;
}

/** The text a renderer prints for a layout cell. */
export function printedCellText(text: string, role: string | undefined): string {
  return role === 'amount' ? printedAmount(text) : text;
}

/**
 * The table as the official documents print it: every amount that parsed is printed from its
 * 分 with at least two decimals (`31.2` → `31.20`). Importing an exported document gives this
 * table back exactly, raw texts included; everything else is printed as filed.
 */
export function printedForm<T extends TargetTable>(table: T): T {
  return JSON.parse(JSON.stringify(table), (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'raw' in v && 'fen' in v) {
      const a = v as { raw: string; fen: number | null };
      if (typeof a.fen === 'number') return { ...a, raw: printedAmount(formatWan(a.fen)) };
    }
    return v;
  }) as T;
}

/** The cell key a finding concerns, as in the layout's `fields` (the web form's cell keys). */
export function findingFieldKey(f: Finding): string | undefined {
  const loc = f.location;
  if (loc.indicatorId) return `ind:${loc.indicatorId}:${loc.field ?? 'name'}`;
  if (loc.field && !loc.field.startsWith('indicators')) return loc.field;
  return undefined;
}

/**
 * The layout cell a finding belongs beside: its field's cell, or the cell of the field it is
 * part of (`funds.development.0` for `funds.development.0.amount`); undefined for findings about
 * the whole table or a section.
 */
export function layoutCellOf(layout: OfficialLayout, f: Finding): { row: number; col: number } | undefined {
  const key = findingFieldKey(f);
  if (!key) return undefined;
  // Exact field first; then the longest field the key is part of; then the first cell of a
  // field the key covers (`keyTasks` → the first task's cell).
  let exact: string | undefined;
  let parent: { pos: string; len: number } | undefined;
  let child: string | undefined;
  for (const [pos, field] of Object.entries(layout.fields)) {
    if (field === key) exact ??= pos;
    else if (key.startsWith(`${field}.`)) {
      if (!parent || field.length > parent.len) parent = { pos, len: field.length };
    } else if (field.startsWith(`${key}.`)) child ??= pos;
  }
  const pos = exact ?? parent?.pos ?? child;
  if (!pos) return undefined;
  const [row, col] = pos.split(':')[0]!.split(',').map(Number) as [number, number];
  return { row, col };
}
