import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormTrain, BatchNormTrainGrad } from '../../../src-main/training/backends/wasmKernels/batchNormTrain.js';
import { profileKernels } from '../../../src-main/training/backends/kernelProfiler.js';
import { batchNormTraining } from '../../../src-main/training/models/layers/batchNormOp.js';
import { data, relDiff, useWasm, type Data } from './parityHelpers.js';

beforeAll(useWasm);

/** y, mean, variance and the gradients of sum(y * w) wrt x, gamma, beta, on `backend`. */
async function bnOn(backend: string, x: Data, scale: boolean, epsilon: number, shift = 0): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const C = x.shape[x.shape.length - 1]!;
    const xt = tf.add(tf.tensor(x.values, x.shape), shift);
    const gamma = tf.tensor(data([C], 21).values.map((v) => v + 1.5), [C]);
    const beta = tf.tensor(data([C], 22).values, [C]);
    const w = tf.tensor(data(x.shape, 23).values, x.shape);
    const out: Record<string, Float32Array> = {};
    const loss = (a: tf.Tensor, b: tf.Tensor, g?: tf.Tensor): tf.Scalar => {
      const r = batchNormTraining(a, g ?? null, b, epsilon);
      out['y'] = Float32Array.from(r.y.dataSync());
      out['mean'] = Float32Array.from(r.mean.dataSync());
      out['variance'] = Float32Array.from(r.variance.dataSync());
      return tf.sum(tf.mul(r.y, w));
    };
    const grads = tf.grads(loss)(scale ? [xt, beta, gamma] : [xt, beta]);
    ['dx', 'dbeta', 'dgamma'].slice(0, grads.length).forEach((k, i) => { out[k] = Float32Array.from(grads[i]!.dataSync()); });
    return out;
  });
}

describe('fused batch norm (MwbBatchNormTrain and its gradient) on wasm matches the composed ops on cpu', () => {
  const cases: [string, number[], boolean, number, number][] = [
    ['NHWC, odd sizes', [2, 5, 7, 3], true, 1e-3, 0],
    ['more than one 64-row block, SIMD tail (C = 6)', [3, 70, 4, 6], true, 1.001e-5, 0],
    ['batch 1, 16 channels', [1, 4, 4, 16], true, 1e-3, 0],
    ['channels 1', [4, 9, 1], true, 1e-3, 0],
    ['rank 5 (3D CNN)', [2, 3, 4, 5, 8], true, 1e-3, 0],
    ['no scale (Keras InceptionV3)', [2, 6, 6, 5], false, 1e-3, 0],
    ['a large mean (catastrophic cancellation if done in one pass)', [2, 8, 8, 4], true, 1e-3, 100],
    ['2D input (dense features)', [32, 12], true, 1e-3, 0],
  ];
  for (const [name, shape, scale, eps, shift] of cases) {
    it(`${name}: ${JSON.stringify(shape)}`, async () => {
      const x = data(shape, 20);
      const ours = await bnOn('wasm', x, scale, eps, shift);
      const ref = await bnOn('cpu', x, scale, eps, shift);
      for (const k of ['y', 'mean', 'variance', 'dx', 'dbeta', ...(scale ? ['dgamma'] : [])]) {
        expect(relDiff(ours[k]!, ref[k]!), k).toBeLessThan(1e-4);
      }
    });
  }

  it('runs as one forward and one backward kernel on wasm, and not at all on cpu', async () => {
    const count = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      const x = tf.randomNormal([2, 4, 4, 3]), g = tf.ones([3]), b = tf.zeros([3]);
      const p = profileKernels(backend, () => tf.dispose(tf.grads((a: tf.Tensor) => tf.sum(batchNormTraining(a, g, b, 1e-3).y))([x])));
      tf.dispose([x, g, b]);
      return p.kernels.map((k) => `${k.kernel}x${k.calls}`);
    };
    expect(await count('wasm')).toEqual(expect.arrayContaining([`${BatchNormTrain}x1`, `${BatchNormTrainGrad}x1`]));
    expect((await count('cpu')).some((k) => k.startsWith('MwbBatchNorm'))).toBe(false);
    await tf.setBackend('wasm');
  });
});
