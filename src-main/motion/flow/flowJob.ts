import { z } from 'zod';
import { registerJobKind } from '../../jobs/registry.js';
import { WorkerPool } from '../../jobs/workerPool.js';
import { FlowCache, flowCacheKey, type FlowCacheKeyParts, type FlowSize } from './flowCache.js';
import { resolveFlowSource, type FlowSource } from './flowSources.js';
import { getFlowMethod } from './methods.js';
import { flowConfigSchema, flowStorageSchema } from './params.js';
import { computeVideoFlow } from './videoFlow.js';

/** Spec of a `flow.compute` job: which videos, which method and parameters, at what size. */
export const flowJobSpecSchema = z.object({
  /** Media ids of the workspace or file paths. */
  media: z.array(z.union([z.number().int().positive(), z.string().min(1)])).min(1, 'media: choose at least one video'),
  /** Square side in pixels, or width and height. */
  size: z.union([z.number().int().min(8).max(4096), z.object({ width: z.number().int().min(8).max(4096), height: z.number().int().min(8).max(4096) })]).default(224),
  resize: z.enum(['stretch', 'cover']).default('stretch'),
  storage: flowStorageSchema.default({ dtype: 'f2' }),
  /** Pool threads; default one per core. */
  threads: z.number().int().min(1).max(64).optional(),
}).and(flowConfigSchema);

/** A validated `flow.compute` spec (method parameters filled with defaults). */
export type FlowJobSpec = z.infer<typeof flowJobSpecSchema>;

/** What a finished `flow.compute` job reports. */
export interface FlowJobResult {
  computed: number;
  cached: number;
  entries: { source: string; key: string; npy: string; shape: number[] }[];
  failed: { source: string; error: string }[];
}

/** Frame size of a spec. */
export function specSize(spec: Pick<FlowJobSpec, 'size' | 'resize'>): FlowSize {
  const { width, height } = typeof spec.size === 'number' ? { width: spec.size, height: spec.size } : spec.size;
  return { width, height, resize: spec.resize };
}

/**
 * `flow.compute`: flow of every frame pair of each video into the flow cache (`cache/flow/<key>.npy`
 * + `.json`, key = source fingerprint + method + params + size + storage). Clips run in parallel
 * on a worker pool (one thread per core), each split into chunks so even one long video uses every
 * core; progress counts frame pairs. Cached videos are skipped (resumable); a video that fails is
 * reported and the rest go on.
 */
export const flowJob = registerJobKind<FlowJobSpec>({
  id: 'flow.compute',
  schema: flowJobSpecSchema,
  resumable: true,
  describe: (s) => `Optical flow (${getFlowMethod(s.method).describe(s.params)}, ${specSize(s).width}x${specSize(s).height}) of ${s.media.length} video(s)`,
  async run(ctx): Promise<FlowJobResult> {
    const { spec, workspace: ws, signal } = ctx;
    const cache = new FlowCache(ws.cache('flow'));
    cache.sweepStale();
    const size = specSize(spec);
    const config = flowConfigSchema.parse(spec); // just method + params
    const result: FlowJobResult = { computed: 0, cached: 0, entries: [], failed: [] };
    const sources: FlowSource[] = [];
    for (const ref of spec.media) {
      const s = await resolveFlowSource(ws, ref, signal);
      if ('error' in s) result.failed.push({ source: s.label, error: s.error });
      else sources.push(s);
    }
    const estimate = (s: FlowSource): number => Math.max(0, (s.frameCount ?? 1) - 1);
    const total = sources.reduce((n, s) => n + estimate(s), 0);
    let done = 0;
    const live = new Map<FlowSource, number>();
    const report = (message: string): void => {
      const running = [...live.values()].reduce((a, b) => a + b, 0);
      ctx.progress({ phase: 'flow', done: Math.min(total, done + running), total, message });
    };
    const pool = new WorkerPool({ size: spec.threads });
    const one = async (src: FlowSource): Promise<void> => {
      const parts: FlowCacheKeyParts = { fingerprint: src.fingerprint, start: 0, end: null, config, size, storage: spec.storage };
      const key = flowCacheKey(parts);
      try {
        if (cache.has(key)) {
          result.cached++;
          result.entries.push({ source: src.label, key, npy: cache.npyPath(key), shape: cache.meta(key)?.shape ?? [] });
        } else {
          live.set(src, 0);
          const out = await computeVideoFlow({
            path: src.path, width: size.width, height: size.height, resize: size.resize, config: parts.config,
            storage: spec.storage, outPath: cache.npyPath(key), pool, signal,
            onProgress: (pairs) => { live.set(src, Math.min(pairs, estimate(src))); report(src.label); },
          });
          cache.commit(key, { ...parts, path: src.path, shape: out.shape, createdAt: new Date().toISOString() });
          result.computed++;
          result.entries.push({ source: src.label, key, npy: cache.npyPath(key), shape: out.shape });
        }
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        result.failed.push({ source: src.label, error: (err as Error).message });
      } finally {
        // a cancelled video counts the pairs it got through, so the job does not read as complete
        const partial = live.get(src) ?? 0;
        live.delete(src);
        done += signal.aborted ? partial : estimate(src);
        report(src.label);
      }
    };
    try {
      await runLimited(sources, pool.size, one);
    } finally {
      await pool.dispose();
    }
    report(`${result.computed} computed, ${result.cached} already cached, ${result.failed.length} failed`);
    return result;
  },
});

/** Runs `fn` over items with at most `limit` at a time; rejects with the first error (after all settle). */
async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, lane));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
