/** Merging live `runs:progress` events into a run's stored curves without refetching them. */
import type { RunMetricsSeries, RunProgressEvent } from '../../../../src-main/ipc/contract';

/** An empty series for a run (before its first epoch, or while the stored one loads). */
export function emptySeries(runId: number): RunMetricsSeries {
  return { runId, iters: [], epochs: [] };
}

/**
 * Appends one progress event to `series` in place; returns false when it was already there (an
 * event that also reached the stored series read in the meantime), so duplicates never draw twice.
 */
export function applyProgress(series: RunMetricsSeries, ev: RunProgressEvent): boolean {
  if (ev.kind === 'iter') {
    const last = series.iters[series.iters.length - 1];
    const before = (p: { epoch: number; iter: number }): boolean => p.epoch < ev.epoch || (p.epoch === ev.epoch && p.iter < ev.iter);
    if (last && !before(last)) {
      // A resumed run starts an epoch again from its first iteration: drop the points it redoes.
      // Anything else at or before the last point is a duplicate of a stored one.
      const restart = ev.iter <= 1 && (last.epoch > ev.epoch || last.iter > ev.iter + 2);
      if (!restart) return false;
      series.iters = series.iters.filter(before);
    }
    series.iters.push({ epoch: ev.epoch, iter: ev.iter, loss: ev.loss });
    return true;
  }
  const row = { epoch: ev.epoch, lr: ev.lr, trainLoss: ev.trainLoss, trainAcc: ev.trainAcc, valLoss: ev.valLoss, valAcc: ev.valAcc };
  const i = series.epochs.findIndex((e) => e.epoch === ev.epoch);
  if (i >= 0) series.epochs.splice(i, 1, row);
  else series.epochs.push(row);
  return true;
}

/** Merges events that arrived while the stored series was being read. */
export function mergeLate(series: RunMetricsSeries, late: RunProgressEvent[]): RunMetricsSeries {
  for (const ev of late) if (ev.runId === series.runId) applyProgress(series, ev);
  return series;
}
