/**
 * S004 Siamese pairs for one epoch: similar pairs are two clips of one multi-view link group (the
 * same moment seen from two cameras), dissimilar pairs join a clip with one of another class,
 * `dissimilarPerSimilar` of them per similar pair (1:20 in the paper). A pure function of
 * (refs, seed, epoch), like the epoch plan. Child-process safe.
 */
import { createRng, deriveSeed } from '../../media/sampling/rng.js';
import type { SampleRef } from './types.js';

/**
 * Two clips (indices into the subset's refs), which view of each to read, and whether they show
 * the same moment (1) or not (0). A similar pair reads the same view index of both clips (linked
 * clips are synchronised recordings, so view k is the same moment from two cameras).
 */
export interface SiamesePair {
  a: number;
  b: number;
  viewA: number;
  viewB: number;
  similar: 0 | 1;
}

/** Options of {@link siamesePairs}. */
export interface SiameseOptions {
  dissimilarPerSimilar: number;
  seed: number;
  epoch: number;
}

/**
 * Every similar pair of the linked clips (each unordered pair of one group once) and, per similar
 * pair, N dissimilar pairs whose anchor is one of its clips and whose partner has another label;
 * shuffled. Empty when no link group has two clips.
 */
export function siamesePairs(refs: readonly Pick<SampleRef, 'label' | 'link' | 'views'>[], opts: SiameseOptions): SiamesePair[] {
  const rng = createRng(deriveSeed(opts.seed, `siamese:${opts.epoch}`));
  const groups = new Map<number, number[]>();
  refs.forEach((r, i) => {
    if (r.link != null) groups.set(r.link, [...(groups.get(r.link) ?? []), i]);
  });
  const byLabel = new Map<number, number[]>();
  refs.forEach((r, i) => byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), i]));
  const pairs: SiamesePair[] = [];
  for (const members of [...groups.entries()].sort(([a], [b]) => a - b).map(([, m]) => m)) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x]!, b = members[y]!;
        const view = rng.int(Math.min(refs[a]!.views, refs[b]!.views));
        pairs.push({ a, b, viewA: view, viewB: view, similar: 1 });
        for (let n = 0; n < opts.dissimilarPerSimilar; n++) {
          const anchor = rng.next() < 0.5 ? a : b;
          const other = otherClass(refs[anchor]!.label, byLabel, rng);
          if (other != null) pairs.push({ a: anchor, b: other, viewA: rng.int(refs[anchor]!.views), viewB: rng.int(refs[other]!.views), similar: 0 });
        }
      }
    }
  }
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return pairs;
}

/** A random clip whose label differs from `label` (uniform over such clips), or null when none. */
function otherClass(label: number, byLabel: Map<number, number[]>, rng: ReturnType<typeof createRng>): number | null {
  const pool: number[][] = [...byLabel.entries()].filter(([l]) => l !== label).sort(([a], [b]) => a - b).map(([, v]) => v);
  const total = pool.reduce((s, v) => s + v.length, 0);
  if (!total) return null;
  let k = rng.int(total);
  for (const v of pool) {
    if (k < v.length) return v[k]!;
    k -= v.length;
  }
  return null;
}
