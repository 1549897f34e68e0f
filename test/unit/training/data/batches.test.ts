import { afterAll, describe, expect, it } from 'vitest';
import { applyAugment, drawAugment } from '../../../../src-main/training/data/augment.js';
import { closeBatchFiles, epochPlan, evalPlan, makeBatch } from '../../../../src-main/training/data/batches.js';
import { siamesePairs } from '../../../../src-main/training/data/siamese.js';
import { ViewReader } from '../../../../src-main/training/data/viewReader.js';
import { augmentSchema } from '../../../../src-main/training/run/config.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { L, S, VIEWS, makeManifest } from './batchFixture.js';

afterAll(() => {
  closeBatchFiles();
  removeTempDirs();
});

describe('epochPlan / evalPlan', () => {
  const refs = Array.from({ length: 10 }, () => ({ views: 3 }));

  it('is a pure function of (seed, epoch) and differs between epochs', () => {
    const a = epochPlan(refs, 'one', 7, 0);
    expect(epochPlan(refs, 'one', 7, 0)).toEqual(a);
    expect(epochPlan(refs, 'one', 7, 1)).not.toEqual(a);
    expect(epochPlan(refs, 'one', 8, 0)).not.toEqual(a);
    expect(a.map((p) => p.ref).sort((x, y) => x - y)).toEqual(refs.map((_, i) => i)); // each clip once
    expect(a.every((p) => p.view >= 0 && p.view < 3)).toBe(true);
  });

  it("'all' covers every view once; evalPlan keeps clip order", () => {
    const all = epochPlan(refs, 'all', 1, 2);
    expect(all).toHaveLength(30);
    expect(new Set(all.map((p) => `${p.ref}:${p.view}`)).size).toBe(30);
    expect(evalPlan([{ views: 2 }, { views: 1 }])).toEqual([{ ref: 0, view: 0 }, { ref: 0, view: 1 }, { ref: 1, view: 0 }]);
  });
});

