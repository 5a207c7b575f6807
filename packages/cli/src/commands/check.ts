/**
 * `jixiao check FILE... [--json] [--rules auto|NAME|FILE.json] [--lang zh|en|both]`
 * Reads every table in the files, runs every rule, and prints every finding with where it is and
 * how to fix it. Exit 0: no errors; 1: some table has an error; 2: an input could not be read.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  checkTable,
  countBySeverity,
  describeCellRef,
  formatWan,
  exchangeKind,
  type Finding,
  AUTO_RULE_SET,
  judgingRuleSetName,
  type RecogniseResult,
  type TargetTable,
} from '@jixiao/core';
import { isFileReadError, readTableFile } from '@jixiao/files';
import { formPlaceAndYear } from '../form-description.ts';
import { parseArgs, UsageError } from '../args.ts';
import { loadRuleSetOption, type RuleSetOption } from '../rule-set-option.ts';

/** The JSON shape printed by --json (documented in docs/check-json.md). */
export interface CheckReport {
  /** `auto`, or the rule set named with --rules. */
  ruleSet: string;
  files: Array<{ file: string; tables: number; error?: { zh: string; en: string }; findings: Finding[] }>;
  tables: Array<{
    file: string;
    kind: TargetTable['kind'];
    title: string;
    /** The rule set that judged this table (under auto: its own form's). */
    ruleSet: string;
    fields: Omit<TargetTable, 'indicators' | 'kind' | 'title'>;
    indicators: TargetTable['indicators'];
    findings: Finding[];
  }>;
  summary: { tables: number; errors: number; warnings: number; infos: number; unreadable: number };
}

class ReadError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** Reads one file into tables, by format: our own JSON, or anything readTableFile reads (as `jixiao import` does). */
export async function readTables(path: string): Promise<RecogniseResult> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ReadError(`找不到文件 ${path}`, `file not found: ${path}`);
  }
  if (info.isDirectory()) throw new ReadError(`${path} 是文件夹，请指定文件`, `${path} is a folder; name a file`);
  const bytes = await readFile(path);
  const name = basename(path);
  // Our table JSON ({ tables: [TargetTable…] }); an exchange-format JSON goes to readTableFile with the rest.
  if (/\.json$/i.test(name) && exchangeKind(new TextDecoder().decode(bytes.subarray(0, 4096))) === null) return readJsonTables(bytes, name);
  try {
    // What `jixiao import` and POST /api/import read: the exchange files and our PDFs too.
    const read = await readTableFile(bytes, name);
    return { tables: read.tables, findings: read.findings };
  } catch (e) {
    // readGrids refuses bad files (too large, zip bomb, corrupt, unsupported) with a zh/en message.
    if (isFileReadError(e)) throw new ReadError(e.message.zh, e.message.en);
    throw e;
  }
}

