/**
 * Preprocessing latency per clip (parent process): how long making a model's inputs takes from
 * the video itself (decode, resize, optical flow, event frames), bypassing every cache. S003's
 * point is that a flow stream's cost shows here while an RGB student's does not. Each timed clip
 * is prepared through the registered input sources into a fresh scratch cache that is deleted
 * afterwards, so nothing the workspace already computed is reused and nothing is left behind.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../jobs/workerPool.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { InputSpec } from '../data/inputSpec.js';
import { sourceClips } from '../data/prepare.js';
import { getInputSource, type SourceClip } from '../data/sources/index.js';

/** Milliseconds per clip making the inputs, averaged over `clips` clips. */
export interface PreprocessTiming {
  msPerClip: number;
  clips: number;
  /** Clips whose inputs could not be made (left out of the mean), with the reason. */
  failed: string[];
}

/**
 * A view of the workspace whose caches (`cache(sub)`, `cacheDir`) live in `dir`; the database
 * and everything else are the workspace's own. Sources read and write caches only through these.
 */
export function scratchWorkspace(ws: Workspace, dir: string): Workspace {
  const view = Object.create(ws) as Workspace;
  Object.defineProperty(view, 'cacheDir', { get: () => dir });
  Object.defineProperty(view, 'cache', {
    value: (sub: string): string => {
      const d = join(dir, sub);
      mkdirSync(d, { recursive: true });
      return d;
    },
  });
  return view;
}

/**
 * Times making every input of `specs` for each clip from scratch. The first clip is a warm-up
 * (worker threads start, decoders load) and is timed only when it is the only one; then up to
 * `maxClips` clips are timed one at a time. Cached backbone codes (`codes` inputs) cannot be
 * recomputed here, so for them only reading the cached codes is timed.
 */
export async function timePreprocessing(ws: Workspace, specs: readonly InputSpec[], clipIds: readonly number[],
  opts: { signal: AbortSignal; maxClips?: number; threads?: number }): Promise<PreprocessTiming> {
  const clips = sourceClips(ws, clipIds.slice(0, (opts.maxClips ?? 8) + 1));
  if (!clips.length) return { msPerClip: 0, clips: 0, failed: [] };
  const root = mkdtempSync(join(ws.cache('scratch'), 'latency-'));
  const pool = new WorkerPool({ size: opts.threads });
  const failed: string[] = [];
  const once = async (clip: SourceClip, k: number): Promise<number | null> => {
    const dir = join(root, String(k));
    const view = scratchWorkspace(ws, dir);
    const t0 = performance.now();
    try {
      for (const spec of specs) {
        const ctx = { ws: spec.kind === 'codes' ? ws : view, signal: opts.signal, pool, clipDone: () => undefined };
        const [out] = await getInputSource(spec.kind).prepare(ctx, spec, [clip]);
        if (!out || 'error' in out) {
          failed.push(out?.error ?? `clip ${clip.name}: no input made`);
          return null;
        }
      }
      return performance.now() - t0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const first = await once(clips[0]!, 0);
    const times: number[] = [];
    for (let k = 1; k < clips.length; k++) {
      opts.signal.throwIfAborted();
      const t = await once(clips[k]!, k);
      if (t !== null) times.push(t);
    }
    if (!times.length && first !== null) times.push(first);
    return { msPerClip: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0, clips: times.length, failed };
  } finally {
    await pool.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}
