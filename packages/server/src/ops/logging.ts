/**
 * Request logs: one line per request, written when the answer has gone out — method, the route
 * the router matched (the pattern, not the URL with its ids), status, duration, request id, who
 * asked (user id, region) and from where (the client address, behind a proxy the forwarded one).
 * Nothing else of the request is logged: no headers (cookies, the CSRF token), no bodies
 * (passwords, documents). Fastify's own two lines per request (incoming / completed, with the raw
 * URL) are turned off in app.ts.
 *
 * JSON lines (pino) for log collectors; when stdout is a terminal, the same line made readable.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { routeOf } from '../auth/request-gates.ts';
import type { LogLevel } from '../config/settings.ts';

export type LogFormat = 'json' | 'pretty';

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const actor = req.actor;
    req.log.info(
      {
        method: req.method,
        route: routeOf(req) || '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ip: req.ip,
        ...(actor ? { userId: actor.id, region: actor.regionCode } : {}),
      },
      'request',
    );
  });
}

/** The Fastify `logger` option for a level and a format (json: stdout as is). */
export function loggerOptions(level: LogLevel, format: LogFormat, out: NodeJS.WritableStream = process.stdout): false | Record<string, unknown> {
  if (level === 'silent') return false;
  return format === 'pretty' ? { level, stream: prettyStream(out) } : { level, stream: out };
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'method', 'route', 'status', 'ms']);

/** `12:03:04 INFO  PUT /api/tables/:id 200 12.3ms  reqId=… userId=… region=…` */
export function formatPretty(line: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 19) : '';
  const level = (LEVEL_NAMES[o.level as number] ?? String(o.level)).padEnd(5);
  const head = o.msg === 'request' ? `${o.method} ${o.route} ${o.status} ${o.ms}ms` : String(o.msg ?? '');
  const rest = Object.entries(o)
    .filter(([k]) => !SHOWN_APART.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  if (o.reqId) rest.unshift(`reqId=${o.reqId}`);
  return `${time} ${level} ${head}${rest.length ? `  ${rest.join(' ')}` : ''}`;
}

function prettyStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk, _enc, done) {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (l) out.write(`${formatPretty(l)}\n`);
      done();
    },
  });
}
