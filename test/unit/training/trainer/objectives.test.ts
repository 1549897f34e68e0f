import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../src-main/training/backends/ladder.js';
import { buildTaskMap, contrastiveLoss, crossEntropy, distillationLoss, multitaskLoss, multitaskPredictions } from '../../../../src-main/training/trainer/objectives.js';

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
});

const value = (t: tf.Tensor): number => t.dataSync()[0]!;

describe('losses against hand-computed values', () => {
  it('cross-entropy of logits and of probabilities', () => {
    // logits [0, ln 3]: softmax = [1/4, 3/4]
    const out = tf.tensor2d([[0, Math.log(3)], [0, Math.log(3)]]);
    const labels = tf.tensor1d([1, 0], 'int32');
    expect(value(crossEntropy(out, labels, 'logits'))).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 5);
    const probs = tf.tensor2d([[0.25, 0.75], [0.25, 0.75]]);
    expect(value(crossEntropy(probs, labels, 'probabilities'))).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 5);
  });

  it('distillation = CE + alpha * MSE over every feature element', () => {
    const loss = distillationLoss(tf.scalar(0.5), tf.tensor2d([[1, 2], [0, 1]]), tf.tensor2d([[0, 0], [0, 3]]), 0.1);
    // MSE = (1 + 4 + 0 + 4) / 4 = 2.25
    expect(value(loss)).toBeCloseTo(0.5 + 0.1 * 2.25, 6);
    expect(() => distillationLoss(tf.scalar(0), tf.zeros([2, 3]), tf.zeros([2, 4]), 1)).toThrow(/same size.*matching widths/);
  });

  it('contrastive: y*d^2 + (1-y)*max(0, m-d)^2, mean over pairs', () => {
    const a = tf.tensor2d([[0, 0], [0, 0], [0, 0]]);
    const b = tf.tensor2d([[3, 4], [0.3, 0.4], [3, 4]]);
    const y = tf.tensor1d([1, 0, 0], 'int32');
    // similar at d=5: 25; dissimilar at d=0.5 with m=1: 0.25; dissimilar beyond the margin: 0
    expect(value(contrastiveLoss(a, b, y, 1))).toBeCloseTo((25 + 0.25 + 0) / 3, 5);
  });

  it('multi-task: each sample only through its own head; the other head gets no gradient from it', () => {
    const map = buildTaskMap([11, 12, 21, 22, 23], [{ name: 'a', classIds: [11, 12] }, { name: 'b', classIds: [21, 22, 23] }]);
    expect(Array.from(map.task)).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(map.index)).toEqual([0, 1, 0, 1, 2]);
    const labels = [1, 4]; // sample 0: task a index 1; sample 1: task b index 2
    const task = Int32Array.from(labels, (l) => map.task[l]!), index = Int32Array.from(labels, (l) => map.index[l]!);
    const ha = tf.tensor2d([[0, Math.log(3)], [5, -5]]);
    const hb = tf.tensor2d([[7, 7, 7], [0, 0, 0]]);
    const expected = (-Math.log(0.75) - Math.log(1 / 3)) / 2;
    expect(value(multitaskLoss([ha, hb], task, index, 'logits'))).toBeCloseTo(expected, 5);
    const grads = tf.grads((x: tf.Tensor, z: tf.Tensor) => multitaskLoss([x, z], task, index, 'logits'))([ha, hb]);
    expect(Array.from(grads[0]!.dataSync().slice(2), Math.abs)).toEqual([0, 0]); // row 1 is task b: head a untouched
    expect(Array.from(grads[1]!.dataSync().slice(0, 3), Math.abs)).toEqual([0, 0, 0]); // row 0 is task a: head b untouched
    expect(Array.from(multitaskPredictions([ha, hb], task))).toEqual([1, 0]);
  });

  it('a class in no task, or in two, is an error naming it', () => {
    expect(() => buildTaskMap([1, 2, 3], [{ name: 'a', classIds: [1, 2] }, { name: 'b', classIds: [2, 4] }])).toThrow(/Class 2 is in tasks a and b/);
    expect(() => buildTaskMap([1, 5], [{ name: 'a', classIds: [1, 2] }, { name: 'b', classIds: [3, 4] }])).toThrow(/Class 5 is in no task/);
  });
});
