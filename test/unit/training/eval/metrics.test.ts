import { describe, expect, it } from 'vitest';
import { blobToProbs, clipProbabilities, probsToBlob, rankOf, scoreClips, softmaxRows, type ClipPrediction } from '../../../../src-main/training/eval/metrics.js';

const p = (...v: number[]): Float32Array => Float32Array.from(v);
const clip = (clipId: number, label: number, video: string, probs: Float32Array): ClipPrediction => ({ clipId, label, video, probs });

describe('evaluation metrics', () => {
  it('averages views into clips and scores top-1, confusion, per-class and loss', () => {
    // 3 classes; clip 1 (label 0): views [0.6,0.3,0.1] and [0.2,0.5,0.3] -> mean [0.4,0.4,0.2] -> argmax 0 (tie, first)
    // clip 2 (label 1): [0.1,0.2,0.7] -> predicted 2; clip 3 (label 2): [0.1,0.1,0.8] -> 2
    const probs = p(0.6, 0.3, 0.1, 0.1, 0.2, 0.7, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8);
    const views = [1, 2, 1, 3];
    const clips = clipProbabilities(probs, views, 3, [
      { clipId: 1, label: 0, video: 'a' }, { clipId: 2, label: 1, video: 'a' }, { clipId: 3, label: 2, video: 'b' },
    ]);
    expect(Array.from(clips[0]!.probs)).toEqual([0.4, 0.4, 0.2].map((v) => Math.fround(v)));
    const m = scoreClips(clips, ['walk', 'run', 'jump']);
    expect(m.clips).toBe(3);
    expect(m.top1).toBeCloseTo(2 / 3);
    expect(m.top5).toBe(1); // k capped at 3 classes
    expect(m.confusion).toEqual([[1, 0, 0], [0, 0, 1], [0, 0, 1]]);
    expect(m.perClass.map((c) => [c.correct, c.total, c.accuracy])).toEqual([[1, 1, 1], [0, 1, 0], [1, 1, 1]]);
    expect(m.loss).toBeCloseTo(-(Math.log(Math.fround(0.4)) + Math.log(Math.fround(0.2)) + Math.log(Math.fround(0.8))) / 3, 5);
  });

  it('counts top-5 only when the label ranks in the five highest of more classes', () => {
    const labels = Array.from({ length: 8 }, (_, i) => `c${i}`);
    const inTop5 = clip(1, 3, 'v1', p(0.3, 0.2, 0.15, 0.1, 0.09, 0.08, 0.05, 0.03)); // rank 3
    const outTop5 = clip(2, 6, 'v2', p(0.3, 0.2, 0.15, 0.1, 0.09, 0.08, 0.05, 0.03)); // rank 6
    const m = scoreClips([inTop5, outTop5], labels);
    expect(m.top1).toBe(0);
    expect(m.top5).toBe(0.5);
    expect(rankOf(inTop5.probs, 0)).toBe(0);
  });

  it('video accuracy uses the mean of the video clips, not their vote', () => {
    // video 'v' (label 0): clip A barely wrong, clip B strongly right -> mean right; clip-level 1/2.
    const m = scoreClips([
      clip(1, 0, 'v', p(0.45, 0.55)), clip(2, 0, 'v', p(0.9, 0.1)),
      clip(3, 1, 'w', p(0.6, 0.4)),
    ], ['a', 'b']);
    expect(m.top1).toBeCloseTo(1 / 3);
    expect(m.videos).toBe(2);
    expect(m.videoAccuracy).toBe(0.5);
  });

  it('softmax rows sum to 1 and blobs round-trip', () => {
    const s = softmaxRows(p(1, 2, 3, 1000, 0, -1000), 3);
    expect(s[0]! + s[1]! + s[2]!).toBeCloseTo(1, 6);
    expect(s[3]).toBe(1);
    expect(Array.from(blobToProbs(probsToBlob(s)))).toEqual(Array.from(s));
  });

  it('says which clip is missing views', () => {
    expect(() => clipProbabilities(p(1, 0), [1], 2, [{ clipId: 9, label: 0, video: 'x' }])).toThrow(/Clip 9/);
  });
});
