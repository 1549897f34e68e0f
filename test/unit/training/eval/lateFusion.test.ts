import { describe, expect, it } from 'vitest';
import { runInWorker } from '../../../../src-main/jobs/workerHost.js';
import type { SvmFusionResult, SvmFusionTask } from '../../../../src-main/training/eval/fuseWorker.js';
import { alignStreams, fuseStreams } from '../../../../src-main/training/eval/lateFusion.js';
import { fitLinearSvm, svmProbabilities } from '../../../../src-main/training/eval/linearSvm.js';
import type { ClipPrediction } from '../../../../src-main/training/eval/metrics.js';
import { argmax } from '../../../../src-main/training/eval/metrics.js';

/** Deterministic pseudo-random numbers for synthetic sets. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function expectProbabilityVectors(rows: readonly Float32Array[]): void {
  for (const r of rows) {
    expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (const v of r) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  }
}

/** Noisy softmax-like scores: stream A tells classes 0/1 from 2, stream B tells 0 from 1. */
function streams(n: number, seed: number): { a: ClipPrediction[]; b: ClipPrediction[] } {
  const r = lcg(seed);
  const a: ClipPrediction[] = [];
  const b: ClipPrediction[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    const norm = (v: number[]): Float32Array => { const s = v.reduce((x, y) => x + y, 0); return Float32Array.from(v, (x) => x / s); };
    const pa = label === 2 ? [0.1, 0.1, 0.8] : [0.45 + 0.05 * r(), 0.45 + 0.05 * r(), 0.1];
    const pb = label === 0 ? [0.7, 0.2, 0.1 + 0.1 * r()] : label === 1 ? [0.2, 0.7, 0.1 + 0.1 * r()] : [0.35, 0.35, 0.3];
    a.push({ clipId: i + 1, label, video: `v${i}`, probs: norm(pa) });
    b.push({ clipId: i + 1, label, video: `v${i}`, probs: norm(pb) });
  }
  return { a, b };
}

describe('linear SVM', () => {
  it('separates a linearly separable synthetic set', () => {
    const r = lcg(3);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 120; i++) {
      const label = i % 3;
      const centre = [[0, 0], [4, 0], [0, 4]][label]!;
      x.push([centre[0]! + r() - 0.5, centre[1]! + r() - 0.5]);
      y.push(label);
    }
    const model = fitLinearSvm(x, y, 3, { C: 10 });
    const correct = x.filter((row, i) => argmax(svmProbabilities(model, row)) === y[i]).length;
    expect(correct).toBe(x.length);
    expectProbabilityVectors(x.map((row) => svmProbabilities(model, row)));
  });

  it('refuses mismatched inputs with a message', () => {
    expect(() => fitLinearSvm([], [], 2)).toThrow(/at least one/);
    const m = fitLinearSvm([[0], [1]], [0, 1], 2);
    expect(() => svmProbabilities(m, [1, 2])).toThrow(/expects 1 features/);
  });
});

describe('late fusion', () => {
  it('mean and weighted fusion give probability vectors between the streams', () => {
    const s = alignStreams(streams(9, 1).a, streams(9, 1).b);
    const mean = fuseStreams({ method: 'mean', target: s }).clips;
    expectProbabilityVectors(mean.map((c) => c.probs));
    expect(mean[0]!.probs[0]).toBeCloseTo((s.a[0]!.probs[0]! + s.b[0]!.probs[0]!) / 2, 6);
    const onlyB = fuseStreams({ method: 'weighted', target: s, weights: [0, 2] }).clips;
    expect(Array.from(onlyB[4]!.probs)).toEqual(Array.from(s.b[4]!.probs).map((v) => expect.closeTo(v, 6)));
    expect(() => fuseStreams({ method: 'weighted', target: s, weights: [0, 0] })).toThrow(/weights/);
  });

  it('the SVM fitted on val beats either stream on test and outputs valid probabilities', () => {
    const val = streams(60, 2);
    const test = streams(30, 5);
    const target = alignStreams(test.a, test.b);
    const { clips, svm } = fuseStreams({ method: 'svm', fit: alignStreams(val.a, val.b), target });
    expect(svm).not.toBeNull();
    expectProbabilityVectors(clips.map((c) => c.probs));
    const acc = (cs: ClipPrediction[]): number => cs.filter((c) => argmax(c.probs) === c.label).length / cs.length;
    expect(acc(clips)).toBe(1);
    expect(acc(target.a)).toBeLessThan(0.8);
    expect(acc(target.b)).toBeLessThan(0.8);
  });

  // runs:fuse fits the SVM in a worker thread so the main process stays responsive; the stored
  // fusion must not depend on where it was fitted.
  it('the SVM fitted in a worker thread gives exactly the in-process result', async () => {
    const val = streams(60, 2), test = streams(30, 5);
    const task: SvmFusionTask = { fit: alignStreams(val.a, val.b), target: alignStreams(test.a, test.b) };
    const inProcess = fuseStreams({ method: 'svm', ...task });
    const inWorker = await runInWorker<SvmFusionTask, SvmFusionResult>('training/eval/fuseWorker.ts', task);
    expect(inWorker.svm).toEqual(inProcess.svm);
    expect(inWorker.clips.map((c) => c.clipId)).toEqual(inProcess.clips.map((c) => c.clipId));
    inWorker.clips.forEach((c, i) => {
      expect(c.probs).toBeInstanceOf(Float32Array);
      expect(Array.from(c.probs)).toEqual(Array.from(inProcess.clips[i]!.probs));
      expect({ ...c, probs: null }).toEqual({ ...inProcess.clips[i]!, probs: null });
    });
  }, 30_000);

  it('aligns by clip and refuses streams with different classes or no common clips', () => {
    const { a, b } = streams(6, 1);
    expect(alignStreams(a, b.slice(2)).a.map((c) => c.clipId)).toEqual([3, 4, 5, 6]);
    expect(() => alignStreams(a.slice(0, 2), b.slice(3))).toThrow(/no evaluated clip in common/);
    const wrong = b.map((c) => ({ ...c, probs: Float32Array.from([0.5, 0.5]) }));
    expect(() => alignStreams(a, wrong)).toThrow(/same classes/);
    expect(() => fuseStreams({ method: 'svm', target: alignStreams(a, b) })).toThrow(/validation predictions/);
  });
});
