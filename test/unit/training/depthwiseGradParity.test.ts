import { backend_util } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, dilateFilter, relDiff, runKernelOn, undilate, useWasm } from './parityHelpers.js';

type Pad = 'same' | 'valid' | number[][];
interface Case { b: number; h: number; w: number; c: number; m: number; k: number; s: number; pad: Pad; d: number }

// Strides, paddings (same/valid/explicit), dilations, odd sizes, batch 1, 1 channel, multiplier 1 and 2.
const CASES: Record<string, Case> = {
  '3x3 s1 same, multiplier 1, odd 7x9': { b: 2, h: 7, w: 9, c: 6, m: 1, k: 3, s: 1, pad: 'same', d: 1 },
  '3x3 s2 same, multiplier 2': { b: 2, h: 9, w: 8, c: 3, m: 2, k: 3, s: 2, pad: 'same', d: 1 },
  '5x5 s2 valid, batch 1, 1 channel': { b: 1, h: 11, w: 12, c: 1, m: 1, k: 5, s: 2, pad: 'valid', d: 1 },
  '2x2 s1 same (asymmetric pad), 5 channels (SIMD tail)': { b: 1, h: 6, w: 7, c: 5, m: 1, k: 2, s: 1, pad: 'same', d: 1 },
  '3x3 s1 explicit pad, multiplier 3': { b: 2, h: 8, w: 7, c: 2, m: 3, k: 3, s: 1, pad: [[0, 0], [2, 1], [0, 2], [0, 0]], d: 1 },
  '3x3 s1 same dilation 2': { b: 2, h: 10, w: 9, c: 4, m: 1, k: 3, s: 1, pad: 'same', d: 2 },
  '3x3 s1 valid dilation 3, multiplier 2, batch 1': { b: 1, h: 13, w: 12, c: 3, m: 2, k: 3, s: 1, pad: 'valid', d: 3 },
};

function shapes(t: Case): { x: number[]; f: number[]; dy: number[] } {
  const f = [t.k, t.k, t.c, t.m];
  const info = backend_util.computeConv2DInfo([t.b, t.h, t.w, t.c], f as [number, number, number, number], t.s, t.d,
    t.pad as 'same', undefined, true);
  return { x: [t.b, t.h, t.w, t.c], f, dy: info.outShape };
}

beforeAll(useWasm);

// The cpu kernels compute the output size with the dilation but ignore it in their loops, so the
// reference for d > 1 is the undilated kernel on the filter written out with zeros between taps.
describe('DepthwiseConv2dNativeBackpropFilter on wasm matches the cpu backend', () => {
  for (const [name, t] of Object.entries(CASES)) {
    it(name, async () => {
      const sh = shapes(t);
      const x = data(sh.x, 5), dy = data(sh.dy, 6);
      const ours = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', { x, dy },
        { strides: t.s, pad: t.pad, dilations: t.d, filterShape: sh.f });
      const ek = (t.k - 1) * t.d + 1;
      let ref = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', { x, dy },
        { strides: t.s, pad: t.pad, dilations: 1, filterShape: [ek, ek, t.c, t.m] });
      if (t.d > 1) ref = undilate(ref, sh.f, t.d);
      expect(relDiff(ours, ref)).toBeLessThan(1e-4);
    });
  }
});

describe('DepthwiseConv2dNativeBackpropInput on wasm matches the cpu backend', () => {
  for (const [name, t] of Object.entries(CASES)) {
    it(name, async () => {
      const sh = shapes(t);
      const filter = data(sh.f, 7), dy = data(sh.dy, 8);
      const ours = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter },
        { strides: t.s, pad: t.pad, dilations: t.d, inputShape: sh.x });
      const ref = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter: dilateFilter(filter, t.d) },
        { strides: t.s, pad: t.pad, dilations: 1, inputShape: sh.x });
      expect(relDiff(ours, ref)).toBeLessThan(1e-4);
    });
  }
});
