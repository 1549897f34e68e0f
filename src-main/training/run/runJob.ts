/**
 * The `training.run` job: prepares a run's data in this process (SQLite, caches, workers), then
 * trains in a child process (TrainerHost) and records what it reports: the backend, every
 * iteration's and epoch's metrics, the best checkpoint, the final size. States: queued ->
 * preparing -> training -> done | failed | cancelled | interrupted. Resumable: a second run of
 * the job continues from the last checkpoint. A crash of the child fails the run with its
 * message; this process and the database are untouched.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunState } from '../../ipc/contract.js';
import { JobCancelledError } from '../../jobs/runner.js';
import { registerJobKind, type JobContext } from '../../jobs/registry.js';
import type { MetricPoint, RunsRepo } from '../../db/repos/runsRepo.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { prepareData } from '../data/prepare.js';
import type { DataManifest } from '../data/types.js';
import { lastCheckpoint } from '../trainer/checkpointPaths.js';
import type { EpochSummary, FromTrainer } from '../trainer/protocol.js';
import { TrainerHost } from '../trainer/trainerHost.js';
import { rungLabel } from '../backends/probe.js';
import type { RunConfig } from './config.js';
import { LossBatcher } from './lossBatcher.js';
import { emitRunEvent } from './runEvents.js';
import { runsOf, TRAIN_JOB_KIND } from './runLifecycle.js';

const specSchema = z.object({ runId: z.number().int().positive() }).strict();
type Spec = z.infer<typeof specSchema>;

/** Iteration metrics are written in batches of this many points (and at every epoch end). */
const FLUSH_POINTS = 200;