function readJsonTables(bytes: Uint8Array, name: string): RecogniseResult {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ReadError(`${name} 不是有效的 JSON：${(e as Error).message}`, `${name} is not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(json) ? json : (json as { tables?: unknown }).tables ?? [json];
  if (!Array.isArray(list)) throw new ReadError(`${name} 中没有 tables 数组`, `${name} has no "tables" array`);
  const tables: TargetTable[] = [];
  for (const [i, t] of list.entries()) {
    const kind = (t as { kind?: unknown }).kind;
    if (kind !== 'dept-overall' && kind !== 'project' && kind !== 'self-eval') {
      throw new ReadError(`${name} 第 ${i + 1} 张表的 kind 无效`, `table ${i + 1} in ${name} has no valid "kind"`);
    }
    tables.push(t as TargetTable);
  }
  return { tables, findings: [] };
}

/** Checks files and builds the report (no printing). */
export async function checkFiles(paths: string[], ruleSet: RuleSetOption): Promise<CheckReport> {
  const report: CheckReport = { ruleSet: ruleSet === AUTO_RULE_SET ? AUTO_RULE_SET : ruleSet.name, files: [], tables: [], summary: { tables: 0, errors: 0, warnings: 0, infos: 0, unreadable: 0 } };
  for (const path of paths) {
    const file = basename(path);
    let result: RecogniseResult;
    try {
      result = await readTables(path);
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      report.files.push({ file: path, tables: 0, error: { zh: e.zh, en: e.en }, findings: [] });
      report.summary.unreadable++;
      continue;
    }
    const fileFindings = result.findings.filter((f) => f.location.table === undefined);
    report.files.push({ file: path, tables: result.tables.length, findings: fileFindings });
    result.tables.forEach((table, i) => {
      const imported = result.findings.filter((f) => f.location.table === i);
      const findings = [...imported, ...checkTable(table, { ruleSet, tableIndex: i })];
      const { indicators, kind, title, ...fields } = table;
      report.tables.push({ file, kind, title, ruleSet: judgingRuleSetName(table, ruleSet), fields, indicators, findings });
    });
  }
  for (const t of report.tables) {
    const c = countBySeverity(t.findings);
    report.summary.errors += c.error;
    report.summary.warnings += c.warning;
    report.summary.infos += c.info;
  }
  report.summary.tables = report.tables.length;
  return report;
}

const KIND_LABEL: Record<TargetTable['kind'], string> = {
  'dept-overall': '部门整体 / department-wide',
  project: '项目支出 / project',
  'self-eval': '绩效自评 / self-evaluation',
};
const SEVERITY_LABEL = { error: '✗ 错误 error', warning: '⚠ 警告 warning', info: 'ℹ 提示 info' } as const;

type Lang = 'zh' | 'en' | 'both';

function tableSummary(t: CheckReport['tables'][number]): string {
  const f = t.fields as Record<string, unknown> & Partial<TargetTable>;
  const w = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : formatWan(fen));
  if (t.kind === 'dept-overall') {
    const d = f as unknown as Extract<TargetTable, { kind: 'dept-overall' }>;
    const dev = d.funds.development.reduce((s, l) => s + (l.amount.fen ?? 0), 0);
    return `${d.deptName.raw} · 基本支出 ${w(d.funds.basic.fen)} · 项目支出 ${w(d.funds.project.fen)} · 事业发展性支出 ${w(dev)} · 财政拨款 ${w(d.funds.fiscal.fen)} · 其他资金 ${w(d.funds.other.fen)}（万元）`;
  }
  if (t.kind === 'project') {
    const p = f as unknown as Extract<TargetTable, { kind: 'project' }>;
    return `${p.projectName.raw} · ${p.period.start.raw || '?'}–${p.period.end.raw || '?'} · 总金额 ${w(p.totalAmount.fen)} · 当年度 ${w(p.currentAmount.fen)}（万元）`;
  }
  return '';
}

/** Which form the table was read as and the rule set that judged it. */
function formLine(t: CheckReport['tables'][number]): string {
  const form = (t.fields as { form?: TargetTable['form'] }).form;
  const parts: string[] = [];
  if (form) {
    parts.push(`表式 / form: ${formPlaceAndYear(form)}`);
  }
  parts.push(`规则集 / rule set: ${t.ruleSet}`);
  return parts.join(' · ');
}

function where(f: Finding): string {
  const parts: string[] = [];
  const l = f.location;
  if (l.row !== undefined) parts.push(`指标第${l.row}行`);
  if (l.field) parts.push(l.field);
  else parts.push(l.section);
  if (l.source) parts.push(describeCellRef(l.source).zh);
  return parts.join(' · ');
}

export function formatReport(report: CheckReport, lang: Lang = 'both'): string {
  const out: string[] = [];
  const msg = (m: { zh: string; en: string }, indent: string) => {
    if (lang === 'zh') return [`${indent}${m.zh}`];
    if (lang === 'en') return [`${indent}${m.en}`];
    return [`${indent}${m.zh}`, `${indent}${m.en}`];
  };
  out.push(`规则集 / rule set: ${report.ruleSet === AUTO_RULE_SET ? 'auto（按各表的表式：本地区本年度的规则集，没有则 national-2021 / each table by its own form: its region and year, otherwise national-2021）' : report.ruleSet}`);
  for (const file of report.files) {
    out.push('');
    if (file.error) {
      out.push(`✗ ${file.file}: 无法读取 / cannot read`);
      out.push(...msg(file.error, '    '));
      continue;
    }
    out.push(`${file.file}: ${file.tables} 张表 / tables`);
    for (const f of file.findings) {
      out.push(`  ${SEVERITY_LABEL[f.severity]}  ${f.code}  [${where(f)}]`);
      out.push(...msg(f.message, '      '));
    }
  }
  report.tables.forEach((t, i) => {
    const c = countBySeverity(t.findings);
    out.push('');
    out.push(`[${i + 1}] ${t.title || '（无标题 / untitled）'} — ${KIND_LABEL[t.kind]} (${t.file})`);
    out.push(`    ${formLine(t)}`);
    const s = tableSummary(t);
    if (s) out.push(`    ${s}`);
    out.push(`    ${t.indicators.length} 个指标 / indicators · ${c.error} 个错误 / errors · ${c.warning} 个警告 / warnings · ${c.info} 个提示 / notes`);
    const order = { error: 0, warning: 1, info: 2 } as const;
    const sorted = [...t.findings].sort((a, b) => order[a.severity] - order[b.severity]);
    for (const f of sorted) {
      out.push(`  ${SEVERITY_LABEL[f.severity]}  ${f.code}  [${where(f)}]`);
      out.push(...msg(f.message, '      '));
      if (f.fix) out.push(`      修正 / fix: “${f.fix.from}” → “${f.fix.to}”`);
      if (f.suggestion) out.push(...msg(f.suggestion, '      建议 / suggestion: '));
    }
  });
  const s = report.summary;
  out.push('');
  out.push(`合计 / total: ${s.tables} 张表 / tables, ${s.errors} 个错误 / errors, ${s.warnings} 个警告 / warnings${s.unreadable ? `, ${s.unreadable} 个文件无法读取 / unreadable files` : ''}`);
  return `${out.join('\n')}\n`;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ['rules', 'lang']);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.zh} / ${e.en}\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.positional.length === 0) {
    process.stderr.write('用法 / usage: jixiao check FILE... [--json] [--rules auto|NAME|FILE.json] [--lang zh|en|both]\n');
    return 2;
  }
  const ruleSet = await loadRuleSetOption(parsed.flags.get('rules'));
  const report = await checkFiles(parsed.positional, ruleSet);
  if (parsed.flags.has('json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const lang = parsed.flags.get('lang');
    process.stdout.write(formatReport(report, lang === 'zh' || lang === 'en' ? lang : 'both'));
  }
  if (report.summary.unreadable > 0) return 2;
  return report.summary.errors > 0 ? 1 : 0;
}
