import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerPool } from '../../jobs/workerPool.js';
import { requireBinary } from '../../media/ffmpegPaths.js';
import { readNpyHeader } from '../../media/npy.js';
import { probeMedia } from '../../media/probe.js';
import { FlowCache, flowCacheKey, type FlowCacheKeyParts } from '../../motion/flow/flowCache.js';
import '../../motion/flow/methods.js';
import { flowConfigSchema, type FlowStorage } from '../../motion/flow/params.js';
import { computeVideoFlow } from '../../motion/flow/videoFlow.js';
import type { ExportClip } from './exportData.js';
import { flowNames } from './rawframes.js';

/** Flow choices of the rawframes export: none, or a method of the flow engine with its default (published) parameters. */
export const EXPORT_FLOW_METHODS = ['none', 'farneback', 'tvl1'] as const;

/** An export's flow choice. */
export type ExportFlowMethod = (typeof EXPORT_FLOW_METHODS)[number];

/**
 * Flow JPEGs use the usual two-stream quantisation (denseflow / mmaction2's extractors): each
 * component is clipped to [-bound, bound] px and mapped linearly onto 0..255,
 * `v = round(255 * (u + bound) / (2 * bound)) = round(127.5 + 127.5 * clamp(u) / bound)`, so zero
 * motion is 128 and `u = v * 2 * bound / 255 - bound` reads it back (error <= bound / 255 px inside
 * the bound). The bound is 20 px, recorded in export.json.
 */
export const FLOW_JPEG_BOUND = 20;

/** What export.json records about written flow. */
export interface ExportFlowSummary {
  method: Exclude<ExportFlowMethod, 'none'>;
  /** Clip bound in pixels of the exported frame size. */
  bound: number;
  /** How a JPEG grey value maps back to pixels. */
  decode: string;
  /** mmaction2 convention: per clip, flow_x/flow_y count = total_frames - 1 (one per consecutive frame pair). */
  pairs: number;
}

/** Cached flow is stored already quantised to the JPEG's 8-bit values, so a re-export copies bytes. */
const STORAGE: FlowStorage = { dtype: 'u1', bound: FLOW_JPEG_BOUND };
const MARKER = '.mwb-flow';

interface Marker { method: string; bound: number; pairs: number }

/** Options of {@link writeClipFlow}. */
export interface ClipFlowOptions {
  method: Exclude<ExportFlowMethod, 'none'>;
  cache: FlowCache;
  pool: WorkerPool;
  signal: AbortSignal;
  /** Frame pairs of this clip done so far (computed, or read back from the cache). */
  onProgress?: (pairs: number) => void;
}

/**
 * Writes `flow_x_00001.jpg`/`flow_y_00001.jpg`... (1-based, one per consecutive frame pair) beside a
 * finished `img_*.jpg` folder, at the size of those frames; returns the number of pairs. Flow comes
 * from the flow cache (key: media fingerprint + trim + method + parameters + size + storage), computed
 * on the pool first when missing, so a second export of the same clips only re-encodes JPEGs; a folder
 * whose marker names the same method and bound is not touched at all. The JPEGs are encoded by one
 * ffmpeg per clip; on failure or cancel the partial flow files are removed.
 */
export async function writeClipFlow(clip: ExportClip, dir: string, opts: ClipFlowOptions): Promise<number> {
  const marker = readMarker(dir);
  if (marker && marker.method === opts.method && marker.bound === FLOW_JPEG_BOUND) {
    opts.onProgress?.(marker.pairs);
    return marker.pairs;
  }
  removeFlowFiles(dir);
  const { width, height } = jpegSize(join(dir, 'img_00001.jpg'));
  const fingerprint = clip.fingerprint ?? await probeFingerprint(clip.path, opts.signal);
  const config = flowConfigSchema.parse({ method: opts.method });
  const parts: FlowCacheKeyParts = { fingerprint, start: clip.start, end: clip.end, config, size: { width, height, resize: 'stretch' }, storage: STORAGE };
  const key = flowCacheKey(parts);
  if (!opts.cache.has(key)) {
    const out = await computeVideoFlow({
      path: clip.path, width, height, resize: 'stretch', config, storage: STORAGE, outPath: opts.cache.npyPath(key), pool: opts.pool,
      start: clip.start > 0 ? clip.start : undefined, duration: clip.end != null ? clip.end - clip.start : undefined,
      signal: opts.signal, onProgress: opts.onProgress,
    });
    opts.cache.commit(key, { ...parts, path: clip.path, shape: out.shape, createdAt: new Date().toISOString() });
  }
  try {
    const pairs = await encodeFlowJpegs(opts.cache.npyPath(key), dir, { width, height }, clip.path, opts.signal);
    const written = readdirSync(dir).filter((f) => /^flow_x_\d{5}\.jpg$/.test(f)).length;
    if (written !== pairs) throw new Error(`Cannot write flow of ${clip.path}: ffmpeg wrote ${written} of ${pairs} flow_x images`);
    writeFileSync(join(dir, MARKER), JSON.stringify({ method: opts.method, bound: FLOW_JPEG_BOUND, pairs } satisfies Marker));
    opts.onProgress?.(pairs);
    return pairs;
  } catch (err) {
    removeFlowFiles(dir);
    throw err;
  }
}