/** The run's files the job writes beside the trainer's checkpoints. */
function writeRunFiles(runDir: string, config: RunConfig, manifest: DataManifest): void {
  mkdirSync(runDir, { recursive: true });
  writeFileAtomic(join(runDir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileAtomic(join(runDir, 'labels.json'), JSON.stringify(manifest.labels));
  writeFileAtomic(join(runDir, 'manifest.json'), JSON.stringify(manifest)); // last: the trainer reads it
}

/** The teacher's run folder and its input specs (distillation), or nulls. */
function teacherOf(runs: RunsRepo, config: RunConfig): { dir: string | null; inputs: RunConfig['inputs'] } {
  if (config.objective.kind !== 'distill') return { dir: null, inputs: [] };
  const id = config.objective.teacherRunId;
  const t = runs.mustGet(id);
  if (t.state !== 'done' && t.state !== 'imported') throw new Error(`The teacher run ${id} (${t.name}) is ${t.state}: train it to the end first`);
  return { dir: runs.dirOf(id), inputs: runs.config(id).inputs };
}

/** Folders of the runs named by `init` sources of kind 'run'. */
function initDirsOf(runs: RunsRepo, config: RunConfig): Record<number, string> {
  const dirs: Record<number, string> = {};
  for (const s of config.init) if (s.from.kind === 'run') dirs[s.from.runId] = runs.dirOf(s.from.runId);
  return dirs;
}

/** Metric rows of one epoch summary. */
function epochPoints(s: EpochSummary): MetricPoint[] {
  const p = (phase: 'train' | 'val', name: string, value: number): MetricPoint => ({ epoch: s.epoch, iter: null, phase, name, value });
  const out = [p('train', 'loss', s.train.loss), p('train', 'acc', s.train.acc), p('train', 'lr', s.lr), p('train', 'seconds', s.seconds)];
  if (s.val) out.push(p('val', 'loss', s.val.loss), p('val', 'acc', s.val.acc));
  return out;
}

/** Runs a run's job to its end; returns the final summary stored as the job's result. */
export async function runTrainingJob(ctx: JobContext<Spec>): Promise<{ runId: number; state: RunState; epochs: number; bestEpoch: number | null; bestMetric: number | null }> {
  const ws = ctx.workspace, runs = runsOf(ws), { runId } = ctx.spec;
  const config = runs.config(runId);
  const runDir = runs.dirOf(runId);
  const changed = (): void => emitRunEvent(ws, 'runs:changed', { runId });
  const setState = (state: RunState, error: string | null = null): void => { runs.setState(runId, state, error); changed(); };
  runs.setJob(runId, ctx.jobId);
  const host = new TrainerHost();
  const onAbort = (): void => host.cancel();
  try {
    const ckpt = lastCheckpoint(runDir);
    const resume = ckpt !== null && existsSync(join(runDir, 'manifest.json'));
    const teacher = teacherOf(runs, config);
    let manifest: DataManifest;
    setState('preparing');
    if (resume) {
      manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as DataManifest; // same data as the checkpoint
    } else {
      ctx.progress({ phase: 'preparing', done: 0, total: 0, message: 'Preparing inputs' });
      manifest = await prepareData(ws, config, { signal: ctx.signal, progress: (p) => ctx.progress({ ...p, phase: 'preparing' }), teacherInputs: teacher.inputs });
      writeRunFiles(runDir, config, manifest);
    }
    runs.setLabels(runId, manifest.labels.map((l) => l.name));
    const epochsDone = resume ? (JSON.parse(readFileSync(join(ckpt!, 'state.json'), 'utf8')) as { epochsDone: number }).epochsDone : 0;
    runs.trimMetrics(runId, epochsDone);
    runs.setProgress(runId, { epochsDone });
    ctx.signal.throwIfAborted();
    setState('training');
    host.start({ type: 'train', runDir, config, resume, teacherDir: teacher.dir, initDirs: initDirsOf(runs, config) });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const result = await follow(ctx, runs, runId, config, host.messages());
    setState('done');
    return { runId, state: 'done', ...result };
  } catch (err) {
    const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : err;
    const cancelled = reason instanceof JobCancelledError;
    const message = reason instanceof Error ? reason.message : String(reason);
    if (ctx.signal.aborted) setState(cancelled ? 'cancelled' : 'interrupted', cancelled ? null : message);
    else setState('failed', message);
    throw reason;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await host.dispose();
  }
}

/** Records the trainer's messages until its final one. */
async function follow(ctx: JobContext<Spec>, runs: RunsRepo, runId: number, config: RunConfig, messages: AsyncIterable<FromTrainer>): Promise<{ epochs: number; bestEpoch: number | null; bestMetric: number | null }> {
  const ws = ctx.workspace;
  let buffer: MetricPoint[] = [];
  const flush = (): void => { runs.insertMetrics(runId, buffer); buffer = []; };
  const losses = new LossBatcher((points, iters) => emitRunEvent(ws, 'runs:progress', { runId, kind: 'iter', iters, points }));
  const epochs = config.training.epochs;
  try {
    for await (const m of messages) {
      if (m.type === 'backend') {
        runs.setBackend(runId, { ...m.record, label: rungLabel(m.record as Parameters<typeof rungLabel>[0]) });
        emitRunEvent(ws, 'runs:changed', { runId });
      } else if (m.type === 'iter') {
        buffer.push({ epoch: m.epoch, iter: m.iter, phase: 'iter', name: 'loss', value: m.loss },
          { epoch: m.epoch, iter: m.iter, phase: 'iter', name: 'data_ms', value: m.dataMs },
          { epoch: m.epoch, iter: m.iter, phase: 'iter', name: 'step_ms', value: m.stepMs });
        if (buffer.length >= FLUSH_POINTS) flush();
        ctx.progress({ phase: 'training', done: (m.epoch - 1) * m.iters + m.iter, total: epochs * m.iters, message: `epoch ${m.epoch}/${epochs}, loss ${m.loss.toFixed(3)}` });
        losses.push({ epoch: m.epoch, iter: m.iter, loss: m.loss }, m.iters, m.iter === m.iters);
      } else if (m.type === 'epoch') {
        losses.flush();
        const s = m.summary;
        buffer.push(...epochPoints(s));
        flush();
        const bestValue = s.val ? (config.training.bestMetric === 'val_loss' ? s.val.loss : s.val.acc) : null;
        runs.setProgress(runId, s.best ? { epochsDone: s.epoch, bestEpoch: s.epoch, bestMetric: bestValue } : { epochsDone: s.epoch });
        emitRunEvent(ws, 'runs:progress', { runId, kind: 'epoch', epoch: s.epoch, lr: s.lr, trainLoss: s.train.loss, trainAcc: s.train.acc,
          valLoss: s.val?.loss ?? null, valAcc: s.val?.acc ?? null, best: s.best });
        emitRunEvent(ws, 'runs:changed', { runId });
      } else if (m.type === 'done') {
        flush();
        runs.setProgress(runId, { epochsDone: m.epochs, bestEpoch: m.bestEpoch, bestMetric: m.bestMetric });
        runs.setResult(runId, { params: m.params, sizeBytes: m.sizeBytes });
        return { epochs: m.epochs, bestEpoch: m.bestEpoch, bestMetric: m.bestMetric };
      } else if (m.type === 'error') {
        // the message goes to the run; the training process's stack to runs/<id>/error.log for bug reports
        const dir = join(ws.path, runs.mustGet(runId).dir);
        if (m.stack) { mkdirSync(dir, { recursive: true }); writeFileAtomic(join(dir, 'error.log'), `${m.message}\n\n${m.stack}\n`); }
        throw Object.assign(new Error(m.message), m.stack ? { stack: m.stack } : {});
      } else if (m.type === 'cancelled') {
        throw ctx.signal.aborted ? ctx.signal.reason : new JobCancelledError();
      }
    }
  } finally {
    losses.flush();
    flush();
  }
  throw new Error('The training process ended without reporting a result');
}

/** Registered as 'training.run': `{ runId }`. */
export const trainingRunJob = registerJobKind<Spec>({
  id: TRAIN_JOB_KIND,
  schema: specSchema,
  describe: (s) => `Train run ${s.runId}`,
  resumable: true,
  run: runTrainingJob,
});
