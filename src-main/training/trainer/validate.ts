/**
 * Clip-level validation during training: every view of every clip (the data's evaluation plan)
 * in evaluation mode, the clip's probability = mean of its views', loss = mean cross-entropy of
 * those clip probabilities, accuracy = share of clips whose argmax is their label.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchQueue, type BatchPrefetcher } from '../data/prefetch.js';
import type { DataManifest } from '../data/types.js';
import type { PlanItem, TrainerData } from './dataAccess.js';
import type { ObjectiveRunner } from './objectiveRunner.js';

/** Validation loss and accuracy over the manifest's val subset (read ahead by `reader`), or null when it is empty. */
export async function validate(data: TrainerData, manifest: DataManifest, reader: BatchPrefetcher, runner: ObjectiveRunner, batchSize: number, cancelled: () => boolean): Promise<{ loss: number; acc: number } | null> {
  const refs = manifest.subsets.val;
  if (!refs.length) return null;
  const plan = data.evalPlan(refs);
  const batches = Math.ceil(plan.length / batchSize);
  const itemsOf = (b: number): PlanItem[] => plan.slice(b * batchSize, (b + 1) * batchSize);
  const queue = new BatchQueue(reader, batches, (b) => [{ subset: 'val', items: itemsOf(b),
    opts: { augment: null, seed: 0, epoch: 0, batchIndex: b, inputs: runner.modelInputs } }]);
  const sums = new Map<number, { p: Float32Array; n: number; target: number }>();
  for (let b = 0; b < batches; b++) {
    if (cancelled()) throw new TrainerCancelled();
    const items = itemsOf(b);
    const [host] = await queue.take(b);
    const xs = host!.inputs.map((x) => tf.tensor(x.data, x.shape));
    try {
      const rows = runner.evalRows({ xs, labels: host!.labels });
      items.forEach((it, r) => {
        const s = sums.get(it.ref);
        const p = rows.probs[r]!;
        if (!s) sums.set(it.ref, { p: Float32Array.from(p), n: 1, target: rows.targets[r]! });
        else { for (let k = 0; k < p.length; k++) s.p[k]! += p[k]!; s.n++; }
      });
    } finally {
      tf.dispose(xs);
    }
    await new Promise((r) => setImmediate(r)); // lets a cancel message in
  }
  let loss = 0, correct = 0;
  for (const s of sums.values()) {
    let best = 0;
    for (let k = 0; k < s.p.length; k++) { s.p[k]! /= s.n; if (s.p[k]! > s.p[best]!) best = k; }
    loss += -Math.log(Math.max(s.p[s.target]!, 1e-7));
    if (best === s.target) correct++;
  }
  return { loss: loss / sums.size, acc: correct / sums.size };
}

/** Thrown inside the loop when the parent asked to cancel. */
export class TrainerCancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'TrainerCancelled';
  }
}
