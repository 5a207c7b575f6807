/**
 * A password for a command, never on the command line (where `ps` and the shell history would
 * keep it): the named environment variable, else a prompt on the terminal that echoes nothing,
 * else the first line of standard input (for scripts: `printf '%s\n' "$PW" | jixiao init …`).
 */
import { readSettings } from '@jixiao/server/settings';
import { UsageError } from './args.ts';

export async function readPassword(envName: 'JIXIAO_PASSWORD' | 'JIXIAO_ADMIN_PASSWORD', prompt: string): Promise<string> {
  const fromEnv = readSettings()[envName];
  if (fromEnv) return fromEnv;
  const stdin = process.stdin;
  if (stdin.isTTY) return promptHidden(prompt);
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(c as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new UsageError(`请在环境变量 ${envName} 或标准输入中给出密码`, `give the password in ${envName} or on standard input`);
  return line;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('已取消', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}