function readMarker(dir: string): Marker | null {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Marker;
  } catch {
    return null;
  }
}

function removeFlowFiles(dir: string): void {
  rmSync(join(dir, MARKER), { force: true });
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (/^flow_[xy]_\d{5}\.jpg$/.test(f)) rmSync(join(dir, f), { force: true });
}

async function probeFingerprint(path: string, signal: AbortSignal): Promise<string> {
  const p = await probeMedia(path, signal);
  if (p.status !== 'ok') throw new Error(`Cannot compute flow of ${path}: ${p.error}`);
  return p.fingerprint;
}

/**
 * Width and height of a baseline or progressive JPEG, from its SOF marker (the exported frames'
 * size, which ffmpeg's `-2` rounding decides).
 */
export function jpegSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) { i++; continue; }
    const m = b[i + 1]!;
    if (m === 0xff) { i++; continue; }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  throw new Error(`Cannot read the frame size of ${path}: not a JPEG`);
}

/**
 * Streams a cached u1 flow .npy ((N-1) x H x W x 2, already quantised) into one ffmpeg that writes
 * the x and y planes of each pair as `flow_x_%05d.jpg` / `flow_y_%05d.jpg` (`-qscale:v 2`). Frames
 * go in as W x 2H grey images (x plane over y plane) and are cropped apart; mjpeg has no grey
 * pixel format here, so the JPEGs are YCbCr with neutral chroma (read as grey by cv2/PIL 'L').
 */
async function encodeFlowJpegs(npy: string, dir: string, size: { width: number; height: number }, file: string, signal: AbortSignal): Promise<number> {
  const { width: w, height: h } = size;
  const header = readNpyHeader(npy);
  const [count, hh, ww, c] = header.shape;
  if (header.dtype !== 'u1' || hh !== h || ww !== w || c !== 2 || count === undefined) {
    throw new Error(`Cannot write flow of ${file}: the cached flow ${npy} is ${header.dtype} ${header.shape.join('x')}, expected u1 Nx${h}x${w}x2`);
  }
  const [fx, fy] = flowNames(1).map((n) => join(dir, n.replace('00001', '%05d')));
  const jpeg = ['-fps_mode', 'passthrough', '-qscale:v', '2', '-start_number', '1'];
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${w}x${2 * h}`, '-framerate', '25', '-i', 'pipe:0',
    '-filter_complex', `[0:v]split[a][b];[a]crop=${w}:${h}:0:0,format=yuvj444p[x];[b]crop=${w}:${h}:0:${h},format=yuvj444p[y]`,
    '-map', '[x]', ...jpeg, fx!, '-map', '[y]', ...jpeg, fy!];
  signal.throwIfAborted();
  const child = spawn(requireBinary('ffmpeg'), args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-2048); });
  const onAbort = (): void => { child.kill('SIGKILL'); };
  signal.addEventListener('abort', onAbort, { once: true });
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`Cannot write flow of ${file}: could not start ffmpeg (${e.message})`)));
    child.once('close', resolve);
  });
  closed.catch(() => undefined);
  child.stdin.on('error', () => undefined); // a dead ffmpeg is reported by its exit code below
  const fd = openSync(npy, 'r');
  try {
    const px = w * h;
    const pair = Buffer.alloc(px * 2);
    for (let n = 0; n < count && !signal.aborted && child.exitCode === null; n++) {
      readSync(fd, pair, 0, pair.length, header.dataOffset + n * pair.length);
      const frame = Buffer.alloc(px * 2);
      for (let i = 0; i < px; i++) {
        frame[i] = pair[2 * i]!;
        frame[px + i] = pair[2 * i + 1]!;
      }
      if (!child.stdin.write(frame)) {
        await new Promise<void>((resolve) => {
          const go = (): void => { child.stdin.off('drain', go); child.off('close', go); resolve(); };
          child.stdin.once('drain', go);
          child.once('close', go);
        });
      }
    }
  } finally {
    closeSync(fd);
    child.stdin.end();
  }
  try {
    const code = await closed;
    signal.throwIfAborted();
    if (code !== 0) throw new Error(`Cannot write flow of ${file}: ${stderr.trim().split('\n').pop() || `ffmpeg exited with code ${code}`}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return count;
}

/** Opens the export's flow cache (the workspace's `cache/flow`, shared with `flow.compute`). */
export function openFlowCache(dir: string): FlowCache {
  const cache = new FlowCache(dir);
  cache.sweepStale();
  return cache;
}
