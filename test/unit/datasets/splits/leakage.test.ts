import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src-main/datasets/stratify.js';
import {
  nearDuplicateFindings, sameGroupFindings, sameSourceFindings, type ClipHashes,
} from '../../../../src-main/datasets/splits/leakage/findings.js';
import {
  clipDistance, flipMasks, hamming, isFlat, phash, popcount32, substringLayout, substringOf, type Hash64,
} from '../../../../src-main/datasets/splits/leakage/phash.js';
import type { LeakClip } from '../../../../src-main/ipc/contract.js';

/** A 32x32 grey test image: random rectangles from a seed, optionally brightened, noised or mirrored. */
function image(seed: number, opts: { gain?: number; noise?: number; mirror?: boolean } = {}): Uint8Array {
  const r = seededRandom(seed);
  const rects = Array.from({ length: 12 }, () => ({ x: r() * 32, y: r() * 32, w: 3 + r() * 14, h: 3 + r() * 14, a: (r() - 0.5) * 120 }));
  const noise = seededRandom(seed + 999);
  const out = new Uint8Array(1024);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const xx = opts.mirror ? 31 - x : x;
      let v = 0;
      for (const b of rects) if (xx >= b.x && xx < b.x + b.w && y >= b.y && y < b.y + b.h) v += b.a;
      v = 128 + v * 0.6 * (opts.gain ?? 1) + (noise() - 0.5) * 2 * (opts.noise ?? 0);
      out[y * 32 + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}

const clip = (id: number, part: string, extra: Partial<LeakClip> = {}): LeakClip => ({
  clipId: id, name: `c${id}`, label: null, classColor: null, subset: part.startsWith('fold') ? 'train' : (part as LeakClip['subset']),
  fold: part.startsWith('fold') ? Number(part.slice(4)) : null, part, mediaId: id, path: `/v/${id}.mp4`, thumbKey: null, group: null,
  start: 0, end: null, ...extra,
});

describe('perceptual hash', () => {
  it('is stable under brightness and mild noise, far apart for different or mirrored images', () => {
    const a = phash(image(1));
    expect(hamming(a, phash(image(1)))).toBe(0);
    expect(hamming(a, phash(image(1, { gain: 1.15 })))).toBeLessThanOrEqual(4);
    expect(hamming(a, phash(image(1, { noise: 12 })))).toBeLessThanOrEqual(6);
    expect(hamming(a, phash(image(2)))).toBeGreaterThan(16);
    expect(hamming(a, phash(image(1, { mirror: true })))).toBeGreaterThan(16);
  });

  it('flags flat frames, counts bits, lists flip masks', () => {
    expect(isFlat(new Uint8Array(1024).fill(17))).toBe(true);
    expect(isFlat(image(3))).toBe(false);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(flipMasks(16, 0)).toEqual([0]);
    expect(flipMasks(16, 2).length).toBe(1 + 16 + 120);
    expect(flipMasks(22, 3).length).toBe(1 + 22 + 231 + 1540);
    expect(flipMasks(32, 1)).toContain(0x80000000);
    expect(() => phash(new Uint8Array(10))).toThrow(/32x32/);
  });

  it('substrings cover all 64 bits whatever layout the number of hashes picks', () => {
    const h: Hash64 = [0xdeadbeef, 0x12345678];
    for (const entries of [10, 1e4, 1e6]) {
      const { parts, subRadius } = substringLayout(10, entries);
      expect(parts.reduce((s, [, len]) => s + len, 0)).toBe(64);
      expect(subRadius).toBe(Math.floor(10 / parts.length));
      let lo = 0n;
      parts.forEach(([start, len]) => { lo |= BigInt(substringOf(h, start, len)) << BigInt(start); });
      expect(lo).toBe((0xdeadbeefn << 32n) | 0x12345678n);
    }
  });

  it('clip distance: median of nearest frames, both ways; Infinity without frames', () => {
    const f = [1, 2, 3, 4, 5].map((s) => phash(image(s)));
    expect(clipDistance(f, f)).toBe(0);
    expect(clipDistance(f, [...f].reverse())).toBe(0); // order does not matter
    expect(clipDistance(f, [f[0]!, f[1]!, f[2]!, phash(image(9)), phash(image(10))])).toBe(0); // 3 of 5 shared
    expect(clipDistance(f, [f[0]!, phash(image(8)), phash(image(9)), phash(image(10)), phash(image(11))])).toBeGreaterThan(10);
    expect(clipDistance([], f)).toBe(Infinity);
  });
});

describe('leakage rules', () => {
  it('same-source: clips of one video in different parts; one part is fine', () => {
    const clips = [clip(1, 'train', { mediaId: 7, path: '/v/long.mp4' }), clip(2, 'test', { mediaId: 7, path: '/v/long.mp4' }),
      clip(3, 'train', { mediaId: 8 }), clip(4, 'train', { mediaId: 8 })];
    const f = sameSourceFindings(clips);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'same-source', key: '/v/long.mp4', parts: ['train', 'test'], message: '2 clips cut from long.mp4 are split across train and test' });
    expect(f[0]!.clips.map((c) => c.clipId)).toEqual([1, 2]);
  });

  it('same-group across videos and folds; a group whose only straddle is one video is left to same-source', () => {
    const clips = [clip(1, 'fold0', { group: 'g1' }), clip(2, 'fold2', { group: 'g1' }), clip(3, 'fold2', { group: 'g1' }),
      clip(4, 'train', { group: 'g2', mediaId: 50 }), clip(5, 'test', { group: 'g2', mediaId: 50 }), clip(6, 'test', { group: 'g3' })];
    const f = sameGroupFindings(clips);
    expect(f.map((x) => x.key)).toEqual(['g1']);
    expect(f[0]!.message).toBe('Group g1 has clips in fold 1 (1) and fold 3 (2)');
    expect(f[0]!.parts).toEqual(['fold0', 'fold2']);
  });

  it('near-duplicates: multi-index search finds exactly the pairs brute force finds (random hashes, planted copies)', () => {
    const r = seededRandom(42);
    const rand32 = (): number => Math.floor(r() * 2 ** 32) >>> 0;
    const flip = (h: Hash64, bits: number): Hash64 => {
      const out: Hash64 = [h[0], h[1]];
      for (let k = 0; k < bits; k++) {
        const b = Math.floor(r() * 64);
        if (b < 32) out[1] = (out[1] ^ (1 << b)) >>> 0;
        else out[0] = (out[0] ^ (1 << (b - 32))) >>> 0;
      }
      return out;
    };
    for (const threshold of [0, 3, 6, 10, 13]) {
      const clips: LeakClip[] = [];
      const hashes = new Map<number, ClipHashes>();
      for (let i = 1; i <= 400; i++) {
        const base = i > 300 ? hashes.get(i - 299)!.hashes : null;
        const hs = base ? base.map((h) => flip(h, Math.floor(r() * 14))) : Array.from({ length: 5 }, (): Hash64 => [rand32(), rand32()]);
        hashes.set(i, { clipId: i, hashes: hs });
        clips.push(clip(i, ['train', 'val', 'test'][i % 3]!, { group: i % 17 === 0 ? 'shared' : null }));
      }
      const found = nearDuplicateFindings(clips, hashes, threshold);
      const pairs = new Set(found.flatMap((f) => f.clips.flatMap((a) => f.clips.filter((b) => b.clipId > a.clipId).map((b) => `${a.clipId}-${b.clipId}`))));
      let expected = 0;
      for (let i = 0; i < clips.length; i++) {
        for (let j = i + 1; j < clips.length; j++) {
          const [a, b] = [clips[i]!, clips[j]!];
          if (a.part === b.part || (a.group != null && a.group === b.group)) continue;
          if (clipDistance(hashes.get(a.clipId)!.hashes, hashes.get(b.clipId)!.hashes) > threshold) continue;
          expected++;
          expect(pairs.has(`${a.clipId}-${b.clipId}`), `threshold ${threshold}: ${a.clipId}-${b.clipId}`).toBe(true);
        }
      }
      if (threshold >= 6) expect(expected).toBeGreaterThan(20);
      for (const f of found) expect(f.distance).toBeLessThanOrEqual(threshold);
    }
  });

  it('near-duplicates cluster copies into one finding and skip same-part, same-video and same-group pairs', () => {
    const h = [1, 2, 3].map((s) => phash(image(s)));
    const other = [4, 5, 6].map((s) => phash(image(s)));
    const hashes = new Map<number, ClipHashes>([1, 2, 3, 4, 5, 6, 7].map((id) => [id, { clipId: id, hashes: id === 7 ? other : h }]));
    const clips = [clip(1, 'train'), clip(2, 'test'), clip(3, 'val'), clip(4, 'train', { mediaId: 2 }), clip(5, 'train'),
      clip(6, 'test', { group: 'x' }), clip(7, 'test')];
    clips[4]!.group = 'x';
    const f = nearDuplicateFindings(clips, hashes, 8);
    expect(f).toHaveLength(1);
    // 4 shares a video with 2, 5 and 6 share group x: those pairs are other rules' business, but 4-1, 4-3, 5-2, 5-3, 6-1, 6-3 chain them in.
    expect(f[0]!.clips.map((c) => c.clipId)).toEqual([1, 4, 5, 3, 2, 6]);
    expect(f[0]).toMatchObject({ kind: 'near-duplicate', distance: 0, parts: ['train', 'val', 'test'] });
    expect(f[0]!.message).toBe('These 6 clips look like the same video (frame hashes differ by at most 0 of 64 bits) but are in train, val and test');
  });
});
