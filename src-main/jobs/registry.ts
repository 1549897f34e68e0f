import type { z } from 'zod';
import type { JobProgress } from '../ipc/contract.js';
import type { Workspace } from '../workspace/workspace.js';

/** What a running job may use: its validated spec, the workspace, progress and cancellation. */
export interface JobContext<Spec> {
  jobId: number;
  spec: Spec;
  workspace: Workspace;
  /** Aborted when the user cancels or the app closes; kill child processes and stop promptly. */
  signal: AbortSignal;
  /** Report progress; the runner throttles what reaches the UI to about 10 updates a second. */
  progress(p: JobProgress): void;
  /** Tell the UI that clips/media changed so the grid refreshes. */
  notifyClipsChanged(reason: string): void;
  /** Queue a follow-up job (e.g. thumbnails after an import). */
  enqueue(kind: string, spec: unknown): number;
}

/** One kind of job, registered once: `{ id, describe, run }` plus its spec schema. */
export interface JobKind<Spec = unknown> {
  id: string;
  /** Validates the spec at the edge: jobs created from the UI, the CLI or the database. */
  schema: z.ZodType<Spec>;
  /** The title shown in the jobs panel. */
  describe(spec: Spec): string;
  /** True when `run` can be called again after an interruption and skips what is already done. */
  resumable: boolean;
  run(ctx: JobContext<Spec>): Promise<unknown>;
}

const kinds = new Map<string, JobKind<unknown>>();

/** Adds a job kind; each kind's module calls this once at import. */
export function registerJobKind<Spec>(kind: JobKind<Spec>): JobKind<Spec> {
  if (kinds.has(kind.id)) throw new Error(`Job kind ${kind.id} is registered twice`);
  kinds.set(kind.id, kind as JobKind<unknown>);
  return kind;
}

/** The registered kind with this id, or a clear error (e.g. a job row from a newer app). */
export function getJobKind(id: string): JobKind<unknown> {
  const kind = kinds.get(id);
  if (!kind) throw new Error(`Unknown job kind "${id}": this version of Motion Workbench cannot run it`);
  return kind;
}

/** Whether a kind exists (the jobs panel can show rows of unknown kinds without crashing). */
export function hasJobKind(id: string): boolean {
  return kinds.has(id);
}
