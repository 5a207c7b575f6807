/** Schemas shared by the administration routes (orgs, users, calendar, projects, rule sets). */
import { z } from 'zod';
import { errorBody } from '../errors.ts';
import { bilingual } from './common.ts';

/** Per-row result of a list import (one item per row of the file). */
export const rowResult = z
  .looseObject({
    row: z.number().int(),
    key: z.string(),
    action: z.string(),
    success: z.boolean(),
    error: z.object({ code: z.string(), message: bilingual }).optional(),
    note: bilingual.optional(),
  })
  .meta({ id: 'ImportRowResult', description: 'One row of an imported list: its row number, key (code or login), what was (or would be) done, and the error if it failed.' });

export const dryRunQuery = z.object({ dryRun: z.enum(['1', 'true', '0', 'false']).optional().meta({ description: '1: preview only, store nothing' }) });
export const isDryRun = (q: { dryRun?: string | undefined }) => q.dryRun === '1' || q.dryRun === 'true';

/** 423 Locked: outside an open stage of the budget calendar. */
export const locked = { 423: errorBody };
