/**
 * `dvs-stack3` (S000): event recordings (media of kind 'events') as three-frame stacks, `stacks`
 * views of [size, size, 3] float32 in 0-1. The work runs on a pool thread (`dvsWorker.ts`); a
 * video clip cannot give events and gets a clear reason instead.
 */
import { statSync } from 'node:fs';
import { contentFingerprint } from '../../../media/probe.js';
import type { InputSpec } from '../inputSpec.js';
import type { DvsStackResult, DvsStackTask } from './dvsWorker.js';
import {
  eachClip, inputCacheKey, inputFileExists, inputFilePath, registerInputSource, type SourceClip,
} from './registry.js';

type DvsSpec = Extract<InputSpec, { kind: 'dvs-stack3' }>;

/** The content fingerprint of an event file (event media are not probed by ffprobe, so it is taken here). */
async function eventFingerprint(clip: SourceClip): Promise<string> {
  if (clip.fingerprint) return clip.fingerprint;
  const st = statSync(clip.path, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new Error(`clip ${clip.name}: event file ${clip.path} is missing; relink the media or remove the clip`);
  return contentFingerprint(clip.path, st.size);
}

/** Registered as 'dvs-stack3'. */
export const dvsStack3Source = registerInputSource<DvsSpec>({
  kind: 'dvs-stack3',
  describe: (s) => `${s.stacks} DVS 3-frame stack(s) of ${s.windowMs} ms windows, ${s.size} px`,
  shape: (s) => [s.size, s.size, 3],
  dtype: 'float32',
  flow: false,
  rgb: false,
  prepare: (ctx, spec, clips) => eachClip(ctx, clips, ctx.pool.size * 2, async (clip) => {
    if (clip.mediaKind !== 'events') {
      return { error: `clip ${clip.name}: ${clip.path} is a ${clip.mediaKind}, not an event recording, so it has no DVS events; ` +
        'import the event files (.aedat4, .raw, .dat, ...) or simulate events from the video (mwb events simulate), or use an RGB input' };
    }
    const fingerprint = await eventFingerprint(clip);
    const file = inputFilePath(ctx.ws, inputCacheKey(spec, clip, fingerprint));
    if (inputFileExists(file)) return { file, views: spec.stacks, cached: true };
    const task: DvsStackTask = { path: clip.path, windowMs: spec.windowMs, stacks: spec.stacks, size: spec.size,
      start: clip.meta.start, end: clip.meta.end, outPath: file };
    const out = await ctx.pool.run<DvsStackTask, DvsStackResult>('training/data/sources/dvsWorker.ts', task, { signal: ctx.signal });
    return { file, views: out.views, cached: false };
  }),
});
