/**
 * Where an upload enters: the one reader of a multipart request (field `file` plus form fields)
 * for every route that takes a file, and the one place its file name is made safe. The name is
 * stored (revisions, audit) and shown, so it must be text PostgreSQL can hold and a person can
 * read: a NUL in a file name answered 500 on POST /api/import (issue 19).
 */
import type { FastifyRequest } from 'fastify';
import { badRequest, findUnstorableText } from '../errors.ts';

export const MAX_FILE_NAME = 200;

/**
 * The last path segment, without control characters (NUL included), unpaired surrogates or
 * bidi overrides, trimmed and at most 200 characters; `fallback` when nothing is left.
 */
export function sanitiseFileName(name: string | undefined, fallback: string): string {
  const clean = (name ?? '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split(/[\\/]/)
    .pop()!
    .trim()
    .replace(/^\.+$/, '');
  const chars = [...clean];
  return chars.length === 0 ? fallback : chars.slice(0, MAX_FILE_NAME).join('');
}

export interface Upload {
  /** The file name, sanitised. */
  name: string;
  bytes: Buffer;
  fields: Record<string, string>;
}

/** The uploaded file (field `file`; later files and other file fields are read and dropped) and the form fields. */
export async function receiveUpload(req: FastifyRequest, fallbackName: string): Promise<Upload> {
  if (!req.isMultipart()) throw badRequest('multipart_required', { zh: '请以 multipart/form-data 上传文件（字段 file）', en: 'Upload the file as multipart/form-data (field file)' });
  let file: { name: string; bytes: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer();
        continue;
      }
      file = { name: sanitiseFileName(part.filename, fallbackName), bytes: await part.toBuffer() };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  if (!file) throw badRequest('file_required', { zh: '缺少上传的文件（字段 file）', en: 'No file uploaded (field file)' });
  // Form fields are text bound for queries: the same guard as JSON bodies.
  const at = findUnstorableText(fields);
  if (at !== null) {
    throw badRequest('unstorable_text', { zh: `表单字段中含有无法保存的字符（NUL 或不成对的代理字符），位置：${at}`, en: `A form field holds characters that cannot be stored (NUL or an unpaired surrogate) at ${at}` }, { path: at });
  }
  return { ...file, fields };
}
