/**
 * Excel 2003 XML ("XML 表格", SpreadsheetML) → grids, as provincial systems often export under a
 * .xls name: every Worksheet a grid, ss:Index / ss:MergeAcross / ss:MergeDown laid out (merges
 * recorded), numbers and dates shown with the cell's style format, rich text flattened.
 */
import { GridBuilder } from './grid-builder.ts';
import { truncatedWarning, type TablesRead } from './html.ts';
import { tokenize } from './markup.ts';
import { formatDate, formatNumber } from './numfmt.ts';
import type { GridInfo, Limits } from './types.ts';

const NAMED: Record<string, string> = {
  'general': 'General', 'general number': 'General', 'fixed': '0.00', 'standard': '#,##0.00', 'percent': '0.00%',
  'scientific': '0.00E+00', 'currency': '"¥"#,##0.00', 'euro currency': '"€"#,##0.00', 'short date': 'yyyy/m/d',
  'medium date': 'dd-mmm-yy', 'long date': 'yyyy"年"m"月"d"日"', 'short time': 'h:mm', 'medium time': 'h:mm AM/PM',
  'long time': 'h:mm:ss', 'general date': 'yyyy/m/d h:mm', '0': '0', '0.00': '0.00', '@': '@',
};

const local = (n: string) => n.slice(n.indexOf(':') + 1);
function attr(a: Record<string, string>, name: string): string | undefined {
  for (const k in a) if (local(k) === name) return a[k];
  return undefined;
}
const int = (v: string | undefined, min: number, max: number, dflt: number) => {
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : dflt;
};

export function isSpreadsheetXml(head: string): boolean {
  return /<(?:\w+:)?Workbook\b[^>]*urn:schemas-microsoft-com:office:spreadsheet/.test(head);
}

interface Sheet {
  name: string;
  hidden: boolean;
  b: GridBuilder;
}

export function readSpreadsheetXml(xml: string, file: string, limits: Limits): TablesRead {
  const styles = new Map<string, string>();
  const sheets: Sheet[] = [];
  let styleId: string | undefined;
  let sheet: Sheet | undefined;
  let row = 0;
  let col = 0;
  let cell: { row: number; col: number; across: number; down: number; style?: string; type?: string; text: string } | undefined;
  let inData = 0;
  let inVisible = false;

  const finishCell = () => {
    if (!cell || !sheet) return;
    let text = cell.text;
    const fmt = cell.style ? styles.get(cell.style) : undefined;
    if (cell.type === 'Number') {
      const v = Number(text.trim());
      if (text.trim() !== '' && Number.isFinite(v)) text = formatNumber(v, fmt);
    } else if (cell.type === 'DateTime') {
      const d = new Date(text.trim().replace(/(\.\d+)?$/, 'Z').replace(/ZZ$/, 'Z'));
      if (!Number.isNaN(d.getTime())) text = formatDate(d, fmt);
    } else if (cell.type === 'Boolean') text = text.trim() === '1' ? 'TRUE' : 'FALSE';
    text = text.replace(/\r\n?/g, '\n').trim();
    if (text || cell.across || cell.down) sheet.b.place(cell.row, cell.col, text, cell.down + 1, cell.across + 1);
    cell = undefined;
  };

  tokenize(xml, true, {
    open(name, a) {
      switch (local(name)) {
        case 'Style':
          styleId = attr(a, 'ID');
          return;
        case 'NumberFormat': {
          const f = attr(a, 'Format');
          if (styleId && f) styles.set(styleId, NAMED[f.toLowerCase()] ?? f);
          return;
        }
        case 'Worksheet':
          finishCell();
          sheet = { name: attr(a, 'Name') ?? `Sheet${sheets.length + 1}`, hidden: false, b: new GridBuilder(limits.maxCells) };
          sheets.push(sheet);
          row = 0;
          return;
        case 'Row':
          finishCell();
          row = int(attr(a, 'Index'), 1, 1_048_576, row + 1);
          col = 0;
          return;
        case 'Cell': {
          finishCell();
          if (!sheet) return;
          if (row === 0) row = 1;
          const index = attr(a, 'Index');
          col = int(index, 1, 16_384, col + 1);
          if (index === undefined) while (sheet.b.isTaken(row, col)) col++;
          const across = int(attr(a, 'MergeAcross'), 0, 1000, 0);
          const down = int(attr(a, 'MergeDown'), 0, 65_534, 0);
          cell = { row, col, across, down, text: '' };
          const style = attr(a, 'StyleID');
          if (style) cell.style = style;
          col += across;
          return;
        }
        case 'Data':
          inData++;
          if (cell && inData === 1) {
            const t = attr(a, 'Type');
            if (t) cell.type = t;
          }
          return;
        case 'Visible':
          inVisible = true;
          return;
      }
    },
    close(name) {
      switch (local(name)) {
        case 'Style':
          styleId = undefined;
          return;
        case 'Cell':
          finishCell();
          return;
        case 'Data':
          if (inData > 0) inData--;
          return;
        case 'Visible':
          inVisible = false;
          return;
        case 'Worksheet':
          finishCell();
          sheet = undefined;
          return;
      }
    },
    text(t) {
      if (cell && inData > 0) cell.text += t;
      else if (inVisible && sheet && /SheetHidden|SheetVeryHidden/.test(t)) sheet.hidden = true;
    },
  });
  finishCell();

  const out: TablesRead = { grids: [], info: [], text: [], warnings: [] };
  for (const s of sheets) {
    out.grids.push(s.b.build({ file, sheet: s.name }));
    const info: GridInfo = { kind: 'sheet' };
    if (s.hidden) info.hidden = true;
    out.info.push(info);
    if (s.b.truncated) out.warnings.push(truncatedWarning(s.name, limits.maxCells));
  }
  return out;
}
