/**
 * Header fields found by their labels, wherever the label sits: the value is the next non-empty
 * cell to the right that is not itself a label; with nothing to the right, the cell below (a
 * label row over a value row); in a table flattened to one cell per line, a run of labels is
 * followed by a run of values, paired in order.
 */
import { parseMoney } from '../money/money.ts';
import type { AmountField, CodeNameField, TextField, YearField } from '../model/target-table.ts';
import type { Finding } from '../rules/finding.ts';
import { cellRef, type Cell, type CellGrid } from './cell-grid.ts';
import { importFinding } from './import-findings.ts';
import { columnKind, FIELD_SYNONYMS, fieldOfLabel, isLabel, isTemplateText, norm, type FieldName } from './vocabulary.ts';

/** Section headings that stand over the indicator block, never over a value. */
const SECTION_RE = /^(本年度|年度|当年|当年度)?绩效指标(\(\d+分\))?$/;

export interface FieldHit {
  label: Cell;
  value?: Cell;
}

const INLINE = /^([^:：]{2,14}?)\s*[:：]\s*(\S[\s\S]*)$/;

const filled = (row: Cell[] | undefined) => (row ?? []).filter((c) => c.text.trim() !== '');

export class FieldIndex {
  /** First position of every label text in the rows (reading order). */
  private readonly first = new Map<string, [number, number]>();
  /** Cells holding a label and its value together: `项目名称：道路维护`. */
  private readonly inline = new Map<string, Cell>();

  constructor(
    private readonly grid: CellGrid,
    private readonly rows: Cell[][],
  ) {
    rows.forEach((row, r) =>
      row.forEach((c, i) => {
        if (!c.text) return;
        const n = norm(c.text);
        if (!n) return;
        if (!isLabel(c.text)) {
          const m = INLINE.exec(c.text.trim());
          if (m && isLabel(m[1]!)) {
            const key = norm(m[1]!);
            if (!this.first.has(key)) {
              this.first.set(key, [r, i]);
              this.inline.set(`${r}:${i}`, { ...c, text: m[2]!.trim() });
            }
          }
          return;
        }
        if (!this.first.has(n)) this.first.set(n, [r, i]);
        const bare = n.replace(/\([^()]*\)$/, '');
        if (bare !== n && !this.first.has(bare)) this.first.set(bare, [r, i]);
      }),
    );
  }

  /** First label among `labels` (or a field's synonyms) and its value. */
  find(labels: FieldName | readonly string[]): FieldHit | undefined {
    const list = typeof labels === 'string' ? FIELD_SYNONYMS[labels] : labels;
    let best: [number, number] | undefined;
    for (const l of list) {
      const at = this.first.get(norm(l));
      if (at && (!best || at[0] < best[0] || (at[0] === best[0] && at[1] < best[1]))) best = at;
    }
    if (!best) return undefined;
    const label = this.rows[best[0]]![best[1]]!;
    const inline = this.inline.get(`${best[0]}:${best[1]}`);
    if (inline) return { label, value: inline };
    return { label, ...this.valueOf(best[0], best[1]) };
  }

  /**
   * The label written again further right on the row of its first place (`其中:财政拨款 | 68.50 |
   * 其中:财政拨款 | 51.35` under 中期资金总额 | 年度资金总额), with its value; else the first.
   */
  findRightmost(labels: FieldName | readonly string[]): FieldHit | undefined {
    const hit = this.find(labels);
    if (!hit) return undefined;
    const list = (typeof labels === 'string' ? FIELD_SYNONYMS[labels] : labels).map(norm);
    const row = this.rows.findIndex((r) => r.includes(hit.label));
    const cells = this.rows[row]!;
    for (let i = cells.length - 1; i > cells.indexOf(hit.label); i--) {
      if (list.includes(norm(cells[i]!.text))) return { label: cells[i]!, ...this.valueOf(row, i) };
    }
    return hit;
  }

  private valueOf(r: number, i: number): { value?: Cell } {
    const row = this.rows[r]!;
    let labelOnRight = false;
    for (let j = i + 1; j < row.length; j++) {
      const v = row[j]!;
      if (!v.text.trim()) continue;
      if (isLabel(v.text)) {
        labelOnRight = true;
        break;
      }
      return { value: v };
    }
    if (filled(row).length === 1) return this.fromRun(r);
    // A row of labels over a row of values: the cell below, when the whole row is labels.
    if (labelOnRight && !filled(row).every((c) => isLabel(c.text))) return {};
    const label = row[i]!;
    for (let k = r + 1; k <= r + 2 && k < this.rows.length; k++) {
      const below = this.rows[k]!;
      if (filled(below).length === 0) continue;
      const v = below.find((c) => c.col === label.col && c.text.trim());
      if (v && !isLabel(v.text)) return { value: v };
      return {};
    }
    return {};
  }

