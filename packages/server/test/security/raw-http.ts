/**
 * Requests sent exactly as written. `fetch` (WHATWG URL) removes dot segments and may re-encode a
 * path before it leaves the client, so a test of how the server reads `/api/x/../tables` or
 * `/%61pi/tables` has to write the request line itself.
 */
import { Agent, request } from 'node:http';
import type { Client, Res } from '../helpers.ts';

export interface RawOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Session cookie and CSRF header from this client (the header only on state-changing methods, unless `csrf` says otherwise). */
  as?: Client;
  csrf?: boolean;
}

/** Connections kept open between requests: the gate tests send thousands. */
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export function raw(base: string, method: string, path: string, opts: RawOptions = {}): Promise<Res> {
  const u = new URL(base);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) {
    if (opts.as.cookies.size) headers.cookie = [...opts.as.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const wantCsrf = opts.csrf ?? !['GET', 'HEAD'].includes(method);
    if (wantCsrf && opts.as.csrf && !('x-csrf-token' in headers)) headers['x-csrf-token'] = opts.as.csrf;
  }
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON */
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const x of [v ?? []].flat()) h.append(k, String(x));
        resolve({ status: res.statusCode ?? 0, headers: h, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A JSON body for `raw`. */
export const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
