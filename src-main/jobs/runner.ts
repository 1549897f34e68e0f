import type { JobInfo, JobProgress } from '../ipc/contract.js';
import type { JobRow } from '../db/repos/jobsRepo.js';
import type { Workspace } from '../workspace/workspace.js';
import { getJobKind, hasJobKind } from './registry.js';
import { Throttle } from './throttle.js';

/** Where the runner reports: the UI bridge (Electron IPC or WebSocket) listens here. */
export interface RunnerEvents {
  jobChanged(job: JobInfo): void;
  clipsChanged(reason: string): void;
}

interface Running {
  id: number;
  abort: AbortController;
  throttle: Throttle<JobProgress>;
  done: Promise<void>;
}

/** Thrown by job code (or detected from the signal) when a job was cancelled, not failed. */
export class JobCancelledError extends Error {
  constructor() {
    super('Cancelled');
  }
}

/** Abort reason when the runner is disposed: the job is `interrupted` (resumable), not failed. */
class RunnerDisposedError extends Error {
  constructor(readonly requeue: boolean) {
    super('Interrupted: the workspace was closed while this job was running');
  }
}

/** How a runner stops: `requeueRunning` puts a resumable running job back in the queue. */
export interface RunnerDisposeOptions {
  /**
   * For short-lived owners (the CLI): a follow-up job that happened to start (e.g. scrub strips
   * after an import) goes back to `queued` and continues when the app next opens the workspace,
   * instead of showing as interrupted.
   */
  requeueRunning?: boolean;
}

/**
 * Runs a workspace's queued jobs one at a time (the machine has 2 cores; heavy kinds use both
 * through their own workers or ffmpeg threads). State lives in SQLite, so a reload of the UI
 * loses nothing and a crash leaves rows the next start marks `interrupted`.
 */
export class JobRunner {
  private running: Running | null = null;
  private disposed = false;
  private kicking = false;

  constructor(private readonly ws: Workspace, private readonly events: RunnerEvents) {
    for (const id of ws.jobs.markInterrupted()) this.emit(id);
    this.kick(); // jobs still queued when the app last stopped run now
  }

  /** Validates the spec against the kind's schema and queues the job; returns its id. */
  enqueue(kind: string, spec: unknown): number {
    const k = getJobKind(kind);
    const parsed = k.schema.safeParse(spec);
    if (!parsed.success) throw new Error(`Invalid ${kind} job: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}`);
    const id = this.ws.jobs.create(kind, k.describe(parsed.data), parsed.data);
    this.emit(id);
    this.kick();
    return id;
  }

  /** Cancels a queued or running job; a running one is aborted (its child processes killed). */
  cancel(id: number): JobInfo {
    const row = this.mustGet(id);
    if (this.running?.id === id) {
      this.running.abort.abort(new JobCancelledError());
    } else if (row.state === 'queued' || row.state === 'interrupted') {
      this.ws.jobs.finish(id, 'cancelled');
      this.emit(id);
    }
    return this.info(id);
  }

