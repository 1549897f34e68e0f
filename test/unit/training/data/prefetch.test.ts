import { truncateSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBatchFiles, epochPlan, makeBatch } from '../../../../src-main/training/data/batches.js';
import { BatchPrefetcher, BatchQueue, type BatchCall } from '../../../../src-main/training/data/prefetch.js';
import { augmentSchema } from '../../../../src-main/training/run/config.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { makeManifest } from './batchFixture.js';

afterAll(() => {
  closeBatchFiles();
  removeTempDirs();
});

const augment = augmentSchema.parse({ flip: true, brightness: 0.3, contrast: 0.3, randomCrop: { scale: [0.6, 1] } });

describe('batches read ahead on a worker thread', () => {
  it('equal the batches read in the process, with the same seeded augmentation, in order', async () => {
    const { manifest, refs } = makeManifest(7);
    const plan = epochPlan(refs, 'all', 3, 1);
    const B = 4, count = Math.ceil(plan.length / B);
    const callsFor = (b: number): BatchCall[] => [
      { subset: 'train', items: plan.slice(b * B, (b + 1) * B), opts: { augment, seed: 3, epoch: 1, batchIndex: b, inputs: [0, 1] } },
      { subset: 'train', items: plan.slice(b * B, (b + 1) * B), opts: { augment, seed: 3, epoch: 1, batchIndex: b, inputs: [2] } },
    ];
    const reader = new BatchPrefetcher(manifest);
    try {
      const queue = new BatchQueue(reader, count, callsFor);
      for (let b = 0; b < count; b++) {
        const got = await queue.take(b);
        const want = callsFor(b).map((c) => makeBatch(manifest, refs, c.items, c.opts));
        expect(got).toHaveLength(2);
        got.forEach((g, k) => {
          expect(g.inputs.map((x) => x.shape)).toEqual(want[k]!.inputs.map((x) => x.shape));
          g.inputs.forEach((x, i) => expect(x.data).toEqual(want[k]!.inputs[i]!.data));
          expect(g.labels).toEqual(want[k]!.labels);
          expect(g.clipIds).toEqual(want[k]!.clipIds);
          expect(g.views).toEqual(want[k]!.views);
        });
      }
      expect(() => queue.take(count)).toThrow(/batch 6 of 6/);
    } finally {
      await reader.close();
    }
    await expect(reader.load(callsFor(0))).rejects.toThrow(/closed/);
  });

  it('a truncated input file fails that batch with the file and the fix; later requests still work', async () => {
    const { manifest, refs } = makeManifest(3);
    truncateSync(refs[1]!.files[1]!, 200);
    const reader = new BatchPrefetcher(manifest);
    try {
      const call = (ref: number): BatchCall[] => [{ subset: 'train', items: [{ ref, view: 2 }], opts: { augment: null, seed: 0, epoch: 0, batchIndex: 0 } }];
      await expect(reader.load(call(1))).rejects.toThrow(/flow1\.npy.*(truncated|too few).*prepare the run's data again/);
      const [ok] = await reader.load(call(2));
      expect(ok!.clipIds).toEqual(Int32Array.from([refs[2]!.clipId]));
    } finally {
      await reader.close();
    }
  });

  it('a pass abandoned half-way (a failed read in flight) leaves no unhandled rejection; close rejects what is pending', async () => {
    const { manifest, refs } = makeManifest(5);
    truncateSync(refs[2]!.files[0]!, 100);
    const reader = new BatchPrefetcher(manifest);
    const queue = new BatchQueue(reader, 5, (b) => [{ subset: 'train', items: [{ ref: b, view: 0 }], opts: { augment: null, seed: 0, epoch: 0, batchIndex: b } }], 3);
    await queue.take(0); // batches 1-3 are now in flight, batch 2 fails and nobody takes it
    await new Promise((r) => setTimeout(r, 100));
    const late = reader.load([{ subset: 'train', items: [{ ref: 4, view: 0 }], opts: { augment: null, seed: 0, epoch: 0, batchIndex: 4 } }]);
    const rejected = expect(late).rejects.toThrow(/closed/);
    await reader.close();
    await rejected;
  });
});
