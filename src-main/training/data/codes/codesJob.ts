/**
 * `training.codes` (S002): per-clip backbone codes from any trained run or imported TF.js model,
 * cached as `cache/codes/<key>/<clipId>.npy` [T, D] float32 with a `code_sets` row, so sequence
 * heads train on codes instead of pixels. Frames are prepared by the rgb-frame input source (frame
 * cache, ffmpeg pool); the network runs in a worker thread. Resumable: cached clips are skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { registerJobKind } from '../../../jobs/registry.js';
import { runInWorker } from '../../../jobs/workerHost.js';
import { WorkerPool } from '../../../jobs/workerPool.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { inputSpecSchema } from '../inputSpec.js';
import { sourceClips } from '../prepare.js';
import { getInputSource, type SourceContext } from '../sources/index.js';
import { codeSetDir, saveCodeSet, type CodeSource } from './codeSets.js';
import type { CodesResult, CodesTask } from './codesWorker.js';

/** Spec of a `training.codes` job. */
export const codesSpecSchema = z.object({
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('run'), runId: z.number().int().positive() }).strict(),
    /** A TF.js Layers model folder (or its model.json). */
    z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  ]),
  /** Layer to take codes from; default the family's feature layer, else the penultimate layer. */
  layer: z.string().min(1).optional(),
  /** The frames the backbone sees: rgb-frame with `frames` = T (S002: 10 over the first 2 s). */
  input: inputSpecSchema.refine((s) => s.kind === 'rgb-frame', 'input: codes are taken from rgb-frame inputs'),
  /** Clips to extract; default every clip of a video or image. */
  clipIds: z.array(z.number().int().positive()).optional(),
  batchSize: z.number().int().min(1).max(1024).default(32),
}).strict();

/** A validated codes spec. */
export type CodesSpec = z.output<typeof codesSpecSchema>;

/** What a finished `training.codes` job reports. */
export interface CodesJobResult extends CodesResult {
  failed: { clipId: number; name: string; error: string }[];
}

/** The model folder and family of a source; errors say what to do. */
export function resolveSource(ws: Workspace, source: CodeSource): { dir: string; family: CodesTask['family'] } {
  if (source.kind === 'file') {
    const p = resolve(source.path);
    const dir = p.endsWith('.json') ? dirname(p) : p;
    if (!existsSync(join(dir, 'model.json'))) throw new Error(`${p} is not a TF.js Layers model folder (no model.json); choose the folder holding model.json`);
    return { dir, family: null };
  }
  const row = ws.db.prepare('SELECT dir, config FROM runs WHERE id = ?').get(source.runId) as { dir: string; config: string } | undefined;
  if (!row) throw new Error(`Run ${source.runId} does not exist in this workspace; choose a finished run`);
  const dir = join(ws.path, row.dir || join('runs', String(source.runId)), 'best');
  if (!existsSync(join(dir, 'model.json'))) throw new Error(`Run ${source.runId} has no best model yet (${dir}); wait for it to finish an epoch`);
  const cfg = JSON.parse(row.config) as { model?: { family?: string; config?: unknown } };
  return { dir, family: cfg.model?.family ? { id: cfg.model.family, config: cfg.model.config ?? {} } : null };
}

/** sha1 of model.json and every file it names: the model's identity, wherever it lives. */
function modelIdentity(dir: string): string {
  const hash = createHash('sha1');
  const text = readFileSync(join(dir, 'model.json'));
  hash.update(text);
  const json = JSON.parse(text.toString('utf8')) as { weightsManifest?: { paths: string[] }[] };
  for (const group of json.weightsManifest ?? []) {
    for (const p of group.paths) {
      const f = join(dir, p);
      if (statSync(f, { throwIfNoEntry: false })?.isFile()) hash.update(readFileSync(f));
    }
  }
  return hash.digest('hex');
}

/** Registered as 'training.codes'. */
export const codesJob = registerJobKind<CodesSpec>({
  id: 'training.codes',
  schema: codesSpecSchema as z.ZodType<CodesSpec>,
  resumable: true,
  describe: (s) => `Extract codes from ${s.source.kind === 'run' ? `run ${s.source.runId}` : s.source.path}` +
    `${s.layer ? ` at ${s.layer}` : ''}${s.clipIds ? ` for ${s.clipIds.length} clip(s)` : ''}`,
  async run(ctx): Promise<CodesJobResult> {
    const { workspace: ws, signal, spec } = ctx;
    const input = spec.input as CodesTask['input'];
    const { dir, family } = resolveSource(ws, spec.source);
    const identity = modelIdentity(dir);
    const ids = spec.clipIds ?? (ws.db.prepare("SELECT k.id FROM clips k JOIN media m ON m.id = k.media_id WHERE m.kind != 'events' ORDER BY k.id")
      .all() as { id: number }[]).map((r) => r.id);
    const clips = sourceClips(ws, ids);
    const missing = ids.filter((id) => !clips.some((c) => c.clipId === id));
    const failed: CodesJobResult['failed'] = missing.map((clipId) => ({ clipId, name: `#${clipId}`, error: `clip ${clipId} does not exist` }));
    let done = 0;
    const pool = new WorkerPool();
    const frames: CodesTask['clips'] = [];
    try {
      const sctx: SourceContext = { ws, signal, pool, clipDone: (name) => ctx.progress({ phase: 'frames', done: ++done, total: clips.length, message: name }) };
      const outcomes = await getInputSource('rgb-frame').prepare(sctx, input, clips);
      outcomes.forEach((o, i) => {
        const c = clips[i]!;
        if ('error' in o) failed.push({ clipId: c.clipId, name: c.name, error: o.error });
        else frames.push({ clipId: c.clipId, file: o.file });
      });
    } finally {
      await pool.dispose();
    }
    if (!frames.length) throw new Error(`No clip gave frames for code extraction${failed[0] ? `; the first reason: ${failed[0].error}` : ''}`);
    const task: CodesTask = { modelDir: dir, identity, layer: spec.layer ?? null, family, input, cacheDir: ws.cacheDir, clips: frames, batchSize: spec.batchSize };
    const out = await runInWorker<CodesTask, CodesResult>('training/data/codes/codesWorker.ts', task, { signal, onProgress: (p) => ctx.progress(p) });
    const clipsCached = readdirSync(codeSetDir(ws.cacheDir, out.key)).filter((f) => /^\d+\.npy$/.test(f)).length;
    saveCodeSet(ws.db, { key: out.key, source: { ...spec.source, identity }, layer: out.layer, input, shape: out.shape,
      clips: clipsCached, jobId: ctx.jobId });
    ctx.progress({ phase: 'codes', done: frames.length, total: frames.length, message: `${out.written} written, ${out.existing} already cached, ${failed.length} failed` });
    return { ...out, failed };
  },
});
