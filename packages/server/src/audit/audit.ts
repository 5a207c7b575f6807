/**
 * The audit log: every action (login, save, submit, approve, return, publish, export …) is one
 * append-only row, chained per region: hash = sha256(prevHash + canonical JSON of the entry).
 * Changing, removing or reordering any entry breaks every hash after it; `verifyAuditChain`
 * finds the first broken link. Appends take the row lock on the region's chain head, so
 * concurrent writers (several PostgreSQL connections) still form one chain.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import { auditHeads, auditLog, regions } from '../db/schema.ts';
import type { Db, Tx } from '../db/open.ts';
import { canonicalJson } from '../lib/canonical.ts';

export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'table.create'
  | 'table.save'
  | 'table.submit'
  | 'table.submit_refused'
  | 'table.approve'
  | 'table.return'
  | 'table.publish'
  | 'table.export'
  | 'import'
  | 'org.create'
  | 'user.create'
  | 'user.update'
  | 'demo.create'
  /** First run: the region, its 财政局 and the first administrator (administration/first-run.ts). */
  | 'region.setup'
  | 'backup'
  | 'restore'
  /** Administration (docs/administration.md): the organisation tree, accounts, calendar, project library, rule sets. */
  | `org.${'update' | 'import'}`
  | `user.${'assign' | 'reset_password' | 'change_password' | 'import' | 'password_sheet'}`
  | `calendar.${'year' | 'stage' | 'close'}`
  | `project.${'create' | 'update' | 'import' | 'generate'}`
  | 'project_type.update'
  | `rule_set.${'copy' | 'save'}`
  /** Monitoring and self-evaluation: round.open, round.update, report.create, report.save, report.<workflow step>, report.export. */
  | `round.${'open' | 'update'}`
  | `report.${'create' | 'save' | 'submit' | 'submit_refused' | 'approve' | 'return' | 'publish' | 'export'}`;

export interface AuditInput {
  regionCode: string;
  action: AuditAction;
  actorId?: string | null;
  actorLogin?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  at?: Date;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryFields {
  regionCode: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorLogin: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  ip: string | null;
}

export function entryHash(prevHash: string, e: AuditEntryFields): string {
  const canonical = canonicalJson({
    regionCode: e.regionCode,
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLogin: e.actorLogin,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    details: e.details,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** Appends one entry inside the caller's transaction (so the entry commits with the action). */
export async function appendAudit(outer: Tx | Db, input: AuditInput): Promise<{ seq: number; hash: string }> {
  // Always inside a transaction (a savepoint when the caller has one): called on the bare
  // database handle (failed sign-ins, logout), the head's row lock would end with its own
  // statement and two concurrent appends would take the same sequence number.
  return outer.transaction((tx) => appendInTransaction(tx, input));
}

async function appendInTransaction(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const lockHead = async () => (await tx.select().from(auditHeads).where(eq(auditHeads.regionCode, input.regionCode)).for('update'))[0];
  let head = await lockHead();
  if (!head) {
    // The region's first entry (two first entries at once: one insert wins, both then lock it).
    await tx.insert(auditHeads).values({ regionCode: input.regionCode, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
    head = await lockHead();
    if (!head) throw new Error('audit head missing');
  }
  const entry: AuditEntryFields = {
    regionCode: input.regionCode,
    seq: head.seq + 1,
    at: input.at ?? new Date(),
    actorId: input.actorId ?? null,
    actorLogin: input.actorLogin ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    details: JSON.parse(JSON.stringify(input.details ?? {})),
    ip: input.ip ?? null,
  };
  const hash = entryHash(head.hash, entry);
  await tx.insert(auditLog).values({ ...entry, prevHash: head.hash, hash });
  await tx.update(auditHeads).set({ seq: entry.seq, hash }).where(eq(auditHeads.regionCode, input.regionCode));
  return { seq: entry.seq, hash };
}

/** An entry for an action a signed-in user took on a target. */
export function auditAs(
  tx: Tx | Db,
  actor: { id: string; login: string; regionCode: string },
  action: AuditAction,
  target: { type: string; id: string },
  details: Record<string, unknown>,
  ip: string | null | undefined,
): Promise<{ seq: number; hash: string }> {
  return appendAudit(tx, {
    regionCode: actor.regionCode,
    action,
    actorId: actor.id,
    actorLogin: actor.login,
    targetType: target.type,
    targetId: target.id,
    details,
    ip: ip ?? null,
  });
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** First sequence number whose link is broken. */
  brokenAt?: number;
  reason?: string;
}

/** Re-computes the region's chain from the start. */
export async function verifyAuditChain(db: Db, regionCode: string): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.regionCode, regionCode), gt(auditLog.seq, after)))
      .orderBy(asc(auditLog.seq))
      .limit(1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== expectSeq) return { ok: false, entries: count, brokenAt: expectSeq, reason: `entry ${expectSeq} is missing` };
      if (r.prevHash !== prev) return { ok: false, entries: count, brokenAt: r.seq, reason: 'prev_hash does not match the previous entry' };
      const h = entryHash(prev, r);
      if (h !== r.hash) return { ok: false, entries: count, brokenAt: r.seq, reason: 'hash does not match the entry' };
      prev = r.hash;
      expectSeq++;
      count++;
      after = r.seq;
    }
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.regionCode, regionCode));
  if (head && (head.seq !== count || head.hash !== prev)) {
    return { ok: false, entries: count, brokenAt: count + 1, reason: 'the chain ends before its recorded head (entries removed at the end)' };
  }
  return { ok: true, entries: count };
}

/** Appends one entry to every region's chain (backup and restore, run from the command line). */
export async function auditEveryRegion(database: { db: Db }, action: 'backup' | 'restore', details: Record<string, unknown>): Promise<void> {
  const all = await database.db.select({ code: regions.regionCode }).from(regions);
  for (const r of all) await appendAudit(database.db, { regionCode: r.code, action, actorLogin: 'cli', details });
}
