import { describe, expect, it } from 'vitest';
import type { LossPoint, RunMetricsSeries, RunProgressEvent } from '../../../src-main/ipc/contract';
import { applyProgress, emptySeries, mergeLate } from '../../../src-renderer/src/components/runs/liveMetrics';

const iterEvent = (points: LossPoint[], iters = 100): RunProgressEvent => ({ runId: 1, kind: 'iter', iters, points });
const steps = (epoch: number, from: number, to: number): LossPoint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ epoch, iter: from + i, loss: 1 / (from + i) }));

describe('live loss curve', () => {
  it('every step of a batched event reaches the chart data', () => {
    const s = emptySeries(1);
    expect(applyProgress(s, iterEvent(steps(1, 1, 37)))).toBe(true);
    expect(applyProgress(s, iterEvent(steps(1, 38, 100)))).toBe(true);
    expect(s.iters.map((p) => p.iter)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s.iters[36]!.loss).toBeCloseTo(1 / 37);
  });

  it('steps already in the stored series are not drawn twice; the new ones of the same event are', () => {
    const stored: RunMetricsSeries = { runId: 1, iters: steps(1, 1, 20), epochs: [] };
    mergeLate(stored, [iterEvent(steps(1, 15, 30))]);
    expect(stored.iters.map((p) => p.iter)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(applyProgress(stored, iterEvent(steps(1, 25, 30)))).toBe(false);
  });

  it('a resumed run that redoes an epoch replaces that epoch\'s partial steps', () => {
    const s: RunMetricsSeries = { runId: 1, iters: [...steps(1, 1, 10), ...steps(2, 1, 6)], epochs: [] };
    applyProgress(s, iterEvent(steps(2, 1, 3), 10));
    expect(s.iters.map((p) => `${p.epoch}:${p.iter}`)).toEqual([...steps(1, 1, 10).map((p) => `1:${p.iter}`), '2:1', '2:2', '2:3']);
  });
});
