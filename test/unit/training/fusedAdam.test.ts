import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdamOptimizer } from '../../../src-main/training/optimizers/fusedAdam.js';
import { randomValues, relDiff, useWasm } from './parityHelpers.js';

beforeAll(useWasm);

/** Three Adam steps on two variables (one of 1001 values: SIMD lanes plus a tail); returns values and state. */
async function threeSteps(backend: string, make: () => tf.Optimizer): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const a = tf.variable(tf.tensor(randomValues(1001, 1)), true, 'fusedAdamA');
  const b = tf.variable(tf.tensor(randomValues(6, 2), [2, 3]), true, 'fusedAdamB');
  const opt = make();
  for (let step = 0; step < 3; step++) {
    opt.applyGradients({
      fusedAdamA: tf.tensor(randomValues(1001, 10 + step)),
      fusedAdamB: tf.tensor(randomValues(6, 20 + step), [2, 3]),
    });
  }
  const state = (await opt.getWeights()).slice(1).map((w) => Float32Array.from(w.tensor.dataSync()));
  const out = [Float32Array.from(a.dataSync()), Float32Array.from(b.dataSync()), ...state];
  opt.dispose();
  a.dispose();
  b.dispose();
  return out;
}

describe('FusedAdamOptimizer', () => {
  it('on wasm (fused kernel) matches tfjs Adam on cpu: weights, first and second moments', async () => {
    const ours = await threeSteps('wasm', () => new FusedAdamOptimizer(0.01));
    const ref = await threeSteps('cpu', () => tf.train.adam(0.01));
    expect(ours).toHaveLength(6);
    ref.forEach((r, i) => expect(relDiff(ours[i]!, r)).toBeLessThan(1e-5));
  });

  it('falls back to tfjs Adam where the backend has no fused kernel', async () => {
    const ours = await threeSteps('cpu', () => new FusedAdamOptimizer(0.01));
    const ref = await threeSteps('cpu', () => tf.train.adam(0.01));
    ref.forEach((r, i) => expect(relDiff(ours[i]!, r)).toBe(0));
  });
});
