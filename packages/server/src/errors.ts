/**
 * One error body everywhere: `{ error: { code, message: { zh, en }, details? } }`. A client
 * never sees a stack trace; a bad request gets a 4xx that says what is wrong in Chinese and
 * English.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface Bilingual {
  zh: string;
  en: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(bilingual.en);
    this.name = 'ApiError';
  }
}

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.object({ zh: z.string(), en: z.string() }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const notFound = (what: Bilingual = { zh: '资源', en: 'resource' }) =>
  new ApiError(404, 'not_found', { zh: `${what.zh}不存在或无权访问`, en: `${what.en} not found` });
/** The answer for a path no route matched (also for an /api path the web app's file server would otherwise take). */
export const noSuchRoute = (req: { method: string; url: string }) => {
  const path = (req.url.split('?')[0] ?? '').slice(0, 300);
  return new ApiError(404, 'not_found', { zh: `没有这个地址：${req.method} ${path}`, en: `No such route: ${req.method} ${path}` });
};
export const forbidden = (why: Bilingual) => new ApiError(403, 'forbidden', why);
export const badRequest = (code: string, why: Bilingual, details?: unknown) => new ApiError(400, code, why, details);
export const conflict = (code: string, why: Bilingual, details?: unknown) => new ApiError(409, code, why, details);

/** A 4xx raised without a code of its own (e.g. by a plugin) gets the code its status means, never a code that contradicts it. */
const STATUS_CODES: Record<number, string> = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 413: 'too_large', 415: 'unsupported_media_type', 429: 'too_many_requests' };

function body(code: string, message: Bilingual, details?: unknown) {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    const e = noSuchRoute(req);
    void reply.code(404).send(body(e.code, e.bilingual));
  });

  app.setErrorHandler((err: FastifyError | ApiError | Error, req, reply) => {
    if (err instanceof ApiError) {
      if (err.headers) void reply.headers(err.headers);
      return reply.code(err.status).send(body(err.code, err.bilingual, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message, context: err.validationContext }));
      const where = issues.map((i) => `${i.context ?? ''}${i.path}`).join(', ');
      return reply.code(400).send(
        body('invalid_request', { zh: `请求数据不符合要求（${where}）`, en: `The request is not valid (${where})` }, issues),
      );
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause }, 'response did not match its schema');
      return reply.code(500).send(body('internal', { zh: '服务器内部错误', en: 'Internal server error' }));
    }
    const fe = err as FastifyError;
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      const known: Record<string, Bilingual> = {
        FST_ERR_CTP_INVALID_JSON_BODY: { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
        FST_ERR_CTP_EMPTY_JSON_BODY: { zh: '请求体为空，但声明为 JSON', en: 'The body is empty but declared as JSON' },
        FST_ERR_CTP_BODY_TOO_LARGE: { zh: '请求体过大', en: 'The request body is too large' },
        FST_ERR_CTP_INVALID_MEDIA_TYPE: { zh: '不支持的内容类型（Content-Type）', en: 'Unsupported Content-Type' },
        FST_INVALID_MULTIPART_CONTENT_TYPE: { zh: '请以 multipart/form-data 上传文件', en: 'Upload the file as multipart/form-data' },
        FST_REQ_FILE_TOO_LARGE: { zh: '上传的文件过大', en: 'The uploaded file is too large' },
      };
      const msg = (fe.code && known[fe.code]) || { zh: `请求有误：${fe.message}`, en: `Bad request: ${fe.message}` };
      return reply.code(status).send(body((fe.code ?? STATUS_CODES[status] ?? 'bad_request').toLowerCase(), msg));
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      void reply.header('retry-after', '5');
      return reply.code(503).send(
        body('database_unavailable', { zh: '数据库暂时无法连接，请稍后再试；已保存的内容不受影响', en: 'The database cannot be reached just now; try again shortly. Saved work is not affected.' }),
      );
    }
    // A broken multipart body (cut off, no boundary, bad part headers) is the client's fault.
    if (/^(Unexpected end of (form|multipart)|Malformed part header|Multipart: Boundary not found|Part terminated early)/i.test(err.message)) {
      return reply.code(400).send(body('bad_multipart', { zh: '上传的 multipart/form-data 内容不完整或格式错误', en: 'The multipart/form-data upload is incomplete or malformed' }));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal', { zh: '服务器内部错误，请稍后再试', en: 'Internal server error, please try again later' }));
  });
}

