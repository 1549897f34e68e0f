import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { swapOperands } from '../../../src-main/training/backends/wasmKernels/batchMatMul.js';
import { data, relDiff, runKernelOn, useWasm, valuesOn, type Data } from './parityHelpers.js';

beforeAll(useWasm);

/** y with exact 0 and 6 in it, where the masks' boundaries are. */
function activations(n: number): Data {
  const d = data([n], 11);
  d.values.forEach((v, i) => { d.values[i] = v * 8; });
  d.values[0] = 0; d.values[1] = 6; d.values[2] = -0; d.values[3] = 6.0001;
  return d;
}

describe('ReluGrad and Relu6Grad on wasm match tfjs-core\'s Relu/Relu6 gradients on cpu', () => {
  for (const n of [1, 7, 64, 1001]) {
    it(`ReluGrad, ${n} values`, async () => {
      const dy = data([n], 12), y = activations(n);
      const ours = await runKernelOn('wasm', 'ReluGrad', { dy, y }, {});
      const ref = await valuesOn('cpu', () => tf.mul(tf.tensor(dy.values), tf.step(tf.tensor(y.values))));
      expect(relDiff(ours, ref)).toBe(0);
    });
    it(`Relu6Grad, ${n} values`, async () => {
      const dy = data([n], 13), y = activations(n);
      const ours = await runKernelOn('wasm', 'Relu6Grad', { dy, y }, {});
      const yt = (): tf.Tensor => tf.tensor(y.values);
      const ref = await valuesOn('cpu', () => tf.mul(tf.tensor(dy.values), tf.mul(tf.cast(tf.lessEqual(yt(), 6), 'float32'), tf.step(yt()))));
      expect(relDiff(ours, ref)).toBe(0);
    });
  }
});

describe('UnsortedSegmentSum on wasm matches the cpu backend', () => {
  const cases: [string, number[], number[], number][] = [
    ['rows of 1', [6], [0, 2, 2, 1, 0, 2], 3],
    ['rows of 3 (SIMD tail), an empty segment', [5, 3], [4, 0, 4, 1, 0], 6],
    ['rows of [2, 5]', [4, 2, 5], [1, 1, 0, 1], 2],
  ];
  for (const [name, shape, ids, segments] of cases) {
    it(name, async () => {
      const inputs = { x: data(shape, 14), segmentIds: { shape: [ids.length], values: Int32Array.from(ids), dtype: 'int32' as const } };
      const ours = await runKernelOn('wasm', 'UnsortedSegmentSum', inputs, { numSegments: segments });
      expect(relDiff(ours, await runKernelOn('cpu', 'UnsortedSegmentSum', inputs, { numSegments: segments }))).toBeLessThan(1e-6);
    });
  }
});

