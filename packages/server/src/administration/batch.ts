/**
 * Batch imports from the command line (`jixiao admin import-orgs|import-users|import-projects`):
 * the same readers, checks, per-row results and audit entries as the API, run on the server's
 * database as a named administrator (the CLI has no session; `--as LOGIN` says who acts).
 */
import { and, eq } from 'drizzle-orm';
import { basename } from 'node:path';
import type { Database } from '../db/open.ts';
import { orgs, users } from '../db/schema.ts';
import { auditAs } from '../audit/audit.ts';
import type { Actor } from '../auth/session.ts';
import { canAdminister } from '../policies/administration.ts';
import { importUsers, USER_COLUMNS } from './accounts.ts';
import { readList } from './list-import.ts';
import { importOrgTree, ORG_COLUMNS } from './org-tree.ts';
import { importProjects, PROJECT_COLUMNS } from './projects.ts';

export type BatchKind = 'orgs' | 'users' | 'projects';

export class BatchError extends Error {
  constructor(readonly zh: string, readonly en: string) {
    super(`${zh} / ${en}`);
  }
}

async function administrator(database: Database, login: string): Promise<Actor> {
  const [r] = await database.db.select({ u: users, o: orgs }).from(users).innerJoin(orgs, and(eq(orgs.regionCode, users.regionCode), eq(orgs.id, users.orgId))).where(eq(users.login, login));
  const actor: Actor | undefined = r && !r.u.disabled
    ? { id: r.u.id, regionCode: r.u.regionCode, login: r.u.login, displayName: r.u.displayName, role: r.u.role, orgId: r.o.id, orgKind: r.o.kind, orgCode: r.o.code, orgName: r.o.name, sessionId: 'cli', csrfToken: 'cli' }
    : undefined;
  if (!actor || !canAdminister(actor, actor.regionCode)) throw new BatchError(`“${login}”不是启用的管理员账号`, `"${login}" is not an active administrator account`);
  return actor;
}

export async function runBatchImport(database: Database, input: { kind: BatchKind; fileName: string; bytes: Uint8Array; as: string; year?: number | undefined; apply: boolean }) {
  const actor = await administrator(database, input.as);
  const db = database.db;
  const dryRun = !input.apply;
  const name = basename(input.fileName);
  if (input.kind === 'orgs') {
    const r = await importOrgTree(db, actor, (await readList(input.bytes, name, ORG_COLUMNS)).rows, dryRun);
    if (!dryRun) await auditAs(db, actor, 'org.import', { type: 'org', id: r.batchId ?? '' }, { file: name, via: 'cli', ...r.summary }, null);
    return r;
  }
  if (input.kind === 'users') {
    const r = await importUsers(db, actor.regionCode, (await readList(input.bytes, name, USER_COLUMNS)).rows, dryRun);
    if (!dryRun) await auditAs(db, actor, 'user.import', { type: 'user', id: '' }, { file: name, via: 'cli', ...r.summary }, null);
    return r;
  }
  if (!input.year) throw new BatchError('导入项目须给出 --year', 'importing projects needs --year');
  const r = await importProjects(db, actor, input.year, (await readList(input.bytes, name, PROJECT_COLUMNS)).rows, dryRun);
  if (!dryRun) await auditAs(db, actor, 'project.import', { type: 'project', id: String(input.year) }, { file: name, via: 'cli', ...r.summary }, null);
  return r;
}
