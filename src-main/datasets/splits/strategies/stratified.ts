import { z } from 'zod';
import type { SplitSubset } from '../../../ipc/contract.js';
import type { Assignments } from '../types.js';
import { stratifiedBins } from './allocate.js';
import { DEFAULT_RATIOS, formatRatios, ratiosSchema } from './ratios.js';
import { registerSplitStrategy } from './registry.js';

/** The subsets of a train/val/test split, in ratio order. */
export const TVT: readonly SplitSubset[] = ['train', 'val', 'test'];

/** `stratified`: random by class with given train/val/test shares; groups are ignored. */
export const stratifiedStrategy = registerSplitStrategy({
  id: 'stratified',
  title: 'Stratified random',
  description: 'Each class is shuffled (seeded) and cut by the ratios, so every subset gets the same class mix. '
    + 'Groups and source videos are ignored: run the leakage check if clips share actors or videos.',
  paramsSchema: z.object({ ratios: ratiosSchema.default(DEFAULT_RATIOS) }).strict(),
  fields: ['ratios'],
  usesSeed: true,
  coversAll: true,
  describe: (p) => `stratified by class, ${formatRatios(p.ratios)}`,
  targets: (p) => TVT.map((subset, i) => ({ subset, fold: null, ratio: p.ratios[i]! })),
  assign(clips, p, rng): Assignments {
    const bins = stratifiedBins(clips, p.ratios, rng);
    return new Map(clips.map((c, i) => [c.id, { subset: TVT[bins[i]!]!, fold: null }]));
  },
});
