/**
 * Unsaved edits survive a reload, a crash or leaving the page: every change is kept in the
 * browser's storage (with the version and document it started from) until it is saved. On the
 * next visit the form offers to restore it — re-applied on the latest version when someone
 * saved in between, exactly as the conflict dialog does.
 */
import type { TargetTable } from '@jixiao/core';

export interface LocalDraft {
  tableId: string;
  /** The version the edits started from, and that version's document. */
  version: number;
  base: TargetTable;
  doc: TargetTable;
  savedAt: string;
}

const key = (id: string) => `jixiao.draft.${id}`;

export function readDraft(id: string): LocalDraft | null {
  try {
    const s = localStorage.getItem(key(id));
    if (!s) return null;
    const d = JSON.parse(s) as LocalDraft;
    return d && d.tableId === id && d.doc && d.base ? d : null;
  } catch {
    return null;
  }
}

export function writeDraft(d: LocalDraft): void {
  try {
    localStorage.setItem(key(d.tableId), JSON.stringify(d));
  } catch {
    /* storage full or unavailable: the server copy is still there */
  }
}

export function clearDraft(id: string): void {
  try {
    localStorage.removeItem(key(id));
  } catch {
    /* ignore */
  }
}
