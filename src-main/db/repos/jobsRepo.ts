import type { Db } from '../connection.js';
import type { JobProgress, JobState } from '../../ipc/contract.js';

/** A job row as stored: the spec and result are JSON text. */
export interface JobRow {
  id: number; kind: string; title: string; spec: string; state: JobState; phase: string;
  done: number; total: number; message: string; error: string | null; result: string | null;
  created_at: string; started_at: string | null; finished_at: string | null;
}

const now = (): string => new Date().toISOString();

/** The persistent job queue: every long-running task is a row that outlives the process. */
export class JobsRepo {
  constructor(private readonly db: Db) {}

  create(kind: string, title: string, spec: unknown): number {
    const info = this.db.prepare('INSERT INTO jobs (kind, title, spec) VALUES (?, ?, ?)')
      .run(kind, title, JSON.stringify(spec));
    return Number(info.lastInsertRowid);
  }

  get(id: number): JobRow | null {
    return (this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined) ?? null;
  }

  /** Most recent first; the panel shows the latest `limit`. */
  list(limit = 200): JobRow[] {
    return this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[];
  }

  /** The oldest queued job, which the runner starts next. */
  nextQueued(): JobRow | null {
    return (this.db.prepare("SELECT * FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1").get() as
      JobRow | undefined) ?? null;
  }

  markRunning(id: number): void {
    this.db.prepare("UPDATE jobs SET state = 'running', error = NULL, started_at = ?, finished_at = NULL WHERE id = ?")
      .run(now(), id);
  }

  setProgress(id: number, p: JobProgress): void {
    this.db.prepare('UPDATE jobs SET phase = ?, done = ?, total = ?, message = ? WHERE id = ?')
      .run(p.phase, p.done, p.total, p.message, id);
  }

  /** Ends a job: done (with its result), failed or interrupted (with the error), or cancelled. */
  finish(id: number, state: 'done' | 'failed' | 'cancelled' | 'interrupted', detail?: { error?: string; result?: unknown }): void {
    this.db.prepare('UPDATE jobs SET state = ?, error = ?, result = ?, finished_at = ? WHERE id = ?')
      .run(state, detail?.error ?? null, detail?.result === undefined ? null : JSON.stringify(detail.result),
        now(), id);
  }

  /** Puts a job back in the queue (resume after interruption, failure or cancellation). */
  requeue(id: number): void {
    this.db.prepare("UPDATE jobs SET state = 'queued', error = NULL, finished_at = NULL WHERE id = ?").run(id);
  }

  /**
   * Jobs left `running` by a process that died are marked `interrupted` at start-up; returns
   * their ids. Queued jobs stay queued and run again.
   */
  markInterrupted(): number[] {
    const ids = (this.db.prepare("SELECT id FROM jobs WHERE state = 'running'").all() as { id: number }[])
      .map((r) => r.id);
    this.db.prepare(`UPDATE jobs SET state = 'interrupted', finished_at = ?,
      error = 'Interrupted: the app stopped while this job was running' WHERE state = 'running'`).run(now());
    return ids;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n;
  }
}
