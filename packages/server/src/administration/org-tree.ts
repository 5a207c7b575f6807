/**
 * The region's organisation tree run by the bureau: rename, recode, move a 预算单位 to another
 * 主管部门, deactivate and reactivate — each recorded in org_events with the organisation before
 * and after — and the whole tree imported from a list with a preview and a result per row.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { evaluationReports, orgEvents, orgs, targetTables, users } from '../db/schema.ts';
import type { Actor } from '../auth/session.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';
import { createOrg, type OrgRow } from '../orgs/service.ts';
import { rowError, type ColumnSpec, type ListRow, type RowResult } from './list-import.ts';

export type OrgEventAction = (typeof orgEvents.$inferSelect)['action'];

const snapshot = (o: OrgRow) => ({ kind: o.kind, code: o.code, name: o.name, parentId: o.parentId, active: o.active });

export async function recordOrgEvent(tx: Db | Tx, actor: Actor, org: OrgRow, action: OrgEventAction, before: OrgRow | null, batchId?: string) {
  await tx.insert(orgEvents).values({
    regionCode: org.regionCode,
    id: randomUUID(),
    orgId: org.id,
    action,
    before: before ? snapshot(before) : null,
    after: snapshot(org),
    batchId: batchId ?? null,
    actorId: actor.id,
    createdAt: new Date(),
  });
}

async function orgById(tx: Db | Tx, regionCode: string, id: string): Promise<OrgRow> {
  const [o] = await tx.select().from(orgs).where(and(eq(orgs.regionCode, regionCode), eq(orgs.id, id))).for('update');
  if (!o) throw notFound({ zh: '单位', en: 'organisation' });
  return o;
}

/** A unit's tables and reports follow it to its new 主管部门 (who approved what stays in workflow_events). */
async function moveUnit(tx: Db | Tx, unit: OrgRow, deptId: string): Promise<number> {
  const moved = await tx
    .update(targetTables)
    .set({ deptId })
    .where(and(eq(targetTables.regionCode, unit.regionCode), eq(targetTables.orgId, unit.id)))
    .returning({ id: targetTables.id });
  await tx.update(evaluationReports).set({ deptId }).where(and(eq(evaluationReports.regionCode, unit.regionCode), eq(evaluationReports.orgId, unit.id)));
  return moved.length;
}

export interface OrgChange {
  name?: string | undefined;
  code?: string | undefined;
  parentId?: string | undefined;
}

/** Applies a rename, recode and/or move; one event per kind of change. */
export async function changeOrg(tx: Db | Tx, actor: Actor, id: string, change: OrgChange, batchId?: string): Promise<{ org: OrgRow; actions: OrgEventAction[]; tablesMoved: number }> {
  let cur = await orgById(tx, actor.regionCode, id);
  const actions: OrgEventAction[] = [];
  let tablesMoved = 0;
  const apply = async (patch: Partial<OrgRow>, action: OrgEventAction) => {
    const before = cur;
    try {
      const [next] = await tx.update(orgs).set(patch).where(and(eq(orgs.regionCode, cur.regionCode), eq(orgs.id, cur.id))).returning();
      cur = next!;
    } catch (err) {
      if (isUnique(err)) throw conflict('org_exists', { zh: `编码 ${patch.code} 已被使用`, en: `Code ${patch.code} is already used` });
      throw err;
    }
    await recordOrgEvent(tx, actor, cur, action, before, batchId);
    actions.push(action);
  };
  if (change.name !== undefined && change.name !== cur.name) await apply({ name: change.name }, 'rename');
  if (change.code !== undefined && change.code !== cur.code) {
    if (cur.kind === 'finance') throw badRequest('finance_fixed', { zh: '财政局的编码不能修改', en: 'The finance bureau’s code cannot change' });
    await apply({ code: change.code }, 'recode');
  }
  if (change.parentId !== undefined && change.parentId !== cur.parentId) {
    if (cur.kind !== 'unit') throw badRequest('only_units_move', { zh: '只有预算单位可以调整所属主管部门', en: 'Only a budget unit can move to another department' });
    const [parent] = await tx.select().from(orgs).where(and(eq(orgs.regionCode, cur.regionCode), eq(orgs.id, change.parentId)));
    if (!parent || parent.kind !== 'dept') throw badRequest('bad_parent', { zh: '上级单位须是本地区的主管部门', en: 'The parent must be a department of this region' });
    if (!parent.active) throw badRequest('parent_inactive', { zh: `主管部门“${parent.name}”已停用`, en: `Department "${parent.name}" is deactivated` });
    await apply({ parentId: parent.id }, 'move');
    tablesMoved = await moveUnit(tx, cur, parent.id);
  }
  return { org: cur, actions, tablesMoved };
}

