/**
 * The losses a run can minimise, as pure tensor functions with their shapes stated, so they can
 * be checked against hand-computed values: cross-entropy (per sample), distillation
 * (CE + alpha * MSE of features, S003), contrastive (S004 Siamese) and multi-task CE where each
 * sample's loss comes only from its own task's head (S004).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelOutput } from '../models/registry.js';

/** Per-sample cross-entropy [B] of `out` [B, C] (logits or probabilities) against labels [B] int32. */
export function crossEntropyPerSample(out: tf.Tensor, labels: tf.Tensor1D, output: ModelOutput): tf.Tensor1D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, out.shape[1]!);
    const logp = output === 'logits' ? tf.logSoftmax(out as tf.Tensor2D) : tf.log(tf.add(out, 1e-7));
    return tf.neg(tf.sum(tf.mul(logp, oneHot), -1)) as tf.Tensor1D;
  });
}

/** Mean cross-entropy (a scalar). */
export function crossEntropy(out: tf.Tensor, labels: tf.Tensor1D, output: ModelOutput): tf.Scalar {
  return tf.tidy(() => tf.mean(crossEntropyPerSample(out, labels, output)) as tf.Scalar);
}

/**
 * S003 distillation: CE + alpha * MSE, the MSE averaged over every element of the student's
 * features [B, ...] against the (frozen) teacher's features of the same shape. Gradients are taken
 * with respect to the student's variables only, so the teacher's features act as constants.
 */
export function distillationLoss(ce: tf.Scalar, studentFeatures: tf.Tensor, teacherFeatures: tf.Tensor, alpha: number): tf.Scalar {
  if (studentFeatures.size !== teacherFeatures.size) {
    throw new Error(`Distillation needs student and teacher features of the same size; got [${studentFeatures.shape.join(', ')}] and [${teacherFeatures.shape.join(', ')}]: pick layers with matching widths`);
  }
  return tf.tidy(() => tf.add(ce, tf.mul(alpha, tf.mean(tf.squaredDifference(tf.reshape(studentFeatures, teacherFeatures.shape), teacherFeatures)))) as tf.Scalar);
}

/**
 * Contrastive loss (Hadsell et al.), mean over pairs of y*d^2 + (1-y)*max(0, margin - d)^2, with
 * d the Euclidean distance between embeddings a, b [B, D] (flattened) and y [B] 1 = similar, 0 = not.
 */
export function contrastiveLoss(a: tf.Tensor, b: tf.Tensor, similar: tf.Tensor1D, margin: number): tf.Scalar {
  return tf.tidy(() => {
    const fa = tf.reshape(a, [a.shape[0]!, -1]), fb = tf.reshape(b, [b.shape[0]!, -1]);
    const d2 = tf.sum(tf.squaredDifference(fa, fb), -1);
    const d = tf.sqrt(tf.add(d2, 1e-12)); // epsilon: finite gradient when a == b
    const y = tf.cast(similar, 'float32');
    const far = tf.square(tf.relu(tf.sub(margin, d)));
    return tf.mean(tf.add(tf.mul(y, d2), tf.mul(tf.sub(1, y), far))) as tf.Scalar;
  });
}

/** Where each label of the run's label list sits among the tasks: task number and index in its head. */
export interface TaskMap {
  task: Int32Array;
  index: Int32Array;
}

/**
 * Maps labels (the run's class ids in label order) to (task, index in that task's head). A class
 * in no task, or in two, is an error naming it.
 */
export function buildTaskMap(labelClassIds: number[], tasks: { name: string; classIds: number[] }[]): TaskMap {
  const task = new Int32Array(labelClassIds.length), index = new Int32Array(labelClassIds.length);
  labelClassIds.forEach((cid, l) => {
    const hits = tasks.flatMap((t, ti) => (t.classIds.includes(cid) ? [ti] : []));
    if (hits.length !== 1) {
      throw new Error(`Class ${cid} is in ${hits.length === 0 ? 'no task' : `tasks ${hits.map((h) => tasks[h]!.name).join(' and ')}`}: each class of a multi-task run must belong to exactly one task`);
    }
    task[l] = hits[0]!;
    index[l] = tasks[hits[0]!]!.classIds.indexOf(cid);
  });
  return { task, index };
}

/**
 * Multi-task CE: outputs [T] of [B, C_t]; sample s contributes only CE(outputs[task[s]], index[s]).
 * Returns the mean over the batch (each sample counted once, whichever head it uses).
 */
export function multitaskLoss(outputs: tf.Tensor[], task: Int32Array, index: Int32Array, output: ModelOutput): tf.Scalar {
  return tf.tidy(() => {
    const b = task.length;
    const terms = outputs.map((out, t) => {
      const mask = tf.tensor1d(Array.from(task, (k) => (k === t ? 1 : 0)), 'float32');
      const local = tf.tensor1d(Array.from(index, (i, s) => (task[s] === t ? i : 0)), 'int32');
      return tf.sum(tf.mul(mask, crossEntropyPerSample(out, local, output)));
    });
    return tf.div(tf.addN(terms), b) as tf.Scalar;
  });
}

/** Multi-task predictions: for each sample, argmax of its own task's head (index within that head). */
export function multitaskPredictions(outputs: tf.Tensor[], task: Int32Array): Int32Array {
  const per = outputs.map((o) => tf.tidy(() => tf.argMax(o, -1)).dataSync() as Int32Array);
  return Int32Array.from(task, (t, s) => per[t]![s]!);
}
