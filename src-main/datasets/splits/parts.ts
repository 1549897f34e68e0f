import type { SplitSubset } from '../../ipc/contract.js';
import type { Assignment } from './types.js';

const ORDER: Record<SplitSubset, number> = { train: 0, val: 1, test: 2, unused: 3 };

/** The part a clip is in: its subset, or `fold<k>` for a train clip of a k-fold set. */
export function partKey(a: Assignment): string {
  return a.subset === 'train' && a.fold != null ? `fold${a.fold}` : a.subset;
}

/** What the UI calls a part: `Train`, `Fold 3` (1-based), `Unused`. */
export function partLabel(a: Assignment): string {
  return a.subset === 'train' && a.fold != null ? `Fold ${a.fold + 1}` : a.subset[0]!.toUpperCase() + a.subset.slice(1);
}

/** Display order: train (folds ascending), val, test, unused. */
export function comparePartOrder(a: Assignment, b: Assignment): number {
  return ORDER[a.subset] - ORDER[b.subset] || (a.fold ?? -1) - (b.fold ?? -1);
}
