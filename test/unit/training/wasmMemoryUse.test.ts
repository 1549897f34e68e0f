/**
 * What fits S004's temporal CNN (a 103 M-weight dense layer) in the 4 GiB wasm heap: no step
 * allocates another array the size of a dense layer's weights beyond its gradient. Checked on a
 * tiny layer by counting the wasm backend's allocations of at least the weights' size.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackendInternals } from '../../../src-main/training/backends/wasmKernels/native/runtime.js';
import { setUncachedWeightBytes } from '../../../src-main/training/backends/wasmKernels/packedWeights.js';
import { FusedAdamOptimizer } from '../../../src-main/training/optimizers/fusedAdam.js';
import { FusedMomentumOptimizer } from '../../../src-main/training/optimizers/fusedMomentum.js';
import { transformGradients } from '../../../src-main/training/trainer/optimizer.js';
import { GradientTransform, MomentumUpdate } from '../../../src-main/training/backends/wasmKernels/sgdUpdate.js';
import { randomValues, relDiff, useWasm } from './parityHelpers.js';

beforeAll(useWasm);

/** Runs `f` and returns its result and the byte sizes of the blocks allocated while it ran (none off wasm). */
function allocations<T>(f: () => T): { result: T; sizes: number[] } {
  const wasm = (tf.backend() as unknown as Partial<WasmBackendInternals>).wasm;
  if (!wasm) return { result: f(), sizes: [] };
  const malloc = wasm._malloc;
  const sizes: number[] = [];
  wasm._malloc = (bytes: number): number => { sizes.push(bytes); return malloc(bytes); };
  try {
    return { result: f(), sizes };
  } finally {
    wasm._malloc = malloc;
  }
}

const K = 300, N = 200, B = 2;
const weightBytes = K * N * 4;
const large = (sizes: number[]): number => sizes.filter((s) => s >= weightBytes).length;

function denseLayer(backend: string): { w: tf.Variable; b: tf.Variable; x: tf.Tensor2D } {
  return tf.tidy(() => ({
    w: tf.variable(tf.tensor2d(randomValues(K * N, 1), [K, N]).mul(0.1), true, `memW_${backend}`),
    b: tf.variable(tf.tensor1d(randomValues(N, 2)), true, `memB_${backend}`),
    x: tf.tensor2d(randomValues(B * K, 3), [B, K]),
  }));
}

/** Loss of a Dense layer as tfjs-layers computes it (fused matMul + bias + relu). */
const loss = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Scalar =>
  tf.sum(tf.square(tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b, activation: 'relu' })));

describe('a dense layer on wasm allocates one weights-sized array per step: its gradient', () => {
  it('forward and backward: no copy of the weights saved for the gradient, no transposed copy', async () => {
    await tf.setBackend('wasm');
    const { w, b, x } = denseLayer('wasm');
    const { result, sizes } = allocations(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor) => loss(xx as tf.Tensor2D, ww, b))([x, w]));
    expect(large(sizes)).toBe(1);
    const [dx, dw] = result.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose([...result, w, b, x]);

    await tf.setBackend('cpu');
    const ref = denseLayer('cpu');
    const refGrads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => loss(xx as tf.Tensor2D, ww, ref.b))([ref.x, ref.w]);
    expect(relDiff(dx!, refGrads[0]!.dataSync())).toBeLessThan(1e-5);
    expect(relDiff(dw!, refGrads[1]!.dataSync())).toBeLessThan(1e-5);
    tf.dispose([...refGrads, ref.w, ref.b, ref.x]);
  });

  it('the fused Adam update allocates nothing the size of the weights, and the next multiply sees the new weights', async () => {
    const run = async (backend: string, make: () => tf.Optimizer): Promise<{ outs: Float32Array[]; large: number[] }> => {
      await tf.setBackend(backend);
      const { w, b, x } = denseLayer(backend);
      const opt = make();
      const counts: number[] = [];
      const outs: Float32Array[] = [];
      for (let step = 0; step < 3; step++) {
        // the forward multiply caches XNNPACK's packed copy of w by tensor id; an in-place update must drop it
        outs.push(tf.tidy(() => Float32Array.from(tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' }).dataSync())));
        // the same gradients on both backends, so only the update itself is compared
        const grads = [tf.tensor2d(randomValues(K * N, 10 + step), [K, N]), tf.tensor1d(randomValues(N, 20 + step))];
        const apply = (): void => opt.applyGradients({ [w.name]: grads[0]!, [b.name]: grads[1]! });
        counts.push(backend === 'wasm' ? large(allocations(apply).sizes) : (apply(), 0));
        tf.dispose(grads);
      }
      outs.push(Float32Array.from(w.dataSync()));
      opt.dispose();
      tf.dispose([w, b, x]);
      return { outs, large: counts };
    };
    const ours = await run('wasm', () => new FusedAdamOptimizer(0.01));
    const ref = await run('cpu', () => tf.train.adam(0.01));
    // the first update creates m and v (two arrays); later ones none
    expect(ours.large).toEqual([2, 0, 0]);
    ref.outs.forEach((r, i) => expect(relDiff(ours.outs[i]!, r), `output ${i}`).toBeLessThan(1e-4));
  });

  it('training steps that release the packed weights early (threshold lowered to this layer) match cpu, and so does inference after', async () => {
    const run = async (backend: string, make: () => tf.Optimizer): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const { w, b, x } = denseLayer(`${backend}Early`);
      const opt = make();
      const outs: Float32Array[] = [];
      for (let step = 0; step < 3; step++) {
        const l = opt.minimize(() => loss(x, w, b), true, [w, b])!;
        outs.push(Float32Array.from(l.dataSync()));
        l.dispose();
      }
      // twice: the first multiply packs the weights again, the second uses that cache
      for (let i = 0; i < 2; i++) outs.push(tf.tidy(() => Float32Array.from(tf.matMul(x, w).dataSync())));
      opt.dispose();
      tf.dispose([w, b, x]);
      return outs;
    };
    const previous = setUncachedWeightBytes(weightBytes);
    try {
      const ours = await run('wasm', () => new FusedAdamOptimizer(0.01));
      const ref = await run('cpu', () => tf.train.adam(0.01));
      ref.forEach((r, i) => expect(relDiff(ours[i]!, r), `output ${i}`).toBeLessThan(1e-4));
    } finally {
      setUncachedWeightBytes(previous);
    }
  });

  it('clone shares memory until disposed, and a clone outlives its source', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor1d(randomValues(K * N, 4));
    const { result: c, sizes } = allocations(() => a.clone());
    expect(large(sizes)).toBe(0);
    const expected = Float32Array.from(a.dataSync());
    a.dispose();
    expect(relDiff(c.dataSync(), expected)).toBe(0);
    c.dispose();
  });

  it('the fused Adam update leaves a variable whose memory another tensor shares untouched', async () => {
    await tf.setBackend('wasm');
    const { w, b, x } = denseLayer('wasmShared');
    const snapshot = w.clone();
    const before = Float32Array.from(snapshot.dataSync());
    const opt = new FusedAdamOptimizer(0.01);
    const grads = tf.tidy(() => tf.grads((ww: tf.Tensor) => loss(x, ww, b))([w]));
    opt.applyGradients([{ name: w.name, tensor: grads[0]! }]);
    expect(relDiff(snapshot.dataSync(), before)).toBe(0);
    expect(relDiff(w.dataSync(), before)).toBeGreaterThan(0);
    opt.dispose();
    tf.dispose([...grads, snapshot, w, b, x]);
  });
});

