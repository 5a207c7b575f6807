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
    mustChangeReason: z.enum(['new', 'reset']).optional().meta({ description: 'why the password must change: new (an account made with a temporary password) or reset (an administrator reset it)' }),
    region: z
      .object({ code: z.string(), name: z.string(), level: z.enum(['province', 'city', 'county']) })
      .optional()
      .meta({ description: 'The region the account belongs to (name and 行政级别: figures read 全县/全市/全省)' }),
  })
  .meta({ id: 'Me' });

export const loginReply = z.object({ user: meBody, csrfToken: z.string() });
export const csrfReply = z.object({ csrfToken: z.string() });