/**
 * Deactivates an organisation. Refused while it still has active accounts or (a department)
 * active units: those are listed, so the bureau knows what to move or deactivate first.
 */
export async function setOrgActive(tx: Db | Tx, actor: Actor, id: string, active: boolean, batchId?: string): Promise<OrgRow> {
  const cur = await orgById(tx, actor.regionCode, id);
  if (cur.active === active) return cur;
  if (!active) {
    if (cur.kind === 'finance') throw badRequest('finance_fixed', { zh: '财政局不能停用', en: 'The finance bureau cannot be deactivated' });
    const accounts = await tx.select({ login: users.login }).from(users).where(and(eq(users.regionCode, cur.regionCode), eq(users.orgId, cur.id), eq(users.disabled, false)));
    const units = cur.kind === 'dept' ? await tx.select({ code: orgs.code, name: orgs.name }).from(orgs).where(and(eq(orgs.regionCode, cur.regionCode), eq(orgs.parentId, cur.id), eq(orgs.active, true))) : [];
    if (accounts.length || units.length) {
      throw conflict('org_in_use', {
        zh: `“${cur.name}”还有${accounts.length ? ` ${accounts.length} 个启用的账号` : ''}${units.length ? ` ${units.length} 个在用的预算单位` : ''}，请先停用或调整`,
        en: `"${cur.name}" still has${accounts.length ? ` ${accounts.length} active accounts` : ''}${units.length ? ` ${units.length} active units` : ''}; deactivate or move them first`,
      }, { accounts: accounts.map((a) => a.login), units });
    }
  } else if (cur.parentId) {
    const [p] = await tx.select().from(orgs).where(and(eq(orgs.regionCode, cur.regionCode), eq(orgs.id, cur.parentId)));
    if (p && !p.active) throw badRequest('parent_inactive', { zh: `请先启用主管部门“${p.name}”`, en: `Reactivate department "${p.name}" first` });
  }
  const [next] = await tx.update(orgs).set({ active }).where(and(eq(orgs.regionCode, cur.regionCode), eq(orgs.id, cur.id))).returning();
  await recordOrgEvent(tx, actor, next!, active ? 'reactivate' : 'deactivate', cur, batchId);
  return next!;
}

export async function orgHistory(db: Db, regionCode: string, orgId?: string, limit = 200) {
  const where = orgId ? and(eq(orgEvents.regionCode, regionCode), eq(orgEvents.orgId, orgId)) : eq(orgEvents.regionCode, regionCode);
  return db
    .select({ e: orgEvents, actorLogin: users.login, orgName: orgs.name, orgCode: orgs.code })
    .from(orgEvents)
    .leftJoin(users, and(eq(users.regionCode, orgEvents.regionCode), eq(users.id, orgEvents.actorId)))
    .leftJoin(orgs, and(eq(orgs.regionCode, orgEvents.regionCode), eq(orgs.id, orgEvents.orgId)))
    .where(where)
    .orderBy(desc(orgEvents.createdAt), asc(orgEvents.id))
    .limit(limit);
}

