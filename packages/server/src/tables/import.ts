/**
 * Importing a file: bytes → cell grids (packages/files, when present; plain text through the
 * core's text reader otherwise) → recognised tables → one new draft per table, owned by the
 * organisation its codes name (用款单位 144001 for a project, the 主管部门 for a department
 * table) unless the caller names one.
 */
import { importGrids, importText, type CellGrid, type Finding, type TargetTable } from '@jixiao/core';
import { auditAs } from '../audit/audit.ts';
import type { Actor } from '../auth/session.ts';
import { ApiError, badRequest } from '../errors.ts';
import { listOrgs, type OrgRow } from '../orgs/service.ts';
import type { StoredDocument } from './document.ts';
import { createTable, type Context, type Stage, type TableRow } from './service.ts';

type FilesModule = { readGrids?: (bytes: Uint8Array, fileName: string) => Promise<{ grids: CellGrid[] }> };

let filesModule: Promise<FilesModule | null> | undefined;
function loadFiles(): Promise<FilesModule | null> {
  const spec = '@jixiao/files';
  filesModule ??= (import(spec) as Promise<FilesModule>).catch(() => null);
  return filesModule;
}

const TEXT_EXT = /\.(txt|tsv|text)$/i;

export async function readTables(bytes: Uint8Array, fileName: string): Promise<{ tables: TargetTable[]; findings: Finding[] }> {
  const files = await loadFiles();
  if (files?.readGrids) {
    try {
      return importGrids((await files.readGrids(bytes, fileName)).grids);
    } catch (e) {
      // FileReadError carries a bilingual message: an unreadable file is the client's 422, not our 500.
      const msg = (e as { message?: unknown }).message;
      if (msg && typeof msg === 'object' && 'zh' in msg) throw new ApiError(422, 'unreadable_file', msg as { zh: string; en: string });
      throw e;
    }
  }
  if (!TEXT_EXT.test(fileName)) {
    throw new ApiError(415, 'unsupported_file', {
      zh: `暂不支持此类文件（${fileName}）：请上传制表符分隔的文本（.txt/.tsv）`,
      en: `This kind of file is not supported yet (${fileName}): upload tab-separated text (.txt/.tsv)`,
    });
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  return importText(text, fileName);
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
