import { cacheStats, clearCache } from '../../media/cacheAreas.js';
import type { Handlers } from './types.js';

/** Clear cache panel: sizes of the cache areas, and emptying them. */
export const cacheHandlers = {
  'cache:stats': (_args, { workbench }) => cacheStats(workbench.workspace),
  'cache:clear': (args, { workbench }) => clearCache(workbench.workspace, args.areas),
} satisfies Partial<Handlers>;
