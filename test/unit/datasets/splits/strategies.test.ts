import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src-main/datasets/stratify.js';
import { carriedQuotas, componentsOf } from '../../../../src-main/datasets/splits/strategies/allocate.js';
import '../../../../src-main/datasets/splits/strategies/all.js';
import { getSplitStrategy, parseSplitParams } from '../../../../src-main/datasets/splits/strategies/registry.js';
import type { Assignments, SplitClip, SplitContext } from '../../../../src-main/datasets/splits/types.js';
import { randomClips, randomShape, type DatasetShape } from './randomDataset.js';

const NO_CTX: SplitContext = { sourceSet: () => { throw new Error('no source sets here'); } };

function run(strategy: string, clips: SplitClip[], params: Record<string, unknown>, seed: number): Assignments {
  return getSplitStrategy(strategy).assign(clips, parseSplitParams(strategy, params), seededRandom(seed), NO_CTX);
}

/** Part key of an assignment: subset, or fold of a k-fold train clip. */
const part = (a: { subset: string; fold: number | null }): string => (a.fold == null ? a.subset : `fold${a.fold}`);

/** Every clip exactly once, nothing else. */
function expectPartition(clips: SplitClip[], a: Assignments): void {
  expect(a.size).toBe(clips.length);
  for (const c of clips) expect(a.has(c.id)).toBe(true);
}

/** No group name and no media file has clips in two parts. */
function expectGroupDisjoint(clips: SplitClip[], a: Assignments): void {
  const seen = new Map<string, string>();
  for (const c of clips) {
    const p = part(a.get(c.id)!);
    for (const key of [`m${c.mediaId}`, ...(c.group == null ? [] : [`g${c.group}`])]) {
      const before = seen.get(key);
      if (before !== undefined && before !== p) throw new Error(`${key} is in ${before} and ${p}`);
      seen.set(key, p);
    }
  }
}

/** Clips per (class, part) and per class. */
function counts(clips: SplitClip[], a: Assignments): { perClass: Map<number, Map<string, number>>; perPart: Map<string, number>; classSize: Map<number, number> } {
  const perClass = new Map<number, Map<string, number>>();
  const perPart = new Map<string, number>();
  const classSize = new Map<number, number>();
  for (const c of clips) {
    const k = c.classId ?? -1;
    const p = part(a.get(c.id)!);
    const m = perClass.get(k) ?? new Map<string, number>();
    m.set(p, (m.get(p) ?? 0) + 1);
    perClass.set(k, m);
    perPart.set(p, (perPart.get(p) ?? 0) + 1);
    classSize.set(k, (classSize.get(k) ?? 0) + 1);
  }
  return { perClass, perPart, classSize };
}

const CASES = Array.from({ length: 200 }, (_, i) => randomShape(i + 1));
const RATIOS: [number, number, number][] = [[0.7, 0.15, 0.15], [0.8, 0.2, 0], [0.6, 0.2, 0.2], [0.5, 0.25, 0.25], [1, 0, 0]];
const label = (s: DatasetShape): string => JSON.stringify(s);

