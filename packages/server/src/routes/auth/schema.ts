import { z } from 'zod';

export const loginBody = z.object({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const meBody = z
  .object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    role: z.enum(['filer', 'dept_reviewer', 'finance_reviewer', 'admin']),
    roleLabel: z.object({ zh: z.string(), en: z.string() }),
    regionCode: z.string(),
    org: z.object({ id: z.string(), kind: z.enum(['finance', 'dept', 'unit']), code: z.string(), name: z.string() }),
    mustChangePassword: z.boolean().optional().meta({ description: 'true after an administrator reset the password: change it (POST /api/me/password) before anything else' }),
  })
  .meta({ id: 'Me' });

export const loginReply = z.object({ user: meBody, csrfToken: z.string() });
export const csrfReply = z.object({ csrfToken: z.string() });
