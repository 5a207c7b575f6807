/**
 * Tables → the bytes of a download, for one table or a batch. Every document is rendered from
 * core's `officialLayout` by packages/files, so the .xlsx, the .docx, the PDF and the print view
 * look the same, and the importer reads each of them back to the same table (a PDF through the
 * exchange data embedded in it).
 */
import { officialLayout, toExchangeDocument, toExchangeFlatCsv, type ExchangeMeta, type Finding, type TargetTable } from '@jixiao/core';
import { attachTableData, officialHtml, PdfAttachmentError, PdfUnavailableError, writeExchangeCsvZip, writeFindingsReport, writeOfficialDocx, writeOfficialXlsx, type PdfRenderer } from '@jixiao/files';
import { ApiError } from '../errors.ts';
import { zipSync } from 'fflate';
import { fileKind, safeFileName, tableFileName, type BatchFormat, type TableFormat } from './formats.ts';

export interface ExportItem {
  table: TargetTable;
  /** The keys the exchange format carries (region, id, stage, status). */
  meta: ExchangeMeta;
  findings: Finding[];
  /** The owner's name, for the batch index. */
  orgName?: string;
}

export interface RenderedFile {
  bytes: Uint8Array;
  type: string;
  /** File name with its extension. */
  name: string;
}

export type Progress = (done: number, total: number, phase: 'rendering' | 'packing') => void;

const text = (s: string) => new TextEncoder().encode(s);
/** Lets other requests run between the pieces of a long export (ExcelJS and zip work is synchronous). */
const breathe = () => new Promise<void>((ok) => setImmediate(ok));

/** Chromium missing or broken: a 503 that says how to install it, not a stack trace. */
export async function rendering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof PdfUnavailableError) throw new ApiError(503, 'pdf_unavailable', { zh: e.zh, en: e.en });
    throw e;
  }
}

/**
 * The PDF with its tables embedded as exchange data (so the importer reads it back exactly). A
 * PDF whose structure the attachment writer does not handle (a Chromium that one day writes
 * cross-reference streams) is still the official document: it is served without the data
 * rather than not at all.
 */
export function withTableData(pdf: Uint8Array, tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): Uint8Array {
  try {
    return attachTableData(pdf, tables);
  } catch (e) {
    if (e instanceof PdfAttachmentError) return pdf;
    throw e;
  }
}

/** One table in one of the document or exchange formats (not `json`, which the route answers itself). */
export async function renderTable(item: ExportItem, format: Exclude<TableFormat, 'json'>, pdf: PdfRenderer): Promise<RenderedFile> {
  const k = fileKind(format);
  const name = `${tableFileName(item.table)}.${k.ext}`;
  const one = [{ table: item.table, meta: item.meta }];
  switch (format) {
    case 'xlsx':
      return { bytes: await writeOfficialXlsx([officialLayout(item.table)]), type: k.type, name };
    case 'docx':
      return { bytes: writeOfficialDocx([officialLayout(item.table)]), type: k.type, name };
    case 'html':
      return { bytes: text(officialHtml([officialLayout(item.table)])), type: k.type, name };
    case 'pdf':
      // The PDF carries its table as exchange data, so the importer reads it back exactly.
      return { bytes: withTableData(await pdf.render(officialHtml([officialLayout(item.table)])), one), type: k.type, name };
    case 'csv':
      return { bytes: text(toExchangeFlatCsv(one)), type: k.type, name };
    case 'exchange':
      return { bytes: text(JSON.stringify(toExchangeDocument(one), null, 1)), type: k.type, name };
    case 'exchange-csv':
      return { bytes: writeExchangeCsvZip(one), type: k.type, name };
  }
}

/** The findings report of some tables: each table with its findings beside the cells, and a list of all. */
export async function renderFindingsReport(items: ExportItem[], title: string): Promise<RenderedFile> {
  const bytes = await writeFindingsReport(
    items.map((x) => ({ name: tableFileName(x.table), table: x.table, layout: officialLayout(x.table), findings: x.findings })),
    { title },
  );
  return { bytes, type: fileKind('findings').type, name: `${safeFileName(title)}.${fileKind('findings').ext}` };
}

/**
 * Many tables in one file: a workbook with a sheet per table and an index sheet, one Word
 * document or one PDF with a table per page, the exchange files, the findings report, or a zip
 * of one file per table.
 */
export async function renderBatch(items: ExportItem[], format: BatchFormat, title: string, pdf: PdfRenderer, progress: Progress = () => {}): Promise<RenderedFile> {
  const total = items.length;
  const k = fileKind(format);
  const name = `${safeFileName(title)}.${k.ext}`;
  const layouts = async () => {
    const out = [];
    for (const [i, x] of items.entries()) {
      out.push(officialLayout(x.table));
      if (i % 20 === 19) {
        progress(i + 1, total, 'rendering');
        await breathe();
      }
    }
    progress(total, total, 'packing');
    return out;
  };
  const exchange = items.map((x) => ({ table: x.table, meta: x.meta }));
  switch (format) {
    case 'xlsx': {
      const index = {
        header: ['名称', '单位', '种类', '状态', '当年度金额(万元)'],
        rows: items.map((x) => [
          tableFileName(x.table),
          x.orgName ?? '',
          x.table.kind === 'project' ? '项目支出' : x.table.kind === 'dept-overall' ? '部门整体' : '绩效自评',
          x.meta.status ?? '',
          x.table.kind === 'project' ? x.table.currentAmount.raw : '',
        ]),
      };
      const all = items.map((x) => officialLayout(x.table));
      const bytes = await writeOfficialXlsx(all, { title, index, onSheet: (n) => progress(n, total, n === total ? 'packing' : 'rendering') });
      return { bytes, type: k.type, name };
    }
    case 'docx':
      return { bytes: writeOfficialDocx(await layouts(), { title }), type: k.type, name };
    case 'pdf':
      return { bytes: withTableData(await pdf.render(officialHtml(await layouts(), { title })), exchange), type: k.type, name };
    case 'exchange':
      return { bytes: text(JSON.stringify(toExchangeDocument(exchange), null, 1)), type: k.type, name };
    case 'csv':
      return { bytes: text(toExchangeFlatCsv(exchange)), type: k.type, name };
    case 'exchange-csv':
      return { bytes: writeExchangeCsvZip(exchange), type: k.type, name };
    case 'findings':
      progress(0, total, 'rendering');
      return renderFindingsReport(items, title);
    case 'zip-xlsx':
    case 'zip-docx':
    case 'zip-pdf': {
      const each = format.slice(4) as 'xlsx' | 'docx' | 'pdf';
      const files: Record<string, Uint8Array> = {};
      const width = String(total).length;
      for (const [i, x] of items.entries()) {
        const f = await renderTable(x, each, pdf);
        files[`${String(i + 1).padStart(width, '0')} ${f.name}`] = f.bytes;
        progress(i + 1, total, i + 1 === total ? 'packing' : 'rendering');
        await breathe();
      }
      // Office files and PDFs are compressed already.
      return { bytes: zipSync(files, { level: each === 'pdf' ? 1 : 0 }), type: k.type, name };
    }
  }
}
