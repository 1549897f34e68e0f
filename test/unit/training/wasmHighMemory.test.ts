import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdamUpdate } from '../../../src-main/training/backends/wasmKernels/adamUpdate.js';
import { WasmOutOfMemoryError, type WasmBackendInternals } from '../../../src-main/training/backends/wasmKernels/native/runtime.js';
import { HEAP_CAP, wasmHeapBreak } from '../../../src-main/training/backends/wasmHeapGuard.js';
import { batchNormTraining } from '../../../src-main/training/models/layers/batchNormOp.js';
import { asOutOfMemory, TrainingOutOfMemoryError } from '../../../src-main/training/outOfMemory.js';
import { data, relDiff, useWasm } from './parityHelpers.js';

/** Tensors that keep the wasm heap full; 16 MiB each (the size that wrapped the heap before the guard). */
const held: tf.Tensor[] = [];
const CHUNK_FLOATS = 4 * 2 ** 20;

const backend = (): WasmBackendInternals => tf.backend() as unknown as WasmBackendInternals;
const address = (t: tf.Tensor): number => backend().dataIdMap.get(t.dataId)!.memoryOffset;

/** Outputs of our kernels on small inputs: conv2d gradients, batch norm training, max-pool gradient. */
function ourKernels(): Record<string, tf.Tensor> {
  const x = tf.tensor(data([2, 9, 9, 5], 1).values, [2, 9, 9, 5]) as tf.Tensor4D;
  const w = tf.tensor(data([3, 3, 5, 6], 2).values, [3, 3, 5, 6]) as tf.Tensor4D;
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))))([x, w]);
  const gamma = tf.tensor(data([5], 3).values.map((v) => v + 1.5), [5]), beta = tf.tensor(data([5], 4).values, [5]);
  const bnY = batchNormTraining(x, gamma, beta, 1e-3).y;
  const [bnDx, bnDgamma] = tf.grads((a: tf.Tensor, g: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(a, g, beta, 1e-3).y, x)))([x, gamma]);
  const poolDx = tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.maxPool(a as tf.Tensor4D, 3, 2, 'same'))))(x);
  return { dx: dx!, dw: dw!, bnY, bnDx: bnDx!, bnDgamma: bnDgamma!, poolDx };
}

/** Values of ourKernels() on `name`, and (wasm only) the lowest address among the outputs. */
async function runOn(name: string): Promise<{ values: Record<string, Float32Array>; lowest: number }> {
  await tf.setBackend(name);
  return tf.tidy(() => {
    const outs = ourKernels();
    const values = Object.fromEntries(Object.entries(outs).map(([k, t]) => [k, Float32Array.from(t.dataSync())]));
    const lowest = name === 'wasm' ? Math.min(...Object.values(outs).map(address)) : 0;
    return { values, lowest };
  });
}

/** Inputs of one Adam step: weights, first and second moments (non-negative), gradient; n values each. */
function adamInputs(n: number): Float32Array[] {
  return [5, 6, 7, 8].map((seed) => Float32Array.from(data([n], seed).values, (x) => (seed === 7 ? Math.abs(x) : x)));
}

const ADAM = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, c1: 1 - 0.9, c2: 1 - 0.999 };

/** One fused Adam step on wasm for n values; returns new weights and the lowest input/output address. */
function adamOnWasm(n: number): { w: Float32Array; lowest: number } {
  return tf.tidy(() => {
    const [value, m, v, gradient] = adamInputs(n).map((a) => tf.tensor1d(a)) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const outs = tf.engine().runKernel(AdamUpdate, { value, m, v, gradient }, ADAM as unknown as tf.NamedAttrMap) as tf.Tensor[];
    return { w: Float32Array.from(outs[0]!.dataSync()), lowest: Math.min(...[value, m, v, gradient, ...outs].map(address)) };
  });
}

/** The same Adam step in double precision. */
function adamReference(n: number): Float32Array {
  const [w, m, v, g] = adamInputs(n) as [Float32Array, Float32Array, Float32Array, Float32Array];
  return w.map((wi, i) => {
    const mi = ADAM.beta1 * m[i]! + (1 - ADAM.beta1) * g[i]!, vi = ADAM.beta2 * v[i]! + (1 - ADAM.beta2) * g[i]! ** 2;
    return wi - (ADAM.lr * (mi / ADAM.c1)) / (Math.sqrt(vi / ADAM.c2) + ADAM.epsilon);
  });
}

function expectClose(ours: Record<string, Float32Array>, ref: Record<string, Float32Array>): void {
  for (const k of Object.keys(ref)) expect(relDiff(ours[k]!, ref[k]!), k).toBeLessThan(1e-4);
}

beforeAll(useWasm);
afterAll(() => tf.dispose(held.splice(0)));

describe('the wasm backend with a heap beyond 2 GiB', () => {
  let ref: Record<string, Float32Array>;

  beforeAll(async () => {
    ref = (await runOn('cpu')).values;
    await tf.setBackend('wasm');
    while (backend().wasm.asm.memory.buffer.byteLength < 2.2e9) held.push(tf.zeros([CHUNK_FLOATS]));
  });

  it('runs our kernels on tensors placed above 2 GiB and matches the cpu backend', async () => {
    const { values, lowest } = await runOn('wasm');
    expect(lowest).toBeGreaterThanOrEqual(2 ** 31);
    expectClose(values, ref);
    const adam = adamOnWasm(1000);
    expect(adam.lowest).toBeGreaterThanOrEqual(2 ** 31);
    expect(relDiff(adam.w, adamReference(1000))).toBeLessThan(1e-5);
  });

  it('throws WasmOutOfMemoryError when the 4 GiB heap is full, and stays usable after freeing', async () => {
    await tf.setBackend('wasm');
    let error: unknown = null;
    try {
      for (let i = 0; i < 400; i++) held.push(tf.zeros([CHUNK_FLOATS]));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WasmOutOfMemoryError);
    expect(wasmHeapBreak()).toBeGreaterThan(HEAP_CAP - 64 * 2 ** 20);
    // Every block handed out lies inside memory (before the guard, one ran past the end).
    for (const t of held) expect(address(t) + CHUNK_FLOATS * 4).toBeLessThanOrEqual(backend().wasm.asm.memory.buffer.byteLength);
    const oom = asOutOfMemory(error, { family: 'densenet121', batch: 8, backend: 'wasm' });
    expect(oom).toBeInstanceOf(TrainingOutOfMemoryError);
    expect((oom as Error).message).toMatch(/batch size 8/);

    tf.dispose(held.splice(0));
    expect(wasmHeapBreak()).toBeLessThan(2 ** 32);
    const again = await runOn('wasm');
    expectClose(again.values, ref);
    expect(relDiff(adamOnWasm(1000).w, adamReference(1000))).toBeLessThan(1e-5);
  });
});
