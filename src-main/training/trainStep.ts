/**
 * One optimiser step for any registered model family, the unit the trainer, the benchmark, the
 * kernel-coverage test and worker jobs all run. Also makes synthetic batches of the right shape.
 */
import * as tf from '@tensorflow/tfjs';
import { releaseFailedTape } from './failedStep.js';
import { buildModel, type ModelFamily } from './models/index.js';
import { FusedAdamOptimizer } from './optimizers/fusedAdam.js';
import { asOutOfMemory } from './outOfMemory.js';

/** A model with its optimiser, ready for `trainStep`. */
export interface Trainable {
  family: ModelFamily<unknown>;
  config: unknown;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
}

/** Builds a model of `familyId` from `config` (validated) with Adam (fused on wasm). */
export function createTrainable(familyId: string, config: unknown, learningRate = 1e-3): Trainable {
  const { model, config: parsed, family } = buildModel(familyId, config);
  return { family, config: parsed, model, optimizer: new FusedAdamOptimizer(learningRate) };
}

/** What a model takes (one tensor per input, a plain tensor for single-input models) and returns (one per output). */
export type ModelTensors = tf.Tensor | tf.Tensor[];

/**
 * Mean cross-entropy of a batch: logits [B, classes] or probabilities [B, classes]; labels [B]
 * int32. Multi-output (multi-task) models return one logits tensor per task; labels then index
 * the tasks' classes concatenated in output order, and each sample's loss is its own task's head.
 */
export function batchLoss(t: Trainable, out: ModelTensors, labels: tf.Tensor1D): tf.Scalar {
  if (Array.isArray(out)) return multiTaskLoss(out, labels);
  const oneHot = tf.oneHot(labels, t.family.classes(t.config));
  if (t.family.output === 'logits') return tf.losses.softmaxCrossEntropy(oneHot, out) as tf.Scalar;
  return tf.neg(tf.mean(tf.log(tf.add(tf.sum(tf.mul(out, oneHot), -1), 1e-7)))) as tf.Scalar;
}

/** Per output: the samples whose label falls in its class range and their label within the task. */
function taskSplit(outs: tf.Tensor[], labels: tf.Tensor1D): { mask: tf.Tensor1D; local: tf.Tensor1D; classes: number }[] {
  let offset = 0;
  return outs.map((o) => {
    const classes = o.shape[1]!;
    const local = tf.sub(labels, offset) as tf.Tensor1D;
    const mask = tf.cast(tf.logicalAnd(tf.greaterEqual(local, 0), tf.less(local, classes)), 'float32') as tf.Tensor1D;
    offset += classes;
    return { mask, local: tf.cast(tf.clipByValue(local, 0, classes - 1), 'int32') as tf.Tensor1D, classes };
  });
}

/** Sum over tasks of each task's per-sample cross-entropy on its own samples, divided by B. */
function multiTaskLoss(outs: tf.Tensor[], labels: tf.Tensor1D): tf.Scalar {
  const parts = taskSplit(outs, labels).map(({ mask, local, classes }, i) =>
    tf.sum(tf.mul(tf.losses.softmaxCrossEntropy(tf.oneHot(local, classes), outs[i]!, undefined, 0, tf.Reduction.NONE), mask)));
  return tf.div(tf.addN(parts), labels.shape[0]) as tf.Scalar;
}

/** How many samples of the batch the model classifies right (multi-task: argmax within the sample's task). */
export function batchCorrect(out: ModelTensors, labels: tf.Tensor1D): number {
  return tf.tidy(() => {
    if (!Array.isArray(out)) return tf.sum(tf.cast(tf.equal(tf.argMax(out, -1), labels), 'int32')).dataSync()[0]!;
    const hits = taskSplit(out, labels).map(({ mask, local }, i) => tf.mul(tf.cast(tf.equal(tf.argMax(out[i]!, -1), local), 'float32'), mask));
    return Math.round(tf.sum(tf.addN(hits)).dataSync()[0]!);
  });
}

/**
 * One forward/backward/update on x: [B, ...input shape] float32 (one tensor per model input)
 * with labels [B] int32. Returns the loss. Out of memory becomes an error that names the batch size.
 */
export function trainStep(t: Trainable, x: ModelTensors, labels: tf.Tensor1D): number {
  try {
    const loss = t.optimizer.minimize(() => batchLoss(t, t.model.apply(x, { training: true }) as ModelTensors, labels), true);
    if (!loss) throw new Error('The optimiser returned no loss');
    const v = loss.dataSync()[0]!;
    loss.dispose();
    return v;
  } catch (err) {
    releaseFailedTape();
    throw asOutOfMemory(err, { family: t.family.id, batch: labels.shape[0], backend: tf.getBackend() });
  }
}

/** A random batch for a single-input family: x [batch, ...shape] ~ N(0, 1), labels uniform. */
export function syntheticBatch(t: Trainable, batch: number, seed = 1): { x: tf.Tensor; labels: tf.Tensor1D } {
  const { x, labels } = syntheticInputs(t, batch, seed);
  if (Array.isArray(x)) {
    tf.dispose([x, labels]);
    throw new Error(`Model family ${t.family.id} has ${x.length} inputs; use syntheticInputs, which returns one tensor per input`);
  }
  return { x, labels };
}

/** A random batch for every input of the family (a plain tensor when it has one): ~ N(0, 1), labels uniform. */
export function syntheticInputs(t: Trainable, batch: number, seed = 1): { x: ModelTensors; labels: tf.Tensor1D } {
  const inputs = t.family.inputs(t.config);
  if (inputs.length === 0) throw new Error(`Model family ${t.family.id} declares no input`);
  try {
    return tf.tidy(() => {
      const xs = inputs.map((input, i) => tf.randomNormal([batch, ...input.shape], 0, 1, 'float32', seed + 7919 * i));
      const labels = tf.randomUniform([batch], 0, t.family.classes(t.config), 'int32', seed + 1) as tf.Tensor1D;
      return { x: xs.length === 1 ? xs[0]! : xs, labels };
    });
  } catch (err) {
    throw asOutOfMemory(err, { family: t.family.id, batch, backend: tf.getBackend() });
  }
}

/** Frees the model's weights and the optimiser's state. */
export function disposeTrainable(t: Trainable): void {
  t.optimizer.dispose();
  t.model.dispose();
}
