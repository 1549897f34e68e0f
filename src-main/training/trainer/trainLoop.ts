/**
 * The training loop of one run, inside the training process: builds the model and objective,
 * applies init sources or resumes from the last checkpoint, then per epoch sets the learning
 * rate, streams batches in the data's seeded order, steps the optimiser (clipping, weight decay),
 * validates, keeps the best model, checkpoints and stops early when asked. Checks for cancel
 * between batches. Reports through `io.send` with the protocol's messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BatchPrefetcher, BatchQueue, type BatchCall } from '../data/prefetch.js';
import type { DataManifest, HostBatch, SampleRef } from '../data/types.js';
import { buildModel } from '../models/index.js';
import { loadModelDir, modelDirBytes } from '../models/modelFiles.js';
import { releaseFailedTape } from '../failedStep.js';
import { asOutOfMemory } from '../outOfMemory.js';
import type { MetricName, RunConfig } from '../run/config.js';
import { loadCheckpoint, saveBest, saveCheckpoint, type LoopState } from './checkpoint.js';
import { bestDir, lastCheckpoint } from './checkpointPaths.js';
import { loadTrainerData, type PlanItem, type TrainerData } from './dataAccess.js';
import { applyInitSources, modelFolderOf } from './initWeights.js';
import { makeObjectiveRunner, type ObjectiveRunner, type TrainBatch } from './objectiveRunner.js';
import { learningRateAt, makeOptimizer, setLearningRate, transformGradients } from './optimizer.js';
import type { FromTrainer, ToTrainer } from './protocol.js';
import type { SeededRandom } from './seededRandom.js';
import { TrainerCancelled, validate } from './validate.js';

/** What the loop needs from its process. */
export interface LoopIo {
  send(msg: FromTrainer): void;
  cancelled(): boolean;
  rng: SeededRandom;
}

type TrainMessage = Extract<ToTrainer, { type: 'train' }>;

/** Test hook: `MWB_TRAINER_FAULT=exit@N` exits with code 3, `throw@N` throws, at global iteration N. */
function fault(globalIter: number): void {
  const m = /^(exit|throw)@(\d+)$/.exec(process.env.MWB_TRAINER_FAULT ?? '');
  if (!m || Number(m[2]) !== globalIter) return;
  if (m[1] === 'exit') process.exit(3);
  throw new Error(`Injected trainer fault at iteration ${globalIter}`);
}

/** True when `value` beats `best` for `metric` by more than `minDelta`. */
export function improves(metric: MetricName, value: number, best: number | null, minDelta = 0): boolean {
  if (best === null) return true;
  return metric === 'val_loss' ? value < best - minDelta : value > best + minDelta;
}