function isUnique(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

// ——— Import of the whole tree ———

export const ORG_COLUMNS: ColumnSpec<'code' | 'name' | 'kind' | 'parent' | 'active'> = {
  code: { labels: ['单位编码', '编码', '代码', '单位代码', '部门编码', 'code'], required: true, zh: '编码' },
  name: { labels: ['单位名称', '名称', '部门名称', 'name'], required: true, zh: '名称' },
  kind: { labels: ['单位类型', '类型', '单位级次', '级次', 'kind', 'type'], zh: '类型' },
  parent: { labels: ['上级编码', '主管部门编码', '上级单位编码', '所属主管部门', '主管部门', '上级单位', 'parent'], zh: '上级编码' },
  active: { labels: ['状态', '是否启用', 'active', 'status'], zh: '状态' },
};

const DEPT_WORDS = /^(主管部门|部门|一级预算单位|一级|dept|department)$/i;
const UNIT_WORDS = /^(预算单位|单位|基层单位|二级预算单位|二级|unit)$/i;
const OFF_WORDS = /^(停用|否|无效|撤销|inactive|disabled|no|0)$/i;

export interface OrgImportResult extends RowResult {
  [k: string]: unknown;
  code: string;
  name: string;
  kind?: 'dept' | 'unit' | undefined;
  parentCode?: string | null | undefined;
}

type Planned = { r: OrgImportResult; kind: 'dept' | 'unit'; name: string; parentCode: string | null; active: boolean; existing: OrgRow | undefined };

/**
 * Plans (dryRun) or applies an import. Rows are matched to existing organisations by code: a new
 * code is created, a known one renamed / moved / (re)activated as the row says. Departments are
 * applied before units, so a unit may name a department created by the same file. An
 * organisation not in the file is left alone (and listed in `notInFile`).
 */
export async function importOrgTree(db: Db, actor: Actor, rows: Array<ListRow<keyof typeof ORG_COLUMNS>>, dryRun: boolean) {
  const existing = await db.select().from(orgs).where(eq(orgs.regionCode, actor.regionCode));
  const byCode = new Map(existing.map((o) => [o.code, o]));
  const fileCodes = new Map<string, number>();
  const results: OrgImportResult[] = [];
  const planned: Planned[] = [];
  const fileKinds = new Map<string, 'dept' | 'unit'>();
  // First pass: what each row is.
  const pre = rows.map((row) => {
    const code = (row.cells.code ?? '').replace(/\s/g, '');
    const name = (row.cells.name ?? '').trim();
    const kindText = (row.cells.kind ?? '').trim();
    const parentRaw = (row.cells.parent ?? '').trim();
    const parentCode = parentRaw ? (/^([0-9A-Za-z_-]+)/.exec(parentRaw)?.[1] ?? parentRaw) : '';
    let kind: 'dept' | 'unit' | undefined = DEPT_WORDS.test(kindText) ? 'dept' : UNIT_WORDS.test(kindText) ? 'unit' : undefined;
    if (!kindText) kind = parentCode ? 'unit' : undefined;
    return { row, code, name, kindText, parentCode, kind, active: !OFF_WORDS.test((row.cells.active ?? '').trim()) };
  });
  for (const p of pre) if (p.code && p.kind) fileKinds.set(p.code, p.kind);
  const isDeptCode = (c: string) => fileKinds.get(c) === 'dept' || byCode.get(c)?.kind === 'dept';
  // Rows with neither type nor parent, shortest code first: a department unless a department's
  // code (in the file or the system) starts it — so a file may list 301 and 301001 without types.
  for (const p of [...pre].filter((x) => x.code && !x.kind && !x.kindText).sort((a, b) => a.code.length - b.code.length)) {
    const known = byCode.get(p.code)?.kind;
    const prefix = [...new Set([...fileKinds.keys(), ...byCode.keys()])].some((c) => c !== p.code && p.code.startsWith(c) && isDeptCode(c));
    fileKinds.set(p.code, known === 'dept' || known === 'unit' ? known : prefix ? 'unit' : 'dept');
  }
  for (const p of pre) {
    const { row, code, name } = p;
    const fail = (c: string, zh: string, en: string) => results.push({ ...rowError(row.row, code, c, zh, en), code, name });
    if (!code) { fail('code_required', '缺少单位编码', 'the code is missing'); continue; }
    if (!/^[0-9A-Za-z_-]{1,30}$/.test(code)) { fail('bad_code', `编码“${code}”只能由字母、数字、-、_ 组成（不超过 30 位）`, `code "${code}" may hold only letters, digits, - and _ (30 at most)`); continue; }
    if (!name) { fail('name_required', '缺少单位名称', 'the name is missing'); continue; }
    if (fileCodes.has(code)) { fail('duplicate_code', `编码 ${code} 与第 ${fileCodes.get(code)} 行重复`, `code ${code} repeats row ${fileCodes.get(code)}`); continue; }
    fileCodes.set(code, row.row);
    if (p.kindText && !p.kind) { fail('bad_kind', `类型“${p.kindText}”应为 主管部门 或 预算单位`, `kind "${p.kindText}" must be 主管部门 (department) or 预算单位 (unit)`); continue; }
    let kind = p.kind;
    let parentCode: string | null = p.parentCode || null;
    // No type and no parent: a code that extends a department's code (144001 under 144) is its unit.
    if (!kind) {
      const prefix = [...new Set([...fileKinds.keys(), ...byCode.keys()])].filter((c) => c !== code && code.startsWith(c) && isDeptCode(c)).sort((a, b) => b.length - a.length)[0];
      if (prefix) { kind = 'unit'; parentCode = prefix; } else kind = 'dept';
    }
    const ex = byCode.get(code);
    if (ex && ex.kind === 'finance') { fail('finance_fixed', '这是财政局的编码', 'this is the finance bureau’s code'); continue; }
    if (ex && ex.kind !== kind) { fail('kind_change', `${code} 已是${ex.kind === 'dept' ? '主管部门' : '预算单位'}，导入不能改变单位类型`, `${code} is already a ${ex.kind === 'dept' ? 'department' : 'unit'}; an import cannot change its kind`); continue; }
    if (kind === 'unit') {
      if (!parentCode) { fail('parent_required', '预算单位须给出主管部门编码（上级编码）', 'a unit needs its department code (parent)'); continue; }
      if (!isDeptCode(parentCode)) { fail('bad_parent', `上级编码 ${parentCode} 不是主管部门（本文件和系统中都没有）`, `parent ${parentCode} is not a department (neither in the file nor in the system)`); continue; }
    } else parentCode = null;
    planned.push({ r: { row: row.row, key: code, code, name, kind, parentCode, action: 'none', success: true }, kind, name, parentCode, active: p.active, existing: ex });
  }
  const batchId = randomUUID();
  const apply = async (tx: Tx | null) => {
    const idOf = new Map(existing.map((o) => [o.code, o.id]));
    for (const kind of ['dept', 'unit'] as const) {
      for (const p of planned.filter((x) => x.kind === kind)) {
        const parentId = p.parentCode ? idOf.get(p.parentCode) ?? `new:${p.parentCode}` : null;
        const acts: string[] = [];
        if (!p.existing) acts.push('create');
        else {
          if (p.existing.name !== p.name) acts.push('rename');
          if (kind === 'unit' && p.existing.parentId !== parentId) acts.push('move');
          if (p.existing.active !== p.active) acts.push(p.active ? 'reactivate' : 'deactivate');
        }
        p.r.action = acts.length ? acts.join('+') : 'unchanged';
        if (!tx || !acts.length) continue;
        // Each row in a savepoint: a row the database refuses fails alone, the others go in.
        try {
          await tx.transaction(async (sp) => {
            if (!p.existing) {
              const o = await createOrg(sp, { regionCode: actor.regionCode, kind, code: p.r.code, name: p.name, parentId });
              idOf.set(o.code, o.id);
              await recordOrgEvent(sp, actor, o, 'create', null, batchId);
              if (!p.active) await setOrgActive(sp, actor, o.id, false, batchId);
              return;
            }
            if (p.active && !p.existing.active) await setOrgActive(sp, actor, p.existing.id, true, batchId);
            await changeOrg(sp, actor, p.existing.id, { name: p.name, ...(kind === 'unit' && parentId ? { parentId } : {}) }, batchId);
            if (!p.active && p.existing.active) await setOrgActive(sp, actor, p.existing.id, false, batchId);
          });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          p.r.success = false;
          p.r.error = { code: err.code, message: { zh: `第 ${p.r.row} 行：${err.bilingual.zh}`, en: `Row ${p.r.row}: ${err.bilingual.en}` } };
        }
      }
    }
  };
  if (dryRun) await apply(null);
  else await db.transaction(async (tx) => apply(tx));
  for (const p of planned) results.push(p.r);
  results.sort((a, b) => a.row - b.row);
  const notInFile = existing.filter((o) => o.kind !== 'finance' && o.active && !fileCodes.has(o.code)).map((o) => ({ code: o.code, name: o.name }));
  const count = (a: string) => results.filter((r) => r.success && r.action.includes(a)).length;
  return {
    dryRun,
    batchId: dryRun ? null : batchId,
    summary: { rows: results.length, created: count('create'), renamed: count('rename'), moved: count('move'), deactivated: count('deactivate'), reactivated: count('reactivate'), unchanged: count('unchanged'), failed: results.filter((r) => !r.success).length },
    results,
    notInFile,
  };
}