  /**
   * Cancels and, for a running job, waits (up to `timeoutMs`) until it has actually stopped, so
   * the caller gets its final state rather than "running".
   */
  async cancelSettled(id: number, timeoutMs = 10_000): Promise<JobInfo> {
    const running = this.running?.id === id ? this.running : null;
    this.cancel(id);
    if (running) await Promise.race([running.done, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    return this.info(id);
  }

  /** Puts an interrupted, failed or cancelled job of a resumable kind back in the queue. */
  resume(id: number): JobInfo {
    const row = this.mustGet(id);
    if (!['interrupted', 'failed', 'cancelled'].includes(row.state)) {
      throw new Error(`Job ${id} is ${row.state}; only interrupted, failed or cancelled jobs can be resumed`);
    }
    if (!hasJobKind(row.kind) || !getJobKind(row.kind).resumable) {
      throw new Error(`Job ${id} (${row.kind}) cannot be resumed; start it again instead`);
    }
    this.ws.jobs.requeue(id);
    this.emit(id);
    this.kick();
    return this.info(id);
  }

  /** The stored result of a job (JSON), null until it has finished with one. */
  result(id: number): { id: number; kind: string; result: unknown } {
    const row = this.mustGet(id);
    return { id, kind: row.kind, result: row.result === null ? null : JSON.parse(row.result) };
  }

  list(): JobInfo[] {
    return this.ws.jobs.list().map((r) => toInfo(r));
  }

  info(id: number): JobInfo {
    return toInfo(this.mustGet(id));
  }

  /** Resolves when no job is queued or running (tests and the CLI wait on this). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running.done;
      else if (!this.disposed && this.ws.jobs.nextQueued()) await new Promise((r) => setTimeout(r, 20));
      else return;
    }
  }

  /** Waits for one job to reach a final state and returns it. */
  async wait(id: number): Promise<JobInfo> {
    for (;;) {
      const info = this.info(id);
      if (!['queued', 'running'].includes(info.state)) return info;
      if (this.disposed && this.running?.id !== id) return info; // a disposed runner starts nothing
      if (this.running?.id === id) await this.running.done;
      else await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Aborts the running job, waits for it to settle, and stops taking new ones. */
  async dispose(opts: RunnerDisposeOptions = {}): Promise<void> {
    this.disposed = true;
    const r = this.running;
    if (r) {
      r.abort.abort(new RunnerDisposedError(opts.requeueRunning ?? false));
      await r.done;
    }
  }

  private kick(): void {
    if (this.kicking || this.running || this.disposed) return;
    this.kicking = true;
    queueMicrotask(() => {
      this.kicking = false;
      try {
        const next = this.running || this.disposed ? null : this.ws.jobs.nextQueued();
        if (next) this.start(next);
      } catch (err) {
        // A database error here must not become an uncaught exception that takes the app down.
        console.error(`Job runner could not start the next job: ${(err as Error).message}`);
      }
    });
  }

  private start(row: JobRow): void {
    const abort = new AbortController();
    let settled = false;
    const throttle = new Throttle<JobProgress>(100, (p) => {
      if (settled) return; // late reports of a finished job must not overwrite its final row
      try {
        this.ws.jobs.setProgress(row.id, p);
        this.emit(row.id);
      } catch (err) {
        console.error(`Could not record progress of job ${row.id}: ${(err as Error).message}`);
      }
    });
    const running: Running = { id: row.id, abort, throttle, done: Promise.resolve() };
    this.running = running;
    this.ws.jobs.markRunning(row.id);
    this.emit(row.id);
    running.done = this.execute(row, abort, throttle).finally(() => {
      settled = true;
      throttle.dispose();
      this.running = null;
      this.kick();
    });
  }

  private async execute(row: JobRow, abort: AbortController, throttle: Throttle<JobProgress>): Promise<void> {
    try {
      const kind = getJobKind(row.kind);
      const spec = kind.schema.parse(JSON.parse(row.spec));
      const result = await kind.run({
        jobId: row.id, spec, workspace: this.ws, signal: abort.signal,
        progress: (p) => throttle.push(p),
        notifyClipsChanged: (reason) => this.events.clipsChanged(reason),
        enqueue: (k, s) => this.enqueue(k, s),
      });
      throttle.flush();
      if (abort.signal.aborted) throw abort.signal.reason;
      this.ws.jobs.finish(row.id, 'done', { result });
    } catch (err) {
      throttle.flush();
      if (abort.signal.aborted) {
        const reason = abort.signal.reason;
        if (reason instanceof JobCancelledError) this.ws.jobs.finish(row.id, 'cancelled');
        else if (reason instanceof RunnerDisposedError && reason.requeue && hasJobKind(row.kind) && getJobKind(row.kind).resumable) this.ws.jobs.requeue(row.id);
        else if (reason instanceof RunnerDisposedError) this.ws.jobs.finish(row.id, 'interrupted', { error: reason.message });
        else this.ws.jobs.finish(row.id, 'failed', { error: reason instanceof Error ? reason.message : String(reason) });
      } else {
        this.ws.jobs.finish(row.id, 'failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
    this.emit(row.id);
  }

  private mustGet(id: number): JobRow {
    const row = this.ws.jobs.get(id);
    if (!row) throw new Error(`No job ${id} in this workspace`);
    return row;
  }

  private emit(id: number): void {
    const row = this.ws.jobs.get(id);
    if (row) this.events.jobChanged(toInfo(row));
  }
}

/** Converts a row to what the panel shows, with an ETA extrapolated from progress so far. */
let snapshots = 0;

export function toInfo(r: JobRow): JobInfo {
  let eta: number | null = null;
  if (r.state === 'running' && r.started_at && r.done > 0 && r.total > r.done) {
    const elapsed = (Date.now() - Date.parse(r.started_at)) / 1000;
    eta = Math.round((elapsed / r.done) * (r.total - r.done));
  }
  return {
    id: r.id, kind: r.kind, title: r.title, state: r.state,
    progress: { phase: r.phase, done: r.done, total: r.total, message: r.message },
    error: r.error,
    resumable: hasJobKind(r.kind) && getJobKind(r.kind).resumable,
    createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at, etaSeconds: eta,
    seq: ++snapshots,
  };
}