/** Trains the run described by `msg`; resolves when it finished or stopped early. */
export async function trainRun(msg: TrainMessage, io: LoopIo): Promise<void> {
  const cfg: RunConfig = msg.config;
  const t = cfg.training;
  const manifest = JSON.parse(readFileSync(join(msg.runDir, 'manifest.json'), 'utf8')) as DataManifest;
  const data = await loadTrainerData();
  const { model, family, config: modelConfig } = buildModel(cfg.model.family, cfg.model.config);
  const opt = makeOptimizer(t.optimizer);
  const reader = new BatchPrefetcher(manifest);
  let teacher: tf.LayersModel | null = null;
  try {
    const classes = family.classes(modelConfig);
    if (cfg.objective.kind !== 'multitask' && classes !== manifest.labels.length) {
      throw new Error(`The model scores ${classes} classes but the data has ${manifest.labels.length} (${manifest.labels.map((l) => l.name).join(', ')}): set model.config.classes to ${manifest.labels.length}`);
    }
    const train = manifest.subsets.train;
    if (!train.length) throw new Error('The training subset has no clips: check the split set and the skipped clips');
    teacher = cfg.objective.kind === 'distill' && msg.teacherDir ? await loadModelDir(modelFolderOf(msg.teacherDir)) : null;
    teacher?.layers.forEach((l) => { l.trainable = false; });
    const runner = makeObjectiveRunner(cfg.objective, model, family, manifest, teacher);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    let state: LoopState = { epochsDone: 0, rng: io.rng.state, best: null, early: { best: null, bad: 0 } };
    const ckpt = msg.resume ? lastCheckpoint(msg.runDir) : null;
    if (ckpt) state = loadCheckpoint(ckpt, model, opt);
    else await applyInitSources(model, cfg.init, msg.initDirs);
    io.rng.state = state.rng;
    // a run that had already stopped early (and was interrupted before reporting it) stays stopped
    let stoppedEarly = t.earlyStopping !== null && state.early.bad >= t.earlyStopping.patience;
    let globalIter = 0; // this process's iterations (the fault hook counts these)
    for (let epoch = state.epochsDone; epoch < t.epochs && !stoppedEarly; epoch++) {
      const started = performance.now();
      const lr = learningRateAt(t, epoch);
      setLearningRate(opt, lr);
      const batches = planBatches(data, cfg, runner, train, epoch);
      const queue = new BatchQueue(reader, batches.length, (i) => batchCalls(cfg, runner, batches[i]!, epoch, i));
      let lossSum = 0, rows = 0;
      const correct = { n: 0 };
      for (let i = 0; i < batches.length; i++) {
        // data time = what the step waited for: the rest of the read overlapped the previous step
        const d0 = performance.now();
        const host = await queue.take(i);
        const waited = performance.now() - d0;
        await new Promise((r) => setImmediate(r)); // a cancel message can arrive between batches
        if (io.cancelled()) throw new TrainerCancelled();
        fault(globalIter++);
        const t0 = performance.now();
        const batch = toTrainBatch(batches[i]!, host);
        const s0 = performance.now();
        const n = batch.a.labels.length;
        let loss: number;
        try {
          loss = step(opt, vars, runner, batch, correct, t.clipNorm, t.optimizer.weightDecay);
        } catch (err) {
          releaseFailedTape();
          throw asOutOfMemory(err, { family: family.id, batch: n, backend: tf.getBackend() });
        } finally {
          disposeBatch(batch);
        }
        const s1 = performance.now();
        if (!Number.isFinite(loss)) throw new Error(`The loss became ${loss} at epoch ${epoch + 1}, iteration ${i + 1}: lower the learning rate or enable gradient clipping`);
        lossSum += loss * n;
        rows += n;
        io.send({ type: 'iter', epoch: epoch + 1, iter: i + 1, iters: batches.length, loss, lr, dataMs: waited + s0 - t0, stepMs: s1 - s0 });
      }
      const val = await validate(data, manifest, reader, runner, t.batchSize, io.cancelled);
      const metric = (name: MetricName): number | null => (val ? (name === 'val_loss' ? val.loss : val.acc) : null);
      const bestValue = metric(t.bestMetric);
      const isBest = bestValue === null ? true : improves(t.bestMetric, bestValue, state.best?.value ?? null);
      if (isBest) {
        state.best = { epoch: epoch + 1, value: bestValue ?? NaN };
        await saveBest(msg.runDir, model, { labels: manifest.labels.map((l) => l.name), epoch: epoch + 1 });
      }
      if (t.earlyStopping && val) {
        const v = metric(t.earlyStopping.metric)!;
        if (improves(t.earlyStopping.metric, v, state.early.best, t.earlyStopping.minDelta)) state.early = { best: v, bad: 0 };
        else state.early.bad++;
        stoppedEarly = state.early.bad >= t.earlyStopping.patience;
      }
      state.epochsDone = epoch + 1;
      state.rng = io.rng.state;
      await saveCheckpoint(msg.runDir, model, opt, state);
      io.send({ type: 'epoch', summary: { epoch: epoch + 1, lr, train: { loss: lossSum / Math.max(1, rows), acc: correct.n / Math.max(1, rows) },
        val, best: isBest, seconds: (performance.now() - started) / 1000 } });
      io.send({ type: 'checkpoint', epoch: epoch + 1 });
    }
    const best = state.best;
    io.send({ type: 'done', epochs: state.epochsDone, bestEpoch: best?.epoch ?? null, bestMetric: best && Number.isFinite(best.value) ? best.value : null,
      params: model.countParams(), sizeBytes: modelDirBytes(bestDir(msg.runDir)), stoppedEarly });
  } finally {
    await reader.close();
    opt.dispose();
    model.dispose();
    teacher?.dispose();
  }
}

