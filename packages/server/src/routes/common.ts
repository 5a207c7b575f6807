/** Schemas shared by several resources. */
import { STAGES, TABLE_STATUSES } from '@jixiao/core';
import { z } from 'zod';
import { errorBody } from '../errors.ts';
import type { TableRow } from '../tables/service.ts';

export const bilingual = z.object({ zh: z.string(), en: z.string() });

export const finding = z
  .looseObject({
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: bilingual,
    location: z.looseObject({ section: z.string() }),
  })
  .meta({ id: 'Finding', description: 'One typed defect (core Finding): code, severity, bilingual message, location down to the field.' });

/** Core findings as the response schema types them (the schema passes every field through). */
export const findingsOut = (f: readonly import('@jixiao/core').Finding[]) => f as unknown as Array<z.infer<typeof finding>>;

export const stage = z.enum(STAGES).meta({ description: 'Budget stage: first 一上, second 二上, adjust 调整' });
export const status = z
  .enum(TABLE_STATUSES)
  .meta({ description: 'draft 草稿 → submitted 已提交 → dept_approved 主管部门已审 → finance_approved 财政已审 → published 已公开' });
export const kind = z.enum(['dept-overall', 'project']);

export const tableSummary = z
  .object({
    id: z.string(),
    kind,
    orgId: z.string(),
    deptId: z.string(),
    year: z.number().int(),
    stage,
    status,
    name: z.string(),
    title: z.string(),
    version: z.number().int(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    currentAmountFen: z.number().int().nullable(),
    basedOnId: z.string().nullable(),
    basedOnVersion: z.number().int().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    orgName: z.string().optional().meta({ description: 'The owner’s name (in lists)' }),
    lastAction: z.string().nullable().optional().meta({ description: 'The last workflow step: submit, approve, return, publish (in lists)' }),
    lastActionAt: z.string().nullable().optional(),
  })
  .meta({ id: 'TableSummary' });

export function summary(row: TableRow & { orgName?: string; lastAction?: string | null; lastActionAt?: Date | null }): z.infer<typeof tableSummary> {
  const extra: Partial<z.infer<typeof tableSummary>> = {};
  if (row.orgName !== undefined) extra.orgName = row.orgName;
  if (row.lastAction !== undefined) extra.lastAction = row.lastAction;
  if (row.lastActionAt !== undefined) extra.lastActionAt = row.lastActionAt?.toISOString() ?? null;
  return {
    ...extra,
    id: row.id,
    kind: row.kind,
    orgId: row.orgId,
    deptId: row.deptId,
    year: row.year,
    stage: row.stage,
    status: row.status,
    name: row.name,
    title: row.title,
    version: row.version,
    errorCount: row.errorCount,
    warningCount: row.warningCount,
    currentAmountFen: row.currentAmountFen,
    basedOnId: row.basedOnId,
    basedOnVersion: row.basedOnVersion,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The error responses a route may give, for the OpenAPI document. */
export function errors(...codes: Array<400 | 401 | 403 | 404 | 409 | 413 | 422 | 428 | 429>) {
  return Object.fromEntries(codes.map((c) => [c, errorBody])) as Record<number, typeof errorBody>;
}

export const idParams = z.object({ id: z.string().max(100) });
