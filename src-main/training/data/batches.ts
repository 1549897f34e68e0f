/**
 * Batches for the trainer child process: epoch orders that are pure functions of (seed, epoch), so
 * a resumed run needs no saved order; and host batches read view by view from the per-clip `.npy`
 * files of a `DataManifest`, augmented for training. Imports no SQLite or ffmpeg code.
 */
import { createRng, deriveSeed } from '../../media/sampling/rng.js';
import type { AugmentConfig } from '../run/config.js';
import { applyAugment, drawAugment } from './augment.js';
import type { DataManifest, HostBatch, SampleRef } from './types.js';
import { ViewReader } from './viewReader.js';

/** One sample of an epoch: a clip (index into the subset's refs) and which of its views. */
export interface PlanItem {
  ref: number;
  view: number;
}

/** Fisher-Yates shuffle in place with a seeded source. */
function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * The training order of one epoch: every clip once with a random view ('one') or every view of
 * every clip ('all'), shuffled. A pure function of (refs, seed, epoch).
 */
export function epochPlan(refs: readonly Pick<SampleRef, 'views'>[], viewsPerClip: 'one' | 'all', seed: number, epoch: number): PlanItem[] {
  const rng = createRng(deriveSeed(seed, `epoch:${epoch}`));
  const items: PlanItem[] = [];
  refs.forEach((r, ref) => {
    if (viewsPerClip === 'one') items.push({ ref, view: rng.int(r.views) });
    else for (let view = 0; view < r.views; view++) items.push({ ref, view });
  });
  return shuffle(items, rng.next);
}

/** Evaluation order: every view of every clip, clips in order (so per-clip means are easy). */
export function evalPlan(refs: readonly Pick<SampleRef, 'views'>[]): PlanItem[] {
  return refs.flatMap((r, ref) => Array.from({ length: r.views }, (_, view) => ({ ref, view })));
}

/** Options of {@link makeBatch}. */
export interface BatchOptions {
  /** Training augmentation, or null (evaluation: none). */
  augment: AugmentConfig | null;
  seed: number;
  epoch: number;
  batchIndex: number;
  /** Which manifest inputs to read, in order; default the model's inputs (0..modelInputs-1). */
  inputs?: number[];
  /** Open-file cache to read through (default: one shared by the process; see {@link closeBatchFiles}). */
  reader?: ViewReader;
}

const shared = new ViewReader();

/** Closes the files the shared reader keeps open (end of training or evaluation). */
export function closeBatchFiles(): void {
  shared.close();
}

/**
 * A batch in host memory: for each requested input a Float32Array [B, ...shape] (uint8 scaled to
 * 0-1), plus labels, clip ids and views. With `augment`, each row gets one seeded draw shared by
 * all its inputs (same crop and flip for paired streams).
 */
export function makeBatch(manifest: DataManifest, refs: readonly SampleRef[], items: readonly PlanItem[], opts: BatchOptions): HostBatch {
  const which = opts.inputs ?? Array.from({ length: manifest.modelInputs }, (_, i) => i);
  const reader = opts.reader ?? shared;
  const b = items.length;
  const sizes = which.map((i) => {
    const input = manifest.inputs[i];
    if (!input) throw new Error(`makeBatch: the manifest has no input ${i} (it has ${manifest.inputs.length})`);
    return input.shape.reduce((a, v) => a * v, 1);
  });
  const data = sizes.map((n) => new Float32Array(b * n));
  const labels = new Int32Array(b), clipIds = new Int32Array(b), views = new Int32Array(b);
  items.forEach((item, row) => {
    const ref = refs[item.ref];
    if (!ref) throw new Error(`makeBatch: plan item ${row} points at clip ${item.ref} of ${refs.length}`);
    if (item.view >= ref.views) throw new Error(`makeBatch: clip ${ref.clipId} has ${ref.views} view(s), asked for view ${item.view}`);
    labels[row] = ref.label;
    clipIds[row] = ref.clipId;
    views[row] = item.view;
    const aug = opts.augment ? drawAugment(opts.augment, opts.seed, opts.epoch, opts.batchIndex, row) : null;
    which.forEach((i, k) => {
      const input = manifest.inputs[i]!;
      const file = ref.files[i];
      if (!file) throw new Error(`makeBatch: clip ${ref.clipId} has no file for input ${i}; prepare the run's data again`);
      // read straight into the batch row; a geometric augmentation returns a new array, copied back
      const dst = data[k]!.subarray(row * sizes[k]!, (row + 1) * sizes[k]!);
      reader.read(file, item.view, sizes[k]!, input.dtype, dst);
      if (aug) {
        const v = applyAugment(dst, input, aug);
        if (v !== dst) dst.set(v);
      }
    });
  });
  return { inputs: which.map((i, k) => ({ data: data[k]!, shape: [b, ...manifest.inputs[i]!.shape] })), labels, clipIds, views };
}
