/**
 * One optimiser step for any registered model family, the unit the trainer, the benchmark, the
 * kernel-coverage test and worker jobs all run. Also makes synthetic batches of the right shape.
 */
import * as tf from '@tensorflow/tfjs';
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

/** Mean cross-entropy of a batch: logits [B, classes] or probabilities [B, classes]; labels [B] int32. */
export function batchLoss(t: Trainable, out: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  const oneHot = tf.oneHot(labels, t.family.classes(t.config));
  if (t.family.output === 'logits') return tf.losses.softmaxCrossEntropy(oneHot, out) as tf.Scalar;
  return tf.neg(tf.mean(tf.log(tf.add(tf.sum(tf.mul(out, oneHot), -1), 1e-7)))) as tf.Scalar;
}

/**
 * One forward/backward/update on x: [B, ...input shape] float32 with labels [B] int32. Returns
 * the loss. Out of memory becomes an error that names the batch size.
 */
export function trainStep(t: Trainable, x: tf.Tensor, labels: tf.Tensor1D): number {
  try {
    const loss = t.optimizer.minimize(() => batchLoss(t, t.model.apply(x, { training: true }) as tf.Tensor, labels), true);
    if (!loss) throw new Error('The optimiser returned no loss');
    const v = loss.dataSync()[0]!;
    loss.dispose();
    return v;
  } catch (err) {
    throw asOutOfMemory(err, { family: t.family.id, batch: x.shape[0] ?? 0, backend: tf.getBackend() });
  }
}

/** A random batch for the family's first input: x [batch, ...shape] ~ N(0, 1), labels uniform. */
export function syntheticBatch(t: Trainable, batch: number, seed = 1): { x: tf.Tensor; labels: tf.Tensor1D } {
  const input = t.family.inputs(t.config)[0];
  if (!input) throw new Error(`Model family ${t.family.id} declares no input`);
  try {
    return tf.tidy(() => ({
      x: tf.randomNormal([batch, ...input.shape], 0, 1, 'float32', seed),
      labels: tf.randomUniform([batch], 0, t.family.classes(t.config), 'int32', seed + 1) as tf.Tensor1D,
    }));
  } catch (err) {
    throw asOutOfMemory(err, { family: t.family.id, batch, backend: tf.getBackend() });
  }
}

/** Frees the model's weights and the optimiser's state. */
export function disposeTrainable(t: Trainable): void {
  t.optimizer.dispose();
  t.model.dispose();
}
