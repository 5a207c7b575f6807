/**
 * Batch export jobs: a batch of a department or a region can take a while (a PDF per table, a
 * few thousand sheets), so it runs in the background and the client polls its progress, then
 * downloads the file. The job and its finished file are rows of `export_jobs`, so a poll or the
 * download may reach any process (`serve --workers N`, replicas behind a balancer); the work runs
 * in the process that took the request. Finished jobs are kept for an hour, and at most
 * `maxBytes` of finished files (oldest dropped first).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { exportJobs } from '../db/schema.ts';
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
  /** The finished file's name, type and size (its bytes: `ExportJobs.file`). */
  file?: { name: string; type: string; bytes: number };
  error?: { code: string; zh: string; en: string };
}

type Row = typeof exportJobs.$inferSelect;
/** Every column but the file's bytes: polls read these. */
const { file: _bytes, ...WITHOUT_FILE } = getTableColumns(exportJobs);

/** Progress is written at most this often (a batch reports per table). */
const PROGRESS_MS = 300;
/** The running process touches its job this often, so that a job whose process died can be told apart. */
const HEARTBEAT_MS = 30_000;

const INTERRUPTED = {
  code: 'export_interrupted',
  zh: '导出中断：执行导出的服务进程已停止，请重新导出',
  en: 'The export was interrupted: the server process running it stopped. Start it again.',
};

export class ExportJobs {
  /** Jobs run one after another in a process: the machines have two cores, and requests must still be served. */
  private queue: Promise<void> = Promise.resolve();
  private readonly running = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly keepMs = 60 * 60 * 1000,
    private readonly maxBytes = 512 * 1024 * 1024,
    /** A job not touched for this long, and not running here, was left by a process that stopped. */
    private readonly staleMs = 10 * 60 * 1000,
  ) {}

  private view(r: Omit<Row, 'file'>): ExportJob {
    const job: ExportJob = {
      id: r.id,
      regionCode: r.regionCode,
      actorId: r.actorId,
      format: r.format,
      title: r.title,
      phase: r.phase as JobPhase,
      done: r.done,
      total: r.total,
      createdAt: r.createdAt,
    };
    if (r.finishedAt) job.finishedAt = r.finishedAt;
    if (r.fileName && r.fileType && r.fileBytes !== null) job.file = { name: r.fileName, type: r.fileType, bytes: r.fileBytes };
    if (r.error) job.error = r.error as ExportJob['error'] & object;
    const unfinished = job.phase !== 'done' && job.phase !== 'failed';
    if (unfinished && !this.running.has(job.id) && Date.now() - r.updatedAt.getTime() > this.staleMs) {
      job.phase = 'failed';
      job.error = INTERRUPTED;
    }
    return job;
  }

  /** The job without its file's bytes, or undefined (unknown, or swept). */
  async get(id: string): Promise<ExportJob | undefined> {
    const [r] = await this.db.select(WITHOUT_FILE).from(exportJobs).where(eq(exportJobs.id, id));
    return r ? this.view(r) : undefined;
  }

  /** The finished file of a job. */
  async file(id: string): Promise<RenderedFile | undefined> {
    const [r] = await this.db.select({ name: exportJobs.fileName, type: exportJobs.fileType, bytes: exportJobs.file }).from(exportJobs).where(eq(exportJobs.id, id));
    return r?.name && r.type && r.bytes ? { name: r.name, type: r.type, bytes: r.bytes } : undefined;
  }

  /** Starts a job; `work` reports progress and returns the file. */
  async start(init: Pick<ExportJob, 'regionCode' | 'actorId' | 'format' | 'title' | 'total'>, work: (progress: (done: number, phase: 'rendering' | 'packing') => void) => Promise<RenderedFile>): Promise<ExportJob> {
    await this.sweep();
    const now = new Date();
    const id = randomUUID();
    const [row] = await this.db
      .insert(exportJobs)
      .values({ ...init, id, phase: 'queued', done: 0, createdAt: now, updatedAt: now })
      .returning();
    this.running.add(id);
    const write = (set: Partial<typeof exportJobs.$inferInsert>) => this.db.update(exportJobs).set({ ...set, updatedAt: new Date() }).where(eq(exportJobs.id, id));
    this.queue = this.queue.then(async () => {
      let last = 0;
      let pending: Promise<unknown> = Promise.resolve();
      const heartbeat = setInterval(() => void write({}).catch(() => undefined), HEARTBEAT_MS);
      heartbeat.unref();
      try {
        await write({ phase: 'rendering' });
        const file = await work((done, phase) => {
          const t = Date.now();
          if (t - last < PROGRESS_MS) return;
          last = t;
          pending = pending.then(() => write({ done, phase })).catch(() => undefined);
        });
        await pending;
        await write({ phase: 'done', done: init.total, finishedAt: new Date(), fileName: file.name, fileType: file.type, fileBytes: file.bytes.byteLength, file: file.bytes });
      } catch (e) {
        await pending;
        const err = e as { code?: string; zh?: string; en?: string; bilingual?: { zh: string; en: string }; message?: string };
        const error = {
          code: err.code ?? 'export_failed',
          zh: err.bilingual?.zh ?? err.zh ?? `导出失败：${err.message ?? ''}`,
          en: err.bilingual?.en ?? err.en ?? `The export failed: ${err.message ?? ''}`,
        };
        await write({ phase: 'failed', finishedAt: new Date(), error }).catch(() => undefined);
      } finally {
        clearInterval(heartbeat);
        this.running.delete(id);
      }
    });
    return this.view(row!);
  }

  /** Waits for every job this process started so far (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Drops jobs finished over `keepMs` ago, and the oldest finished files beyond `maxBytes`. */
  private async sweep(): Promise<void> {
    const old = await this.db
      .delete(exportJobs)
      .where(and(isNotNull(exportJobs.finishedAt), lt(exportJobs.finishedAt, new Date(Date.now() - this.keepMs))))
      .returning({ id: exportJobs.id });
    let dropped = old.length;
    const files = await this.db
      .select({ id: exportJobs.id, bytes: exportJobs.fileBytes })
      .from(exportJobs)
      .where(isNotNull(exportJobs.fileBytes))
      .orderBy(desc(exportJobs.finishedAt));
    let total = 0;
    for (const f of files) {
      total += f.bytes ?? 0;
      if (total > this.maxBytes) {
        await this.db.delete(exportJobs).where(eq(exportJobs.id, f.id));
        dropped++;
      }
    }
    // Deleted files stay on disk as dead rows until a VACUUM, and embedded PGlite runs no
    // autovacuum: without this its data folder grows by every file ever exported.
    if (dropped) await this.db.execute(sql`VACUUM export_jobs`).catch(() => undefined);
  }
}
