import { backend_util } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, dilateFilter, relDiff, runKernelOn, undilate, useWasm, type Data } from './parityHelpers.js';

type Pad = 'same' | 'valid' | number[][];
interface Case { b: number; h: number; w: number; c: number; co: number; k: [number, number]; s: [number, number]; pad: Pad; d: [number, number] }

// Strides, paddings (same/valid/explicit), dilations, odd sizes, batch 1 and channels 1.
const CASES: Record<string, Case> = {
  '3x3 s1 same, odd 7x9': { b: 2, h: 7, w: 9, c: 3, co: 4, k: [3, 3], s: [1, 1], pad: 'same', d: [1, 1] },
  '3x3 s2 valid, batch 1, 1 input channel': { b: 1, h: 11, w: 10, c: 1, co: 5, k: [3, 3], s: [2, 2], pad: 'valid', d: [1, 1] },
  '5x5 s2 same': { b: 2, h: 8, w: 8, c: 4, co: 6, k: [5, 5], s: [2, 2], pad: 'same', d: [1, 1] },
  '2x2 s3 same (asymmetric pad), 1 output channel': { b: 1, h: 7, w: 9, c: 2, co: 1, k: [2, 2], s: [3, 3], pad: 'same', d: [1, 1] },
  '3x3 s(2,1) explicit pad': { b: 2, h: 9, w: 6, c: 3, co: 2, k: [3, 3], s: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]], d: [1, 1] },
  '3x3 s1 same dilation 2': { b: 2, h: 9, w: 10, c: 3, co: 4, k: [3, 3], s: [1, 1], pad: 'same', d: [2, 2] },
  '3x2 s1 valid dilation (2,3), batch 1': { b: 1, h: 12, w: 13, c: 2, co: 3, k: [3, 2], s: [1, 1], pad: 'valid', d: [2, 3] },
  '7x7 s2 same (a stem conv)': { b: 2, h: 15, w: 15, c: 3, co: 8, k: [7, 7], s: [2, 2], pad: 'same', d: [1, 1] },
  '1x1 s2 same (a shortcut conv)': { b: 2, h: 9, w: 9, c: 5, co: 7, k: [1, 1], s: [2, 2], pad: 'same', d: [1, 1] },
};

function shapes(t: Case): { x: number[]; f: number[]; dy: number[] } {
  const f = [...t.k, t.c, t.co];
  const info = backend_util.computeConv2DInfo([t.b, t.h, t.w, t.c], f as [number, number, number, number], t.s, t.d,
    t.pad as 'same', undefined, false, 'channelsLast');
  return { x: [t.b, t.h, t.w, t.c], f, dy: info.outShape };
}

const attrs = (t: Case, d: [number, number]): Record<string, unknown> => ({ strides: t.s, pad: t.pad, dataFormat: 'NHWC', dilations: d });

beforeAll(useWasm);

describe('Conv2DBackpropFilter on wasm matches the cpu backend', () => {
  for (const [name, t] of Object.entries(CASES)) {
    it(name, async () => {
      const sh = shapes(t);
      const x = data(sh.x, 1), dy = data(sh.dy, 2);
      const ours = await runKernelOn('wasm', 'Conv2DBackpropFilter', { x, dy }, { ...attrs(t, t.d), filterShape: sh.f });
      // The cpu kernel ignores dilations: give it the dilated filter's shape and keep every d-th tap.
      const dh = t.d[0], dw = t.d[1];
      const expanded = [(t.k[0] - 1) * dh + 1, (t.k[1] - 1) * dw + 1, t.c, t.co];
      let ref = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x, dy }, { ...attrs(t, [1, 1]), filterShape: expanded });
      if (dh > 1 || dw > 1) ref = undilate2(ref, sh.f, dh, dw);
      expect(relDiff(ours, ref)).toBeLessThan(1e-4);
    });
  }
});

describe('Conv2DBackpropInput on wasm matches the cpu backend', () => {
  for (const [name, t] of Object.entries(CASES)) {
    it(name, async () => {
      const sh = shapes(t);
      const filter = data(sh.f, 3), dy = data(sh.dy, 4);
      const ours = await runKernelOn('wasm', 'Conv2DBackpropInput', { dy, filter }, { ...attrs(t, t.d), inputShape: sh.x });
      const expanded: Data = t.d[0] === t.d[1] ? dilateFilter(filter, t.d[0]) : dilate2(filter, t.d[0], t.d[1]);
      const ref = await runKernelOn('cpu', 'Conv2DBackpropInput', { dy, filter: expanded }, { ...attrs(t, [1, 1]), inputShape: sh.x });
      expect(relDiff(ours, ref)).toBeLessThan(1e-4);
    });
  }
});

/** dilateFilter with different row and column dilations. */
function dilate2(f: Data, dh: number, dw: number): Data {
  const [kh, kw, c, co] = f.shape as [number, number, number, number];
  const eh = (kh - 1) * dh + 1, ew = (kw - 1) * dw + 1, inner = c * co;
  const out = new Float32Array(eh * ew * inner);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    out.set(f.values.subarray((i * kw + j) * inner, (i * kw + j + 1) * inner), (i * dh * ew + j * dw) * inner);
  }
  return { shape: [eh, ew, c, co], values: out };
}

/** undilate with different row and column dilations. */
function undilate2(values: Float32Array, shape: number[], dh: number, dw: number): Float32Array {
  if (dh === dw) return undilate(values, shape, dh);
  const [kh, kw, c, co] = shape as [number, number, number, number];
  const ew = (kw - 1) * dw + 1, inner = c * co;
  const out = new Float32Array(kh * kw * inner);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    out.set(values.subarray((i * dh * ew + j * dw) * inner, (i * dh * ew + j * dw + 1) * inner), (i * kw + j) * inner);
  }
  return out;
}
