import { availableParallelism } from 'node:os';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { z } from 'zod';
import type { MotionManifest } from '../../ipc/contract.js';
import { registerJobKind } from '../../jobs/registry.js';
import { WorkerPool } from '../../jobs/workerPool.js';
import { decodeFrames } from '../../media/decode.js';
import { readNpy, writeNpy } from '../../media/npy.js';
import type { Workspace } from '../../workspace/workspace.js';
import { concatBatches, simulateFrames } from '../dvs/simulator/index.js';
import type { EventBatch } from '../dvs/types.js';
import { farnebackParamsSchema } from '../flow/params.js';
import { encodePng } from '../flow/png.js';
import { decodeFlow } from '../flow/quantize.js';
import { computeVideoFlow } from '../flow/videoFlow.js';
import { flowLegend, flowToRgb } from '../flow/visualise.js';
import { HISTOGRAM_BINS, histogram, magnitudes, quantile } from './flowSummary.js';
import { frameName, previewDir } from './previewStore.js';

/** Spec of a `motion.preview` job: one clip, the preview's short side, flow method and DVS model. */
export const previewSpecSchema = z.object({
  clipId: z.number().int().positive(),
  /** Short side in pixels; never larger than the clip's own. */
  size: z.number().int().min(16).max(512).default(160),
  flowMethod: z.literal('farneback').default('farneback'),
  dvsModel: z.enum(['ideal', 'v2e']).default('ideal'),
});

/** A validated `motion.preview` spec. */
export type PreviewSpec = z.infer<typeof previewSpecSchema>;

/** Longest clip part a preview keeps (frames): enough to look at, bounded on disk and in memory. */
export const MAX_PREVIEW_FRAMES = 300;

/** Where the clip's pixels come from and at what size the preview shows them. */
interface PreviewSource {
  path: string;
  start: number;
  duration: number;
  fps: number;
  width: number;
  height: number;
  truncated: boolean;
}

/** Resolves a clip to its video, span and preview size, or throws a message the user can act on. */
function previewSource(ws: Workspace, spec: PreviewSpec): PreviewSource {
  const clip = ws.clips.get(spec.clipId);
  if (!clip) throw new Error(`Clip ${spec.clipId} is not in this workspace`);
  const media = ws.media.get(clip.mediaId);
  if (!media || media.status !== 'ok') throw new Error(`The video of clip "${clip.name}" cannot be read (${media?.error ?? media?.status ?? 'missing'}); relink or re-probe it first`);
  if (media.kind && media.kind !== 'video') throw new Error(`Clip "${clip.name}" is ${media.kind === 'image' ? 'a still image' : 'an event recording'}: the motion preview needs a video`);
  const fps = media.fps && media.fps > 0 ? media.fps : 25;
  const mw = media.width ?? spec.size, mh = media.height ?? spec.size;
  const short = Math.min(spec.size, mw, mh);
  const even = (v: number): number => Math.max(16, 2 * Math.round(v / 2));
  const [width, height] = mw <= mh ? [even(short), even((short * mh) / mw)] : [even((short * mw) / mh), even(short)];
  const full = (clip.end ?? media.duration ?? clip.start + MAX_PREVIEW_FRAMES / fps) - clip.start;
  const cap = MAX_PREVIEW_FRAMES / fps;
  return { path: media.path, start: clip.start, duration: Math.min(full, cap), fps, width, height, truncated: full > cap + 0.5 / fps };
}

/** Luma (BT.601) of rgb24 frames -> grey, what the DVS simulator takes. */
function toGrey(rgb: Uint8Array, px: number): Uint8Array {
  const g = new Uint8Array(px);
  for (let i = 0, o = 0; i < px; i++, o += 3) g[i] = Math.round(0.299 * rgb[o]! + 0.587 * rgb[o + 1]! + 0.114 * rgb[o + 2]!);
  return g;
}

/** Events as N x 4 int64 (t µs, x, y, p), the layout numpy users expect. */
function eventsNpy(ev: EventBatch): BigInt64Array {
  const out = new BigInt64Array(ev.length * 4);
  for (let i = 0; i < ev.length; i++) {
    out[4 * i] = BigInt(ev.t[i]!); out[4 * i + 1] = BigInt(ev.x[i]!); out[4 * i + 2] = BigInt(ev.y[i]!); out[4 * i + 3] = BigInt(ev.p[i]!);
  }
  return out;
}

/**
 * `motion.preview`: everything the synchronised viewer shows for one clip, cached under
 * `cache/preview/<clipId>/` (see previewStore.ts): RGB frames and flow colour-wheel pictures as PNG
 * files (served as file keys, never as JSON arrays), float16 flow for arrows, simulated events
 * for windows rendered on request, and a manifest with magnitude histograms. Flow runs on the
 * worker pool; decoding is ffmpeg; the simulator and PNG encoding yield between frames.
 * Recomputes from scratch (a half-written preview is removed first), so it is resumable.
 */
