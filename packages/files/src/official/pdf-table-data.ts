/**
 * The tables a PDF shows, embedded in it as exchange JSON (pdf-attachment.ts): every PDF we
 * export carries them, and readTableFile reads them back — the round trip of issue 6 through PDF.
 * The visible pages are the official form; the attachment is the data the form was printed from.
 */
import { toExchangeDocument, type ExchangeMeta, type TargetTable } from '@jixiao/core';
import { attachToPdf, readPdfAttachment } from './pdf-attachment.ts';

/** The attachment's file name; a PDF reader lists it in its attachments panel. */
export const PDF_TABLE_DATA_NAME = 'jixiao-exchange.json';

/** `pdf` with its tables attached as exchange JSON. */
export function attachTableData(pdf: Uint8Array, tables: Array<{ table: TargetTable; meta?: ExchangeMeta }>): Uint8Array {
  const json = JSON.stringify(toExchangeDocument(tables));
  return attachToPdf(pdf, {
    name: PDF_TABLE_DATA_NAME,
    mimeType: 'application/json',
    data: new TextEncoder().encode(json),
    description: 'Jixiao exchange data: the tables printed in this PDF',
  });
}

/** The exchange JSON text a PDF carries, or undefined when it carries none. */
export function readTableData(pdf: Uint8Array, maxBytes?: number): string | undefined {
  const data = readPdfAttachment(pdf, PDF_TABLE_DATA_NAME, maxBytes);
  return data && new TextDecoder().decode(data);
}
