/**
 * Downloads. A table's documents may be downloaded by whoever may read the table (canRead in
 * policies/tables.ts; the public, by anyone once published: policies/public.ts). A batch takes
 * only the tables its starter may read. A batch job and its file belong to the account that
 * started it: anyone else is answered 404, as for a job that does not exist.
 */
import type { Actor } from '../auth/session.ts';

export const canReadExportJob = (actor: Actor, job: { actorId: string; regionCode: string }) => actor.id === job.actorId && actor.regionCode === job.regionCode;