export const previewJob = registerJobKind<PreviewSpec>({
  id: 'motion.preview',
  schema: previewSpecSchema,
  resumable: true,
  describe: (s) => `Motion preview of clip ${s.clipId} (RGB, ${s.flowMethod} flow, ${s.dvsModel} events)`,
  async run(ctx): Promise<MotionManifest> {
    const { spec, workspace: ws, signal } = ctx;
    const src = previewSource(ws, spec);
    const dir = previewDir(ws, spec.clipId);
    rmSync(dir, { recursive: true, force: true });
    for (const sub of ['rgb', 'flow']) mkdirSync(join(dir, sub), { recursive: true });
    const { width: w, height: h, fps } = src;
    const px = w * h;
    const estimate = Math.max(2, Math.round(src.duration * fps));
    const total = estimate * 3;

    // 1. RGB frames: PNG per frame, grey copies kept for the simulator.
    const grey: Uint8Array[] = [];
    for await (const rgb of decodeFrames(src.path, { width: w, height: h, pixFmt: 'rgb24', start: src.start, duration: src.duration, signal })) {
      writeFileSync(join(dir, 'rgb', `${frameName(grey.length)}.png`), encodePng(rgb, w, h));
      grey.push(toGrey(rgb, px));
      if (grey.length % 8 === 0) ctx.progress({ phase: 'frames', done: Math.min(grey.length, estimate), total, message: `frame ${grey.length}` });
      if (grey.length >= MAX_PREVIEW_FRAMES) break;
    }
    if (grey.length < 2) throw new Error(`Clip ${spec.clipId} has ${grey.length} decodable frame(s): a motion preview needs at least two`);
    const frames = grey.length;

    // 2. Farneback flow of every pair on the pool (float16), then pictures on one shared scale.
    const pool = new WorkerPool({ size: Math.min(4, availableParallelism()) });
    try {
      await computeVideoFlow({
        path: src.path, width: w, height: h, start: src.start, duration: frames / fps, config: { method: 'farneback', params: farnebackParamsSchema.parse({}) },
        storage: { dtype: 'f2' }, outPath: join(dir, 'flow.npy'), pool, signal, chunkPairs: 8,
        onProgress: (pairs) => ctx.progress({ phase: 'flow', done: estimate + Math.min(pairs, estimate), total, message: `flow pair ${pairs}` }),
      });
    } finally {
      await pool.dispose();
    }
    const stored = readNpy(join(dir, 'flow.npy'));
    const pairs = Math.min(stored.shape[0]!, frames - 1);
    const flow = decodeFlow(stored.data as Uint16Array, { dtype: 'f2' });
    const field = (k: number): Float32Array => flow.subarray(k * px * 2, (k + 1) * px * 2);
    const allMags = magnitudes(flow.subarray(0, pairs * px * 2));
    const maxMagnitude = allMags.reduce((m, v) => (v > m ? v : m), 0);
    const scale = Math.max(0.5, quantile(allMags, 0.99));
    const histograms: number[][] = [];
    for (let k = 0; k < pairs; k++) {
      signal.throwIfAborted();
      writeFileSync(join(dir, 'flow', `${frameName(k)}.png`), encodePng(flowToRgb(field(k), w, h, scale), w, h));
      histograms.push(histogram(allMags.subarray(k * px, (k + 1) * px), maxMagnitude));
      if (k % 8 === 0) await tick();
    }
    writeFileSync(join(dir, 'legend.png'), encodePng(flowLegend(96), 96, 96));

    // 3. Events from the same grey frames.
    const batches: EventBatch[] = [];
    const perFrame: number[] = [];
    let k = 0;
    for await (const b of simulateFrames(grey, { model: spec.dvsModel }, { width: w, height: h, fps })) {
      signal.throwIfAborted();
      batches.push(b);
      perFrame.push(b.length);
      if (++k % 8 === 0) {
        ctx.progress({ phase: 'events', done: 2 * estimate + Math.min(k, estimate), total, message: `frame ${k}` });
        await tick();
      }
    }
    const events = concatBatches(batches);
    writeNpy(join(dir, 'events.npy'), { dtype: 'i8', shape: [events.length, 4], data: eventsNpy(events) });

    const manifest: MotionManifest = {
      clipId: spec.clipId, frames, fps, width: w, height: h, truncated: src.truncated,
      flow: {
        method: spec.flowMethod, pairs, maxMagnitude, scale,
        binEdges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => (maxMagnitude * i) / HISTOGRAM_BINS), histograms,
      },
      dvs: { model: spec.dvsModel, events: events.length, durationUs: Math.round(((frames - 1) * 1e6) / fps), perFrame },
      createdAt: new Date().toISOString(),
    };
    writeManifest(dir, manifest);
    ctx.progress({ phase: 'done', done: total, total, message: `${frames} frames, ${events.length} events` });
    return manifest;
  },
});

/** Writes manifest.json atomically: its presence marks the preview complete. */
function writeManifest(dir: string, manifest: MotionManifest): void {
  const tmp = join(dir, 'manifest.json.tmp');
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, join(dir, 'manifest.json'));
}