describe('makeBatch', () => {
  const { manifest, refs } = makeManifest(5);
  const items = [{ ref: 2, view: 1 }, { ref: 0, view: 2 }, { ref: 4, view: 0 }];

  it('reads exactly the asked views, uint8 scaled to 0-1, without augmentation in eval', () => {
    const b = makeBatch(manifest, refs, items, { augment: null, seed: 1, epoch: 0, batchIndex: 0 });
    expect(b.inputs.map((i) => i.shape)).toEqual([[3, S, S, 3], [3, S, S, 2 * L]]);
    expect([...b.labels]).toEqual([2, 0, 1]);
    expect([...b.clipIds]).toEqual([102, 100, 104]);
    expect([...b.views]).toEqual([1, 2, 0]);
    const n = S * S * 3;
    for (const [row, it] of items.entries()) {
      for (let k = 0; k < n; k += 17) expect(b.inputs[0]!.data[row * n + k]).toBeCloseTo((((it.view * n + k) * 7 + it.ref * 31) % 256) / 255, 6);
    }
    // Eval batches are identical whatever the seed.
    const again = makeBatch(manifest, refs, items, { augment: null, seed: 99, epoch: 5, batchIndex: 3 });
    expect(again.inputs[1]!.data).toEqual(b.inputs[1]!.data);
  });

  it('flip mirrors columns and negates u exactly, identically for both streams of a row', () => {
    const augment = augmentSchema.parse({ flip: true });
    let flipped = 0;
    for (let row = 0; row < 40 && flipped < 3; row++) {
      const aug = drawAugment(augment, 3, 0, 0, row);
      const rowItems = [items[row % 3]!];
      // The draw depends on the row: pad the batch so this item sits at row `row`.
      const b = makeBatch(manifest, refs, Array.from({ length: row + 1 }, () => rowItems[0]!), { augment, seed: 3, epoch: 0, batchIndex: 0, inputs: [0, 1, 2] });
      const src = makeBatch(manifest, refs, rowItems, { augment: null, seed: 3, epoch: 0, batchIndex: 0, inputs: [0, 1, 2] });
      const got = (k: number, c: number): Float32Array => b.inputs[k]!.data.subarray(row * c, (row + 1) * c);
      const rgb = got(0, S * S * 3), flow = got(1, S * S * 2 * L), vol = got(2, 2 * S * S * 2);
      const rgb0 = src.inputs[0]!.data, flow0 = src.inputs[1]!.data, vol0 = src.inputs[2]!.data;
      const mirrored = (y: number, x: number, c: number, C: number, img = 0): number => img * S * S * C + (y * S + (S - 1 - x)) * C + c;
      const at = (y: number, x: number, c: number, C: number, img = 0): number => img * S * S * C + (y * S + x) * C + c;
      if (!aug.flip) {
        expect(rgb).toEqual(rgb0);
        expect(flow).toEqual(flow0);
        continue;
      }
      flipped++;
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          for (let c = 0; c < 3; c++) expect(rgb[at(y, x, c, 3)]).toBe(rgb0[mirrored(y, x, c, 3)]);
          for (let c = 0; c < 2 * L; c++) expect(flow[at(y, x, c, 2 * L)]).toBe(c % 2 === 0 ? 0 - flow0[mirrored(y, x, c, 2 * L)]! : flow0[mirrored(y, x, c, 2 * L)]);
          for (let img = 0; img < 2; img++) {
            expect(vol[at(y, x, 0, 2, img)]).toBe(0 - vol0[mirrored(y, x, 0, 2, img)]!);
            expect(vol[at(y, x, 1, 2, img)]).toBe(vol0[mirrored(y, x, 1, 2, img)]);
          }
        }
      }
    }
    expect(flipped).toBe(3); // p = 0.5: 3 flips within 40 rows
  });

  it('random crop resizes its window back (bilinear) and scales flow by the zoom', () => {
    const aug = { flip: false, crop: { scale: 0.5, fx: 0, fy: 0 }, brightness: 0, contrast: 1 };
    // A ramp image: value = x. A 0.5 crop at the left edge resized back samples x = (x + 0.5) / 2 - 0.5 (pixel centres).
    const ramp = new Float32Array(S * S * 2).map((_, i) => Math.floor(i / 2) % S);
    const out = applyAugment(ramp, { shape: [S, S, 2], flow: true, rgb: false }, aug);
    const expected = Array.from({ length: S }, (_, x) => Math.min(Math.max((x + 0.5) * 0.5 - 0.5, 0), S / 2 - 1) * 2); // x 2 zoom on u and v
    for (let x = 0; x < S; x++) expect(out[(2 * S + x) * 2]).toBeCloseTo(expected[x]!, 5);
    const rgbOut = applyAugment(ramp.slice(), { shape: [S, S, 2], flow: false, rgb: false }, aug);
    for (let x = 0; x < S; x++) expect(rgbOut[(2 * S + x) * 2]).toBeCloseTo(expected[x]! / 2, 5);
  });

  it('brightness/contrast touch only RGB inputs and stay in 0-1; augmented batches are seeded', () => {
    const augment = augmentSchema.parse({ brightness: 0.3, contrast: 0.5, randomCrop: { scale: [0.6, 1] }, flip: true });
    const a = makeBatch(manifest, refs, items, { augment, seed: 5, epoch: 1, batchIndex: 2 });
    const b = makeBatch(manifest, refs, items, { augment, seed: 5, epoch: 1, batchIndex: 2 });
    const c = makeBatch(manifest, refs, items, { augment, seed: 5, epoch: 2, batchIndex: 2 });
    expect(a.inputs[0]!.data).toEqual(b.inputs[0]!.data);
    expect(a.inputs[0]!.data).not.toEqual(c.inputs[0]!.data);
    expect(a.inputs[0]!.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    const d = drawAugment(augment, 5, 1, 2, 0);
    expect(Math.abs(d.brightness)).toBeLessThanOrEqual(0.3);
    expect(d.contrast).toBeGreaterThanOrEqual(0.5);
  });

  it('reads with a small descriptor LRU and names a file that does not match', () => {
    const reader = new ViewReader(2);
    for (const r of refs) reader.read(r.files[1]!, 2, S * S * 2 * L, 'float32');
    expect(() => reader.read(refs[0]!.files[0]!, 0, S * S * 3, 'float32')).toThrow(/rgb0\.npy holds u1, not f4/);
    expect(() => reader.read(refs[0]!.files[0]!, VIEWS, S * S * 3, 'uint8')).toThrow(/too few for view 3/);
    reader.close();
  });
});

describe('siamesePairs', () => {
  const refs = [
    { label: 0, link: 1, views: 4 }, { label: 0, link: 1, views: 3 }, { label: 1, link: 2, views: 1 }, { label: 1, link: 2, views: 1 },
    { label: 1, link: 2, views: 1 }, { label: 2, link: null, views: 5 }, { label: 0, link: null, views: 5 },
  ];

  it('pairs linked clips as similar and other classes as dissimilar at 1:N, seeded per epoch', () => {
    const pairs = siamesePairs(refs, { dissimilarPerSimilar: 3, seed: 4, epoch: 0 });
    const similar = pairs.filter((p) => p.similar === 1);
    expect(similar.map((p) => [p.a, p.b].sort().join('-')).sort()).toEqual(['0-1', '2-3', '2-4', '3-4']);
    const dissimilar = pairs.filter((p) => p.similar === 0);
    expect(dissimilar).toHaveLength(12);
    for (const p of dissimilar) expect(refs[p.a]!.label).not.toBe(refs[p.b]!.label);
    for (const p of pairs) expect(p.viewA < refs[p.a]!.views && p.viewB < refs[p.b]!.views).toBe(true);
    for (const p of similar) expect(p.viewA).toBe(p.viewB); // the same moment from two cameras
    expect(siamesePairs(refs, { dissimilarPerSimilar: 3, seed: 4, epoch: 0 })).toEqual(pairs);
    expect(siamesePairs(refs, { dissimilarPerSimilar: 3, seed: 4, epoch: 1 })).not.toEqual(pairs);
    expect(siamesePairs(refs.map((r) => ({ ...r, link: null })), { dissimilarPerSimilar: 3, seed: 4, epoch: 0 })).toEqual([]);
  });
});
