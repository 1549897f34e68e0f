import { describe, expect, it } from 'vitest';
import { proportionalQuotas, seededRandom, stratifiedSample } from '../../../src-main/datasets/stratify.js';

describe('stratified sampling', () => {
  it('draws S001\'s 400 of 4,000 (40 classes x 100) as exactly 10 per class, the same for the same seed', () => {
    const items = Array.from({ length: 4000 }, (_, i) => ({ id: i, cls: `c${i % 40}` }));
    const a = stratifiedSample(items, (x) => x.cls, 400, 1);
    expect(a.size).toBe(400);
    const perClass = new Map<string, number>();
    for (const x of a) perClass.set(x.cls, (perClass.get(x.cls) ?? 0) + 1);
    expect([...perClass.values()].every((n) => n === 10)).toBe(true);
    expect(perClass.size).toBe(40);
    const ids = (s: Set<{ id: number }>): number[] => [...s].map((x) => x.id).sort((p, q) => p - q);
    expect(ids(stratifiedSample(items, (x) => x.cls, 400, 1))).toEqual(ids(a));
    expect(ids(stratifiedSample(items, (x) => x.cls, 400, 2))).not.toEqual(ids(a));
  });

  it('splits a total in proportion with largest remainders, summing exactly', () => {
    const q = proportionalQuotas(new Map([['a', 5], ['b', 3], ['c', 2]]), 5);
    expect(Object.fromEntries(q)).toEqual({ a: 3, b: 1, c: 1 }); // 2.5, 1.5, 1 -> ties broken by name
    expect([...proportionalQuotas(new Map([['a', 1], ['b', 1], ['c', 1]]), 2).values()].reduce((x, y) => x + y)).toBe(2);
    expect(() => proportionalQuotas(new Map([['a', 1]]), 2)).toThrow('cannot draw 2 items from 1');
  });

  it('has a reproducible generator in [0, 1)', () => {
    const r = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => r());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const s = seededRandom(42);
    expect(Array.from({ length: 1000 }, () => s())).toEqual(xs);
  });
});