describe('split strategies: properties over 200 random datasets', () => {
  it('stratified: a partition, every class within one clip of its target per subset, overall within two, seed-stable', () => {
    for (const [i, shape] of CASES.entries()) {
      const clips = randomClips(shape);
      const ratios = RATIOS[i % RATIOS.length]!;
      const a = run('stratified', clips, { ratios }, shape.seed);
      expectPartition(clips, a);
      const { perClass, perPart, classSize } = counts(clips, a);
      ['train', 'val', 'test'].forEach((subset, s) => {
        for (const [k, m] of perClass) {
          const err = Math.abs((m.get(subset) ?? 0) - ratios[s]! * classSize.get(k)!);
          if (err >= 1) throw new Error(`class ${k} ${subset} off by ${err} in ${label(shape)}`);
        }
        expect(Math.abs((perPart.get(subset) ?? 0) - ratios[s]! * clips.length), label(shape)).toBeLessThanOrEqual(2);
        if (ratios[s] === 0) expect(perPart.get(subset) ?? 0).toBe(0);
      });
      expect(run('stratified', clips, { ratios }, shape.seed)).toEqual(a);
    }
  });

  it('group: a partition, no group or source video in two subsets, proportions within two of the largest group, seed-stable', () => {
    for (const [i, shape] of CASES.entries()) {
      const clips = randomClips(shape);
      const ratios = RATIOS[(i + 2) % RATIOS.length]!;
      const a = run('group', clips, { ratios }, shape.seed);
      expectPartition(clips, a);
      expectGroupDisjoint(clips, a);
      const largest = Math.max(0, ...componentsOf(clips).map((c) => c.length));
      const { perPart } = counts(clips, a);
      ['train', 'val', 'test'].forEach((subset, s) => {
        const err = Math.abs((perPart.get(subset) ?? 0) - ratios[s]! * clips.length);
        if (err > 2 * largest) throw new Error(`${subset} off by ${err} (> 2 x largest group ${largest}) in ${label(shape)}`);
        if (ratios[s] === 0) expect(perPart.get(subset) ?? 0).toBe(0);
      });
      expect(run('group', clips, { ratios }, shape.seed)).toEqual(a);
    }
  });

  it('kfold: folds 0..K-1 in train (+ held-out test), group-disjoint across folds, seed-stable', () => {
    for (const [i, shape] of CASES.entries()) {
      const clips = randomClips(shape);
      const folds = 2 + (i % 9);
      const testRatio = i % 3 === 0 ? 0.2 : 0;
      const a = run('kfold', clips, { folds, testRatio }, shape.seed);
      expectPartition(clips, a);
      expectGroupDisjoint(clips, a);
      for (const x of a.values()) {
        if (x.subset === 'train') expect(x.fold).toBeGreaterThanOrEqual(0);
        if (x.subset === 'train') expect(x.fold).toBeLessThan(folds);
        else expect(x).toEqual({ subset: 'test', fold: null });
      }
      if (testRatio === 0) expect([...a.values()].every((x) => x.subset === 'train')).toBe(true);
      expect(run('kfold', clips, { folds, testRatio }, shape.seed)).toEqual(a);
    }
  });

  it('without groups, group and k-fold stratify like stratified: each class within one clip of its target', () => {
    for (const shape of CASES.slice(0, 80)) {
      const clips = randomClips({ ...shape, grouped: 0, sharedMedia: 0 });
      const { classSize } = counts(clips, new Map(clips.map((c) => [c.id, { subset: 'train', fold: null }])));
      const g = counts(clips, run('group', clips, { ratios: [0.6, 0.2, 0.2] }, shape.seed)).perClass;
      const k = counts(clips, run('kfold', clips, { folds: 5 }, shape.seed)).perClass;
      for (const [cls, n] of classSize) {
        ['train', 'val', 'test'].forEach((s, j) => expect(Math.abs((g.get(cls)!.get(s) ?? 0) - n * [0.6, 0.2, 0.2][j]!), label(shape)).toBeLessThan(1 + 1e-9));
        for (let f = 0; f < 5; f++) expect(Math.abs((k.get(cls)!.get(`fold${f}`) ?? 0) - n / 5), label(shape)).toBeLessThan(1 + 1e-9);
      }
    }
  });

  it('a different seed gives a different split; the class counts stay the same for stratified', () => {
    const clips = randomClips({ ...randomShape(3), clips: 400, classes: 5 });
    const a = run('stratified', clips, {}, 1);
    const b = run('stratified', clips, {}, 2);
    expect([...a].filter(([id, x]) => b.get(id)!.subset !== x.subset).length).toBeGreaterThan(50);
    expect(counts(clips, a).perClass).toEqual(counts(clips, b).perClass);
  });
});

describe('allocation helpers', () => {
  it('carriedQuotas: sums to n, each bin floor or ceil, zero-ratio bins get nothing', () => {
    const carry = new Float64Array(3);
    const all = [0, 0, 0];
    for (let n = 0; n < 60; n++) {
      const q = carriedQuotas(n % 7, [0.7, 0.3, 0], carry);
      expect(q.reduce((a, b) => a + b, 0)).toBe(n % 7);
      expect(q[2]).toBe(0);
      q.forEach((x, s) => { all[s]! += x; expect(Math.abs(x - (n % 7) * [0.7, 0.3, 0][s]!)).toBeLessThan(1); });
    }
    // 101 classes of 5 clips at 70/15/15 would be 303/101/101 by per-class rounding; the carry keeps it at target.
    const c2 = new Float64Array(3);
    const tot = [0, 0, 0];
    for (let k = 0; k < 101; k++) carriedQuotas(5, [0.7, 0.15, 0.15], c2).forEach((x, s) => { tot[s]! += x; });
    expect(tot.map((t, s) => Math.abs(t - 505 * [0.7, 0.15, 0.15][s]!) <= 1)).toEqual([true, true, true]);
  });

  it('componentsOf joins clips by group name and by media file, transitively', () => {
    const clips: SplitClip[] = [
      { id: 1, classId: 1, group: 'a', mediaId: 1 },
      { id: 2, classId: 1, group: null, mediaId: 1 },
      { id: 3, classId: 2, group: 'b', mediaId: 2 },
      { id: 4, classId: 2, group: 'a', mediaId: 3 },
      { id: 5, classId: 2, group: null, mediaId: 4 },
    ];
    expect(componentsOf(clips)).toEqual([[0, 1, 3], [2], [4]]);
  });

  it('rejects bad parameters with the strategy and field named', () => {
    expect(() => parseSplitParams('stratified', { ratios: [0, 0.5, 0.5] })).toThrow(/Stratified random.*train share/);
    expect(() => parseSplitParams('kfold', { folds: 1 })).toThrow(/K-fold.*folds/);
    expect(() => parseSplitParams('official', {})).toThrow(/source/);
    expect(() => parseSplitParams('nope', {})).toThrow(/Unknown split strategy "nope"; choose one of stratified, group, kfold, official/);
    expect(parseSplitParams('group', { ratios: [70, 15, 15] })).toEqual({ ratios: [0.7, 0.15, 0.15] });
  });
});
