/**
 * What an import says, without where it came from: the tables with every `source` removed, and
 * the finding codes per table. Two imports of the same table from different formats must have
 * the same essence.
 */
import type { RecogniseResult } from '../../src/index.ts';

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) if (k !== 'source' && k !== 'form') out[k] = strip((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function essence(r: RecogniseResult): { tables: unknown[]; findings: string[] } {
  return {
    tables: r.tables.map(strip),
    findings: r.findings.map((f) => `${f.location.table ?? '-'} ${f.code} ${f.location.indicatorId ?? ''} ${f.location.field ?? ''}`).sort(),
  };
}