  /** One cell per line: labels L1…Lk then values V1…Vm; pair in order, right-aligned when m < k. */
  private fromRun(r: number): { value?: Cell } {
    const single = (k: number): Cell | undefined => {
      const f = filled(this.rows[k]);
      return f.length === 1 ? f[0] : undefined;
    };
    const step = (from: number, dir: 1 | -1): number => {
      let k = from + dir;
      while (k >= 0 && k < this.rows.length && filled(this.rows[k]).length === 0) k += dir;
      return k;
    };
    // A run of field labels; the indicator header's column labels (一级指标, 指标值 …) end it.
    const fieldLabel = (c: Cell | undefined) =>
      c !== undefined && isLabel(c.text) && (fieldOfLabel(c.text) !== undefined || columnKind(c.text) === undefined) && !SECTION_RE.test(norm(c.text));
    let start = r;
    for (let k = step(r, -1); k >= 0; k = step(k, -1)) {
      const c = single(k);
      if (!fieldLabel(c)) break;
      start = k;
    }
    const labels: number[] = [];
    let k = start;
    for (; k >= 0 && k < this.rows.length; k = step(k, 1)) {
      const c = single(k);
      if (!fieldLabel(c)) break;
      labels.push(k);
    }
    if (!labels.includes(r)) return {};
    const values: Cell[] = [];
    for (; k >= 0 && k < this.rows.length && values.length < labels.length; k = step(k, 1)) {
      const c = single(k);
      if (!c || isLabel(c.text)) break;
      values.push(c);
    }
    const pos = labels.indexOf(r);
    const idx = pos - (labels.length - values.length);
    return idx >= 0 && values[idx] ? { value: values[idx] } : {};
  }

  text(labels: FieldName | readonly string[]): TextField {
    const hit = this.find(labels);
    return field(this.grid, hit?.value ?? hit?.label, hit?.value?.text ?? '');
  }
}

export function field(grid: CellGrid, cell: Cell | undefined, raw: string): TextField {
  const f: TextField = { raw: raw.trim() };
  if (cell) f.source = cellRef(grid, cell);
  if (cell?.original !== undefined && raw && cell.text.includes(raw.trim())) f.original = cell.original;
  return f;
}

const LEADING_AMOUNT = /^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|万|元)?/;

/** An amount in the table's unit; text after the amount is reported, not guessed at. */
export function amount(f: TextField, unit: '万元' | '元', findings?: Finding[], grid?: CellGrid, what?: { zh: string; en: string }): AmountField {
  if (!f.raw) return { ...f, fen: null };
  const m = parseMoney(f.raw, unit);
  if (m) return { ...f, fen: m.fen };
  const lead = LEADING_AMOUNT.exec(f.raw.replace(/，/g, ','));
  const part = lead ? parseMoney(lead[0].trim(), unit) : null;
  if (findings) {
    const cell = f.source ? { row: f.source.row, col: f.source.col, ...(f.source.line !== undefined ? { line: f.source.line } : {}) } : undefined;
    findings.push(
      part
        ? importFinding(
            'amount-extra-text',
            'warning',
            {
              zh: `${what?.zh ?? '金额'}“${f.raw}”中除金额外还有其他文字，只读取了“${lead![0].trim()}”。`,
              en: `${what?.en ?? 'Amount'} "${f.raw}" has text besides the amount; read "${lead![0].trim()}" only.`,
            },
            { ...(grid ? { grid } : {}), ...(cell ? { cell } : {}), section: 'funds' },
          )
        : importFinding(
            'amount-unreadable',
            'warning',
            { zh: `${what?.zh ?? '金额'}“${f.raw}”不是金额。`, en: `${what?.en ?? 'Amount'} "${f.raw}" is not an amount.` },
            { ...(grid ? { grid } : {}), ...(cell ? { cell } : {}), section: 'funds' },
          ),
    );
  }
  return { ...f, fen: part ? part.fen : null };
}

export function year(f: TextField, which: 'start' | 'end' = 'start'): YearField {
  const years = [...f.raw.replace(/\s/g, '').matchAll(/(?:^|[^\d])((?:19|20)\d{2})(?!\d{3})/g)].map((m) => Number(m[1]));
  const direct = /^(\d{4})/.exec(f.raw.replace(/\s/g, ''));
  if (which === 'start') return { ...f, year: direct ? Number(direct[1]) : (years[0] ?? null) };
  return { ...f, year: years.length > 1 ? years[years.length - 1]! : direct ? Number(direct[1]) : (years[0] ?? null) };
}

export function codeName(f: TextField): CodeNameField {
  const m = /^\s*([0-9A-Za-z]+)\s*[-－—_\s]\s*(.+)$/.exec(f.raw);
  if (!m) return { ...f, name: f.raw };
  return { ...f, code: m[1]!, name: m[2]!.trim() };
}

export function count(f: TextField): TextField & { count: number | null } {
  const m = /^\d+$/.exec(f.raw.replace(/[\s,，人个]/g, ''));
  return { ...f, count: m ? Number(m[0]) : null };
}

/** A cell that still holds the template's instructions ("…（200字以内）"). */
export function templateFinding(grid: CellGrid, f: TextField, what: { zh: string; en: string }, section: Finding['location']['section']): Finding | undefined {
  if (!f.raw || !isTemplateText(f.raw)) return undefined;
  const cell = f.source ? { row: f.source.row, col: f.source.col, ...(f.source.line !== undefined ? { line: f.source.line } : {}) } : undefined;
  return importFinding(
    'template-text',
    'warning',
    { zh: `${what.zh}栏仍是填表说明（“${f.raw.slice(0, 30)}”），没有填写内容。`, en: `${what.en} still holds the template's instructions ("${f.raw.slice(0, 30)}"); nothing was filled in.` },
    { grid, ...(cell ? { cell } : {}), section },
  );
}
