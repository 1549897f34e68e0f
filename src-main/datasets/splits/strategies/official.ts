import { z } from 'zod';
import type { Assignments } from '../types.js';
import { registerSplitStrategy } from './registry.js';

/**
 * `official`: the published split an importer created (UCF101 1-3, HMDB51 1-3, Stanford-40, a
 * manifest's split column). Importers write these sets themselves; creating one with this strategy
 * copies an existing imported set (by name) into a new, editable set, assignment for assignment.
 */
export const officialStrategy = registerSplitStrategy({
  id: 'official',
  title: 'Official (imported)',
  description: 'Keeps a published split exactly as imported (UCF101 splits 1-3, HMDB51 splits 1-3, Stanford-40, '
    + 'a manifest\'s split column). Creating one copies an imported set so it can be edited without touching the original.',
  paramsSchema: z.object({ source: z.string().trim().min(1, 'choose the imported split set to copy').max(200) }).passthrough(),
  fields: ['source'],
  usesSeed: false,
  coversAll: false,
  describe: (p) => `official split copied from ${p.source}`,
  targets: () => null,
  assign(clips, p, _rng, ctx): Assignments {
    const src = ctx.sourceSet(p.source);
    const out: Assignments = new Map();
    for (const c of clips) {
      const a = src.assignments.get(c.id);
      if (a) out.set(c.id, { ...a });
    }
    return out;
  },
});