describe('replaced kernels on wasm match the cpu backend', () => {
  const same = async (kernel: string, inputs: Record<string, Data>, attrs: object, tol = 1e-4): Promise<void> => {
    expect(relDiff(await runKernelOn('wasm', kernel, inputs, attrs), await runKernelOn('cpu', kernel, inputs, attrs))).toBeLessThan(tol);
  };
  for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
    it(`BatchMatMul transposeA=${ta} transposeB=${tb}, batch 3, odd sizes`, async () => {
      const [m, k, n] = [7, 9, 5];
      await same('BatchMatMul', { a: data(ta ? [3, k, m] : [3, m, k], 15), b: data(tb ? [3, n, k] : [3, k, n], 16) }, { transposeA: ta, transposeB: tb });
    });
  }
  // a small left operand against a large right one: computed as (op(b)^T op(a)^T)^T, as a Dense layer's input gradient
  for (const [ta, tb, aBatch, bBatch] of [[false, true, 3, 3], [true, true, 3, 3], [false, true, 1, 3], [true, true, 2, 1]] as const) {
    it(`BatchMatMul transposeA=${ta} transposeB=${tb}, small a (batch ${aBatch}) against large b (batch ${bBatch})`, async () => {
      const [m, k, n] = [2, 9, 37];
      expect(swapOperands(ta ? [aBatch, k, m] : [aBatch, m, k], tb ? [bBatch, n, k] : [bBatch, k, n], ta, tb)).toBe(true);
      await same('BatchMatMul', { a: data(ta ? [aBatch, k, m] : [aBatch, m, k], 15), b: data(tb ? [bBatch, n, k] : [bBatch, k, n], 16) }, { transposeA: ta, transposeB: tb });
    });
  }
  for (const [axes, keep] of [[[0, 1, 2], false], [[1, 2], true], [[0], false], [[3], false], [[0, 2], false]] as const) {
    it(`Sum and Mean over ${JSON.stringify(axes)} keepDims=${keep}`, async () => {
      const x = data([3, 70, 5, 6], 17); // 70 rows: more than one 64-row block
      await same('Sum', { x }, { axis: axes, keepDims: keep });
      await same('Mean', { x }, { axis: axes, keepDims: keep });
    });
  }
  it('Tile of float32 and int32, including reps of 1 and a scalar', async () => {
    await same('Tile', { x: data([2, 1, 3], 18) }, { reps: [3, 4, 1] });
    await same('Tile', { x: { shape: [2, 2], values: Int32Array.from([1, -2, 3, 4]), dtype: 'int32' } }, { reps: [2, 3] });
    await same('Tile', { x: data([], 19) }, { reps: [] });
  });
  it('MaxPoolGrad and MaxPool3DGrad break ties like tfjs (2D: first maximum, 3D: last)', async () => {
    // Values in {-1, 0, 1}: most windows hold several maxima (as ReLU zeros do).
    const x4 = data([2, 6, 6, 5], 24), x5 = data([1, 4, 4, 4, 5], 25);
    for (const d of [x4, x5]) d.values.forEach((v, i) => { d.values[i] = Math.round(v); });
    const y4 = tf.backend_util.computePool2DInfo([2, 6, 6, 5], 2, 2, 1, 'valid').outShape;
    const y4v = await runKernelOn('cpu', 'MaxPool', { x: x4 }, { filterSize: 2, strides: 2, pad: 'valid' });
    await same('MaxPoolGrad', { dy: data(y4, 26), input: x4, output: { shape: y4, values: y4v } }, { filterSize: 2, strides: 2, pad: 'valid' }, 1e-6);
    const y5 = tf.backend_util.computePool3DInfo([1, 4, 4, 4, 5], 2, 2, 1, 'valid').outShape;
    await same('MaxPool3DGrad', { dy: data(y5, 27), input: x5 }, { filterSize: 2, strides: 2, pad: 'valid', dataFormat: 'NDHWC' }, 1e-6);
  });
  for (const [f, s, pad] of [[2, 2, 'valid'], [3, 2, 'same'], [2, 2, 'same'], [3, 1, 'same']] as const) {
    it(`MaxPoolGrad ${f}x${f}/${s} ${pad}`, async () => {
      const x = data([2, 7, 9, 5], 20);
      const y = await runKernelOn('cpu', 'MaxPool', { x }, { filterSize: f, strides: s, pad });
      const outShape = tf.backend_util.computePool2DInfo([2, 7, 9, 5], f, s, 1, pad).outShape;
      await same('MaxPoolGrad', { dy: data(outShape, 21), input: x, output: { shape: outShape, values: y } }, { filterSize: f, strides: s, pad });
    });
    it(`MaxPool3D and MaxPool3DGrad ${f}x${f}x${f}/${s} ${pad}`, async () => {
      const x = data([2, 5, 6, 7, 3], 22);
      const attrs = { filterSize: f, strides: s, pad, dataFormat: 'NDHWC' };
      await same('MaxPool3D', { x }, attrs);
      const outShape = tf.backend_util.computePool3DInfo([2, 5, 6, 7, 3], f, s, 1, pad).outShape;
      await same('MaxPool3DGrad', { dy: data(outShape, 23), input: x }, attrs);
    });
  }
});
