/**
 * PostgreSQL's COPY text format: one row a line, columns separated by tabs, NULL as \N, and
 * backslash, tab, newline and carriage return escaped. Dates go as ISO 8601 with the zone,
 * jsonb as its JSON text, booleans as t/f.
 */
export type CopyValue = string | number | boolean | Date | null | undefined | object;

const SPECIAL = /[\\\t\n\r]/;

export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return SPECIAL.test(v) ? escape(v) : v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`cannot COPY the number ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  const json = JSON.stringify(v);
  return SPECIAL.test(json) ? escape(json) : json;
}

function escape(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyRow(values: CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyField(values[i]);
  return `${line}\n`;
}
