/**
 * Importing a file: bytes → cell grids (packages/files) → recognised tables → one new draft
 * per table, owned by the organisation its codes name (用款单位 144001 for a project, the 主管部门 for a department
 * table) unless the caller names one.
 */
import type { Finding, TargetTable } from '@jixiao/core';
import { isFileReadError, readTableFile } from '@jixiao/files';
import { auditAs } from '../audit/audit.ts';
import type { Actor } from '../auth/session.ts';
import { ApiError, badRequest } from '../errors.ts';
import { listOrgs, type OrgRow } from '../orgs/service.ts';
import type { StoredDocument } from './document.ts';
import { createTable, type Context, type Stage, type TableRow } from './service.ts';

const STATUS: Record<string, number> = { 'too-large': 413, 'zip-bomb': 413, 'too-complex': 422, 'unsupported-format': 415, corrupt: 400, empty: 400, 'no-text': 422 };

/**
 * Reads any supported file (.xlsx, .docx, .html, .csv/.tsv, text …, and the exchange format's
 * JSON, one-file CSV or zip of two CSV files) with packages/files' readTableFile. Unreadable
 * files get a 4xx that says why.
 */
export async function readTables(bytes: Uint8Array, fileName: string): Promise<{ tables: TargetTable[]; findings: Finding[] }> {
  try {
    const r = await readTableFile(bytes, fileName);
    return { tables: r.tables, findings: r.findings };
  } catch (err) {
    if (isFileReadError(err)) {
      throw new ApiError(STATUS[err.code] ?? 400, `file_${err.code.replace(/-/g, '_')}`, err.message as unknown as { zh: string; en: string });
    }
    throw err;
  }
}

export function ownerFor(table: TargetTable, orgList: OrgRow[]): OrgRow | undefined {
  const byCode = (code?: string) => (code ? orgList.find((o) => o.code === code.trim()) : undefined);
  const byName = (name?: string, kind?: OrgRow['kind']) =>
    name ? orgList.find((o) => o.name === name.trim() && (!kind || o.kind === kind)) : undefined;
  if (table.kind === 'project') return byCode(table.unit?.code) ?? byName(table.unit?.name, 'unit') ?? byCode(table.department?.code);
  if (table.kind === 'dept-overall') return byCode(table.deptCode?.raw) ?? byName(table.deptName?.raw, 'dept');
  return undefined;
}

export interface ImportOutcome {
  created: TableRow[];
  skipped: Array<{ index: number; title: string; reason: { zh: string; en: string } }>;
  findings: Finding[];
}

export async function importFile(
  ctx: Context,
  actor: Actor,
  bytes: Uint8Array,
  fileName: string,
  opts: { stage: Stage; year?: number | undefined; orgId?: string | undefined },
): Promise<ImportOutcome> {
  const { tables, findings } = await readTables(bytes, fileName);
  if (tables.length === 0) {
    throw badRequest('no_tables', { zh: `文件 ${fileName} 中没有识别出绩效目标表`, en: `No target table was recognised in ${fileName}` }, { findings });
  }
  const orgList = await listOrgs(ctx.db, actor.regionCode);
  const out: ImportOutcome = { created: [], skipped: [], findings };
  for (const [index, table] of tables.entries()) {
    if (table.kind === 'self-eval') {
      out.skipped.push({ index, title: table.title, reason: { zh: '自评表暂不入库', en: 'self-evaluation tables are not stored yet' } });
      continue;
    }
    const owner = opts.orgId ? orgList.find((o) => o.id === opts.orgId) : ownerFor(table, orgList);
    if (!owner) {
      out.skipped.push({ index, title: table.title, reason: { zh: '找不到表中所列的单位（编码或名称）', en: 'the organisation named in the table is not known' } });
      continue;
    }
    try {
      const r = await createTable(ctx, actor, {
        orgId: owner.id,
        stage: opts.stage,
        year: opts.year ?? table.year,
        document: table as StoredDocument,
        normalised: true,
        reason: 'import',
      });
      out.created.push(r.row);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      out.skipped.push({ index, title: table.title, reason: err.bilingual });
    }
  }
  await auditAs(
    ctx.db,
    actor,
    'import',
    { type: 'file', id: fileName.slice(0, 200) },
    { bytes: bytes.byteLength, tables: tables.length, created: out.created.map((r) => r.id), skipped: out.skipped.length },
    ctx.ip,
  );
  return out;
}
