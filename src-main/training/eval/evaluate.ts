/**
 * Evaluation inside the training process (child): loads a run's best or last model, runs every
 * view of a subset's clips through it without augmentation, and writes the per-view class
 * probabilities to a float32 file next to the manifest (too many for one message on big
 * subsets). Also times the forward pass per clip, so the parent can add the preprocessing it
 * timed and report the inference latency per clip.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BatchPrefetcher, BatchQueue } from '../data/prefetch.js';
import type { DataManifest, HostBatch, SampleRef } from '../data/types.js';
import '../models/index.js'; // registers the families' custom layers before a model is deserialised
import { getModelFamily } from '../models/registry.js';
import { loadModelDir, MODEL_JSON, modelDirBytes } from '../models/modelFiles.js';
import type { RunConfig } from '../run/config.js';
import { bestDir, lastCheckpoint } from '../trainer/checkpointPaths.js';
import { loadTrainerData, type PlanItem } from '../trainer/dataAccess.js';
import { buildTaskMap, type TaskMap } from '../trainer/objectives.js';
import type { ToTrainer } from '../trainer/protocol.js';
import { TrainerCancelled } from '../trainer/validate.js';
import { softmaxRows } from './metrics.js';

/** The evaluate message of the trainer protocol. */
export type EvaluateRequest = Extract<ToTrainer, { type: 'evaluate' }>;

/** What the child sends back in `{ type: 'evaluated', result }`. */
export interface ChildEvaluation {
  /** float32 [views x classes], row i = view of clip `viewClipIds[i]`. */
  probsFile: string;
  viewClipIds: number[];
  classes: number;
  params: number;
  sizeBytes: number;
  /** Mean forward-pass milliseconds per clip (all its views as one batch) over `clips` clips, after a warm-up. */
  forward: { msPerClip: number; clips: number };
  /** tfjs backend name in the child, e.g. 'wasm'. */
  backend: string;
}

/** Clips timed for the latency figure (S003's point: flow's cost must show per clip). */
export const LATENCY_CLIPS = 8;

/** The model folder of a checkpoint, or an error that says what to do. */
export function checkpointModelDir(runDir: string, checkpoint: 'best' | 'last'): string {
  if (checkpoint === 'best') {
    const dir = bestDir(runDir);
    if (!existsSync(join(dir, MODEL_JSON))) {
      throw new Error(`The run has no best model yet (${join(dir, MODEL_JSON)} is missing): let it finish an epoch, or evaluate the last checkpoint`);
    }
    return dir;
  }
  const last = lastCheckpoint(runDir);
  if (!last || !existsSync(join(last, 'model', MODEL_JSON))) {
    throw new Error(`The run has no checkpoint in ${join(runDir, 'checkpoints')}: let it finish an epoch, or evaluate the best model`);
  }
  return join(last, 'model');
}

/** Class ids in the run's label order as it trained (its `labels.json`), for mapping multi-task heads. */
function trainedClassIds(runDir: string, manifest: DataManifest): number[] {
  const file = join(runDir, 'labels.json');
  if (!existsSync(file)) return manifest.labels.map((l) => l.classId);
  return (JSON.parse(readFileSync(file, 'utf8')) as { classId: number }[]).map((l) => l.classId);
}

/** Turns the model's outputs for a batch into [rows x C] probabilities over the run's labels. */
function rowProbabilities(outs: tf.Tensor[], labels: Int32Array, classes: number, logits: boolean, tasks: TaskMap | null): Float32Array {
  const toProbs = (t: tf.Tensor): Float32Array => {
    const raw = t.dataSync() as Float32Array;
    const c = t.shape[t.shape.length - 1]!;
    return logits ? softmaxRows(raw, c) : Float32Array.from(raw);
  };
  if (!tasks) {
    const p = toProbs(outs[0]!);
    if (p.length !== labels.length * classes) {
      throw new Error(`The model scores ${p.length / labels.length} classes but the evaluation has ${classes}: it was trained on other classes`);
    }
    return p;
  }
  // Multi-task: a row's task is known from its label (its dataset); its head's probabilities go to
  // that task's classes, zero elsewhere, so each row still sums to 1 over the run's labels.
  const heads = outs.map(toProbs);
  const out = new Float32Array(labels.length * classes);
  labels.forEach((label, r) => {
    const t = tasks.task[label]!;
    const width = outs[t]!.shape[1]!;
    for (let l = 0; l < classes; l++) if (tasks.task[l] === t) out[r * classes + l] = heads[t]![r * width + tasks.index[l]!]!;
  });
  return out;
}

/** Runs the model on a host batch in inference mode, returning its outputs as a list. */
function forward(model: tf.LayersModel, host: HostBatch): tf.Tensor[] {
  return tf.tidy(() => {
    const xs = host.inputs.map((x) => tf.tensor(x.data, x.shape));
    const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor | tf.Tensor[];
    return Array.isArray(y) ? y : [y];
  });
}

