import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../src-main/training/backends/ladder.js';
import { trainingSchema, type TrainingConfig } from '../../../../src-main/training/run/config.js';
import { learningRateAt, makeOptimizer, setLearningRate, transformGradients } from '../../../../src-main/training/trainer/optimizer.js';
import { captureOptimizerState, restoreOptimizerState } from '../../../../src-main/training/trainer/optimizerState.js';

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
});

const training = (t: Record<string, unknown>): TrainingConfig => trainingSchema.parse(t);

/** Applies `steps` updates with gradient `g` (constant) to a variable starting at `w0`; returns its values. */
function descend(opt: tf.Optimizer, w0: number[], g: number[], steps: number): number[][] {
  const v = tf.variable(tf.tensor1d(w0));
  const seen: number[][] = [];
  for (let i = 0; i < steps; i++) {
    opt.applyGradients({ [v.name]: tf.tensor1d(g) });
    seen.push(Array.from(v.dataSync()));
  }
  v.dispose();
  return seen;
}

describe('learning-rate schedules', () => {
  it('step halves every N epochs; warm-up is linear; cosine follows the half cosine to minLr', () => {
    const step = training({ epochs: 5, optimizer: { type: 'sgd', lr: 0.1 }, schedule: { kind: 'step', everyEpochs: 2, factor: 0.5 } });
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(step, e))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    const warm = training({ epochs: 4, optimizer: { type: 'sgd', lr: 0.1 }, warmupEpochs: 2 });
    expect([0, 1, 2, 3].map((e) => learningRateAt(warm, e))).toEqual([0.05, 0.1, 0.1, 0.1]);
    const cos = training({ epochs: 4, optimizer: { type: 'sgd', lr: 0.1 }, schedule: { kind: 'cosine', minLr: 0 } });
    const got = [0, 1, 2, 3].map((e) => learningRateAt(cos, e));
    [0.1, 0.1 * (1 + Math.SQRT1_2) / 2, 0.05, 0.1 * (1 - Math.SQRT1_2) / 2].forEach((x, i) => expect(got[i]).toBeCloseTo(x, 10));
  });
});

describe('gradient transforms', () => {
  it('clips by global norm (PyTorch scale) and then adds coupled weight decay', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const u = tf.variable(tf.tensor1d([0]));
    const grads = { [w.name]: tf.tensor1d([3, 0]), [u.name]: tf.tensor1d([4]) };
    const clipped = transformGradients(grads, { clipNorm: 1, weightDecay: 0 });
    expect(clipped.norm).toBeCloseTo(5, 6);
    const s = 1 / (5 + 1e-6);
    expect(Array.from(clipped.grads[w.name]!.dataSync())).toEqual([Math.fround(3 * s), 0].map(Math.fround));
    expect(clipped.grads[u.name]!.dataSync()[0]).toBeCloseTo(4 * s, 6);
    const decayed = transformGradients({ [w.name]: tf.tensor1d([0, 0]) }, { clipNorm: null, weightDecay: 0.1 });
    expect(Array.from(decayed.grads[w.name]!.dataSync()).map((x) => +x.toFixed(6))).toEqual([0.1, 0.2]);
    const under = transformGradients({ [w.name]: tf.tensor1d([0.3, 0.4]) }, { clipNorm: 1, weightDecay: 0 });
    expect(Array.from(under.grads[w.name]!.dataSync()).map((x) => +x.toFixed(6))).toEqual([0.3, 0.4]);
  });
});

describe('optimisers against hand-computed steps', () => {
  it('SGD with Nesterov momentum', () => {
    const opt = makeOptimizer({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0 });
    // acc1 = 1, w1 = 1 - 0.1 * (1 + 0.9 * 1) = 0.81; acc2 = 1.9, w2 = 0.81 - 0.1 * (1 + 0.9 * 1.9) = 0.539
    const [s1, s2] = descend(opt, [1], [1], 2);
    expect(s1![0]).toBeCloseTo(0.81, 6);
    expect(s2![0]).toBeCloseTo(0.539, 6);
  });

  it('plain SGD follows setLearningRate', () => {
    const opt = makeOptimizer({ type: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 });
    setLearningRate(opt, 0.5);
    expect(descend(opt, [1], [1], 1)[0]![0]).toBeCloseTo(0.5, 6);
  });

  it('Adamax: first step moves by lr (m/(1-b1) / u = 1)', () => {
    const opt = makeOptimizer({ type: 'adamax', lr: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    expect(descend(opt, [1], [0.5], 1)[0]![0]).toBeCloseTo(1 - 0.002, 6);
  });

  it('Adam: first step moves by lr; later steps use the schedule set on it', () => {
    const opt = makeOptimizer({ type: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    const [s1] = descend(opt, [1], [2], 1);
    expect(s1![0]).toBeCloseTo(0.99, 5);
  });

  it('saved optimiser state restores bit for bit (Adam, Adamax, momentum)', () => {
    for (const c of [{ type: 'adam' as const, lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
      { type: 'adamax' as const, lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
      { type: 'sgd' as const, lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0 }]) {
      const a = makeOptimizer(c);
      const v = tf.variable(tf.tensor1d([1, -1, 0.5]));
      const g = (): tf.NamedTensorMap => ({ [v.name]: tf.tensor1d([0.3, -0.2, 0.1]) });
      a.applyGradients(g());
      a.applyGradients(g());
      const saved = captureOptimizerState(a);
      const w = Array.from(v.dataSync());
      a.applyGradients(g());
      const expected = Array.from(v.dataSync());
      v.assign(tf.tensor1d(w));
      const b = makeOptimizer(c);
      restoreOptimizerState(b, saved.meta, saved.data);
      b.applyGradients(g());
      expect(Array.from(v.dataSync()), c.type).toEqual(expected);
      expect(b.iterations).toBe(3);
    }
  });
});
