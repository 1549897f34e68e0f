/**
 * What the app and `mwb codes` show of code sets (S002): the list with each set's source run,
 * the layers of a run's model to choose from, the extraction request turned into a
 * `training.codes` job spec, and the 2-D PCA of each clip's mean code per class.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { CodeLayerInfo, CodeSetInfo, CodesExtractRequest, CodesPca } from '../../../ipc/contract.js';
import { runInWorker } from '../../../jobs/workerHost.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { codeFilePath, codeSetDir, getCodeSet } from './codeSets.js';
import { resolveSource, type CodesSpec } from './codesJob.js';
import type { LayersTask } from './layersWorker.js';
import type { PcaTask, PcaTaskResult } from './pcaWorker.js';

const UNLABELLED_COLOR = '#9aa5b8';

type CodeSetRow = { key: string; source: string; layer: string; input: string; shape: string; clips: number; job_id: number | null; created_at: string };

/** An error the UI shows as "not found", naming what is missing and what to do. */
function notFound(message: string): Error {
  return Object.assign(new Error(message), { code: 'not_found' });
}

/** Every code set of the workspace, newest first, with the name of its source run. */
export function listCodeSets(ws: Workspace): CodeSetInfo[] {
  const rows = ws.db.prepare('SELECT key, source, layer, input, shape, clips, job_id, created_at FROM code_sets ORDER BY created_at DESC, rowid DESC').all() as CodeSetRow[];
  const runName = ws.db.prepare('SELECT name FROM runs WHERE id = ?');
  return rows.map((r) => {
    const src = JSON.parse(r.source) as { kind: 'run' | 'file'; runId?: number; path?: string };
    const source: CodeSetInfo['source'] = src.kind === 'run'
      ? { kind: 'run', runId: src.runId, runName: (runName.get(src.runId) as { name: string } | undefined)?.name ?? null }
      : { kind: 'file', path: src.path };
    return { key: r.key, source, layer: r.layer, input: JSON.parse(r.input) as CodeSetInfo['input'], shape: JSON.parse(r.shape) as number[],
      clips: r.clips, createdAt: r.created_at, jobId: r.job_id };
  });
}

/** The `training.codes` spec of an extraction request (the backbone must exist now, so mistakes show at once). */
export function extractionSpec(ws: Workspace, req: CodesExtractRequest): Omit<CodesSpec, 'batchSize'> {
  resolveSource(ws, req.source);
  if (req.input.strategy === 'uniformFirstSeconds' && req.input.seconds === undefined) {
    throw Object.assign(new Error('Sampling "first seconds" needs the number of seconds (S002: 2)'), { code: 'bad_input' });
  }
  return {
    source: req.source,
    ...(req.layer ? { layer: req.layer } : {}),
    input: { kind: 'rgb-frame', frames: req.input.frames, size: req.input.size, strategy: req.input.strategy, ...(req.input.seconds !== undefined ? { seconds: req.input.seconds } : {}) },
    ...(req.clipIds ? { clipIds: req.clipIds } : {}),
  };
}

/** The layers of a run's best model with output shapes, the feature layer first (loaded in a worker thread). */
export async function codeLayers(ws: Workspace, runId: number): Promise<CodeLayerInfo[]> {
  if (!ws.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw notFound(`No run ${runId} in this workspace; it may have been deleted`);
  const { dir, family } = resolveSource(ws, { kind: 'run', runId });
  return runInWorker<LayersTask, CodeLayerInfo[]>('training/data/codes/layersWorker.ts', { modelDir: dir, family });
}

type ClipRow = { id: number; name: string; class_id: number | null; class_name: string | null; color: string | null };

/** Clips of a code set that have a codes file (optionally only one subset of a split set), with their classes. */
function clipsWithCodes(ws: Workspace, key: string, filter: { splitSetId?: number; subset?: string }): ClipRow[] {
  const dir = codeSetDir(ws.cacheDir, key);
  const ids = new Set(existsSync(dir) ? readdirSync(dir).filter((f) => /^\d+\.npy$/.test(f)).map((f) => Number(f.slice(0, -4))) : []);
  const base = `SELECT k.id, k.name, k.class_id, c.name AS class_name, c.color FROM clips k LEFT JOIN classes c ON c.id = k.class_id`;
  const rows = filter.splitSetId === undefined
    ? ws.db.prepare(`${base} ORDER BY k.id`).all() as ClipRow[]
    : ws.db.prepare(`${base} JOIN split_assignments a ON a.clip_id = k.id WHERE a.split_set_id = ? AND a.subset = ? ORDER BY k.id`)
      .all(filter.splitSetId, filter.subset) as ClipRow[];
  return rows.filter((r) => ids.has(r.id));
}

/** S002's plot: each clip's mean code projected on the first two principal axes, grouped by class (computed in a worker thread). */
export async function codeSetPca(ws: Workspace, key: string, filter: { splitSetId?: number; subset?: string } = {}): Promise<CodesPca> {
  const set = getCodeSet(ws.db, key);
  if (!set) throw notFound(`No code set ${key} in this workspace; list them with \`mwb codes list\` or extract one`);
  if (filter.splitSetId !== undefined && !ws.db.prepare('SELECT 1 FROM split_sets WHERE id = ?').get(filter.splitSetId)) {
    throw notFound(`Split set ${filter.splitSetId} does not exist; choose another or plot every clip`);
  }
  const clips = clipsWithCodes(ws, key, filter);
  const where = filter.subset ? ` in the ${filter.subset} subset` : '';
  if (clips.length < 2) throw Object.assign(new Error(`Code set ${key.slice(0, 8)} has codes for ${clips.length} clip(s)${where}; PCA needs at least 2: extract codes for more clips`), { code: 'bad_input' });
  const result = await runInWorker<PcaTask, PcaTaskResult>('training/data/codes/pcaWorker.ts', { files: clips.map((c) => codeFilePath(ws.cacheDir, key, c.id)) });
  const groups = new Map<number | null, CodesPca['classes'][number]>();
  clips.forEach((c, i) => {
    let g = groups.get(c.class_id);
    if (!g) groups.set(c.class_id, g = { classId: c.class_id, name: c.class_name ?? 'unlabelled', color: c.color ?? UNLABELLED_COLOR, points: [] });
    const [x = 0, y = 0] = result.projections[i]!;
    g.points.push({ clipId: c.id, name: c.name, x, y });
  });
  const classes = [...groups.values()].sort((a, b) => (a.classId === null ? 1 : b.classId === null ? -1 : a.name.localeCompare(b.name)));
  return { key, points: clips.length, dims: result.dims, explained: result.explained, classes };
}
