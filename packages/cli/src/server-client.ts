/**
 * A cookie-keeping client of a running server's API — the same calls the web app makes, so a
 * command run against the server (`--server URL --user LOGIN`) goes through the same policies,
 * CSRF check and audit log as the web, and never touches the server's data folder.
 */
import { UsageError } from './args.ts';

export interface ServerReply {
  ok: boolean;
  status: number;
  body: Record<string, unknown> & { error?: { code?: string; message?: { zh: string; en: string } } };
}

export class ServerClient {
  private readonly cookies = new Map<string, string>();
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  /** One request; a FormData body goes as multipart. Throws a UsageError only when the server cannot be reached. */
  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (this.cookies.has('jixiao_csrf')) headers['x-csrf-token'] = this.cookies.get('jixiao_csrf')!;
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    } catch (e) {
      throw new UsageError(`无法连接 ${this.base}：${(e as Error).message}`, `cannot reach ${this.base}: ${(e as Error).message}`);
    }
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
    }
    return res;
  }

  /** The request's JSON answer with its status. */
  async send(method: string, path: string, body?: unknown): Promise<ServerReply> {
    const res = await this.call(method, path, body);
    const parsed = (await res.json().catch(() => ({}))) as ServerReply['body'];
    return { ok: res.ok, status: res.status, body: parsed };
  }

  /** Signs in (CSRF cookie first, as the login page does); a refusal becomes a UsageError with the server's words. */
  async signIn(login: string, password: string): Promise<void> {
    await this.call('GET', '/api/auth/csrf');
    const r = await this.send('POST', '/api/auth/login', { login, password });
    if (!r.ok) throw replyError(r);
    const user = r.body.user as { mustChangePassword?: boolean } | undefined;
    if (user?.mustChangePassword) {
      throw new UsageError(`账号 ${login} 须先在网页上修改临时密码`, `account ${login} must first change its temporary password in the web app`);
    }
  }

  async signOut(): Promise<void> {
    await this.call('POST', '/api/auth/logout', {}).catch(() => undefined);
  }
}

/** The server's bilingual refusal as a UsageError (exit code 2, one sentence). */
export function replyError(r: ServerReply): UsageError {
  const m = r.body.error?.message ?? { zh: `服务器答复 ${r.status}`, en: `the server answered ${r.status}` };
  return new UsageError(m.zh, m.en);
}
