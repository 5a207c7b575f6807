/**
 * What can be downloaded, and as what: the official documents (.xlsx, .docx, PDF, the HTML print
 * view), the exchange format (JSON, the one-file CSV, the two CSV files in a zip), the system's
 * own JSON, and the findings report. File names are the table's own name, as a finance officer
 * would save it.
 */
import type { TargetTable } from '@jixiao/core';

export const TABLE_FORMATS = ['json', 'xlsx', 'docx', 'pdf', 'html', 'csv', 'exchange', 'exchange-csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const BATCH_FORMATS = ['xlsx', 'docx', 'pdf', 'zip-xlsx', 'zip-docx', 'zip-pdf', 'exchange', 'csv', 'exchange-csv', 'findings'] as const;
export type BatchFormat = (typeof BATCH_FORMATS)[number];

export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  zip: 'application/zip',
} as const;

/** The extension and content type a format's file has. */
export function fileKind(format: TableFormat | BatchFormat): { ext: string; type: string } {
  switch (format) {
    case 'json':
    case 'exchange':
      return { ext: format === 'exchange' ? 'exchange.json' : 'json', type: CONTENT_TYPES.json };
    case 'xlsx':
    case 'findings':
      return { ext: format === 'findings' ? '检查意见.xlsx' : 'xlsx', type: CONTENT_TYPES.xlsx };
    case 'docx':
    case 'pdf':
    case 'html':
    case 'csv':
      return { ext: format, type: CONTENT_TYPES[format] };
    case 'exchange-csv':
      return { ext: 'exchange-csv.zip', type: CONTENT_TYPES.zip };
    default:
      return { ext: `${format.slice(4)}.zip`, type: CONTENT_TYPES.zip };
  }
}

/** A file name every system accepts: no path separators or characters Windows refuses. */
export const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/\s+/g, ' ').trim().slice(0, 120) || '绩效目标表';

/** The name a table's file is saved under: the project's name, or the department's name and the title. */
export function tableFileName(t: TargetTable): string {
  if (t.kind === 'project' && t.projectName.raw.trim()) return safeFileName(t.projectName.raw);
  if (t.kind === 'dept-overall') return safeFileName(`${t.deptName.raw}${t.title || '部门整体绩效目标表'}`);
  return safeFileName(t.title || '绩效目标表');
}

/** Content-Disposition for a download: an ASCII fallback and the real (Chinese) name (RFC 6266/5987). */
export function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
