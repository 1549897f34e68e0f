/**
 * Starting, resuming and reconciling training runs: the functions the IPC handlers, the CLI and
 * tests call. A run is a `runs` row plus a `training.run` job; these keep the two in step.
 */
import type { JobInfo } from '../../ipc/contract.js';
import { RunsRepo } from '../../db/repos/runsRepo.js';
import { storedContentHash } from '../../datasets/splits/contentHash.js';
import type { Workspace } from '../../workspace/workspace.js';
import { chooseClips } from '../data/splitClips.js';
import { getModelFamily, parseModelConfig } from '../models/families/index.js';
import { parseRunConfig, type RunConfig } from './config.js';
import { emitRunEvent } from './runEvents.js';

/** The job kind that trains a run. */
export const TRAIN_JOB_KIND = 'training.run';

/** What starting or resuming needs from the job runner. */
export interface RunJobs {
  enqueue(kind: string, spec: unknown): number;
  resume(id: number): JobInfo;
}

/** The runs repository of a workspace. */
export function runsOf(ws: Workspace): RunsRepo {
  return new RunsRepo(ws.db, ws.path);
}

/**
 * Validates a run config (every bad field listed), checks its split set exists, creates the run
 * and queues its training job.
 */
export function startRun(ws: Workspace, jobs: RunJobs, raw: unknown): { runId: number; jobId: number } {
  const config = withDataClasses(ws, parseRunConfig(raw), raw);
  parseModelConfig(config.model.family, config.model.config); // names every bad model field now, not in the child
  const set = ws.db.prepare('SELECT id FROM split_sets WHERE id = ?').get(config.data.splitSetId);
  if (!set) throw new Error(`Split set ${config.data.splitSetId} does not exist in this workspace: pick one from \`mwb split list\``);
  const runs = runsOf(ws);
  const runId = runs.create(config, storedContentHash(ws.db, config.data.splitSetId));
  const jobId = jobs.enqueue(TRAIN_JOB_KIND, { runId });
  runs.setJob(runId, jobId);
  emitRunEvent(ws, 'runs:changed', { runId });
  return { runId, jobId };
}

/**
 * A model config that leaves `classes` out (or 0, the recipes' placeholder) gets the number of
 * classes the data has (the split set's train classes, or `data.classIds`), so recipes and the
 * new-run dialog need not count them.
 */
function withDataClasses(ws: Workspace, config: RunConfig, raw: unknown): RunConfig {
  const given = (raw as { model?: { config?: Record<string, unknown> } } | null)?.model?.config;
  if (given && typeof given.classes === 'number' && given.classes > 0) return config;
  const { classes: _placeholder, ...rest } = config.model.config;
  const parsed = getModelFamily(config.model.family).configSchema.safeParse(rest);
  if (!parsed.success || !('classes' in (parsed.data as object))) return config;
  const { labels } = chooseClips(ws, config.data);
  return { ...config, model: { ...config.model, config: { ...config.model.config, classes: labels.length } } };
}

/**
 * Continues an interrupted, cancelled or failed run from its last checkpoint (requeues its job,
 * or queues a new one when the job row is gone or not resumable).
 */
export function resumeRun(ws: Workspace, jobs: RunJobs, runId: number): { jobId: number } {
  const runs = runsOf(ws);
  const run = runs.mustGet(runId);
  if (!['interrupted', 'cancelled', 'failed'].includes(run.state)) {
    throw new Error(`Run ${runId} (${run.name}) is ${run.state}; only interrupted, cancelled or failed runs can be resumed`);
  }
  let jobId: number;
  const job = run.job_id === null ? null : ws.jobs.get(run.job_id);
  if (job && job.kind === TRAIN_JOB_KIND && ['interrupted', 'failed', 'cancelled'].includes(job.state)) {
    jobId = jobs.resume(job.id).id;
  } else {
    jobId = jobs.enqueue(TRAIN_JOB_KIND, { runId });
    runs.setJob(runId, jobId);
  }
  runs.setState(runId, 'queued');
  emitRunEvent(ws, 'runs:changed', { runId });
  return { jobId };
}

/**
 * Runs left 'preparing' or 'training' by a process that stopped (app quit, crash) take their
 * job's final state, so the list never shows a run as training when nothing trains it.
 * Returns the ids it changed.
 */
export function reconcileRunStates(ws: Workspace): number[] {
  const runs = runsOf(ws);
  const changed: number[] = [];
  for (const r of runs.list()) {
    if (!['preparing', 'training', 'queued'].includes(r.state)) continue;
    const job = r.job_id === null ? null : ws.jobs.get(r.job_id);
    if (job && ['queued', 'running'].includes(job.state)) continue;
    const state = job && ['failed', 'cancelled', 'interrupted'].includes(job.state) ? job.state as 'failed' | 'cancelled' | 'interrupted' : 'interrupted';
    runs.setState(r.id, state, job?.error ?? 'The app stopped while this run was training; resume it to continue from its last checkpoint');
    changed.push(r.id);
  }
  return changed;
}
