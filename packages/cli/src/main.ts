/**
 * `jixiao <command>`: each command lives in its own module under commands/, loaded on demand so
 * that `jixiao check` does not pay for the server's start-up.
 */
import { readSettings } from '@jixiao/server/settings';

type CommandModule = { run(args: string[]): Promise<number> };

const COMMANDS: Record<string, { load: () => Promise<CommandModule>; summary: string }> = {
  check: { load: () => import('./commands/check.ts'), summary: '检查目标表 / check target tables: jixiao check FILE... [--json] [--rules NAME]' },
  rules: { load: () => import('./commands/rules.ts'), summary: '列出规则 / list the rules of a rule set: jixiao rules [--rules NAME] [--markdown]' },
  import: { load: () => import('./commands/import.ts'), summary: '导入目标表 / import tables from files and folders: jixiao import PATH... [--json]' },
  export: { load: () => import('./commands/export.ts'), summary: '导出正式表格 / official documents: jixiao export FILE... --format xlsx|docx|pdf|… [--out DIR|--one FILE], or --server URL --user LOGIN --year Y' },
  init: { load: () => import('./commands/init.ts'), summary: '首次初始化 / first run: jixiao init --region 440881 --name 廉江市 --level county --admin-login LOGIN [--data DIR | --server URL]' },
  serve: { load: () => import('./commands/serve.ts'), summary: '启动服务 / start the server: jixiao serve [--demo] [--port N] [--data DIR] (DATABASE_URL → PostgreSQL)' },
  generate: { load: () => import('./commands/generate.ts'), summary: '生成模拟省份 / synthetic province: jixiao generate --counties N [--seed S] [--out FILE] [--into postgres://…|DIR]' },
  admin: { load: () => import('./commands/admin.ts'), summary: '批量导入单位、账号、项目库 / batch imports: jixiao admin import-orgs|import-users|import-projects FILE (--server URL --user LOGIN | --as LOGIN) [--year Y] [--apply]' },
  backup: { load: () => import('./commands/backup.ts'), summary: '备份 / logical backup: jixiao backup FILE [--data DIR]' },
  restore: { load: () => import('./commands/restore.ts'), summary: '恢复 / restore a backup: jixiao restore FILE [--data DIR] [--force]' },
  audit: { load: () => import('./commands/audit.ts'), summary: '审计 / verify the audit hash chain: jixiao audit verify [--data DIR] [--region CODE] [--json]' },
};

/** JIXIAO_DEBUG=1: stack traces (read leniently here: a bad setting is itself being reported). */
function debugging(): boolean {
  try {
    return readSettings().JIXIAO_DEBUG;
  } catch {
    return false;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const cmd = name ? COMMANDS[name] : undefined;
  if (!cmd) {
    const lines = Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(10)} ${c.summary}`);
    process.stderr.write(`用法 / usage: jixiao <command> [options]\n${lines.join('\n')}\n`);
    return name && name !== '--help' && name !== '-h' ? 2 : 0;
  }
  // Every command answers --help without doing anything else (`jixiao serve --help` used to start
  // a server), and without loading the command's module.
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`用法 / usage: jixiao ${name} — ${cmd.summary}\n`);
    return 0;
  }
  try {
    const mod = await cmd.load();
    return await mod.run(args);
  } catch (err) {
    // A CLI user gets a sentence, not a stack trace; JIXIAO_DEBUG=1 shows the trace.
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`错误 / error: ${msg}\n`);
    if (debugging()) console.error(err);
    return 2;
  }
}
