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
  })
  .meta({ id: 'Org' });

export const orgsReply = z.object({ region: z.object({ code: z.string(), name: z.string() }), items: z.array(orgOut) });

export const createOrgBody = z.object({
  kind: z.enum(['dept', 'unit']),
  code: z.string().trim().min(1).max(30).regex(/^[0-9A-Za-z_-]+$/),
  name: z.string().trim().min(1).max(200),
  parentId: z.string().max(100).optional(),
});

export const checksQuery = z.object({ year: z.coerce.number().int().min(1990).max(2200), stage: stage.default('first') });
export const checksReply = z.object({ deptId: z.string(), year: z.number().int(), stage, findings: z.array(finding) });