/**
 * Mean milliseconds of one clip's forward pass (all its views as one batch, outputs read back), on
 * up to LATENCY_CLIPS clips after one warm-up; reading the cached input files is not timed (the
 * parent times making the inputs from the video).
 */
async function timeForward(model: tf.LayersModel, reader: BatchPrefetcher, subset: EvaluateRequest['subset'], refs: SampleRef[], inputs: number[]): Promise<{ msPerClip: number; clips: number }> {
  const n = Math.min(LATENCY_CLIPS, refs.length);
  if (!n) return { msPerClip: 0, clips: 0 };
  const hostOf = async (ref: number): Promise<HostBatch> => (await reader.load([{ subset, items: Array.from({ length: refs[ref]!.views }, (_, view) => ({ ref, view })),
    opts: { augment: null, seed: 0, epoch: 0, batchIndex: 0, inputs } }]))[0]!;
  const run = (host: HostBatch): void => {
    const outs = forward(model, host);
    outs.forEach((o) => o.dataSync());
    tf.dispose(outs);
  };
  run(await hostOf(0)); // warm-up: kernels compile and memory is allocated once
  let total = 0;
  for (let ref = 0; ref < n; ref++) {
    const host = await hostOf(ref);
    const t0 = performance.now();
    run(host);
    total += performance.now() - t0;
  }
  return { msPerClip: total / n, clips: n };
}

/**
 * Evaluates `req.subset` of the manifest with the run's `req.checkpoint` weights. `cancelled` is
 * polled between batches (a cancel message arrives between them).
 */
export async function evaluateInTrainer(req: EvaluateRequest, opts: { batchSize?: number; cancelled?: () => boolean } = {}): Promise<ChildEvaluation> {
  const modelDir = checkpointModelDir(req.runDir, req.checkpoint);
  const manifest = JSON.parse(readFileSync(req.manifestPath, 'utf8')) as DataManifest;
  const refs = manifest.subsets[req.subset];
  if (!refs.length) throw new Error(`The ${req.subset} subset has no clips to evaluate (${manifest.skipped.length} skipped while preparing)`);
  const model = await loadModelDir(modelDir);
  const reader = new BatchPrefetcher(manifest);
  try {
    const data = await loadTrainerData();
    const config: RunConfig = req.config;
    const logits = familyOutput(config) === 'logits';
    const tasks = config.objective.kind === 'multitask' ? buildTaskMap(trainedClassIds(req.runDir, manifest), config.objective.tasks) : null;
    const classes = manifest.labels.length;
    const plan = data.evalPlan(refs);
    const batch = opts.batchSize ?? Math.max(1, Math.min(config.training.batchSize, 64));
    const probs = new Float32Array(plan.length * classes);
    const viewClipIds: number[] = [];
    const itemsOf = (b: number): PlanItem[] => plan.slice(b * batch, (b + 1) * batch);
    const inputs = Array.from({ length: manifest.modelInputs }, (_, k) => k);
    // batches are read on a worker thread while the model runs on the previous one
    const queue = new BatchQueue(reader, Math.ceil(plan.length / batch), (b) => [{ subset: req.subset, items: itemsOf(b),
      opts: { augment: null, seed: 0, epoch: 0, batchIndex: b, inputs } }]);
    for (let b = 0, i = 0; i < plan.length; b++, i += batch) {
      if (opts.cancelled?.()) throw new TrainerCancelled();
      const items = itemsOf(b);
      const [host] = await queue.take(b);
      const outs = forward(model, host!);
      try {
        probs.set(rowProbabilities(outs, host!.labels, classes, logits, tasks), i * classes);
      } finally {
        tf.dispose(outs);
      }
      for (const it of items) viewClipIds.push(refs[it.ref]!.clipId);
      await new Promise((r) => setImmediate(r)); // lets a cancel message in
    }
    const probsFile = join(dirname(req.manifestPath), `probs-${req.subset}.f32`);
    writeFileSync(probsFile, new Uint8Array(probs.buffer, probs.byteOffset, probs.byteLength));
    return {
      probsFile, viewClipIds, classes, params: model.countParams(), sizeBytes: modelDirBytes(modelDir),
      forward: await timeForward(model, reader, req.subset, refs, inputs), backend: tf.getBackend(),
    };
  } finally {
    await reader.close();
    model.dispose();
  }
}

/** Whether the run's family outputs logits (default) or probabilities; unknown families count as logits. */
function familyOutput(config: RunConfig): 'logits' | 'probabilities' {
  try {
    return getModelFamily(config.model.family).output;
  } catch {
    return 'logits';
  }
}
