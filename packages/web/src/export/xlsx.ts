/**
 * Client-side .xlsx export of one table, rendering core's officialLayout (the one layout every
 * output uses: merged label cells, amounts in 万元 formatted exactly from integer 分). The server has no export endpoint yet;
 * this runs in the browser, loaded only when the button is pressed.
 */
import { officialLayout, type CellRole, type TargetTable } from '@jixiao/core';
import { zip } from './zip.ts';

const col = (i: number) => String.fromCharCode(65 + i);
const ref = (r: number, c: number) => `${col(c)}${r + 1}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Style index per cell role (see the styles part below). */
const STYLE: Record<CellRole, number> = { title: 1, label: 2, header: 2, text: 3, value: 3, amount: 4, note: 5 };

/** The official layout (core) as sheet rows and merges: what every export renders. */
export function layout(t: TargetTable): { rows: Array<Array<string | number | null>>; merges: string[]; widths: number[]; roles: Record<string, CellRole> } {
  const l = officialLayout(t);
  const merges: string[] = [];
  const rows = l.grid.rows.map((r) =>
    r.map((c) => {
      if (c.merge) merges.push(`${ref(c.merge.top - 1, c.merge.left - 1)}:${ref(c.merge.bottom - 1, c.merge.right - 1)}`);
      if (c.mergedInto || c.text === '') return null;
      const role = l.roles[`${c.row},${c.col}`];
      return role === 'amount' && /^-?\d+(\.\d+)?$/.test(c.text) ? Number(c.text) : c.text;
    }),
  );
  return { rows, merges, widths: l.columnWidths, roles: l.roles };
}

export function xlsxBytes(t: TargetTable): Uint8Array {
  const s = layout(t);
  const sheetRows = s.rows
    .map((r, i) => {
      const cells = r
        .map((c, j) => {
          const role = s.roles[`${i + 1},${j + 1}`];
          // Bordered cells are written even when empty, so merged ranges keep their borders.
          const style = role ? STYLE[role] : 3;
          if (c === null || c === '') return role === 'title' || role === 'note' ? '' : `<c r="${ref(i, j)}" s="${style}"/>`;
          if (typeof c === 'number') return `<c r="${ref(i, j)}" s="${style}"><v>${c}</v></c>`;
          return `<c r="${ref(i, j)}" t="inlineStr" s="${style}"><is><t xml:space="preserve">${esc(c)}</t></is></c>`;
        })
        .join('');
      return `<row r="${i + 1}">${cells}</row>`;
    })
    .join('');
  const cols = s.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>${cols}</cols><sheetData>${sheetRows}</sheetData><mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/></worksheet>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="10"/><name val="宋体"/></font><font><b/><sz val="16"/><name val="宋体"/></font><font><b/><sz val="10"/><name val="宋体"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFF6F3EE"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="6"><xf/><xf fontId="1" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf><xf fontId="2" fillId="2" borderId="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf borderId="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf borderId="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf><xf applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>`;
  const sheetName = t.kind === 'project' ? '项目支出绩效目标表' : '部门整体绩效目标表';
  return zip([
    { name: '[Content_Types].xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>` },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>` },
    { name: 'xl/styles.xml', data: styles },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

export function exportXlsx(t: TargetTable): void {
  const bytes = xlsxBytes(t);
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const a = document.createElement('a');
  const name = t.kind === 'project' ? `${t.projectName.raw || t.title}` : t.kind === 'dept-overall' ? `${t.deptName.raw}${t.title}` : t.title;
  a.href = URL.createObjectURL(blob);
  a.download = `${name.replace(/[\\/:*?"<>|]/g, '_')}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
