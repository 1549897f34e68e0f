/**
 * The `training.evaluate` job: prepares one subset of a split set for a run (its own classes,
 * in its label order), times making the inputs of a few clips from the video, runs the model in
 * the training process (forward timing there), and stores an evaluation with one prediction per
 * clip. The parent holds SQLite and the caches; the child only reads files.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EvaluationsRepo } from '../../db/repos/evaluationsRepo.js';
import { RunsRepo } from '../../db/repos/runsRepo.js';
import type { EvaluationMetrics } from '../../ipc/contract.js';
import { registerJobKind, type JobContext } from '../../jobs/registry.js';
import type { Workspace } from '../../workspace/workspace.js';
import { rungLabel } from '../backends/probe.js';
import { prepareData } from '../data/prepare.js';
import type { RunConfig } from '../run/config.js';
import { BEST, EXPORT_FILES, runLabels, type ExportLabel } from '../run/exportModel.js';
import { emitRunEvent } from '../run/runEvents.js';
import { TrainerHost } from '../trainer/trainerHost.js';
import type { ChildEvaluation } from './evaluate.js';
import { LATE_FUSION_FAMILY } from './fuseRuns.js';
import { timePreprocessing } from './latency.js';
import { argmax, clipProbabilities, readProbs, scoreClips } from './metrics.js';

const subset = z.enum(['train', 'val', 'test']);

/** Spec of a `training.evaluate` job. */
export const evaluateSpecSchema = z.object({
  runId: z.number().int().positive(),
  subset,
  checkpoint: z.enum(['best', 'last']).default('best'),
  /** Evaluate on another split set than the run trained on (required for imported runs). */
  splitSetId: z.number().int().positive().optional(),
}).strict();
export type EvaluateSpec = z.output<typeof evaluateSpecSchema>;

/** A user-facing error (shown as is, not as an internal failure). */
const refuse = (message: string): Error => Object.assign(new Error(message), { code: 'bad_input' });

/**
 * The run's class ids in this workspace, in its label order: the same id when that class still
 * has the same name, else the class of that name (imported runs come from other workspaces).
 */
export function resolveClassIds(ws: Workspace, labels: readonly ExportLabel[], runName: string): number[] {
  const rows = ws.db.prepare('SELECT id, name FROM classes').all() as { id: number; name: string }[];
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return labels.map((l) => {
    if (l.classId != null && byId.get(l.classId) === l.name) return l.classId;
    const id = byName.get(l.name);
    if (id === undefined) throw refuse(`Run "${runName}" predicts class "${l.name}", which this workspace does not have; add or rename a class to "${l.name}" to evaluate it here`);
    return id;
  });
}

/** Runs the child evaluation; cancels it when the job is cancelled. */
async function evaluateInChild(msg: { runDir: string; config: RunConfig; checkpoint: 'best' | 'last'; subset: EvaluateSpec['subset']; manifestPath: string }, signal: AbortSignal): Promise<{ result: ChildEvaluation; backend: Record<string, unknown> | null }> {
  const host = new TrainerHost();
  const onAbort = (): void => host.cancel();
  signal.addEventListener('abort', onAbort);
  let backend: Record<string, unknown> | null = null;
  try {
    host.start({ type: 'evaluate', ...msg });
    for await (const m of host.messages()) {
      if (m.type === 'backend') backend = m.record;
      else if (m.type === 'evaluated') return { result: m.result as ChildEvaluation, backend };
      else if (m.type === 'error') throw refuse(`Evaluation failed: ${m.message}`);
      else if (m.type === 'cancelled') signal.throwIfAborted();
    }
    signal.throwIfAborted();
    throw new Error('The training process ended without an evaluation');
  } finally {
    signal.removeEventListener('abort', onAbort);
    await host.dispose();
  }
}