/** Connection-level failures (the database is down, restarting or unreachable), through any wrapping. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const msg = (e as { message?: unknown }).message;
    if (typeof msg === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(msg)) return true;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from a dual-stack connect
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a URL or headers over 16 KB,
 * a malformed request line): answered in the one error shape, in both languages.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: import('node:net').Socket): void {
  if (!socket.writable) return;
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const payload = JSON.stringify(
    tooLarge
      ? body('header_too_large', { zh: '请求地址或请求头过长', en: 'The request URL or headers are too long' })
      : body('bad_request', { zh: '请求格式错误', en: 'Malformed request' }),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  );
}

/** Deeper than any document of ours (a table document is about 6 levels): refused before anything recurses into it. */
export const MAX_JSON_DEPTH = 32;
/** More values than any request of ours carries (a 1,000-indicator table is about 60,000). */
export const MAX_JSON_VALUES = 250_000;

/**
 * Depth and size of a parsed JSON body, walked without recursion: a valid table document with an
 * unknown key nested 2,000 levels deep answered 500 (the normaliser's recursion ran out of stack;
 * at 1,500 levels it was stored). Refused here, before validation or any other code walks it.
 */
export function jsonShapeProblem(value: unknown): { code: string; message: Bilingual; path: string } | null {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  let count = 0;
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (++count > MAX_JSON_VALUES) {
      return { code: 'too_many_values', message: { zh: `请求中的数据项过多（超过 ${MAX_JSON_VALUES} 个）`, en: `The request holds too many values (over ${MAX_JSON_VALUES})` }, path: path || '/' };
    }
    if (v && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) {
        const at = path.slice(0, 120);
        return { code: 'too_deep', message: { zh: `请求数据嵌套过深（超过 ${MAX_JSON_DEPTH} 层），位置：${at}…`, en: `The request is nested too deeply (over ${MAX_JSON_DEPTH} levels) at ${at}…` }, path: at };
      }
      for (const [k, x] of Object.entries(v)) stack.push([x, depth + 1, `${path}/${k.slice(0, 40)}`]);
    }
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL cannot store, or that is not text at all: NUL, and UTF-16 halves without their pair. */
export function findUnstorableText(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000') || LONE_SURROGATE.test(v)) return path || '/';
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000') || LONE_SURROGATE.test(k)) return `${path}/${k.replace(/[^\p{L}\p{N}_-]/gu, '?')}`;
        stack.push([x, `${path}/${k}`]);
      }
    }
  }
  return null;
}

/**
 * Input guards. JSON bodies: Fastify's own parser (which refuses __proto__ and constructor.prototype keys),
 * then a refusal of text that cannot be stored (NUL, unpaired surrogates) with where it is —
 * a 400 instead of a database error.
 */
export function installJsonBodyGuard(app: FastifyInstance): void {
  // The same for the URL: %00 in a path or query value would reach a query as NUL.
  app.addHook('onRequest', async (req) => {
    if (/%00/.test(req.url)) {
      throw badRequest('unstorable_text', { zh: '地址中含有无法处理的字符（%00）', en: 'The URL holds a character that cannot be used (%00)' });
    }
  });
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, raw, done) => {
    parse(req, raw as string, (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      const shape = jsonShapeProblem(value);
      if (shape) return done(badRequest(shape.code, shape.message, { path: shape.path }), undefined);
      const at = findUnstorableText(value);
      if (at !== null) {
        return done(
          badRequest('unstorable_text', {
            zh: `文本中含有无法保存的字符（NUL 或不成对的代理字符），位置：${at}`,
            en: `The text holds characters that cannot be stored (NUL or an unpaired surrogate) at ${at}`,
          }, { path: at }),
          undefined,
        );
      }
      done(null, value);
    });
  });
}
