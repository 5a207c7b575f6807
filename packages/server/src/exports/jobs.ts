/**
 * Batch export jobs: a batch of a department or a region can take a while (a PDF per table, a
 * few thousand sheets), so it runs in the background and the client polls its progress, then
 * downloads the file. Jobs live in the memory of the server process that runs them (behind a
 * load balancer: sticky sessions) for an hour after they finish, and at most `maxBytes` of
 * finished files are kept (oldest dropped first).
 */
import { randomUUID } from 'node:crypto';
import type { RenderedFile } from './render.ts';

export type JobPhase = 'queued' | 'rendering' | 'packing' | 'done' | 'failed';

export interface ExportJob {
  id: string;
  regionCode: string;
  actorId: string;
  format: string;
  title: string;
  phase: JobPhase;
  done: number;
  total: number;
  createdAt: Date;
  finishedAt?: Date;
  file?: RenderedFile;
  error?: { code: string; zh: string; en: string };
}

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  /** Jobs run one after another: the machines have two cores, and requests must still be served. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly keepMs = 60 * 60 * 1000,
    private readonly maxBytes = 512 * 1024 * 1024,
  ) {}

  get(id: string): ExportJob | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  /** Starts a job; `work` reports progress and returns the file. */
  start(init: Pick<ExportJob, 'regionCode' | 'actorId' | 'format' | 'title' | 'total'>, work: (progress: (done: number, phase: 'rendering' | 'packing') => void) => Promise<RenderedFile>): ExportJob {
    this.sweep();
    const job: ExportJob = { ...init, id: randomUUID(), phase: 'queued', done: 0, createdAt: new Date() };
    this.jobs.set(job.id, job);
    this.queue = this.queue.then(async () => {
      job.phase = 'rendering';
      try {
        job.file = await work((done, phase) => {
          job.done = done;
          job.phase = phase;
        });
        job.done = job.total;
        job.phase = 'done';
      } catch (e) {
        const err = e as { code?: string; zh?: string; en?: string; bilingual?: { zh: string; en: string }; message?: string };
        job.phase = 'failed';
        job.error = {
          code: err.code ?? 'export_failed',
          zh: err.bilingual?.zh ?? err.zh ?? `导出失败：${err.message ?? ''}`,
          en: err.bilingual?.en ?? err.en ?? `The export failed: ${err.message ?? ''}`,
        };
      }
      job.finishedAt = new Date();
    });
    return job;
  }

  /** Waits for every job started so far (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.finishedAt && now - j.finishedAt.getTime() > this.keepMs) this.jobs.delete(id);
    let bytes = 0;
    const done = [...this.jobs.values()].filter((j) => j.file).sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime());
    for (const j of done) {
      bytes += j.file!.bytes.byteLength;
      if (bytes > this.maxBytes) this.jobs.delete(j.id);
    }
  }
}
