/**
 * Downloads a file the server makes (the official .xlsx/.docx/PDF, exchange files, the findings
 * report, a batch): fetched with the session, so a refusal (404, 503 without Chromium …) is
 * shown as a message instead of being saved as a file, then saved under the name the server
 * gives in Content-Disposition.
 */
import { ApiError, request } from '../app/api.ts';

/** The file name from `filename*=UTF-8''…` (RFC 5987), else `filename="…"`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) return decodeURIComponent(star[1]!);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

export async function download(url: string, fallback = 'download'): Promise<string> {
  return save(await fetch(url, { credentials: 'same-origin' }), fallback);
}

/** A file the server makes from what the page sends (POST with the CSRF header), saved the same way. */
export async function downloadPosted(url: string, body: unknown, fallback = 'download'): Promise<string> {
  const csrf = /(?:^|;\s*)jixiao_csrf=([^;]+)/.exec(document.cookie)?.[1];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
  return save(await fetch(url, { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(body) }), fallback);
}

async function save(res: Response, fallback: string): Promise<string> {
  if (!res.ok) {
    let body: { error?: { code?: string; message?: { zh: string; en: string } } } | undefined;
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? { zh: `下载失败（${res.status}）`, en: `Download failed (${res.status})` }, body);
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallback);
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return name;
}

export type TableFormat = 'xlsx' | 'docx' | 'pdf' | 'csv' | 'exchange' | 'exchange-csv';
export type BatchFormat = 'xlsx' | 'docx' | 'pdf' | 'zip-xlsx' | 'zip-docx' | 'zip-pdf' | 'exchange' | 'csv' | 'exchange-csv' | 'findings';

export interface ExportJob {
  id: string;
  phase: 'queued' | 'rendering' | 'packing' | 'done' | 'failed';
  done: number;
  total: number;
  title: string;
  file: { name: string; bytes: number; url: string } | null;
  error: { code: string; zh: string; en: string } | null;
}

export const exportsApi = {
  start: (body: { year: number; format: BatchFormat; stage?: string; org?: string; status?: string; kind?: string }) => request<ExportJob>('POST', '/api/exports', { body }),
  job: (id: string) => request<ExportJob>('GET', `/api/exports/${encodeURIComponent(id)}`),
};
