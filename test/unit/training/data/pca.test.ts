import { describe, expect, it } from 'vitest';
import { pca } from '../../../../src-main/training/data/codes/pca.js';

/** A seeded uniform in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('pca', () => {
  it('finds the axis separating two planted clusters first, with explained variance summing to <= 1', () => {
    const r = rng(5);
    const d = 12;
    // cluster centres differ along a direction mixing features 2 and 7; noise is small and isotropic
    const axis = new Array<number>(d).fill(0);
    axis[2] = 0.6;
    axis[7] = -0.8;
    const points = Array.from({ length: 40 }, (_, i) => Array.from({ length: d }, (_, j) => (i < 20 ? 3 : -3) * axis[j]! + 0.2 * (r() - 0.5)));
    const out = pca(points, 2);
    const pc1 = out.components[0]!;
    expect(Math.abs(pc1[2]! * 0.6 - pc1[7]! * 0.8)).toBeGreaterThan(0.99); // aligned with the planted axis
    const x = out.projections.map((p) => p[0]!);
    const first = x.slice(0, 20), second = x.slice(20);
    expect(Math.sign(first[0]!)).not.toBe(Math.sign(second[0]!));
    expect(first.every((v) => Math.sign(v) === Math.sign(first[0]!))).toBe(true);
    expect(second.every((v) => Math.sign(v) === Math.sign(second[0]!))).toBe(true);
    expect(out.explained[0]!).toBeGreaterThan(0.95);
    expect(out.explained[1]!).toBeLessThan(out.explained[0]!);
    expect(out.explained[0]! + out.explained[1]!).toBeLessThanOrEqual(1 + 1e-9);
    let dot = 0;
    for (let j = 0; j < d; j++) dot += pc1[j]! * out.components[1]![j]!;
    expect(Math.abs(dot)).toBeLessThan(1e-6); // orthogonal axes
  });

  it('matches a hand-computed 2-D case and handles rank deficiency and bad input', () => {
    // points on the line y = x: all variance on (1, 1)/sqrt(2); PC2 carries none
    const out = pca([[0, 0], [1, 1], [2, 2], [3, 3]], 2);
    expect(out.components[0]![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out.components[0]![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out.explained[0]).toBeCloseTo(1, 9);
    expect(out.explained[1]).toBeCloseTo(0, 9);
    expect(out.projections.map((p) => p[0])).toEqual([-1.5, -0.5, 0.5, 1.5].map((v) => expect.closeTo(v * Math.SQRT2, 6)));
    expect(() => pca([[1, 2]])).toThrow(/at least 2 points/);
    expect(() => pca([[1, 2], [1]])).toThrow(/same length/);
  });
});
