import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DvsViewMode } from '../../ipc/contract.js';
import { readNpy } from '../../media/npy.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { EventBatch } from '../dvs/types.js';
import { encodePng } from '../flow/png.js';
import { previewDir, readManifest } from './previewStore.js';

/** Events of one preview, time-sorted, with the mtime of the file they came from. */
interface LoadedEvents {
  batch: EventBatch;
  mtimeMs: number;
}

/** A few clips' events stay in memory while the user scrubs (the viewer shows one clip at a time). */
const loaded = new Map<string, LoadedEvents>();
const KEEP = 4;

/** Events N x 4 int64 (t µs, x, y, p) of a preview's events.npy as a struct-of-arrays batch (cached). */
export function loadEvents(path: string): EventBatch {
  const mtimeMs = statSync(path).mtimeMs;
  const hit = loaded.get(path);
  if (hit && hit.mtimeMs === mtimeMs) {
    loaded.delete(path);
    loaded.set(path, hit); // most recently used last
    return hit.batch;
  }
  const arr = readNpy(path);
  if (arr.dtype !== 'i8' || arr.shape.length !== 2 || arr.shape[1] !== 4) throw new Error(`${path}: expected int64 N x 4 events, got ${arr.dtype} ${arr.shape.join('x')}`);
  const n = arr.shape[0]!;
  const d = arr.data as BigInt64Array;
  const batch: EventBatch = { t: new Float64Array(n), x: new Uint16Array(n), y: new Uint16Array(n), p: new Uint8Array(n), length: n };
  for (let i = 0; i < n; i++) {
    batch.t[i] = Number(d[4 * i]); batch.x[i] = Number(d[4 * i + 1]); batch.y[i] = Number(d[4 * i + 2]); batch.p[i] = Number(d[4 * i + 3]);
  }
  loaded.set(path, { batch, mtimeMs });
  while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value!);
  return batch;
}

/** First index with t >= tUs in time-sorted events (binary search). */
export function lowerBound(t: Float64Array, length: number, tUs: number): number {
  let lo = 0, hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < tUs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `#rrggbb` -> [r, g, b]. */
function rgbOf(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Options of {@link renderEventWindow}. */
export interface EventWindowOptions {
  width: number;
  height: number;
  t0Us: number;
  t1Us: number;
  mode: DvsViewMode;
  /** Polarity mode colours, `#rrggbb`. */
  on: string;
  off: string;
}

/** Dark grey of pixels without events in polarity mode (black stays for binary / stack3, as the network sees it). */
const BACKGROUND = [24, 26, 31] as const;

/**
 * Events of [t0Us, t1Us) as an rgb24 picture H x W x 3. `polarity`: the latest event of each pixel
 * in the ON or OFF colour; `binary`: white where any event fired (the S000 frame); `stack3`: the
 * window cut into three equal parts whose binary frames are the R, G and B channels (0/255), the
 * 3-channel image an S000 network is fed.
 */
export function renderEventWindow(ev: EventBatch, o: EventWindowOptions): { rgb: Uint8Array; events: number } {
  const { width: w, height: h, t0Us, t1Us } = o;
  const rgb = new Uint8Array(w * h * 3);
  if (o.mode === 'polarity') for (let i = 0; i < w * h; i++) rgb.set(BACKGROUND, 3 * i);
  const a = lowerBound(ev.t, ev.length, t0Us), b = lowerBound(ev.t, ev.length, t1Us);
  const on = rgbOf(o.on), off = rgbOf(o.off);
  const third = (t1Us - t0Us) / 3;
  for (let i = a; i < b; i++) {
    const x = ev.x[i]!, y = ev.y[i]!;
    if (x >= w || y >= h) continue;
    const at = 3 * (y * w + x);
    if (o.mode === 'polarity') rgb.set(ev.p[i] ? on : off, at);
    else if (o.mode === 'binary') rgb.fill(255, at, at + 3);
    else rgb[at + Math.min(2, Math.floor((ev.t[i]! - t0Us) / third))] = 255;
  }
  return { rgb, events: b - a };
}

/**
 * Renders (once) the events of a window of a clip's preview as a PNG under `dvs/` and returns its
 * file key. Errors name what is missing: no preview yet, or a window outside the clip.
 */
export function dvsWindowKey(ws: Workspace, clipId: number, req: { t0Us: number; t1Us: number; mode: DvsViewMode; on?: string; off?: string }): { key: string; events: number } {
  const manifest = readManifest(ws, clipId);
  const dir = previewDir(ws, clipId);
  if (!manifest || !existsSync(join(dir, 'events.npy'))) {
    throw Object.assign(new Error(`Clip ${clipId} has no motion preview yet: open its Motion view to compute it`), { code: 'not_found' });
  }
  const on = (req.on ?? '#ffffff').toLowerCase(), off = (req.off ?? '#3b82f6').toLowerCase();
  const name = `${req.t0Us}_${req.t1Us}_${req.mode}${req.mode === 'polarity' ? `_${on.slice(1)}_${off.slice(1)}` : ''}`;
  const out = join(dir, 'dvs', `${name}.png`);
  const ev = loadEvents(join(dir, 'events.npy'));
  const { rgb, events } = renderEventWindow(ev, { width: manifest.width, height: manifest.height, t0Us: req.t0Us, t1Us: req.t1Us, mode: req.mode, on, off });
  if (!existsSync(out)) {
    mkdirSync(join(dir, 'dvs'), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, encodePng(rgb, manifest.width, manifest.height));
    renameSync(tmp, out);
  }
  return { key: `preview/${clipId}/dvs/${name}`, events };
}
