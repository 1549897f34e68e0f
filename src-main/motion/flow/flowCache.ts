import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../../media/npy.js';
import type { FlowConfig, FlowStorage } from './params.js';
import { decodeFlow, type EncodedFlow } from './quantize.js';
import type { FlowSequence } from './stacks.js';

/** Frame size and resize mode flow was computed at. */
export interface FlowSize {
  width: number;
  height: number;
  resize: 'stretch' | 'cover';
}

/** What identifies a cached flow: the source's content and everything that changes the values. */
export interface FlowCacheKeyParts {
  /** Content fingerprint of the media file (see media/probe.ts). */
  fingerprint: string;
  /** Trim of the clip in seconds (whole file: start 0, end null). */
  start: number;
  end: number | null;
  config: FlowConfig;
  size: FlowSize;
  storage: FlowStorage;
}

/** The `.json` beside a cached `.npy`: how it was made, so it can be read back and repeated. */
export interface FlowCacheMeta extends FlowCacheKeyParts {
  path: string;
  /** (N-1) x H x W x 2. */
  shape: number[];
  createdAt: string;
}

/** Sorts object keys recursively so equal parameters always serialise (and hash) the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** sha1 hex of fingerprint + trim + method + params + size + storage: the cache entry's name. */
export function flowCacheKey(parts: FlowCacheKeyParts): string {
  return createHash('sha1').update(JSON.stringify(canonical(parts))).digest('hex');
}

/**
 * Flow fields cached as `.npy` (numpy-readable, float16/uint8/float32 per the storage) under
 * `cache/flow`, each with a `.json` recording its source, method, parameters, size and (for
 * uint8) the bound needed to decode it. Entries are written by `computeVideoFlow` to
 * `npyPath(key)` and committed with `commit()`; a missing or damaged `.json` means no entry.
 */
export class FlowCache {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Path of the entry's `.npy` (where the computation writes). */
  npyPath(key: string): string {
    return join(this.dir, `${key}.npy`);
  }

  /** True when the entry is complete (its `.json` is written last). */
  has(key: string): boolean {
    return existsSync(join(this.dir, `${key}.json`)) && existsSync(this.npyPath(key));
  }

  /** Records a finished entry (after its `.npy` is in place), atomically. */
  commit(key: string, meta: FlowCacheMeta): void {
    const json = join(this.dir, `${key}.json`);
    const tmp = `${json}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(meta, null, 1));
    renameSync(tmp, json);
  }

  /** The entry's metadata, or null when missing or unreadable. */
  meta(key: string): FlowCacheMeta | null {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as FlowCacheMeta;
    } catch {
      return null;
    }
  }

  /** The entry decoded to float32 pixels per frame, or null on a miss (a damaged entry is removed). */
  read(key: string): { meta: FlowCacheMeta; flow: FlowSequence } | null {
    const meta = this.meta(key);
    if (!meta) return null;
    try {
      const arr = readNpy(this.npyPath(key));
      const [count, height, width] = arr.shape;
      if (arr.dtype !== meta.storage.dtype || arr.shape.length !== 4 || arr.shape[3] !== 2) throw new Error('shape or dtype mismatch');
      return { meta, flow: { data: decodeFlow(arr.data as EncodedFlow, meta.storage), count: count!, width: width!, height: height! } };
    } catch {
      this.remove(key);
      return null;
    }
  }

  /** Deletes temporary files older than `maxAgeMs` (left by a process that was killed mid-write); returns how many. */
  sweepStale(maxAgeMs = 60 * 60 * 1000): number {
    let n = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.includes('.tmp-')) continue;
      const st = statSync(join(this.dir, name), { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > maxAgeMs) {
        rmSync(join(this.dir, name), { force: true });
        n++;
      }
    }
    return n;
  }

  /** Deletes an entry's files. */
  remove(key: string): void {
    rmSync(join(this.dir, `${key}.json`), { force: true });
    rmSync(this.npyPath(key), { force: true });
  }
}