/** The job: see the file comment. Returns the new evaluation's id and headline numbers. */
export async function runEvaluation(ctx: JobContext<EvaluateSpec>): Promise<{ evaluationId: number; top1: number; top5: number; clips: number }> {
  const { spec, workspace: ws, signal } = ctx;
  const runs = new RunsRepo(ws.db, ws.path);
  const row = runs.mustGet(spec.runId);
  if (row.family === LATE_FUSION_FAMILY) {
    throw refuse(`Run ${row.id} "${row.name}" is a late fusion of two runs and has no model of its own: fuse the two runs again on the subset you want`);
  }
  const config = runs.config(spec.runId);
  const runDir = runs.dirOf(spec.runId);
  if (spec.checkpoint === 'best' && !existsSync(join(runDir, BEST, EXPORT_FILES.model))) {
    throw refuse(`Run ${row.id} "${row.name}" has no best model yet: let it finish an epoch, or evaluate its last checkpoint`);
  }
  const splitSetId = spec.splitSetId ?? row.split_set_id;
  if (splitSetId == null) {
    throw refuse(row.state === 'imported' ? `Run ${row.id} "${row.name}" was imported: choose a split set of this workspace to evaluate it on`
      : `The split set run ${row.id} trained on was deleted: choose another split set to evaluate it on`);
  }
  const labels = runLabels(runDir);
  const data = { ...config.data, splitSetId, classIds: resolveClassIds(ws, labels, row.name), fold: splitSetId === row.split_set_id ? config.data.fold : null };
  const evalConfig: RunConfig = { ...config, data };
  const dir = join(runDir, 'eval', `job-${ctx.jobId}`);
  mkdirSync(dir, { recursive: true });
  try {
    ctx.progress({ phase: 'inputs', done: 0, total: 0, message: `preparing the ${spec.subset} subset` });
    const manifest = await prepareData(ws, evalConfig, { signal, progress: ctx.progress, only: spec.subset });
    const refs = manifest.subsets[spec.subset];
    if (!refs.length) {
      throw refuse(`The ${spec.subset} subset of split set ${splitSetId} has no active clips of the run's classes that could be prepared`
        + (manifest.skipped.length ? ` (${manifest.skipped.length} skipped; first: ${manifest.skipped[0]!.error})` : '; assign clips to it on the Splits screen'));
    }
    const manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    ctx.progress({ phase: 'latency', done: 0, total: 1, message: 'timing input preparation from the video' });
    const pre = await timePreprocessing(ws, config.inputs, refs.map((r) => r.clipId), { signal });
    ctx.progress({ phase: 'evaluate', done: 0, total: refs.length, message: `running the model on ${refs.length} clip(s)` });
    const { result, backend } = await evaluateInChild({ runDir, config, checkpoint: spec.checkpoint, subset: spec.subset, manifestPath }, signal);
    const clips = clipProbabilities(readProbs(result.probsFile), result.viewClipIds, result.classes, refs);
    const metrics: EvaluationMetrics = {
      ...scoreClips(clips, manifest.labels.map((l) => l.name)),
      subset: spec.subset, checkpoint: spec.checkpoint, params: result.params, sizeBytes: result.sizeBytes,
      latencyMs: { preprocess: pre.msPerClip, forward: result.forward.msPerClip, total: pre.msPerClip + result.forward.msPerClip, clips: pre.clips ? Math.min(pre.clips, result.forward.clips) : result.forward.clips },
      backend: backendLabel(backend, result.backend),
    };
    const evaluationId = new EvaluationsRepo(ws.db).create({
      runId: row.id, jobId: ctx.jobId, splitSetId, subset: spec.subset, checkpoint: spec.checkpoint, metrics,
      predictions: clips.map((c) => ({ clipId: c.clipId, label: c.label, predicted: argmax(c.probs), probs: c.probs })),
    });
    emitRunEvent(ws, 'runs:changed', { runId: row.id });
    ctx.progress({ phase: 'done', done: refs.length, total: refs.length, message: `top-1 ${(metrics.top1 * 100).toFixed(1)}% on ${metrics.clips} clip(s)` });
    return { evaluationId, top1: metrics.top1, top5: metrics.top5, clips: metrics.clips };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The status-bar label of the child's backend (e.g. "WebAssembly (SIMD, 1 thread)"), as runs record it. */
function backendLabel(record: Record<string, unknown> | null, fallback: string): string {
  if (!record || typeof record.rung !== 'string') return fallback;
  return rungLabel(record as Parameters<typeof rungLabel>[0]);
}

registerJobKind<EvaluateSpec>({
  id: 'training.evaluate',
  schema: evaluateSpecSchema as z.ZodType<EvaluateSpec>,
  describe: (s) => `Evaluate run ${s.runId} on ${s.subset}${s.checkpoint === 'last' ? ' (last checkpoint)' : ''}`,
  resumable: true,
  run: runEvaluation,
});
