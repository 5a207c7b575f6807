/**
 * The 遂溪县 demo, created on an empty database: 遂溪县财政局, 科工贸和信息化局 (144) and its unit
 * 144001, one account per role, and the seed's three tables imported, corrected by the filers
 * and submitted.
 */
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { hasErrors } from '@jixiao/core';
import type { Database } from '../db/open.ts';
import { orgs, regions, users } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, Role } from '../auth/session.ts';
import { createOrg, createRegion, createUser, type OrgRow, type UserRow } from '../orgs/service.ts';
import { ROLE_LABELS } from '../policies/tables.ts';
import type { StoredDocument } from '../tables/document.ts';
import { importFile } from '../tables/import.ts';
import { computeFindings, currentRevision, saveTable, transition, type Context } from '../tables/service.ts';
import { correctForDemo } from './corrections.ts';
import { DEFAULT_RULE_SET } from '@jixiao/core';
import { upsertStage, upsertYear } from '../administration/calendar.ts';
import { upsertType } from '../administration/projects.ts';
import { addEvaluationDemo } from './evaluation-demo.ts';
import { readSettings } from '../config/settings.ts';

export const DEMO_REGION = { code: '440823', name: '遂溪县' };
export const DEMO_PASSWORD_DEFAULT = 'jixiao-demo-2026';
export const SEED_FILE = new URL('./suixi-2026-seed.txt', import.meta.url);

export const DEMO_USERS: Array<{ login: string; role: Role; org: 'finance' | '144' | '144001'; name: string }> = [
  { login: 'admin', role: 'admin', org: 'finance', name: '系统管理员' },
  { login: 'caizheng', role: 'finance_reviewer', org: 'finance', name: '财政局审核人' },
  { login: 'kegongmao', role: 'dept_reviewer', org: '144', name: '科工贸局审核人' },
  { login: 'bumen', role: 'filer', org: '144', name: '科工贸局填报人' },
  { login: 'danwei', role: 'filer', org: '144001', name: '144001 单位填报人' },
];

export function actorFor(user: UserRow, org: OrgRow): Actor {
  return {
    id: user.id,
    regionCode: user.regionCode,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    orgId: org.id,
    orgKind: org.kind,
    orgCode: org.code,
    orgName: org.name,
    sessionId: 'demo',
    csrfToken: 'demo',
  };
}

export interface DemoResult {
  created: boolean;
  password?: string;
  tables: Array<{ id: string; name: string; status: string; errors: number }>;
  lines: string[];
}

