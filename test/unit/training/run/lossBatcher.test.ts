import { describe, expect, it } from 'vitest';
import type { LossPoint } from '../../../../src-main/ipc/contract.js';
import { LossBatcher } from '../../../../src-main/training/run/lossBatcher.js';

/** A batcher on a hand-moved clock, recording what it sends. */
function setup(): { b: LossBatcher; sent: { points: LossPoint[]; iters: number }[]; clock: { t: number } } {
  const clock = { t: 1000 };
  const sent: { points: LossPoint[]; iters: number }[] = [];
  const b = new LossBatcher((points, iters) => sent.push({ points, iters }), 100, () => clock.t);
  return { b, sent, clock };
}

describe('LossBatcher', () => {
  it('a burst of steps inside one gap reaches the listener whole, in order, in few events', () => {
    const { b, sent, clock } = setup();
    for (let i = 1; i <= 50; i++) {
      b.push({ epoch: 1, iter: i, loss: 2 - i / 100 }, 60, false);
      clock.t += 3; // 50 steps in 150 ms: a fast trainer
    }
    b.flush();
    const all = sent.flatMap((e) => e.points);
    expect(all.map((p) => p.iter)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(all[49]!.loss).toBeCloseTo(1.5);
    expect(sent.length).toBe(3); // first step at once, one after the 100 ms gap, the rest on flush
    expect(sent.every((e) => e.iters === 60)).toBe(true);
  });

  it('waits out the gap, but an epoch\'s last step goes at once', () => {
    const { b, sent, clock } = setup();
    b.push({ epoch: 1, iter: 1, loss: 1 }, 3);
    clock.t += 10;
    b.push({ epoch: 1, iter: 2, loss: 0.9 }, 3);
    expect(sent).toHaveLength(1);
    b.push({ epoch: 1, iter: 3, loss: 0.8 }, 3, true);
    expect(sent.map((e) => e.points.map((p) => p.iter))).toEqual([[1], [2, 3]]);
    b.flush();
    expect(sent).toHaveLength(2); // nothing pending: no empty event
  });

  it('slow steps go one event each', () => {
    const { b, sent, clock } = setup();
    for (let i = 1; i <= 4; i++) {
      b.push({ epoch: 2, iter: i, loss: i }, 4);
      clock.t += 250;
    }
    expect(sent.map((e) => e.points.length)).toEqual([1, 1, 1, 1]);
  });
});
