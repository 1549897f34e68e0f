/**
 * How the training process plans its data, as one interface (epoch plan, evaluation plan, Siamese
 * pairs) over the data area's functions (`training/data/batches.ts`, `siamese.ts`), so the trainer
 * and the evaluator depend on this shape only; the batches themselves are read on the
 * batch-reading thread (`training/data/prefetch.ts`). Pairs get their views here: a similar
 * pair shows the same moment (same view index) of two linked clips.
 */
import { createRng, deriveSeed } from '../../media/sampling/rng.js';
import { epochPlan, evalPlan, type PlanItem } from '../data/batches.js';
import { siamesePairs } from '../data/siamese.js';
import type { SampleRef } from '../data/types.js';

export type { PlanItem };

/** A Siamese pair: two rows and whether they show the same moment (similar) or other classes. */
export interface PlanPair {
  a: PlanItem;
  b: PlanItem;
  similar: boolean;
}

/** The data functions the trainer uses. */
export interface TrainerData {
  epochPlan(refs: SampleRef[], viewsPerClip: 'one' | 'all', seed: number, epoch: number): PlanItem[];
  evalPlan(refs: SampleRef[]): PlanItem[];
  siamesePairs(refs: SampleRef[], opts: { dissimilarPerSimilar: number; seed: number; epoch: number }): PlanPair[];
}

/** Siamese pairs of an epoch with seeded views; pure in (refs, seed, epoch). */
function pairsWithViews(refs: SampleRef[], opts: { dissimilarPerSimilar: number; seed: number; epoch: number }): PlanPair[] {
  const rng = createRng(deriveSeed(opts.seed, `pair-views:${opts.epoch}`));
  return siamesePairs(refs, opts).map((p) => {
    const ra = refs[p.a]!, rb = refs[p.b]!;
    if (p.similar) {
      const view = rng.int(Math.min(ra.views, rb.views));
      return { a: { ref: p.a, view }, b: { ref: p.b, view }, similar: true };
    }
    return { a: { ref: p.a, view: rng.int(ra.views) }, b: { ref: p.b, view: rng.int(rb.views) }, similar: false };
  });
}

const data: TrainerData = { epochPlan, evalPlan, siamesePairs: pairsWithViews };

/** The trainer's data functions (async so a caller never depends on how they are loaded). */
export function loadTrainerData(): Promise<TrainerData> {
  return Promise.resolve(data);
}
