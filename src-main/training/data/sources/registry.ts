/**
 * Input sources: one registered source per `InputSpec` kind (`{ kind, describe, shape, dtype,
 * flow, rgb, prepare }`), so adding an input kind is adding one file. A source turns clips into
 * per-clip `.npy` files of `[views, ...shape]` under `cache/inputs/`, reusing the frame, flow and
 * event caches, in the parent process (it may use SQLite, ffmpeg and the worker pool). The
 * trainer child only ever reads the files it names.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerPool } from '../../../jobs/workerPool.js';
import type { MediaKind } from '../../../ipc/contract.js';
import type { ClipSource } from '../../../media/clipSources.js';
import { writeNpy, type NpyArray } from '../../../media/npy.js';
import type { Workspace } from '../../../workspace/workspace.js';
import type { InputKindId, InputSpec } from '../inputSpec.js';

/** A clip as a source sees it: its media (path, kind, status, fingerprint) and trim. */
export interface SourceClip extends ClipSource {
  mediaKind: MediaKind;
  /** The media row's last probe error, if any. */
  mediaError: string | null;
}

/** What preparing one clip gave: its file of [views, ...shape] (and whether it was already there), or why not. */
export type ClipOutcome = { file: string; views: number; cached: boolean } | { error: string };

/** What a source may use while preparing. */
export interface SourceContext {
  ws: Workspace;
  signal: AbortSignal;
  /** Shared worker threads (decoders, flow, events); owned by the caller. */
  pool: WorkerPool;
  /** One more clip of this input is done (prepared, cached or failed). */
  clipDone(message: string): void;
}

/** One input kind, registered once. */
export interface InputSource<S extends InputSpec = InputSpec> {
  kind: S['kind'];
  /** One line for logs and the UI, e.g. "10 RGB frames, 112 px". */
  describe(spec: S): string;
  /** Shape of one view without batch and view axes, e.g. [112, 112, 3]. */
  shape(spec: S, ctx: Pick<SourceContext, 'ws'>): number[];
  /** Stored dtype: uint8 (scaled to 0-1 on load) or float32. */
  dtype: 'uint8' | 'float32';
  /** Channels come in (u, v) pairs (a horizontal flip negates u). */
  flow: boolean;
  /** Brightness/contrast augmentation applies. */
  rgb: boolean;
  /** Makes (or finds) every clip's file; one outcome per clip, in order; never throws for one bad clip. */
  prepare(ctx: SourceContext, spec: S, clips: readonly SourceClip[]): Promise<ClipOutcome[]>;
}

const sources = new Map<InputKindId, InputSource>();

/** Adds a source; each source module calls this once at import. */
export function registerInputSource<S extends InputSpec>(source: InputSource<S>): InputSource<S> {
  if (sources.has(source.kind)) throw new Error(`Input source ${source.kind} is registered twice`);
  sources.set(source.kind, source as unknown as InputSource);
  return source;
}

/** The source of an input kind, or an error listing the known ones. */
export function getInputSource(kind: string): InputSource {
  const s = sources.get(kind as InputKindId);
  if (!s) throw new Error(`No input source for "${kind}". Known: ${[...sources.keys()].join(', ') || 'none'}`);
  return s;
}

/** Kinds with a registered source. */
export function inputSourceKinds(): InputKindId[] {
  return [...sources.keys()];
}

/** Sorts object keys recursively so equal specs always hash the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Bumped when a source changes what it writes for the same spec, so old files are not reused. */
const FORMAT_VERSION = 1;

/** sha1 of the spec + the media's content fingerprint + trim: the name of a clip's input file. */
export function inputCacheKey(spec: InputSpec, clip: Pick<SourceClip, 'fingerprint' | 'meta'>, fingerprint = clip.fingerprint): string {
  const parts = { v: FORMAT_VERSION, spec, fingerprint, start: clip.meta.start, end: clip.meta.end };
  return createHash('sha1').update(JSON.stringify(canonical(parts))).digest('hex');
}

/** `cache/inputs/<key>.npy` of the workspace (folder created on demand). */
export function inputFilePath(ws: Workspace, key: string): string {
  return join(ws.cache('inputs'), `${key}.npy`);
}

/** Whether an input file is already made. */
export function inputFileExists(path: string): boolean {
  return existsSync(path);
}

/** Writes an input file atomically (temporary name + rename), so a crash never leaves half a file. */
export function writeInputFile(path: string, arr: NpyArray): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeNpy(tmp, arr);
  renameSync(tmp, path);
}

/** Why a clip's media cannot be read at all (null when it can), naming the clip, the file and what to do. */
export function unreadableMedia(clip: SourceClip): string | null {
  if (clip.status === 'ok' && clip.fingerprint) return null;
  if (clip.status === 'missing') return `clip ${clip.name}: ${clip.path} is missing; relink the media (Media > Relink) or remove the clip`;
  if (clip.status === 'error') return `clip ${clip.name}: ${clip.path} could not be read (${clip.mediaError ?? 'probe failed'}); replace the file and probe it again, or remove the clip`;
  return `clip ${clip.name}: ${clip.path} has not been probed yet; run "Probe media" (media.probe) first`;
}

/** Runs `fn` over items with at most `limit` at a time, in order of start; returns results in item order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return out;
}

/**
 * Prepares clips one by one (at most `limit` at once): a clip whose `make` throws gets an error
 * outcome naming it, unless the run was cancelled, which rethrows.
 */
export function eachClip(ctx: SourceContext, clips: readonly SourceClip[], limit: number,
  make: (clip: SourceClip) => Promise<ClipOutcome>): Promise<ClipOutcome[]> {
  return mapLimited(clips, limit, async (clip) => {
    let out: ClipOutcome;
    try {
      out = await make(clip);
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const msg = (err as Error).message;
      out = { error: msg.startsWith(`clip ${clip.name}`) ? msg
        : `clip ${clip.name} (${clip.path}): ${msg}; check or relink the file (then probe it again), or take the clip out of the split` };
    }
    ctx.clipDone(clip.name);
    return out;
  });
}
