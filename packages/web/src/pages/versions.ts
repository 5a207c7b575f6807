import type { TargetTable } from '@jixiao/core';
import { api, type Revision, type TableDetail } from '../app/api.ts';

/** The document of one revision: GET …/revisions/:v, else the list (if it carries documents). */
export async function revisionDocument(tableId: string, version: number): Promise<TargetTable> {
  try {
    const r = await api.revision(tableId, version);
    const doc = (r as Revision & { document?: TargetTable }).document ?? (r as unknown as TargetTable);
    if (doc && 'indicators' in doc) return doc;
  } catch {
    /* fall through */
  }
  const list = await api.revisions(tableId);
  const hit = list.find((r) => r.version === version);
  if (hit?.document) return hit.document;
  throw new Error(`revision ${version} of ${tableId} not available`);
}

/** The baseline a 二上 table is compared with: its 一上 version, or the finance-reviewed version. */
export async function loadVersionDocument(t: TableDetail, which: 'first' | 'finance'): Promise<TargetTable> {
  if (which === 'first') {
    if (!t.basedOnId) throw new Error('no 一上 version');
    if (t.basedOnVersion) return revisionDocument(t.basedOnId, t.basedOnVersion);
    return (await api.table(t.basedOnId)).document;
  }
  const financeApproval = (events: TableDetail['events']) =>
    [...events].reverse().find((e) => e.action === 'approve' && e.toStatus === 'finance_approved');
  const own = financeApproval(t.events);
  if (own) return revisionDocument(t.id, own.version);
  if (t.basedOnId) {
    const parent = await api.table(t.basedOnId);
    const e = financeApproval(parent.events);
    if (e) return revisionDocument(parent.id, e.version);
  }
  throw new Error('no finance review');
}
