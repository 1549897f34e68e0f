import { backend_util } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, relDiff, runKernelOn, useWasm } from './parityHelpers.js';

type V3 = [number, number, number];
interface Case { b: number; in: V3; c: number; co: number; k: V3; s: V3; pad: 'same' | 'valid' }

// Conv3D and its gradients are replaced on wasm (the built-ins are scalar loops).
const CASES: Record<string, Case> = {
  '3x3x3 s1 same, odd sizes': { b: 2, in: [5, 6, 7], c: 2, co: 3, k: [3, 3, 3], s: [1, 1, 1], pad: 'same' },
  '3x3x3 s(1,2,2) same (the flow stem)': { b: 2, in: [4, 9, 8], c: 2, co: 4, k: [3, 3, 3], s: [1, 2, 2], pad: 'same' },
  '2x2x2 s2 valid, batch 1, 1 channel': { b: 1, in: [6, 7, 5], c: 1, co: 2, k: [2, 2, 2], s: [2, 2, 2], pad: 'valid' },
  '1x3x2 s(1,1,2) same, 1 output channel': { b: 1, in: [3, 5, 6], c: 3, co: 1, k: [1, 3, 2], s: [1, 1, 2], pad: 'same' },
};

function shapes(t: Case): { x: number[]; f: number[]; dy: number[] } {
  const x = [t.b, ...t.in, t.c], f = [...t.k, t.c, t.co];
  const info = backend_util.computeConv3DInfo(x as [number, number, number, number, number], f as [number, number, number, number, number], t.s, 1, t.pad);
  return { x, f, dy: info.outShape };
}

beforeAll(useWasm);

describe('Conv3D family on wasm matches the cpu backend', () => {
  for (const [name, t] of Object.entries(CASES)) {
    it(`forward: ${name}`, async () => {
      const sh = shapes(t);
      const inputs = { x: data(sh.x, 1), filter: data(sh.f, 2) };
      const attrs = { strides: t.s, pad: t.pad, dilations: 1, dataFormat: 'NDHWC' };
      expect(relDiff(await runKernelOn('wasm', 'Conv3D', inputs, attrs), await runKernelOn('cpu', 'Conv3D', inputs, attrs))).toBeLessThan(1e-4);
    });
    it(`input gradient: ${name}`, async () => {
      const sh = shapes(t);
      const inputs = { dy: data(sh.dy, 3), filter: data(sh.f, 4) };
      const attrs = { strides: t.s, pad: t.pad, inputShape: sh.x };
      expect(relDiff(await runKernelOn('wasm', 'Conv3DBackpropInputV2', inputs, attrs),
        await runKernelOn('cpu', 'Conv3DBackpropInputV2', inputs, attrs))).toBeLessThan(1e-4);
    });
    it(`filter gradient: ${name}`, async () => {
      const sh = shapes(t);
      const inputs = { x: data(sh.x, 5), dy: data(sh.dy, 6) };
      const attrs = { strides: t.s, pad: t.pad, filterShape: sh.f };
      expect(relDiff(await runKernelOn('wasm', 'Conv3DBackpropFilterV2', inputs, attrs),
        await runKernelOn('cpu', 'Conv3DBackpropFilterV2', inputs, attrs))).toBeLessThan(1e-4);
    });
  }
});
