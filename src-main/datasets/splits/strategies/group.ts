import { z } from 'zod';
import type { Assignments } from '../types.js';
import { groupBins } from './allocate.js';
import { DEFAULT_RATIOS, formatRatios, ratiosSchema } from './ratios.js';
import { registerSplitStrategy } from './registry.js';
import { TVT } from './stratified.js';

/**
 * `group`: group-disjoint train/val/test. Clips sharing a group (actor/subject) or a source video
 * move together; class proportions are kept as close to the ratios as whole groups allow (the
 * statistics show what was achieved).
 */
export const groupStrategy = registerSplitStrategy({
  id: 'group',
  title: 'Group-disjoint',
  description: 'Whole groups (actor/subject) go to one subset, and clips cut from one video always stay together, '
    + 'so nothing leaks between subsets. Class proportions are kept as close to the ratios as whole groups allow.',
  paramsSchema: z.object({ ratios: ratiosSchema.default(DEFAULT_RATIOS) }).strict(),
  fields: ['ratios'],
  usesSeed: true,
  coversAll: true,
  describe: (p) => `group-disjoint, ${formatRatios(p.ratios)}`,
  targets: (p) => TVT.map((subset, i) => ({ subset, fold: null, ratio: p.ratios[i]! })),
  assign(clips, p, rng): Assignments {
    const bins = groupBins(clips, p.ratios, rng);
    return new Map(clips.map((c, i) => [c.id, { subset: TVT[bins[i]!]!, fold: null }]));
  },
});
