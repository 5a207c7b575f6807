import { z } from 'zod';
import { finding, stage } from '../common.ts';

export const orgOut = z
  .object({
    id: z.string(),
    regionCode: z.string(),
    kind: z.enum(['finance', 'dept', 'unit']),
    code: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'Org' });

export const patchOrgBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  code: z.string().trim().min(1).max(30).regex(/^[0-9A-Za-z_-]+$/).optional(),
  parentId: z.string().max(100).optional().meta({ description: 'Move a 预算单位 to another 主管部门' }),
  active: z.boolean().optional().meta({ description: 'false deactivates (history kept), true reactivates' }),
});

export const orgEventOut = z.object({
  id: z.string(),
  orgId: z.string(),
  orgCode: z.string().nullable(),
  orgName: z.string().nullable(),
  action: z.enum(['create', 'rename', 'recode', 'move', 'deactivate', 'reactivate']),
  before: z.unknown(),
  after: z.unknown(),
  batchId: z.string().nullable(),
  actor: z.string().nullable(),
  at: z.string(),
});

export const orgsReply = z.object({ region: z.object({ code: z.string(), name: z.string() }), items: z.array(orgOut) });

export const createOrgBody = z.object({
  kind: z.enum(['dept', 'unit']),
  code: z.string().trim().min(1).max(30).regex(/^[0-9A-Za-z_-]+$/),
  name: z.string().trim().min(1).max(200),
  parentId: z.string().max(100).optional(),
});

export const checksQuery = z.object({ year: z.coerce.number().int().min(1990).max(2200), stage: stage.default('first') });
export const checksReply = z.object({ deptId: z.string(), year: z.number().int(), stage, findings: z.array(finding) });
