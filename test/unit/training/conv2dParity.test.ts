import { backend_util } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SMALL_ROWS } from '../../../src-main/training/backends/wasmKernels/conv2D.js';
import { data, relDiff, runKernelOn, useWasm } from './parityHelpers.js';

type Pad = 'same' | 'valid' | number[][];
interface Case { b: number; h: number; w: number; c: number; co: number; k: number; s: number; pad: Pad; d: number }

/** Output pixels (batch x OH x OW) of a case: which route our kernels take. */
function rows(t: Case): number {
  const info = backend_util.computeConv2DInfo([t.b, t.h, t.w, t.c], [t.k, t.k, t.c, t.co], t.s, t.d, t.pad as 'same', undefined, false, 'channelsLast');
  return info.batchSize * info.outHeight * info.outWidth;
}

// Few output pixels (im2col + GEMM; transposed GEMM for the input gradient) and many (the
// backend's own convolution; for the input gradient the flipped-filter convolution or col2im).
const CASES: Record<string, Case> = {
  '3x3 s1 same, 8x4x4x24 (a ResNet stage-5 shape, scaled down)': { b: 8, h: 4, w: 4, c: 24, co: 16, k: 3, s: 1, pad: 'same', d: 1 },
  'fewer output pixels than channels (transposed GEMM), 3x3 s1 same': { b: 2, h: 3, w: 4, c: 5, co: 32, k: 3, s: 1, pad: 'same', d: 1 },
  'fewer output pixels than channels, 3x3 s2 same, batch 1': { b: 1, h: 5, w: 5, c: 3, co: 16, k: 3, s: 2, pad: 'same', d: 1 },
  '3x3 s2 valid, batch 1, 1 input channel': { b: 1, h: 11, w: 10, c: 1, co: 5, k: 3, s: 2, pad: 'valid', d: 1 },
  '2x2 s3 same (asymmetric pad), 1 output channel': { b: 1, h: 7, w: 9, c: 2, co: 1, k: 2, s: 3, pad: 'same', d: 1 },
  '3x3 s2 explicit pad': { b: 2, h: 9, w: 6, c: 3, co: 2, k: 3, s: 2, pad: [[0, 0], [1, 2], [2, 0], [0, 0]], d: 1 },
  '3x3 s1 same dilation 2': { b: 2, h: 9, w: 10, c: 3, co: 4, k: 3, s: 1, pad: 'same', d: 2 },
  '1x1 s2 same (a shortcut conv)': { b: 2, h: 9, w: 9, c: 5, co: 7, k: 1, s: 2, pad: 'same', d: 1 },
  'exactly SMALL_ROWS output pixels': { b: 1, h: 32, w: 32, c: 2, co: 3, k: 3, s: 1, pad: 'same', d: 1 },
  'one row more than SMALL_ROWS, 3x3 s1 same': { b: 1, h: 25, w: 41, c: 3, co: 4, k: 3, s: 1, pad: 'same', d: 1 },
  'many rows, 3x3 s2 same, odd size': { b: 2, h: 49, w: 47, c: 2, co: 3, k: 3, s: 2, pad: 'same', d: 1 },
  'many rows, 5x5 s1 valid dilation 2': { b: 2, h: 34, w: 35, c: 2, co: 3, k: 5, s: 1, pad: 'valid', d: 2 },
};

const attrs = (t: Case): Record<string, unknown> => ({ strides: t.s, pad: t.pad, dataFormat: 'NHWC', dilations: t.d });

beforeAll(useWasm);

describe('the cases cover both routes', () => {
  it('has cases at, just above and far above SMALL_ROWS, and with fewer pixels than channels', () => {
    const r = Object.values(CASES).map(rows);
    expect(Object.values(CASES).filter((t) => rows(t) < t.co).length).toBeGreaterThanOrEqual(2);
    expect(r).toContain(SMALL_ROWS);
    expect(r).toContain(SMALL_ROWS + 1);
    expect(r.filter((n) => n > SMALL_ROWS).length).toBeGreaterThanOrEqual(3);
  });
});

describe('Conv2D, FusedConv2D and Conv2DBackpropInput on wasm match the cpu backend', () => {
  for (const [name, t] of Object.entries(CASES)) {
    const x = data([t.b, t.h, t.w, t.c], 31), filter = data([t.k, t.k, t.c, t.co], 32);
    it(`Conv2D: ${name} (${rows(t)} rows)`, async () => {
      const [ours, ref] = [await runKernelOn('wasm', 'Conv2D', { x, filter }, attrs(t)), await runKernelOn('cpu', 'Conv2D', { x, filter }, attrs(t))];
      expect(relDiff(ours, ref)).toBeLessThan(1e-4);
    });
    it(`FusedConv2D without and with bias + relu: ${name}`, async () => {
      const plain = { ...attrs(t), activation: 'linear' };
      expect(relDiff(await runKernelOn('wasm', 'FusedConv2D', { x, filter }, plain), await runKernelOn('cpu', 'Conv2D', { x, filter }, attrs(t)))).toBeLessThan(1e-4);
      // The backend's own FusedConv2D (which runs whenever there is a bias) returns zeros for one
      // output channel with bias + relu (tfjs-backend-wasm 4.22): not our route, not tested here.
      if (t.co === 1) return;
      const inputs = { x, filter, bias: data([t.co], 33) };
      const relu = { ...attrs(t), activation: 'relu' };
      expect(relDiff(await runKernelOn('wasm', 'FusedConv2D', inputs, relu), await runKernelOn('cpu', 'FusedConv2D', inputs, relu))).toBeLessThan(1e-4);
    });
    it(`Conv2DBackpropInput: ${name}`, async () => {
      const info = backend_util.computeConv2DInfo([t.b, t.h, t.w, t.c], [t.k, t.k, t.c, t.co], t.s, t.d, t.pad as 'same', undefined, false, 'channelsLast');
      const a = { ...attrs(t), inputShape: [t.b, t.h, t.w, t.c] };
      const inputs = { dy: data(info.outShape, 34), filter };
      // tfjs-core's cpu kernel has no dilations: compare dilated cases with the dilation-free
      // filter written out with zeros is conv2dGradParity's job; here only d = 1 goes to cpu.
      if (t.d !== 1) return;
      expect(relDiff(await runKernelOn('wasm', 'Conv2DBackpropInput', inputs, a), await runKernelOn('cpu', 'Conv2DBackpropInput', inputs, a))).toBeLessThan(1e-4);
    });
  }
});
