import { seededRandom } from '../../../../src-main/datasets/stratify.js';
import type { SplitClip } from '../../../../src-main/datasets/splits/types.js';

/** How a random dataset was drawn (printed when a property fails). */
export interface DatasetShape {
  seed: number;
  clips: number;
  classes: number;
  /** Zipf exponent of class sizes: 0 = balanced, 2 = a few classes hold most clips. */
  imbalance: number;
  /** Share of clips with a group name, and how many clips a group has on average. */
  grouped: number;
  groupSize: number;
  /** Share of clips cut from a video another clip also comes from. */
  sharedMedia: number;
  negatives: number;
}

/** Draws a dataset shape: sizes from 0 to ~3,000, 1-40 classes, mild to heavy imbalance and grouping. */
export function randomShape(seed: number): DatasetShape {
  const r = seededRandom(seed * 7919 + 1);
  const big = r() < 0.15;
  return {
    seed,
    clips: big ? 500 + Math.floor(r() * 2500) : Math.floor(r() * 300),
    classes: 1 + Math.floor(r() * 40),
    imbalance: r() * 2,
    grouped: r() < 0.3 ? 0 : r(),
    groupSize: 1 + Math.floor(r() * 12),
    sharedMedia: r() < 0.5 ? 0 : r() * 0.5,
    negatives: r() < 0.7 ? 0 : r() * 0.2,
  };
}

/** The clips of a shape, ids ascending (with gaps, like a real workspace after deletes). */
export function randomClips(s: DatasetShape): SplitClip[] {
  const r = seededRandom(s.seed);
  const weights = Array.from({ length: s.classes }, (_, k) => 1 / (k + 1) ** s.imbalance);
  const sum = weights.reduce((a, b) => a + b, 0);
  const pickClass = (): number => {
    let x = r() * sum;
    for (let k = 0; k < weights.length; k++) if ((x -= weights[k]!) <= 0) return k + 1;
    return s.classes;
  };
  const groups = Math.max(1, Math.round(s.clips / s.groupSize));
  const out: SplitClip[] = [];
  let id = 0;
  let media = 0;
  for (let i = 0; i < s.clips; i++) {
    id += 1 + (r() < 0.1 ? Math.floor(r() * 5) : 0);
    const shared = out.length > 0 && r() < s.sharedMedia;
    const prev = shared ? out[Math.floor(r() * out.length)]! : null;
    out.push({
      id,
      classId: r() < s.negatives ? null : prev && r() < 0.7 ? prev.classId : pickClass(),
      group: prev ? prev.group : r() < s.grouped ? `g${Math.floor(r() * groups)}` : null,
      mediaId: prev ? prev.mediaId : ++media,
    });
  }
  return out;
}
