/**
 * Data preparation for a run (parent process): picks the clips of the split set, makes every
 * model input (then every teacher input, for distillation) per clip through the registered input
 * sources, and returns the `DataManifest` the trainer child reads. A clip whose input cannot be
 * made is left out and listed in `skipped` with the reason; the others go on.
 */
import { WorkerPool } from '../../jobs/workerPool.js';
import { clipSources } from '../../media/clipSources.js';
import type { JobProgress, MediaKind } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { RunConfig } from '../run/config.js';
import type { InputSpec } from './inputSpec.js';
import { getInputSource, type SourceClip, type SourceContext } from './sources/index.js';
import { chooseClips } from './splitClips.js';
import type { DataManifest, ManifestInput, SampleRef } from './types.js';

/** Options of {@link prepareData}. */
export interface PrepareOptions {
  signal: AbortSignal;
  progress?: (p: JobProgress) => void;
  /** Inputs of a distillation teacher, prepared after the model's (manifest inputs after `modelInputs`). */
  teacherInputs?: InputSpec[];
  /** Worker threads for decoding, flow and events; default one per core. */
  threads?: number;
  /** Prepare only this subset (evaluation); the others stay empty in the manifest. */
  only?: 'train' | 'val' | 'test';
}

/** Clips with their media as the input sources see them (one query for every chosen clip). */
export function sourceClips(ws: Workspace, clipIds: readonly number[]): SourceClip[] {
  const kinds = new Map((ws.db.prepare('SELECT k.id, m.kind, m.error FROM clips k JOIN media m ON m.id = k.media_id').all() as
    { id: number; kind: MediaKind; error: string | null }[]).map((r) => [r.id, r]));
  return clipSources(ws.db, clipIds).map((c) => ({ ...c, mediaKind: kinds.get(c.clipId)?.kind ?? 'video', mediaError: kinds.get(c.clipId)?.error ?? null }));
}

/** The manifest entry of an input spec: shape, dtype and augmentation flags from its source. */
export function manifestInput(ws: Workspace, spec: InputSpec): ManifestInput {
  const src = getInputSource(spec.kind);
  return { spec, shape: src.shape(spec, { ws }), dtype: src.dtype, flow: src.flow, rgb: src.rgb };
}

/**
 * Prepares a run's data: split set -> clips and labels -> every input file per clip. Throws for a
 * missing split set, an empty train subset or fewer than two classes (saying what to do); a clip
 * whose input fails is recorded in `skipped` and left out of its subset.
 */
export async function prepareData(ws: Workspace, config: RunConfig, opts: PrepareOptions): Promise<DataManifest> {
  const { signal } = opts;
  signal.throwIfAborted();
  const chosen = chooseClips(ws, config.data);
  if (opts.only) chosen.clips = chosen.clips.filter((c) => c.subset === opts.only);
  const specs = [...config.inputs, ...(opts.teacherInputs ?? [])];
  const inputs = specs.map((s) => manifestInput(ws, s));
  const clips = sourceClips(ws, chosen.clips.map((c) => c.clipId));
  const total = clips.length * specs.length;
  let done = 0, made = 0, cached = 0;
  const report = (message: string): void => opts.progress?.({ phase: 'inputs', done, total, message });
  const files = new Map<number, string[]>(clips.map((c) => [c.clipId, []]));
  const views = new Map<number, number>();
  const failed = new Map<number, string>();
  const pool = new WorkerPool({ size: opts.threads });
  try {
    for (const [i, spec] of specs.entries()) {
      const source = getInputSource(spec.kind);
      const todo = clips.filter((c) => !failed.has(c.clipId));
      const what = `${i < config.inputs.length ? 'input' : 'teacher input'} ${i + 1}: ${source.describe(spec)}`;
      report(what);
      const ctx: SourceContext = { ws, signal, pool, clipDone: (name) => { done++; report(`${what}: ${name}`); } };
      const outcomes = await source.prepare(ctx, spec, todo);
      signal.throwIfAborted();
      done += clips.length - todo.length; // clips already skipped count as done for this input
      todo.forEach((clip, k) => {
        const out = outcomes[k]!;
        if ('error' in out) {
          failed.set(clip.clipId, out.error);
          return;
        }
        if (out.cached) cached++;
        else made++;
        files.get(clip.clipId)!.push(out.file);
        views.set(clip.clipId, Math.min(views.get(clip.clipId) ?? Infinity, out.views));
      });
    }
  } finally {
    await pool.dispose();
  }
  const byId = new Map(clips.map((c) => [c.clipId, c]));
  const subsets: DataManifest['subsets'] = { train: [], val: [], test: [] };
  for (const c of chosen.clips) {
    if (failed.has(c.clipId) || !byId.has(c.clipId)) continue;
    const ref: SampleRef = { clipId: c.clipId, label: c.label, video: c.video, link: c.link, files: files.get(c.clipId)!, views: views.get(c.clipId)! };
    subsets[c.subset].push(ref);
  }
  const skipped = chosen.clips.filter((c) => failed.has(c.clipId) || !byId.has(c.clipId))
    .map((c) => ({ clipId: c.clipId, name: c.name, error: failed.get(c.clipId) ?? `clip ${c.name} has no media row; remove the clip` }));
  report(`${made} made, ${cached} already cached, ${skipped.length} skipped`);
  if (!opts.only && !subsets.train.length) {
    throw Object.assign(new Error(`None of the train clips could be prepared (${skipped.length} skipped); the first reason: ` +
      `${skipped[0]?.error ?? 'unknown'}. Fix or remove those clips, or choose other inputs`), { code: 'bad_input' });
  }
  return { labels: chosen.labels, inputs, modelInputs: config.inputs.length, subsets, skipped };
}
