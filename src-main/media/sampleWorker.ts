import type { PoolWorkerIo } from '../jobs/workerPool.js';
import { writeFrameEntry, type CachedFramesMeta } from './frameCache.js';
import { sampleFrames, type SampleClip } from './sampling/sampleFrames.js';
import type { SampleSpec } from './sampling/spec.js';

/** One clip for a pool thread: sample it and write the cache entry there (pixels never cross threads). */
export interface SampleTaskInput {
  mediaPath: string;
  meta: SampleClip;
  spec: SampleSpec;
  cacheDir: string;
  key: string;
  source: CachedFramesMeta['source'];
  /** ffmpeg decoder threads per clip. */
  threads?: number;
}

/** What the main thread learns about a sampled clip. */
export interface SampleTaskOutput {
  key: string;
  bytes: number;
  frames: number;
  frameCount: number;
}

/** Pool entry (`media/sampleWorker.ts`): samples one clip into `cacheDir/<key>.npy`. */
export async function work(input: SampleTaskInput, io: PoolWorkerIo): Promise<SampleTaskOutput> {
  const r = await sampleFrames(input.mediaPath, input.meta, input.spec, io.signal, { threads: input.threads });
  const bytes = writeFrameEntry(input.cacheDir, input.key, r, {
    indices: r.indices, timestamps: r.timestamps, frameCount: r.frameCount, clipSeed: r.clipSeed, spec: r.spec, source: input.source,
  });
  return { key: input.key, bytes, frames: r.indices.length, frameCount: r.frameCount };
}
