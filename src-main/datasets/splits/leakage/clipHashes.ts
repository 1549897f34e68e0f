/**
 * Frame hashes of clips for the near-duplicate rule: `framesPerClip` frames evenly over each clip
 * (the `uniform` sampling strategy) decoded by ffmpeg at 32x32, pHash of each. Cached per clip in
 * `cache/phash/<sha1(fingerprint, span, frames)>.json`, so a second check decodes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../db/connection.js';
import { clipSources, type ClipSource } from '../../../media/clipSources.js';
import { sampleFrames } from '../../../media/sampling/sampleFrames.js';
import type { ClipHashes } from './findings.js';
import { HASH_SIZE, isFlat, phash, rgbToGray, type Hash64 } from './phash.js';

/** Bump when the hash or the frame choice changes, so old cache entries are not reused. */
const HASH_VERSION = 1;

/** A cache entry: the hash of every sampled frame, null for flat ones. */
interface HashEntry {
  v: number;
  frames: (Hash64 | null)[];
}

/** Options of {@link hashClips}. */
export interface HashOptions {
  framesPerClip: number;
  /** The cache folder (`ws.cache('phash')`). */
  cacheDir: string;
  signal?: AbortSignal;
  /** Called after each clip with the number done so far. */
  onProgress?: (done: number, total: number, name: string) => void;
  /** Parallel ffmpeg decoders; default one per core. */
  concurrency?: number;
}

/** What hashing produced. */
export interface HashOutcome {
  hashes: Map<number, ClipHashes>;
  hashed: number;
  cached: number;
  skipped: { clipId: number; name: string; reason: string }[];
}

/** The cache key of one clip's hashes. */
export function hashCacheKey(fingerprint: string, start: number, end: number | null, frames: number): string {
  return createHash('sha1').update(`phash v${HASH_VERSION}\0${fingerprint}\0${start}\0${end ?? ''}\0${frames}`).digest('hex');
}

function readEntry(file: string): HashEntry | null {
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as HashEntry;
    return e.v === HASH_VERSION && Array.isArray(e.frames) ? e : null;
  } catch {
    return null;
  }
}

function writeEntry(file: string, e: HashEntry): void {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, JSON.stringify(e));
  renameSync(tmp, file);
}

/** Decodes and hashes one clip: uint8 RGB 32x32 frames from the sampler, pHash of each non-flat one. */
async function hashOne(src: ClipSource, framesPerClip: number, signal?: AbortSignal): Promise<HashEntry> {
  const r = await sampleFrames(src.path, src.meta, {
    strategy: 'uniform', params: { n: framesPerClip }, width: HASH_SIZE, height: HASH_SIZE, resize: 'stretch',
  }, signal, { threads: 1 });
  const px = HASH_SIZE * HASH_SIZE;
  const frames = r.indices.map((_, k) => {
    const gray = rgbToGray(r.frames, px, k * px * 3);
    return isFlat(gray) ? null : phash(gray);
  });
  return { v: HASH_VERSION, frames };
}

/**
 * Hashes the given clips (cached ones are read, not decoded), `concurrency` ffmpeg processes at a
 * time. Clips whose media is missing, unreadable, not probed yet or an event recording are skipped
 * with the reason; a clip that fails to decode is skipped with ffmpeg's message. Cancelling (the
 * signal) kills the running decoders and throws.
 */
export async function hashClips(db: Db, clipIds: readonly number[], opts: HashOptions): Promise<HashOutcome> {
  mkdirSync(opts.cacheDir, { recursive: true });
  const kinds = new Map((db.prepare('SELECT id, kind FROM media').raw().all() as [number, string][]));
  const sources = clipSources(db, clipIds);
  const out: HashOutcome = { hashes: new Map(), hashed: 0, cached: 0, skipped: [] };
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const src = sources[next++]!;
      opts.signal?.throwIfAborted();
      try {
        const why = kinds.get(src.mediaId) === 'events' ? 'an event recording has no frames to hash'
          : src.status === 'missing' ? 'its media file is missing'
          : src.status !== 'ok' ? `its media is ${src.status === 'pending' ? 'not probed yet' : 'unreadable'}`
          : !src.fingerprint ? 'its media has no fingerprint yet' : null;
        if (why) {
          out.skipped.push({ clipId: src.clipId, name: src.name, reason: why });
        } else {
          const file = join(opts.cacheDir, `${hashCacheKey(src.fingerprint!, src.meta.start, src.meta.end, opts.framesPerClip)}.json`);
          let entry = readEntry(file);
          if (entry) out.cached++;
          else {
            entry = await hashOne(src, opts.framesPerClip, opts.signal);
            writeEntry(file, entry);
            out.hashed++;
          }
          const hashes = entry.frames.filter((h): h is Hash64 => h !== null);
          if (hashes.length) out.hashes.set(src.clipId, { clipId: src.clipId, hashes });
          else out.skipped.push({ clipId: src.clipId, name: src.name, reason: 'every sampled frame is blank (one flat colour)' });
        }
      } catch (err) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        out.skipped.push({ clipId: src.clipId, name: src.name, reason: (err as Error).message });
      }
      opts.onProgress?.(++done, sources.length, src.name);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? availableParallelism(), sources.length));
  const results = await Promise.allSettled(Array.from({ length: n }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return out;
}