/** Creates the demo if the database has no region yet; otherwise only describes the logins. */
export async function ensureDemo(database: Database, opts: { password?: string; ruleSet?: string } = {}): Promise<DemoResult> {
  const db = database.db;
  const password = opts.password ?? readSettings().JIXIAO_DEMO_PASSWORD ?? DEMO_PASSWORD_DEFAULT;
  const existing = await db.select().from(regions).limit(1);
  if (existing.length > 0) {
    const demoUsers = await db.select().from(users).where(eq(users.regionCode, DEMO_REGION.code));
    const lines = demoUsers.length
      ? ['演示账号 / demo logins (密码见首次启动时的输出 / password as printed at first start):', ...demoUsers.map((u) => `  ${u.login.padEnd(10)} ${ROLE_LABELS[u.role].zh} / ${ROLE_LABELS[u.role].en}`)]
      : [];
    return { created: false, tables: [], lines };
  }
  await createRegion(db, DEMO_REGION.code, DEMO_REGION.name);
  const finance = await createOrg(db, { regionCode: DEMO_REGION.code, kind: 'finance', code: 'CZJ', name: '遂溪县财政局' });
  const dept = await createOrg(db, { regionCode: DEMO_REGION.code, kind: 'dept', code: '144', name: '遂溪县科工贸和信息化局' });
  const unit = await createOrg(db, { regionCode: DEMO_REGION.code, kind: 'unit', code: '144001', name: '遂溪县科工贸和信息化局', parentId: dept.id });
  const orgOf = { finance, '144': dept, '144001': unit } as const;
  const actors = new Map<string, Actor>();
  for (const u of DEMO_USERS) {
    const row = await createUser(db, { regionCode: DEMO_REGION.code, login: u.login, displayName: u.name, password, orgId: orgOf[u.org].id, role: u.role });
    actors.set(u.login, actorFor(row, orgOf[u.org]));
  }
  const admin = actors.get('admin')!;
  await appendAudit(db, { regionCode: DEMO_REGION.code, action: 'demo.create', actorId: admin.id, actorLogin: admin.login, details: { orgs: 3, users: DEMO_USERS.length } });

  // The 2026 calendar: 一上 open since a month (its deadline in two weeks), 二上 open now for a month.
  const day = 24 * 3600_000;
  const now = Date.now();
  await upsertYear(db, DEMO_REGION.code, 2026, opts.ruleSet ?? DEFAULT_RULE_SET, admin.id);
  await upsertStage(db, DEMO_REGION.code, 2026, 'first', { opensAt: new Date(now - 30 * day), deadline: new Date(now + 14 * day) }, admin.id);
  await upsertStage(db, DEMO_REGION.code, 2026, 'second', { opensAt: new Date(now - day), deadline: new Date(now + 30 * day) }, admin.id);
  await upsertType(db, DEMO_REGION.code, '331', '部门预算部门职能类');

  const ctx: Context = { db, ...(opts.ruleSet ? { ruleSet: opts.ruleSet } : {}) };
  // The department's filer files all three (a 主管部门 may 代编 for its unit).
  const deptFiler = actors.get('bumen')!;
  const bytes = readFileSync(SEED_FILE);
  const imported = await importFile(ctx, deptFiler, bytes, 'suixi-2026-seed.txt', { stage: 'first', year: 2026 });
  const result: DemoResult = { created: true, password, tables: [], lines: [] };
  for (const row of imported.created) {
    const rev = await currentRevision(db, row);
    const doc = rev.document as StoredDocument;
    let version = row.version;
    let findings = computeFindings(doc, ctx.ruleSet);
    if (findings.some((f) => f.fix || f.severity === 'error')) {
      const fixed = correctUntilClean(doc, ctx.ruleSet);
      const saved = await saveTable(ctx, deptFiler, row.id, version, fixed.document as never);
      version = saved.row.version;
      findings = saved.findings;
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    let status: string = 'draft';
    if (errors === 0) {
      // The unit's own filer submits the unit's tables; the department filer the department's.
      const owner = row.orgId === unit.id ? actors.get('danwei')! : deptFiler;
      status = (await transition(ctx, owner, row.id, 'submit', { version })).row.status;
    }
    result.tables.push({ id: row.id, name: row.name || row.title, status, errors });
  }
  const evaluationLines = await addEvaluationDemo(db, ctx.ruleSet, actors, unit.id, imported.created);
  const [check] = await db.select().from(orgs).where(and(eq(orgs.regionCode, DEMO_REGION.code), eq(orgs.code, '144')));
  result.lines = [
    `已创建遂溪县演示数据 / created the 遂溪县 demo (${DEMO_REGION.code}): 遂溪县财政局, ${check?.name ?? ''} (144), 单位 144001`,
    `演示账号（密码均为 ${password}）/ demo logins (password ${password}):`,
    ...DEMO_USERS.map((u) => `  ${u.login.padEnd(10)} ${ROLE_LABELS[u.role].zh} / ${ROLE_LABELS[u.role].en} — ${orgOf[u.org].name} (${orgOf[u.org].code})`),
    '导入的目标表 / imported tables:',
    ...result.tables.map((t) => `  ${t.status === 'submitted' ? '已提交 submitted' : `草稿 draft（${t.errors} 个错误 / errors）`}  ${t.name}`),
    ...evaluationLines,
  ];
  return result;
}

/** Applies the demo corrections until the table has no errors (at most three rounds). */
export function correctUntilClean(doc: StoredDocument, ruleSet?: string): { document: StoredDocument; findings: ReturnType<typeof computeFindings> } {
  let fixed = doc;
  let findings = computeFindings(fixed, ruleSet);
  for (let round = 0; round < 3 && (hasErrors(findings) || findings.some((f) => f.fix)); round++) {
    fixed = correctForDemo(fixed, findings);
    findings = computeFindings(fixed, ruleSet);
  }
  return { document: fixed, findings };
}
