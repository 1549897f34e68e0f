import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readNpy } from '../../../../src-main/media/npy.js';
import { FlowCache, flowCacheKey, type FlowCacheKeyParts } from '../../../../src-main/motion/flow/flowCache.js';
import { NpyStreamWriter } from '../../../../src-main/motion/flow/npyStream.js';
import { flowConfigSchema } from '../../../../src-main/motion/flow/params.js';
import { encodeFlow } from '../../../../src-main/motion/flow/quantize.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';

afterEach(() => removeTempDirs());

const parts: FlowCacheKeyParts = {
  fingerprint: '123:abc', start: 0, end: null, config: flowConfigSchema.parse({ method: 'farneback' }),
  size: { width: 32, height: 24, resize: 'stretch' }, storage: { dtype: 'f2' },
};

describe('streamed .npy writer', () => {
  it('writes rows as they come and fixes the leading dimension on close (numpy-readable header)', () => {
    const dir = tempDir();
    const path = join(dir, 'f.npy');
    const w = new NpyStreamWriter(path, 'f4', [2, 3, 2]);
    w.append(Float32Array.from({ length: 12 }, (_, i) => i));
    w.append(Float32Array.from({ length: 24 }, (_, i) => 100 + i));
    expect(readdirSync(dir).some((n) => n === 'f.npy')).toBe(false); // only the temp file until close
    expect(w.close()).toEqual([3, 2, 3, 2]);
    const arr = readNpy(path);
    expect(arr.shape).toEqual([3, 2, 3, 2]);
    expect(arr.data[13]).toBe(101);
    expect(readdirSync(dir)).toEqual(['f.npy']);
  });

  it('rejects partial rows and leaves nothing behind when aborted', () => {
    const dir = tempDir();
    const w = new NpyStreamWriter(join(dir, 'g.npy'), 'u1', [4]);
    expect(() => w.append(new Uint8Array(6))).toThrow(/whole number/);
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('flow cache', () => {
  it('keys on source, trim, method, params, size and storage, not on key order', () => {
    const k = flowCacheKey(parts);
    expect(k).toMatch(/^[0-9a-f]{40}$/);
    const reordered = { storage: parts.storage, size: { resize: 'stretch' as const, height: 24, width: 32 }, config: parts.config, end: null, start: 0, fingerprint: '123:abc' };
    expect(flowCacheKey(reordered)).toBe(k);
    const variants: FlowCacheKeyParts[] = [
      { ...parts, fingerprint: '123:abd' },
      { ...parts, start: 1 },
      { ...parts, config: flowConfigSchema.parse({ method: 'tvl1' }) },
      { ...parts, config: flowConfigSchema.parse({ method: 'farneback', params: { winsize: 15 } }) },
      { ...parts, size: { ...parts.size, width: 33 } },
      { ...parts, storage: { dtype: 'u1', bound: 20 } },
    ];
    expect(new Set(variants.map(flowCacheKey)).size).toBe(variants.length);
    expect(variants.map(flowCacheKey)).not.toContain(k);
  });

  it('reads a committed entry back as float32 px/frame and drops a damaged one', () => {
    const cache = new FlowCache(join(tempDir(), 'flow'));
    const key = flowCacheKey(parts);
    expect(cache.read(key)).toBeNull();
    const flow = Float32Array.from({ length: 2 * 24 * 32 * 2 }, (_, i) => ((i % 17) - 8) * 0.5);
    const w = new NpyStreamWriter(cache.npyPath(key), 'f2', [24, 32, 2]);
    w.append(encodeFlow(flow, parts.storage));
    const shape = w.close();
    expect(cache.has(key)).toBe(false); // not an entry until its metadata is committed
    cache.commit(key, { ...parts, path: '/videos/a.mp4', shape, createdAt: new Date().toISOString() });
    const hit = cache.read(key)!;
    expect(hit.meta.config.method).toBe('farneback');
    expect(hit.flow).toMatchObject({ count: 2, width: 32, height: 24 });
    expect(hit.flow.data).toEqual(flow); // multiples of 0.5 are exact in float16
    writeFileSync(cache.npyPath(key), 'not numpy');
    expect(cache.read(key)).toBeNull();
    expect(cache.has(key)).toBe(false);
  });

  it('sweeps temp files of writers that died long ago, not fresh ones', () => {
    const cache = new FlowCache(join(tempDir(), 'flow'));
    const old = join(cache.dir, 'a.npy.tmp-1-x'), fresh = join(cache.dir, 'b.npy.tmp-1-y');
    writeFileSync(old, '');
    writeFileSync(fresh, '');
    utimesSync(old, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    expect(cache.sweepStale()).toBe(1);
    expect(readdirSync(cache.dir)).toEqual(['b.npy.tmp-1-y']);
  });
});
