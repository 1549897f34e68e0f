import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../src-main/media/sampling/rng.js';
import { describeSpec, resolveSampleSpec, specUsesRandom } from '../../../src-main/media/sampling/spec.js';
import { getStrategy, strategyIds, type ClipFrameMeta } from '../../../src-main/media/sampling/strategies.js';

const meta = (frameCount: number, fps = 30, start = 0, end: number | null = null): ClipFrameMeta =>
  ({ frameCount, fps, duration: frameCount / fps, start, end });
const idx = (id: string, m: ClipFrameMeta, params: unknown, seed = 1): number[] => {
  const s = getStrategy(id);
  return s.indices(m, s.paramsSchema.parse(params), createRng(seed));
};

describe('sampling strategies', () => {
  it('registers the six named strategies', () => {
    expect(strategyIds()).toEqual(['uniform', 'uniformFirstSeconds', 'middle', 'everyKth', 'consecutive', 'tsnSegments']);
  });

  it('uniform takes segment centres, and repeats frames when N > frameCount', () => {
    expect(idx('uniform', meta(300), { n: 4 })).toEqual([37, 112, 187, 262]);
    expect(idx('uniform', meta(10), { n: 10 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(idx('uniform', meta(3), { n: 6 })).toEqual([0, 0, 1, 1, 2, 2]);
    expect(idx('uniform', meta(1), { n: 3 })).toEqual([0, 0, 0]);
  });

  it('uniformFirstSeconds: S002 takes 10 frames over the first 2 s; T beyond the clip uses the whole clip', () => {
    expect(idx('uniformFirstSeconds', meta(300), { n: 10, seconds: 2 })).toEqual([3, 9, 15, 21, 27, 33, 39, 45, 51, 57]);
    expect(idx('uniformFirstSeconds', meta(32), { n: 4, seconds: 10 })).toEqual(idx('uniform', meta(32), { n: 4 }));
    expect(idx('uniformFirstSeconds', meta(164, 25), { n: 2, seconds: 1 })).toEqual([6, 18]);
  });

  it('middle (S001) and everyKth (S004: 1 in 10)', () => {
    expect(idx('middle', meta(300), {})).toEqual([150]);
    expect(idx('middle', meta(1), {})).toEqual([0]);
    expect(idx('everyKth', meta(32), { k: 10 })).toEqual([0, 10, 20, 30]);
    expect(idx('everyKth', meta(32), { k: 10, offset: 5 })).toEqual([5, 15, 25]);
    expect(idx('everyKth', meta(3), { k: 10, offset: 7 })).toEqual([2]);
  });

  it('consecutive gives L+1 frames for flow stacks, padded with the last frame when the clip is short', () => {
    expect(idx('consecutive', meta(300), { length: 11 })).toEqual(Array.from({ length: 11 }, (_, i) => 144 + i));
    expect(idx('consecutive', meta(300), { length: 3, position: 'start' })).toEqual([0, 1, 2]);
    expect(idx('consecutive', meta(4), { length: 6, position: 'random' })).toEqual([0, 1, 2, 3, 3, 3]);
    const r = idx('consecutive', meta(300), { length: 5, position: 'random' }, 42);
    expect(r).toEqual(idx('consecutive', meta(300), { length: 5, position: 'random' }, 42));
    expect(r[4]! - r[0]!).toBe(4);
    expect(r[4]).toBeLessThan(300);
  });

  it('tsnSegments: centred in test mode, seeded random offsets inside each segment in training', () => {
    expect(idx('tsnSegments', meta(300), { segments: 3 })).toEqual([50, 150, 250]);
    expect(idx('tsnSegments', meta(300), { segments: 3, length: 2 })).toEqual([49, 50, 149, 150, 249, 250]);
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const r = idx('tsnSegments', meta(300), { segments: 3, random: true }, seed);
      r.forEach((i, j) => { expect(i).toBeGreaterThanOrEqual(j * 100); expect(i).toBeLessThan((j + 1) * 100); });
      seen.add(r.join());
    }
    expect(seen.size).toBeGreaterThan(15);
    expect(idx('tsnSegments', meta(2), { segments: 5, random: true })).toEqual([0, 0, 0, 1, 1]);
  });

  it('every index is in range for tiny and odd clip lengths', () => {
    const cases: [string, unknown][] = [['uniform', { n: 16 }], ['uniformFirstSeconds', { n: 10, seconds: 2 }], ['middle', {}],
      ['everyKth', { k: 3 }], ['consecutive', { length: 11, position: 'random' }], ['tsnSegments', { segments: 8, length: 3, random: true }]];
    for (const f of [1, 2, 7, 31, 299]) {
      for (const [id, p] of cases) {
        for (const i of idx(id, meta(f), p, f)) expect(i >= 0 && i < f && Number.isInteger(i), `${id} f=${f} i=${i}`).toBe(true);
      }
    }
  });
});

describe('sample specs and seeds', () => {
  it('fills defaults, validates the strategy params and names the bad field', () => {
    const spec = resolveSampleSpec({ strategy: 'tsnSegments', params: { segments: 8 }, width: 224, height: 224 });
    expect(spec).toMatchObject({ resize: 'shortSideCenterCrop', seed: 0, params: { segments: 8, length: 1, random: false } });
    expect(describeSpec(spec)).toBe('8 segments x 1 frame(s), centred (test), 224x224 shortSideCenterCrop');
    expect(() => resolveSampleSpec({ strategy: 'uniform', params: { n: 0 }, width: 8, height: 8 })).toThrow(/"uniform".*n:/);
    expect(() => resolveSampleSpec({ strategy: 'nope', width: 8, height: 8 })).toThrow(/Unknown sampling strategy "nope"/);
  });

  it('knows when a spec is random (then the seed matters)', () => {
    const base = { width: 8, height: 8 };
    expect(specUsesRandom(resolveSampleSpec({ ...base, strategy: 'uniform', params: { n: 2 } }))).toBe(false);
    expect(specUsesRandom(resolveSampleSpec({ ...base, strategy: 'uniform', params: { n: 2 }, resize: 'randomCrop' }))).toBe(true);
    expect(specUsesRandom(resolveSampleSpec({ ...base, strategy: 'consecutive', params: { length: 2, position: 'random' } }))).toBe(true);
  });

  it('the RNG repeats from a seed and per-clip seeds differ by key', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(deriveSeed(1, 'a@0-')).not.toBe(deriveSeed(1, 'b@0-'));
    expect(deriveSeed(1, 'a@0-')).not.toBe(deriveSeed(2, 'a@0-'));
    expect(deriveSeed(1, 'a@0-')).toBe(deriveSeed(1, 'a@0-'));
  });
});
