import { countFrames, decodeFramesTimed } from '../decode.js';
import { createRng, deriveSeed } from './rng.js';
import { resolveSampleSpec, type SampleSpec, type SampleSpecInput } from './spec.js';
import { getStrategy, type ClipFrameMeta } from './strategies.js';

/** A clip to sample: its frame metadata plus an optional stable key that seeds its random choices. */
export interface SampleClip extends ClipFrameMeta {
  /** Stable identity (e.g. media fingerprint + trim) for the per-clip seed; default path + trim. */
  key?: string;
}

/** Frames sampled from one clip, with everything needed to repeat or audit the choice. */
export interface SampleResult {
  /** Frame numbers in the clip (0-based, ffmpeg decode order), one per output frame (N). */
  indices: number[];
  /** Seconds on the media timeline of each output frame, as ffmpeg decoded it (N). */
  timestamps: number[];
  /** uint8 RGB, N x H x W x 3, C order. */
  frames: Uint8Array;
  shape: [number, number, number, number];
  /** Frames in the clip the indices were chosen from (recounted when the metadata was wrong). */
  frameCount: number;
  /** The seed this clip's random choices used (derived from spec.seed and the clip key). */
  clipSeed: number;
  spec: SampleSpec;
}

/** Decoder tuning that does not change the result. */
export interface SampleTuning {
  /** ffmpeg decoder threads (a pool with one ffmpeg per core passes 1). */
  threads?: number;
}

/**
 * Samples frames of one clip by a named strategy: picks frame numbers from the clip's frame count,
 * decodes exactly those frames with ffmpeg's `select` (passthrough timing, so numbering is ffmpeg's
 * own: right on variable frame rate and edit lists) and resizes them. When the container's frame
 * count was too high (fewer frames decode than promised) the frames are counted by decoding and
 * the choice is made again from the true count. Output: uint8 N x H x W x 3.
 */
export async function sampleFrames(mediaPath: string, meta: SampleClip, specInput: SampleSpecInput | SampleSpec,
  signal?: AbortSignal, tuning: SampleTuning = {}): Promise<SampleResult> {
  const spec = resolveSampleSpec(specInput);
  const strategy = getStrategy(spec.strategy);
  const clipSeed = deriveSeed(spec.seed, meta.key ?? `${mediaPath}@${meta.start}-${meta.end ?? ''}`);
  const trim = { start: meta.start > 0 ? meta.start : undefined, duration: meta.end != null ? meta.end - meta.start : undefined };
  let frameCount = meta.frameCount > 0 ? meta.frameCount : await countFrames(mediaPath, { ...trim, signal });
  for (let attempt = 0; ; attempt++) {
    if (frameCount <= 0) throw new Error(`${mediaPath}: no decodable video frames${describeTrim(meta)}`);
    const rng = createRng(clipSeed);
    const indices = strategy.indices({ ...meta, frameCount }, spec.params, rng);
    const crop = spec.resize === 'randomCrop' ? { scale: spec.cropScale, fx: rng.next(), fy: rng.next() } : undefined;
    const unique = [...new Set(indices)].sort((a, b) => a - b);
    const frameSize = spec.width * spec.height * 3;
    const decoded = new Map<number, { frame: Uint8Array; pts: number }>();
    let k = 0;
    for await (const f of decodeFramesTimed(mediaPath, {
      width: spec.width, height: spec.height, pixFmt: 'rgb24', resize: spec.resize === 'stretch' ? 'stretch' : 'cover',
      crop, frames: unique, signal, threads: tuning.threads, ...trim,
    })) decoded.set(unique[k++]!, f);
    if (decoded.size === unique.length) {
      const frames = new Uint8Array(indices.length * frameSize);
      indices.forEach((i, n) => frames.set(decoded.get(i)!.frame, n * frameSize));
      return {
        indices, timestamps: indices.map((i) => decoded.get(i)!.pts), frames,
        shape: [indices.length, spec.height, spec.width, 3], frameCount, clipSeed, spec,
      };
    }
    if (attempt > 0) {
      throw new Error(`${mediaPath}: ffmpeg decoded ${decoded.size} of the ${unique.length} frames asked for` +
        `${describeTrim(meta)} although it counted ${frameCount}; the file may be damaged`);
    }
    frameCount = await countFrames(mediaPath, { ...trim, signal });
  }
}

function describeTrim(m: ClipFrameMeta): string {
  return m.start > 0 || m.end != null ? ` between ${m.start} s and ${m.end ?? 'the end'}` : '';
}
