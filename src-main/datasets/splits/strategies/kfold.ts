import { z } from 'zod';
import type { Assignment, Assignments, PartTarget } from '../types.js';
import { groupBins } from './allocate.js';
import { registerSplitStrategy } from './registry.js';

const params = z.object({
  folds: z.number().int().min(2).max(50).default(5),
  /** Share held out as `test` before the folds are made (0 = none). */
  testRatio: z.number().min(0).max(0.9).default(0),
}).strict();

type KFoldParams = z.infer<typeof params>;

/** Bin shares: K equal folds of what is not held out, then the held-out test share. */
function shares(p: KFoldParams): number[] {
  return [...Array.from({ length: p.folds }, () => (1 - p.testRatio) / p.folds), p.testRatio];
}

/**
 * `kfold`: stratified, group-aware k-fold. Subset semantics: every clip of the folds is in `train`
 * with `fold` = 0..K-1; run k of a cross-validation trains on the other folds and validates on
 * fold k. With `testRatio` > 0 a held-out `test` subset (fold null) is set aside first, by the same
 * group rules. Groups and source videos never straddle folds (or folds and test).
 */
export const kfoldStrategy = registerSplitStrategy({
  id: 'kfold',
  title: 'K-fold (stratified, group-aware)',
  description: 'Clips are dealt into K folds with the same class mix; a group or a source video stays in one fold. '
    + 'Every fold is in train (fold k validates run k); an optional held-out test share is set aside first.',
  paramsSchema: params,
  fields: ['folds', 'testRatio'],
  usesSeed: true,
  coversAll: true,
  describe: (p) => `${p.folds}-fold stratified group-aware${p.testRatio > 0 ? `, ${p.testRatio.toFixed(2)} held out as test` : ''}`,
  targets(p): PartTarget[] {
    const s = shares(p);
    const folds: PartTarget[] = Array.from({ length: p.folds }, (_, k) => ({ subset: 'train', fold: k, ratio: s[k]! }));
    return p.testRatio > 0 ? [...folds, { subset: 'test', fold: null, ratio: p.testRatio }] : folds;
  },
  assign(clips, p, rng): Assignments {
    const bins = groupBins(clips, shares(p), rng);
    return new Map(clips.map((c, i): [number, Assignment] => {
      const b = bins[i]!;
      return [c.id, b === p.folds ? { subset: 'test', fold: null } : { subset: 'train', fold: b }];
    }));
  },
});
