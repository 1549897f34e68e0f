/** Merging live `runs:progress` events into a run's stored curves without refetching them. */
import type { LossPoint, RunMetricsSeries, RunProgressEvent } from '../../../../src-main/ipc/contract';

/** An empty series for a run (before its first epoch, or while the stored one loads). */
export function emptySeries(runId: number): RunMetricsSeries {
  return { runId, iters: [], epochs: [] };
}

/**
 * Appends one step's loss in place; false when it was already there (a point that also reached
 * the stored series read in the meantime), so duplicates never draw twice.
 */
function applyLoss(series: RunMetricsSeries, p: LossPoint): boolean {
  const last = series.iters[series.iters.length - 1];
  const before = (q: { epoch: number; iter: number }): boolean => q.epoch < p.epoch || (q.epoch === p.epoch && q.iter < p.iter);
  if (last && !before(last)) {
    // A resumed run starts an epoch again from its first iteration: drop the points it redoes.
    // Anything else at or before the last point is a duplicate of a stored one.
    const restart = p.iter <= 1 && (last.epoch > p.epoch || last.iter > p.iter + 2);
    if (!restart) return false;
    series.iters = series.iters.filter(before);
  }
  series.iters.push({ epoch: p.epoch, iter: p.iter, loss: p.loss });
  return true;
}

/** Appends one progress event to `series` in place; returns whether anything new was drawn. */
export function applyProgress(series: RunMetricsSeries, ev: RunProgressEvent): boolean {
  if (ev.kind === 'iter') {
    let added = false;
    for (const p of ev.points) added = applyLoss(series, p) || added;
    return added;
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
