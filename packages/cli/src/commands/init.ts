/**
 * `jixiao init --region CODE --name NAME --level county|city|province --admin-login LOGIN
 *  [--admin-name NAME] [--finance-name NAME] [--finance-code CODE] [--data DIR | --server URL]`:
 * the first run for scripted installs — the same as the web's setup page (POST /api/setup):
 * the region, its 财政局 and the first administrator, once. The password comes from
 * JIXIAO_ADMIN_PASSWORD, a prompt that echoes nothing, or the first line of standard input; it
 * is never an argument. With --server it asks a running server; otherwise it opens the database
 * (the PGlite folder, or DATABASE_URL). A second run is refused (exit 2): the system is set up.
 */
import { parseArgs, UsageError } from '../args.ts';
import { readPassword } from '../password-input.ts';
import { databasePlace } from '../database-place.ts';
import { replyError, ServerClient } from '../server-client.ts';

const USAGE = {
  zh: '用法：jixiao init --region 440881 --name 廉江市 --level county --admin-login 登录名 [--admin-name 姓名] [--finance-name 廉江市财政局] [--finance-code CZJ] [--data 目录 | --server URL]\n（密码：环境变量 JIXIAO_ADMIN_PASSWORD、提示输入或标准输入第一行）',
  en: 'usage: jixiao init --region 440881 --name 廉江市 --level county --admin-login LOGIN [--admin-name NAME] [--finance-name NAME] [--finance-code CODE] [--data DIR | --server URL]\n(password: JIXIAO_ADMIN_PASSWORD, a prompt, or the first line of stdin)',
};
const LEVELS = ['province', 'city', 'county'] as const;

export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, ['region', 'name', 'level', 'admin-login', 'admin-name', 'finance-name', 'finance-code', 'data', 'server']);
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  const code = str('region');
  const name = str('name');
  const level = str('level') ?? 'county';
  const login = str('admin-login');
  if (!code || !name || !login) throw new UsageError(USAGE.zh, USAGE.en);
  if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError('--level 应为 county（县级）、city（地级市）或 province（省）', '--level must be county, city or province');
  const password = await readPassword('JIXIAO_ADMIN_PASSWORD', `管理员 ${login} 的密码 / password for the administrator ${login}: `);
  const body = {
    region: { code, name, level: level as (typeof LEVELS)[number] },
    finance: { name: str('finance-name'), code: str('finance-code') },
    admin: { login, displayName: str('admin-name'), password },
  };
  const server = str('server');
  let done: { region: { code: string; name: string }; finance: { code: string; name: string }; admin: { login: string } };
  if (server) {
    const client = new ServerClient(server);
    await client.call('GET', '/api/auth/csrf');
    const r = await client.send('POST', '/api/setup', body);
    if (!r.ok) throw replyError(r);
    done = r.body as unknown as typeof done;
  } else {
    const { openDatabase, setUpRegion } = await import('@jixiao/server');
    const database = await openDatabase(databasePlace(str('data')));
    try {
      done = await setUpRegion(database.db, { ...body, via: 'cli' });
    } catch (err) {
      const e = err as { bilingual?: { zh: string; en: string } };
      if (e.bilingual) throw new UsageError(e.bilingual.zh, e.bilingual.en);
      throw err;
    } finally {
      await database.close();
    }
  }
  process.stdout.write(
    `已初始化 / set up: ${done.region.name} (${done.region.code})，${done.finance.name} (${done.finance.code})，管理员 / administrator: ${done.admin.login}\n` +
      '下一步：jixiao serve，用管理员账号登录，在“系统管理”中导入单位、人员、预算日历和项目库（docs/administration.md）\n' +
      'Next: jixiao serve, sign in as the administrator and set up organisations, people, the calendar and the project library under 系统管理 (docs/administration.md)\n',
  );
  return 0;
}