/** One optimiser step: gradients of the objective, clipped and decayed, applied. Returns the loss. */
function step(opt: tf.Optimizer, vars: tf.Variable[], runner: ObjectiveRunner, batch: TrainBatch, correct: { n: number }, clipNorm: number | null, weightDecay: number): number {
  const { value, grads } = tf.variableGrads(() => runner.loss(batch, correct), vars);
  const t = transformGradients(grads, { clipNorm, weightDecay });
  tf.dispose(grads);
  opt.applyGradients(t.grads);
  tf.dispose(t.grads);
  const loss = value.dataSync()[0]!;
  value.dispose();
  return loss;
}

/** One planned batch: rows, or the two sides of Siamese pairs. */
type Planned = PlanItem[] | { a: PlanItem[]; b: PlanItem[]; similar: Int32Array };

/** The epoch's batches as plan rows (pairs for Siamese), `batchSize` rows (or pairs) each. */
function planBatches(data: TrainerData, cfg: RunConfig, runner: ObjectiveRunner, refs: SampleRef[], epoch: number): Planned[] {
  const B = cfg.training.batchSize;
  const out: Planned[] = [];
  if (runner.pairs && cfg.objective.kind === 'siamese') {
    const pairs = data.siamesePairs(refs, { dissimilarPerSimilar: cfg.objective.dissimilarPerSimilar, seed: cfg.training.seed, epoch });
    if (!pairs.length) throw new Error('No Siamese pairs: the training clips have no multi-view links (tag camera views of the same moment to link them)');
    for (let i = 0; i < pairs.length; i += B) {
      const p = pairs.slice(i, i + B);
      out.push({ a: p.map((x) => x.a), b: p.map((x) => x.b), similar: Int32Array.from(p, (x) => (x.similar ? 1 : 0)) });
    }
    return out;
  }
  const plan = data.epochPlan(refs, cfg.data.viewsPerClip, cfg.training.seed, epoch);
  for (let i = 0; i < plan.length; i += B) out.push(plan.slice(i, i + B));
  return out;
}

/** The `makeBatch` calls of one planned batch: its rows (and the teacher's inputs), or both sides of its pairs. */
function batchCalls(cfg: RunConfig, runner: ObjectiveRunner, planned: Planned, epoch: number, batchIndex: number): BatchCall[] {
  const call = (items: PlanItem[], inputs: number[], salt: number): BatchCall => ({ subset: 'train', items,
    opts: { augment: cfg.augment, seed: cfg.training.seed + salt, epoch, batchIndex, inputs } });
  if (!Array.isArray(planned)) return [call(planned.a, runner.modelInputs, 0), call(planned.b, runner.modelInputs, 7919)];
  const calls = [call(planned, runner.modelInputs, 0)];
  if (runner.teacherInputs.length) calls.push(call(planned, runner.teacherInputs, 0));
  return calls;
}

/** The host batches of {@link batchCalls} as tensors. */
function toTrainBatch(planned: Planned, host: HostBatch[]): TrainBatch {
  const tensors = (h: HostBatch): tf.Tensor[] => h.inputs.map((x) => tf.tensor(x.data, x.shape));
  const a = { xs: tensors(host[0]!), labels: host[0]!.labels };
  if (!Array.isArray(planned)) return { a, b: { xs: tensors(host[1]!), labels: host[1]!.labels }, similar: planned.similar };
  return host[1] ? { a, teacherXs: tensors(host[1]) } : { a };
}

function disposeBatch(b: TrainBatch): void {
  tf.dispose(b.a.xs);
  if (b.b) tf.dispose(b.b.xs);
  if (b.teacherXs) tf.dispose(b.teacherXs);
}
