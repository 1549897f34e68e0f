/**
 * Optical-flow inputs from the flow cache (`cache/flow`, computed here when missing, at the
 * spec's size, for the clip's trim): `flow-stack` (S004: `stacks` views of L consecutive flows as
 * [size, size, 2L], evenly spaced starts) and `flow-volume` (S001/S003: one view [K, size, size, 2]
 * of K evenly spaced flows). Values float32, pixels per frame, u right / v down.
 */
import { FlowCache, flowCacheKey, type FlowCacheKeyParts } from '../../../motion/flow/flowCache.js';
import type { FlowStorage } from '../../../motion/flow/params.js';
import { evenlySpaced, evenlySpacedVolume, stackChannels, type FlowSequence } from '../../../motion/flow/stacks.js';
import { computeVideoFlow } from '../../../motion/flow/videoFlow.js';
import type { InputSpec } from '../inputSpec.js';
import {
  eachClip, inputCacheKey, inputFileExists, inputFilePath, registerInputSource, unreadableMedia, writeInputFile,
  type ClipOutcome, type SourceClip, type SourceContext,
} from './registry.js';

type FlowSpec = Extract<InputSpec, { kind: 'flow-stack' | 'flow-volume' }>;

/** How input flow is cached: float16 (half the disk of float32, ample for pixels per frame). */
const STORAGE: FlowStorage = { dtype: 'f2' };

/** The flow-cache entry an input reads for a clip: its trim, method, size (short side centre-cropped like RGB). */
export function flowKeyParts(spec: FlowSpec, clip: Pick<SourceClip, 'fingerprint' | 'meta'>): FlowCacheKeyParts {
  return { fingerprint: clip.fingerprint!, start: clip.meta.start, end: clip.meta.end, config: spec.flow,
    size: { width: spec.size, height: spec.size, resize: 'cover' }, storage: STORAGE };
}

/** A clip's whole flow sequence ((N-1) x S x S x 2 float32), computing and caching it when missing. */
export async function clipFlow(ctx: SourceContext, spec: FlowSpec, clip: SourceClip): Promise<FlowSequence> {
  const cache = new FlowCache(ctx.ws.cache('flow'));
  const parts = flowKeyParts(spec, clip);
  const key = flowCacheKey(parts);
  let hit = cache.read(key);
  if (!hit) {
    const { start, end } = clip.meta;
    const out = await computeVideoFlow({
      path: clip.path, width: spec.size, height: spec.size, resize: 'cover', config: spec.flow, storage: STORAGE,
      start: start > 0 ? start : undefined, duration: end != null ? end - start : undefined,
      outPath: cache.npyPath(key), pool: ctx.pool, signal: ctx.signal,
    });
    cache.commit(key, { ...parts, path: clip.path, shape: out.shape, createdAt: new Date().toISOString() });
    hit = cache.read(key);
    if (!hit) throw new Error(`the flow just computed could not be read back from ${cache.npyPath(key)}`);
  }
  return hit.flow;
}

/** Start flows of `stacks` stacks of `length`, evenly spaced so every stack fits when the clip is long enough. */
export function stackStarts(flows: number, length: number, stacks: number): number[] {
  return evenlySpaced(Math.max(1, flows - length + 1), stacks);
}

/** Shared clip loop of both flow kinds: `views` per clip, `build` makes the file's data from the sequence. */
function prepareFlow<S extends FlowSpec>(views: (s: S) => number, viewShape: (s: S) => number[],
  build: (seq: FlowSequence, s: S) => Float32Array) {
  return (ctx: SourceContext, spec: S, clips: readonly SourceClip[]): Promise<ClipOutcome[]> =>
    // Each clip's flow already spreads over every pool thread, so clips go one per thread.
    eachClip(ctx, clips, ctx.pool.size, async (clip) => {
      if (clip.mediaKind !== 'video') return { error: `clip ${clip.name}: ${clip.path} is ${clip.mediaKind === 'image' ? 'a still image' : 'an event recording'}; optical flow needs a video` };
      const bad = unreadableMedia(clip);
      if (bad) return { error: bad };
      const file = inputFilePath(ctx.ws, inputCacheKey(spec, clip));
      if (inputFileExists(file)) return { file, views: views(spec), cached: true };
      const seq = await clipFlow(ctx, spec, clip);
      writeInputFile(file, { dtype: 'f4', shape: [views(spec), ...viewShape(spec)], data: build(seq, spec) });
      return { file, views: views(spec), cached: false };
    });
}

const stackShape = (s: Extract<FlowSpec, { kind: 'flow-stack' }>): number[] => [s.size, s.size, 2 * s.length];
const volumeShape = (s: Extract<FlowSpec, { kind: 'flow-volume' }>): number[] => [s.frames, s.size, s.size, 2];

/** `flow-stack`: `stacks` views of [size, size, 2L] float32 (channels u0, v0, u1, v1, ...). */
export const flowStackSource = registerInputSource<Extract<InputSpec, { kind: 'flow-stack' }>>({
  kind: 'flow-stack',
  describe: (s) => `${s.stacks} stack(s) of ${s.length} ${s.flow.method} flows as ${2 * s.length} channels, ${s.size} px`,
  shape: stackShape,
  dtype: 'float32',
  flow: true,
  rgb: false,
  prepare: prepareFlow((s) => s.stacks, stackShape, (seq, s) => {
    const one = s.size * s.size * 2 * s.length;
    const out = new Float32Array(s.stacks * one);
    stackStarts(seq.count, s.length, s.stacks).forEach((start, i) => out.set(stackChannels(seq, start, s.length), i * one));
    return out;
  }),
});

/** `flow-volume`: 1 view of [K, size, size, 2] float32, K evenly spaced flows. */
export const flowVolumeSource = registerInputSource<Extract<InputSpec, { kind: 'flow-volume' }>>({
  kind: 'flow-volume',
  describe: (s) => `volume of ${s.frames} evenly spaced ${s.flow.method} flows, ${s.size} px`,
  shape: volumeShape,
  dtype: 'float32',
  flow: true,
  rgb: false,
  prepare: prepareFlow(() => 1, volumeShape, (seq, s) => evenlySpacedVolume(seq, s.frames)),
});
