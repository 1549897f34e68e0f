import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameCache, defaultCacheLimitBytes, frameCacheKey } from '../../../src-main/media/frameCache.js';
import { sampleFrames } from '../../../src-main/media/sampling/sampleFrames.js';
import { resolveSampleSpec } from '../../../src-main/media/sampling/spec.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, tempDir } from './mediaTestUtils.js';

afterEach(() => cleanTempDirs());

const spec = (over: Record<string, unknown> = {}) => resolveSampleSpec({ strategy: 'uniform', params: { n: 4 }, width: 32, height: 24, ...over });
const trim = { start: 0, end: null };
const source = { path: '/v.mp4', fingerprint: 'fp', start: 0, end: null };
/** A fake sample of `n` frames of 32x24 filled with `value` (enough bytes to exercise the limit). */
const fake = (n: number, value: number) => ({
  indices: Array.from({ length: n }, (_, i) => i), timestamps: Array.from({ length: n }, (_, i) => i / 30),
  frames: new Uint8Array(n * 24 * 32 * 3).fill(value), shape: [n, 24, 32, 3] as [number, number, number, number],
  frameCount: 100, clipSeed: 1, spec: spec(),
});

describe('frame cache keys', () => {
  it('change with anything that changes pixels, and ignore the seed of deterministic specs', () => {
    const k = frameCacheKey('fp', trim, spec());
    expect(k).toMatch(/^[0-9a-f]{40}$/);
    expect(frameCacheKey('fp', trim, spec({ seed: 5 }))).toBe(k);
    expect(frameCacheKey('fp', trim, spec({ params: { n: 5 } }))).not.toBe(k);
    expect(frameCacheKey('fp', { start: 1, end: 2 }, spec())).not.toBe(k);
    expect(frameCacheKey('fp2', trim, spec())).not.toBe(k);
    expect(frameCacheKey('fp', trim, spec({ resize: 'stretch' }))).not.toBe(k);
    const random = spec({ resize: 'randomCrop' });
    expect(frameCacheKey('fp', trim, { ...random, seed: 1 })).not.toBe(frameCacheKey('fp', trim, { ...random, seed: 2 }));
  });

  it('reads the limit from MWB_CACHE_LIMIT', () => {
    expect(defaultCacheLimitBytes({})).toBe(10 * 1024 ** 3);
    expect(defaultCacheLimitBytes({ MWB_CACHE_LIMIT: '500M' })).toBe(500 * 1024 ** 2);
    expect(defaultCacheLimitBytes({ MWB_CACHE_LIMIT: '2g' })).toBe(2 * 1024 ** 3);
    expect(defaultCacheLimitBytes({ MWB_CACHE_LIMIT: '12345' })).toBe(12345);
  });
});

describe('FrameCache', () => {
  it('misses, stores, hits with the same frames and metadata, and clears', async () => {
    const cache = new FrameCache(join(tempDir(), 'frames'));
    const path = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');
    const s = spec();
    const key = frameCacheKey('fp', trim, s);
    expect(cache.get(key)).toBeNull();
    const sample = await sampleFrames(path, { frameCount: 32, fps: 30, duration: 1.07, start: 0, end: null }, s);
    cache.put(key, sample, { ...source, path });
    const hit = cache.get(key)!;
    expect(Buffer.from(hit.frames).equals(sample.frames)).toBe(true);
    expect(hit).toMatchObject({ shape: [4, 24, 32, 3], indices: sample.indices, timestamps: sample.timestamps, spec: s, source: { path } });
    expect(cache.stats()).toMatchObject({ entries: 1, files: 2 });
    expect(cache.clear().files).toBe(2);
    expect(cache.get(key)).toBeNull();
    expect(cache.stats()).toMatchObject({ entries: 0, files: 0, bytes: 0 });
  });

  it('evicts the least recently used entries beyond its size limit (reads count as use)', () => {
    const entryBytes = (() => {
      const probe = new FrameCache(join(tempDir(), 'probe'));
      probe.put('0'.repeat(40), fake(4, 1), source);
      return probe.stats().bytes;
    })();
    const cache = new FrameCache(join(tempDir(), 'frames'), { limitBytes: entryBytes * 3 });
    const keys = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(40));
    cache.put(keys[0]!, fake(4, 1), source);
    cache.put(keys[1]!, fake(4, 2), source);
    cache.put(keys[2]!, fake(4, 3), source);
    expect(cache.get(keys[0]!)).not.toBeNull(); // a is now the most recently used
    cache.put(keys[3]!, fake(4, 4), source); // over the limit: b (least recently used) goes
    expect(keys.map((k) => cache.has(k))).toEqual([true, false, true, true, false]);
    cache.touch(keys[2]!);
    cache.put(keys[4]!, fake(4, 5), source); // now a is the oldest use
    expect(keys.map((k) => cache.has(k))).toEqual([false, false, true, true, true]);
    expect(cache.stats().bytes).toBeLessThanOrEqual(entryBytes * 3);
    expect(cache.get(keys[4]!)!.frames[0]).toBe(5);
  });

  it('drops a damaged entry instead of returning it, and ignores stray files', () => {
    const dir = join(tempDir(), 'frames');
    const cache = new FrameCache(dir);
    const key = 'f'.repeat(40);
    cache.put(key, fake(2, 9), source);
    spawnSync('truncate', ['-s', '100', join(dir, `${key}.npy`)]);
    expect(cache.get(key)).toBeNull();
    expect(existsSync(join(dir, `${key}.json`))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes .npy files numpy loads as uint8 N x H x W x 3', async (ctx) => {
    const py = '/usr/bin/python3';
    if (!existsSync(py) || spawnSync(py, ['-c', 'import numpy']).status !== 0) return ctx.skip();
    const cache = new FrameCache(join(tempDir(), 'frames'));
    const s = spec();
    const key = frameCacheKey('fp', trim, s);
    const sample = await sampleFrames(join(VIDEO_FIXTURES, 'apply_eye_makeup_320x240_mpeg4.avi'), { frameCount: 164, fps: 25, duration: 6.56, start: 0, end: null }, s);
    cache.put(key, sample, source);
    const file = cache.npyPath(key);
    const r = spawnSync(py, ['-c', `import numpy as np; a = np.load(${JSON.stringify(file)}); print(a.dtype, a.shape, int(a.sum()))`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`uint8 (4, 24, 32, 3) ${sample.frames.reduce((a, b) => a + b, 0)}`);
    expect(statSync(file).size).toBe(128 + 4 * 24 * 32 * 3);
  });
});
