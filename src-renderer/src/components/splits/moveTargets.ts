import type { SplitSetInfo, SplitSubset } from '../../../../src-main/ipc/contract';
import { partName } from './partStyle';

/** A place a clip can be moved to by hand: a subset, and for k-fold sets a fold of train. */
export interface MoveTarget {
  key: string;
  label: string;
  subset: SplitSubset;
  fold: number | null;
}

/** The parts of a set a clip can be moved to (folds for k-fold sets, else train/val/test), then unused. */
export function moveTargets(set: SplitSetInfo): MoveTarget[] {
  const out: MoveTarget[] = set.folds
    ? Array.from({ length: set.folds }, (_, k) => ({ key: `fold${k}`, label: partName(`fold${k}`), subset: 'train' as const, fold: k }))
    : [{ key: 'train', label: 'Train', subset: 'train', fold: null }];
  for (const s of ['val', 'test', 'unused'] as const) out.push({ key: s, label: partName(s), subset: s, fold: null });
  return out;
}
