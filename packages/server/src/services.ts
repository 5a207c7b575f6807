import type { PdfRenderer } from '@jixiao/files';
/** What every route needs, made once per app. */
import type { Database } from './db/open.ts';
import type { LoginLimiter } from './auth/rate-limit.ts';

export interface Services {
  database: Database;
  limiter: LoginLimiter;
  /** Rule set for the checker (default: core's default, guangdong-2026). */
  ruleSet?: string;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies: boolean;
  startedAt: Date;
  /**
   * Where the process is in its life: `migrating` (listening, migrations running: only health
   * and metrics answer, the rest 503), `ready`, `draining` (SIGTERM: finishing requests in flight).
   */
  phase: 'migrating' | 'ready' | 'draining';
  /** One headless Chromium for every PDF the app prints (target tables, batches, reports); closed with the app. */
  pdf: PdfRenderer;
}