describe('the trainer\'s SGD step on wasm (S004\'s recipe: momentum, weight decay, clipping)', () => {
  /** Three steps of clipped, decayed gradients and momentum on a dense layer; the weights, accumulations and gradients after each. */
  const run = async (backend: string, nesterov: boolean, make: () => tf.Optimizer): Promise<{ outs: Float32Array[]; large: number[] }> => {
    await tf.setBackend(backend);
    const { w, b, x } = denseLayer(`${backend}Sgd${nesterov}`);
    const opt = make();
    const outs: Float32Array[] = [];
    const large: number[] = [];
    for (let step = 0; step < 3; step++) {
      const grads = { [w.name]: tf.tensor2d(randomValues(K * N, 30 + step), [K, N]), [b.name]: tf.tensor1d(randomValues(N, 40 + step)) };
      const { result: t, sizes } = allocations(() => {
        const t = transformGradients(grads, { clipNorm: step === 1 ? 1e9 : 1, weightDecay: 5e-4 });
        tf.dispose(grads);
        opt.applyGradients(t.grads);
        return t;
      });
      outs.push(...[t.grads[w.name]!, t.grads[b.name]!].map((g) => Float32Array.from(g.dataSync())), Float32Array.from(w.dataSync()));
      tf.dispose(t.grads);
      large.push(sizes.filter((s) => s >= weightBytes).length);
    }
    outs.push(...(await opt.getWeights()).slice(1).map((v) => Float32Array.from(v.tensor.dataSync())));
    opt.dispose();
    tf.dispose([w, b, x]);
    return { outs, large };
  };
  for (const nesterov of [false, true]) {
    it(`${nesterov ? 'Nesterov' : 'plain'} momentum: the same bits as tfjs's ops, and no weights-sized array but the norm's square`, async () => {
      const ours = await run('wasm', nesterov, () => new FusedMomentumOptimizer(0.1, 0.9, nesterov));
      // the reference: tfjs's ops on the same backend (the global norm's sum differs in its last bits across backends)
      const fusedKernels = [MomentumUpdate, GradientTransform].map((name) => tf.getKernel(name, 'wasm')!);
      for (const k of fusedKernels) tf.unregisterKernel(k.kernelName, 'wasm');
      let ref: Awaited<ReturnType<typeof run>>;
      try {
        ref = await run('wasm', nesterov, () => tf.train.momentum(0.1, 0.9, nesterov));
      } finally {
        for (const k of fusedKernels) tf.registerKernel(k);
      }
      // each step: the square inside the global norm (freed at once); the first also creates the accumulation
      expect(ours.large).toEqual([2, 1, 1]);
      // tfjs's ops: per step and variable, the gradient's two and the update's four temporaries
      expect(ref.large[1]).toBeGreaterThanOrEqual(7);
      expect(ours.outs).toHaveLength(ref.outs.length);
      ref.outs.forEach((r, i) => expect(relDiff(ours.outs[i]!, r), `output ${i}`).toBe(0));
    });
  }
});
