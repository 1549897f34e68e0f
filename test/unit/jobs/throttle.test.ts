import { afterEach, describe, expect, it } from 'vitest';
import { Throttle } from '../../../src-main/jobs/throttle.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const made: Throttle<number>[] = [];
afterEach(() => {
  for (const t of made.splice(0)) t.dispose();
});

function throttle(ms: number): { t: Throttle<number>; got: number[] } {
  const got: number[] = [];
  const t = new Throttle<number>(ms, (v) => got.push(v));
  made.push(t);
  return { t, got };
}

describe('Throttle', () => {
  it('delivers the first value at once and the latest of a burst on the trailing edge', async () => {
    const { t, got } = throttle(50);
    for (let i = 1; i <= 100; i++) t.push(i);
    expect(got).toEqual([1]);
    await sleep(80);
    expect(got).toEqual([1, 100]);
  });

  it('flush delivers a pending value now, once', () => {
    const { t, got } = throttle(1000);
    t.push(1);
    t.push(2);
    t.push(3);
    t.flush();
    t.flush();
    expect(got).toEqual([1, 3]);
  });

  it('dispose drops the pending value and its timer', async () => {
    const { t, got } = throttle(20);
    t.push(1);
    t.push(2);
    t.dispose();
    await sleep(40);
    expect(got).toEqual([1]);
  });
});
