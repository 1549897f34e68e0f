import { describe, expect, it } from 'vitest';
import { createFarneback, farneback } from '../../../../src-main/motion/flow/farneback.js';
import { getFlowMethod } from '../../../../src-main/motion/flow/methods.js';
import { meanAbsDiff } from '../../../../src-main/motion/flow/metrics.js';
import { loadOpenCv, wasmHeapProbe } from '../../../../src-main/motion/flow/opencv.js';
import { syntheticPair } from '../../../../src-main/motion/flow/synthetic.js';

const S = 48;
const pair = syntheticPair(S, S, { kind: 'translate', dx: 0.8, dy: 0.3 }, 11);

describe('Farneback through opencv.js', () => {
  it('frees every Mat: many estimators and one-shot calls leave the WASM heap as they found it', async () => {
    const { cv } = await loadOpenCv();
    await farneback(pair.prev, pair.next, S, S); // first use may allocate OpenCV's own caches
    const before = wasmHeapProbe(cv);
    for (let i = 0; i < 60; i++) {
      const est = await createFarneback(S, S);
      est.compute(pair.prev, pair.next);
      est.compute(Uint8Array.from(pair.prev, Math.round), Uint8Array.from(pair.next, Math.round)); // both input Mat types
      est.dispose();
      await farneback(pair.prev, pair.next, S, S);
    }
    expect(wasmHeapProbe(cv)).toBe(before);
  });

  it('the leak check would notice a leaked Mat', async () => {
    const { cv } = await loadOpenCv();
    const before = wasmHeapProbe(cv);
    const leaked = Array.from({ length: 4 }, () => new cv.Mat(256, 256, cv.CV_32FC2));
    expect(wasmHeapProbe(cv)).not.toBe(before);
    for (const m of leaked) m.delete();
    expect(wasmHeapProbe(cv)).toBe(before);
  });

  it('gives the same flow for uint8 and float frames of the same pixels, and reuses its buffers', async () => {
    const a = Uint8Array.from(pair.prev, Math.round), b = Uint8Array.from(pair.next, Math.round);
    const est = await createFarneback(S, S);
    const f1 = est.compute(a, b);
    const f2 = est.compute(Float32Array.from(a), Float32Array.from(b));
    const f3 = est.compute(a, b);
    est.dispose();
    expect(f1).toHaveLength(S * S * 2);
    expect(meanAbsDiff(f1, f2, S, S)).toBeLessThan(1e-4);
    expect(f3).toEqual(f1); // a copy out of the heap, not a view that the next call overwrites
  });

  it('says what is wrong with a frame of the wrong size or use after dispose', async () => {
    const est = await createFarneback(S, S);
    expect(() => est.compute(new Uint8Array(10), pair.next)).toThrow(/expected a 48x48 grey frame \(2304 values\), got 10/);
    est.dispose();
    est.dispose(); // idempotent
    expect(() => est.compute(pair.prev, pair.next)).toThrow(/after dispose/);
  });

  it('is registered with S001 defaults and validates parameters', () => {
    const m = getFlowMethod('farneback');
    expect(m.schema.parse({})).toEqual({ pyrScale: 0.5, levels: 3, winsize: 5, iterations: 3, polyN: 5, polySigma: 1.2, gaussianWindow: false });
    expect(m.schema.safeParse({ winsize: 1 }).success).toBe(false);
    expect(m.schema.safeParse({ winSize: 5 }).success).toBe(false); // typo: unknown key, not silently ignored
    expect(() => getFlowMethod('lucas-kanade')).toThrow(/Unknown flow method "lucas-kanade": choose one of farneback, tvl1/);
  });
});
