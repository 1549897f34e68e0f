/**
 * Binds a run's objective to its model: which manifest inputs a batch needs, the training loss
 * of a batch (classify, distill with a frozen teacher, Siamese pairs on one shared-weight model,
 * multi-task heads) with the number of correct predictions, and per-row probabilities for
 * clip-level validation. Keeps the trainer loop free of objective-specific branches.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataManifest } from '../data/types.js';
import type { ModelFamily } from '../models/registry.js';
import type { ObjectiveConfig } from '../run/config.js';
import { buildTaskMap, contrastiveLoss, crossEntropy, crossEntropyPerSample, distillationLoss, multitaskLoss, multitaskPredictions, type TaskMap } from './objectives.js';

/** Tensors of one side of a batch. */
export interface BatchSide {
  xs: tf.Tensor[];
  labels: Int32Array;
}

/** A training batch: one side, plus the second side and similarity for Siamese pairs, plus teacher inputs. */
export interface TrainBatch {
  a: BatchSide;
  b?: BatchSide;
  similar?: Int32Array;
  teacherXs?: tf.Tensor[];
}

/** Per row: probabilities over the row's head and the target index in it. */
export interface EvalRows {
  probs: Float32Array[];
  targets: Int32Array;
}

/** The objective bound to a model. */
export interface ObjectiveRunner {
  /** Manifest inputs of the model (and teacher, after them) a batch must load. */
  modelInputs: number[];
  teacherInputs: number[];
  pairs: boolean;
  /** Loss of a batch in training mode; `correct` receives the number of right predictions. */
  loss(batch: TrainBatch, correct: { n: number }): tf.Scalar;
  /** Evaluation-mode probabilities per row. */
  evalRows(side: BatchSide): EvalRows;
}

const call = (m: tf.LayersModel, xs: tf.Tensor[], training: boolean): tf.Tensor[] => {
  const out = m.apply(xs.length === 1 ? xs[0]! : xs, { training }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
};

const countCorrect = (logits: tf.Tensor, labels: Int32Array): number => {
  const pred = tf.tidy(() => tf.argMax(logits, -1)).dataSync();
  return labels.reduce((n, l, i) => n + (pred[i] === l ? 1 : 0), 0);
};

/** A model whose outputs are the original outputs followed by `layer`'s output (weights shared). */
export function withFeatures(model: tf.LayersModel, layer: string): tf.LayersModel {
  let l: tf.layers.Layer;
  try {
    l = model.getLayer(layer);
  } catch {
    throw new Error(`The model has no layer "${layer}"; its layers are: ${model.layers.map((x) => x.name).join(', ')}`);
  }
  return tf.model({ inputs: model.inputs, outputs: [...model.outputs, l.output as tf.SymbolicTensor] });
}

/** Builds the runner of `objective` for `model`; `teacher` is the frozen teacher model for distillation. */
export function makeObjectiveRunner(objective: ObjectiveConfig, model: tf.LayersModel, family: ModelFamily<unknown>, manifest: DataManifest, teacher: tf.LayersModel | null): ObjectiveRunner {
  const modelInputs = Array.from({ length: manifest.modelInputs }, (_, i) => i);
  const output = family.output;
  const toTensor = (labels: Int32Array): tf.Tensor1D => tf.tensor1d(labels, 'int32');
  const probsOf = (out: tf.Tensor): Float32Array[] => {
    const p = tf.tidy(() => (output === 'logits' ? tf.softmax(out) : out)).arraySync() as number[][];
    return p.map((r) => Float32Array.from(r));
  };
  const classifyEval = (side: BatchSide): EvalRows => {
    const out = tf.tidy(() => call(model, side.xs, false)[0]!);
    try {
      return { probs: probsOf(out), targets: side.labels };
    } finally {
      out.dispose();
    }
  };
  const base = { modelInputs, teacherInputs: [] as number[], pairs: false, evalRows: classifyEval };

  if (objective.kind === 'classify') {
    return { ...base, loss: (b, correct) => {
      const out = call(model, b.a.xs, true)[0]!;
      correct.n += countCorrect(out, b.a.labels);
      return crossEntropy(out, toTensor(b.a.labels), output);
    } };
  }
  if (objective.kind === 'distill') {
    if (!teacher) throw new Error('Distillation needs its teacher run\'s best model; the teacher folder was not given');
    const student = withFeatures(model, objective.studentLayer);
    const teacherFeat = tf.model({ inputs: teacher.inputs, outputs: withFeatures(teacher, objective.teacherLayer).outputs.at(-1)! }); // not in the trained variables: frozen
    const teacherInputs = Array.from({ length: manifest.inputs.length - manifest.modelInputs }, (_, i) => manifest.modelInputs + i);
    if (!teacherInputs.length) throw new Error('Distillation needs teacher inputs in the data manifest; none were prepared');
    return { ...base, teacherInputs, loss: (b, correct) => {
      const [out, feat] = call(student, b.a.xs, true) as [tf.Tensor, tf.Tensor];
      correct.n += countCorrect(out, b.a.labels);
      const t = call(teacherFeat, b.teacherXs ?? [], false)[0]!;
      return distillationLoss(crossEntropy(out, toTensor(b.a.labels), output), feat, t, objective.alpha);
    } };
  }
  if (objective.kind === 'siamese') {
    const net = withFeatures(model, objective.embeddingLayer);
    return { ...base, pairs: true, loss: (b, correct) => {
      if (!b.b || !b.similar) throw new Error('A Siamese batch needs two sides and their similarity');
      const [la, ea] = call(net, b.a.xs, true) as [tf.Tensor, tf.Tensor];
      const [lb, eb] = call(net, b.b.xs, true) as [tf.Tensor, tf.Tensor];
      correct.n += countCorrect(la, b.a.labels);
      const con = contrastiveLoss(ea, eb, tf.tensor1d(b.similar, 'int32'), objective.margin);
      const ce = tf.mean(tf.concat([crossEntropyPerSample(la, toTensor(b.a.labels), output), crossEntropyPerSample(lb, toTensor(b.b.labels), output)]));
      return tf.add(con, tf.mul(objective.softmaxWeight, ce)) as tf.Scalar;
    } };
  }
  const map: TaskMap = buildTaskMap(manifest.labels.map((l) => l.classId), objective.tasks);
  const heads = model.outputs.length;
  if (heads !== objective.tasks.length) throw new Error(`The multi-task objective has ${objective.tasks.length} tasks but the model has ${heads} output(s): configure one head per task`);
  const rowsOf = (labels: Int32Array): { task: Int32Array; index: Int32Array } =>
    ({ task: Int32Array.from(labels, (l) => map.task[l]!), index: Int32Array.from(labels, (l) => map.index[l]!) });
  return { ...base, loss: (b, correct) => {
    const outs = call(model, b.a.xs, true);
    const { task, index } = rowsOf(b.a.labels);
    const pred = multitaskPredictions(outs, task);
    correct.n += pred.reduce((n, p, i) => n + (p === index[i] ? 1 : 0), 0);
    return multitaskLoss(outs, task, index, output);
  }, evalRows: (side) => {
    const outs = tf.tidy(() => call(model, side.xs, false));
    const { task, index } = rowsOf(side.labels);
    const per = outs.map(probsOf);
    tf.dispose(outs);
    return { probs: Array.from(task, (t, i) => per[t]![i]!), targets: index };
  } };
}
