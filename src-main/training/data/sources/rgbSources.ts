/**
 * RGB inputs from the frame cache: `rgb-frame` (each sampled frame is one view, [size, size, 3])
 * and `rgb-clip` (all sampled frames are one view, [frames, size, size, 3]), uint8 0-255. Missing
 * frames are decoded by the shared pool's ffmpeg workers (`media/sampleWorker.ts`) into
 * `cache/frames`, then copied into the clip's `cache/inputs` file (the frame cache may evict).
 */
import { FrameCache, frameCacheKey } from '../../../media/frameCache.js';
import type { SampleTaskInput, SampleTaskOutput } from '../../../media/sampleWorker.js';
import { resolveSampleSpec, type SampleSpec } from '../../../media/sampling/spec.js';
import type { InputSpec } from '../inputSpec.js';
import {
  eachClip, inputCacheKey, inputFileExists, inputFilePath, registerInputSource, unreadableMedia, writeInputFile,
  type ClipOutcome, type SourceClip, type SourceContext,
} from './registry.js';

type RgbSpec = Extract<InputSpec, { kind: 'rgb-frame' | 'rgb-clip' }>;

/** The frame-sampling spec an RGB input means (strategy + params at size x size, short side centre-cropped). */
export function rgbSampleSpec(spec: RgbSpec): SampleSpec {
  const n = spec.frames;
  const byStrategy: Record<RgbSpec['strategy'], { strategy: string; params: Record<string, unknown> }> = {
    uniform: { strategy: 'uniform', params: { n } },
    uniformFirstSeconds: { strategy: 'uniformFirstSeconds', params: { n, seconds: spec.seconds ?? 2 } },
    middle: n === 1 ? { strategy: 'middle', params: {} } : { strategy: 'consecutive', params: { length: n, position: 'middle' } },
    consecutive: { strategy: 'consecutive', params: { length: n, position: 'middle' } },
  };
  return resolveSampleSpec({ ...byStrategy[spec.strategy], width: spec.size, height: spec.size, resize: 'shortSideCenterCrop' });
}

/** Frames of one clip from the frame cache, decoding them on a pool thread when missing: uint8 N x S x S x 3. */
export async function clipFrames(ctx: SourceContext, cache: FrameCache, sample: SampleSpec, clip: SourceClip): Promise<Uint8Array> {
  const key = frameCacheKey(clip.fingerprint!, clip.meta, sample);
  let hit = cache.get(key);
  if (!hit) {
    const input: SampleTaskInput = { mediaPath: clip.path, meta: clip.meta, spec: sample, cacheDir: cache.dir, key, threads: 1,
      source: { path: clip.path, fingerprint: clip.fingerprint!, start: clip.meta.start, end: clip.meta.end } };
    await ctx.pool.run<SampleTaskInput, SampleTaskOutput>('media/sampleWorker.ts', input, { signal: ctx.signal });
    hit = cache.get(key);
    if (!hit) throw new Error(`the decoded frames vanished from ${cache.dir} (cache limit too small?); raise MWB_CACHE_LIMIT`);
  }
  return hit.frames;
}

/** Both RGB kinds: the same frames, stored as N views of one frame or one view of N frames. */
async function prepareRgb(ctx: SourceContext, spec: RgbSpec, clips: readonly SourceClip[]): Promise<ClipOutcome[]> {
  const cache = new FrameCache(ctx.ws.cache('frames'));
  const sample = rgbSampleSpec(spec);
  const s = spec.size;
  const outcomes = await eachClip(ctx, clips, ctx.pool.size * 2, async (clip) => {
    if (clip.mediaKind === 'events') return { error: `clip ${clip.name}: ${clip.path} is an event recording and has no RGB frames; use a dvs-stack3 input for it` };
    const bad = unreadableMedia(clip);
    if (bad) return { error: bad };
    const views = spec.kind === 'rgb-frame' ? spec.frames : 1;
    const file = inputFilePath(ctx.ws, inputCacheKey(spec, clip));
    if (inputFileExists(file)) return { file, views, cached: true };
    const frames = await clipFrames(ctx, cache, sample, clip);
    const shape = spec.kind === 'rgb-frame' ? [spec.frames, s, s, 3] : [1, spec.frames, s, s, 3];
    writeInputFile(file, { dtype: 'u1', shape, data: frames });
    return { file, views, cached: false };
  });
  cache.evict();
  return outcomes;
}

/** `rgb-frame`: `frames` views of [size, size, 3] uint8 (S001 middle frame, S004 1 frame in 10). */
export const rgbFrameSource = registerInputSource<Extract<InputSpec, { kind: 'rgb-frame' }>>({
  kind: 'rgb-frame',
  describe: (s) => `${s.frames} RGB frame(s) (${s.strategy}), ${s.size} px, one view each`,
  shape: (s) => [s.size, s.size, 3],
  dtype: 'uint8',
  flow: false,
  rgb: true,
  prepare: prepareRgb,
});

/** `rgb-clip`: 1 view of [frames, size, size, 3] uint8 (S003 RGB stream and student). */
export const rgbClipSource = registerInputSource<Extract<InputSpec, { kind: 'rgb-clip' }>>({
  kind: 'rgb-clip',
  describe: (s) => `RGB clip of ${s.frames} frames (${s.strategy}), ${s.size} px`,
  shape: (s) => [s.frames, s.size, s.size, 3],
  dtype: 'uint8',
  flow: false,
  rgb: true,
  prepare: prepareRgb,
});
