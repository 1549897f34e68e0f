import { z } from 'zod';
import { registerJobKind } from '../jobs/registry.js';
import { WorkerPool } from '../jobs/workerPool.js';
import { clipSources } from './clipSources.js';
import { FrameCache, frameCacheKey } from './frameCache.js';
import type { SampleTaskInput, SampleTaskOutput } from './sampleWorker.js';
import { describeSpec, resolveSampleSpec, sampleSpecSchema } from './sampling/spec.js';

/** Spec of a `frames.extract` job: which clips (default all), how to sample, how many threads. */
export const framesSpecSchema = z.object({
  clipIds: z.array(z.number().int().positive()).optional(),
  sample: sampleSpecSchema,
  /** Parallel ffmpeg decoders; default one per core. */
  threads: z.number().int().min(1).max(64).optional(),
  /** Cache size limit in bytes; default MWB_CACHE_LIMIT or 10 GiB. */
  cacheLimitBytes: z.number().int().positive().optional(),
});

/** What a finished `frames.extract` job reports. */
export interface FramesJobResult {
  clips: number;
  cached: number;
  extracted: number;
  bytes: number;
  failed: { clipId: number; path: string; error: string }[];
  spec: z.infer<typeof sampleSpecSchema>;
  evicted: number;
}

const EVICT_EVERY = 200;

/**
 * `frames.extract`: fills the frame cache (`cache/frames/<key>.npy`) for clips by one sampling
 * spec, decoding in a pool of worker threads (one ffmpeg each, one per core by default). Clips
 * already cached are skipped (so it is resumable); a clip that fails is reported and the rest go on.
 */
export const framesJob = registerJobKind<z.infer<typeof framesSpecSchema>>({
  id: 'frames.extract',
  schema: framesSpecSchema,
  resumable: true,
  describe: (s) => `Extract frames (${s.sample.strategy}, ${s.sample.width}x${s.sample.height})` +
    (s.clipIds ? ` of ${s.clipIds.length} clip(s)` : ''),
  async run(ctx): Promise<FramesJobResult> {
    const { workspace: ws, signal } = ctx;
    const spec = resolveSampleSpec(ctx.spec.sample);
    const cache = new FrameCache(ws.cache('frames'), { limitBytes: ctx.spec.cacheLimitBytes });
    const sources = clipSources(ws.db, ctx.spec.clipIds);
    const result: FramesJobResult = { clips: sources.length, cached: 0, extracted: 0, bytes: 0, failed: [], spec, evicted: 0 };
    const pool = new WorkerPool({ size: ctx.spec.threads });
    let done = 0;
    const report = (message: string): void => ctx.progress({ phase: 'frames', done, total: sources.length, message });
    report(describeSpec(spec));
    try {
      const tasks = sources.map(async (c) => {
        try {
          if (c.status !== 'ok' || !c.fingerprint) throw new Error(`${c.path} is not probed or could not be read (${c.status})`);
          const key = frameCacheKey(c.fingerprint, c.meta, spec);
          if (cache.has(key)) {
            cache.touch(key);
            result.cached++;
          } else {
            const input: SampleTaskInput = { mediaPath: c.path, meta: c.meta, spec, cacheDir: cache.dir, key,
              source: { path: c.path, fingerprint: c.fingerprint, start: c.meta.start, end: c.meta.end } };
            const out = await pool.run<SampleTaskInput, SampleTaskOutput>('media/sampleWorker.ts', input, { signal });
            result.extracted++;
            result.bytes += out.bytes;
            if (result.extracted % EVICT_EVERY === 0) result.evicted += cache.evict().length;
          }
        } catch (err) {
          if (signal.aborted) throw signal.reason;
          result.failed.push({ clipId: c.clipId, path: c.path, error: (err as Error).message });
        }
        done++;
        report(c.name);
      });
      const settled = await Promise.allSettled(tasks);
      signal.throwIfAborted();
      const crash = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (crash) throw crash.reason;
    } finally {
      await pool.dispose();
    }
    result.evicted += cache.evict().length;
    report(`${result.extracted} extracted, ${result.cached} already cached, ${result.failed.length} failed`);
    return result;
  },
});
