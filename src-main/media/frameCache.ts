import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy, writeNpy } from './npy.js';
import type { SampleResult } from './sampling/sampleFrames.js';
import { specUsesRandom, type SampleSpec } from './sampling/spec.js';

/** What a cache entry holds besides the pixels (the `.json` beside the `.npy`). */
export interface CachedFramesMeta {
  indices: number[];
  timestamps: number[];
  frameCount: number;
  clipSeed: number;
  spec: SampleSpec;
  source: { path: string; fingerprint: string; start: number; end: number | null };
}

/** A cache hit: uint8 frames N x H x W x 3 plus how they were chosen. */
export interface CachedFrames extends CachedFramesMeta {
  frames: Uint8Array;
  shape: number[];
}

/** Size of the cache for the UI and the CLI. */
export interface FrameCacheStats {
  entries: number;
  files: number;
  bytes: number;
  limitBytes: number;
}

const GIB = 1024 ** 3;
const STALE_TMP_MS = 60 * 60 * 1000;

/** The size limit: `MWB_CACHE_LIMIT` ("500M", "10G", bytes) or 10 GiB. */
export function defaultCacheLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(env.MWB_CACHE_LIMIT ?? '');
  if (!m) return 10 * GIB;
  return Math.round(Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase()));
}

/**
 * The key of sampled frames: sha1 of the media fingerprint + trim + everything in the spec that
 * changes pixels. The seed counts only when the spec is random, so deterministic strategies share entries.
 */
export function frameCacheKey(fingerprint: string, trim: { start: number; end: number | null }, spec: SampleSpec): string {
  const random = specUsesRandom(spec);
  const params = Object.fromEntries(Object.entries(spec.params).sort(([a], [b]) => a.localeCompare(b)));
  const parts = { start: trim.start, end: trim.end, strategy: spec.strategy, params, width: spec.width, height: spec.height,
    resize: spec.resize, cropScale: spec.resize === 'randomCrop' ? spec.cropScale : null, seed: random ? spec.seed : null };
  return createHash('sha1').update(fingerprint).update('\0').update(JSON.stringify(parts)).digest('hex');
}

let lastTouch = 0;
/** A strictly increasing time (ms), so two accesses in the same millisecond still order for LRU. */
function touchTime(): Date {
  lastTouch = Math.max(Date.now(), lastTouch + 1);
  return new Date(lastTouch);
}

/**
 * Writes one entry (`<key>.npy`, then `<key>.json`) atomically by temp name + rename; safe from
 * worker threads (the LRU limit is enforced by the owner of the {@link FrameCache}). Returns bytes written.
 */
export function writeFrameEntry(dir: string, key: string, sample: Pick<SampleResult, 'frames' | 'shape'>, meta: CachedFramesMeta): number {
  mkdirSync(dir, { recursive: true });
  const tag = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const npy = join(dir, `${key}.npy`);
  const json = join(dir, `${key}.json`);
  writeNpy(npy + tag, { dtype: 'u1', shape: sample.shape, data: sample.frames });
  writeFileSync(json + tag, JSON.stringify(meta));
  renameSync(npy + tag, npy);
  renameSync(json + tag, json);
  return statSync(npy).size + statSync(json).size;
}

/**
 * Decoded frames cached as `.npy` (readable by numpy) under `cache/frames`, with a size limit and
 * least-recently-used eviction by file mtime (reads touch it); nothing about the cache is in SQLite.
 */
export class FrameCache {
  readonly limitBytes: number;

  constructor(readonly dir: string, opts: { limitBytes?: number } = {}) {
    this.limitBytes = opts.limitBytes ?? defaultCacheLimitBytes();
    mkdirSync(dir, { recursive: true });
  }

  /** True when both files of the entry exist. */
  has(key: string): boolean {
    return existsSync(join(this.dir, `${key}.npy`)) && existsSync(join(this.dir, `${key}.json`));
  }

  /** The entry's frames and metadata, marking it recently used; null on a miss or a damaged entry. */
  get(key: string): CachedFrames | null {
    if (!this.has(key)) return null;
    try {
      const meta = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as CachedFramesMeta;
      const arr = readNpy(join(this.dir, `${key}.npy`));
      this.touch(key);
      return { ...meta, frames: arr.data as Uint8Array, shape: arr.shape };
    } catch {
      this.remove(key); // a half-written or damaged entry is recomputed, not trusted
      return null;
    }
  }

  /** Stores sampled frames and evicts older entries if the limit is exceeded. */
  put(key: string, sample: SampleResult, source: CachedFramesMeta['source']): void {
    writeFrameEntry(this.dir, key, sample, {
      indices: sample.indices, timestamps: sample.timestamps, frameCount: sample.frameCount,
      clipSeed: sample.clipSeed, spec: sample.spec, source,
    });
    this.touch(key); // mtimes from one millisecond clock, so a write and a read order correctly
    this.evict(new Set([key]));
  }

  /** Marks an entry as just used (LRU order). */
  touch(key: string): void {
    const t = touchTime();
    for (const ext of ['.npy', '.json']) {
      try { utimesSync(join(this.dir, key + ext), t, t); } catch { /* gone meanwhile */ }
    }
  }

  /** Path of the entry's `.npy` (for numpy users and export). */
  npyPath(key: string): string {
    return join(this.dir, `${key}.npy`);
  }

  /** Deletes least recently used entries until the total is within the limit; returns evicted keys. */
  evict(keep: ReadonlySet<string> = new Set()): string[] {
    const entries = this.scan();
    let total = entries.reduce((s, e) => s + e.bytes, 0);
    const evicted: string[] = [];
    for (const e of entries.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      if (total <= this.limitBytes) break;
      if (keep.has(e.key)) continue;
      this.remove(e.key);
      total -= e.bytes;
      evicted.push(e.key);
    }
    return evicted;
  }

  stats(): FrameCacheStats {
    const entries = this.scan();
    return { entries: entries.length, files: entries.reduce((s, e) => s + e.files, 0),
      bytes: entries.reduce((s, e) => s + e.bytes, 0), limitBytes: this.limitBytes };
  }

  /** Deletes every entry (the UI's Clear cache); returns what was freed. */
  clear(): { files: number; bytes: number } {
    const { files, bytes } = this.stats();
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true });
    return { files, bytes };
  }

  private remove(key: string): void {
    for (const ext of ['.npy', '.json']) rmSync(join(this.dir, key + ext), { force: true });
  }

  /** Entries on disk (grouped by key) with bytes and last use; stale temp files of dead writers are removed. */
  private scan(): { key: string; bytes: number; files: number; mtimeMs: number }[] {
    const byKey = new Map<string, { key: string; bytes: number; files: number; mtimeMs: number }>();
    const now = Date.now();
    for (const name of readdirSync(this.dir)) {
      const st = statSync(join(this.dir, name), { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      if (name.includes('.tmp-')) {
        if (now - st.mtimeMs > STALE_TMP_MS) rmSync(join(this.dir, name), { force: true });
        continue;
      }
      const m = /^([0-9a-f]{40})\.(npy|json)$/.exec(name);
      if (!m) continue;
      const e = byKey.get(m[1]!) ?? { key: m[1]!, bytes: 0, files: 0, mtimeMs: 0 };
      e.bytes += st.size;
      e.files++;
      if (m[2] === 'npy' || !e.mtimeMs) e.mtimeMs = st.mtimeMs;
      byKey.set(e.key, e);
    }
    return [...byKey.values()];
  }
}
