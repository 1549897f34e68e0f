/**
 * Export and import of trained models as a self-describing folder: `model.json` + weight shards
 * (TF.js Layers format, loadable by `tf.loadLayersModel` elsewhere), `labels.json` (class ids and
 * names in output order) and `preprocessing.json` (the run's input specs, no augmentation, model
 * family and config, the backend it trained on). Importing copies such a folder into a new run's
 * `best/`, so it can be evaluated, used as a teacher or initial weights, or extract codes.
 * No tfjs here: folders are checked by reading the JSON and comparing shard sizes to the specs.
 * `exportRun`/`importRun` tie the folder format to runs of a workspace.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Workspace } from '../../workspace/workspace.js';
import { parseRunConfig } from './config.js';
import { emitRunEvent } from './runEvents.js';
import { runsOf } from './runLifecycle.js';

/** Files of an exported model folder besides the weight shards. */
export const EXPORT_FILES = { model: 'model.json', labels: 'labels.json', preprocessing: 'preprocessing.json' } as const;
/** Folder of a run's best model (the trainer's `bestDir`). */
export const BEST = 'best';
/** Format tag written into preprocessing.json. */
export const EXPORT_FORMAT = 'motion-workbench-model';

/** One label: its class id in the workspace it trained in (null when unknown) and its name. */
export interface ExportLabel {
  classId: number | null;
  name: string;
}

/** preprocessing.json: how to make the model's inputs and what it is. */
export interface Preprocessing {
  format: typeof EXPORT_FORMAT;
  version: 1;
  name: string;
  family: string;
  /** The run's input specs, in the model's input order (InputSpec of training/data/inputSpec.ts). */
  inputs: unknown[];
  augment: 'none';
  /** The whole validated run config, so the run can be repeated. */
  config: Record<string, unknown>;
  backend: Record<string, unknown> | null;
  exportedAt: string;
}

/** A model folder checked without loading it: parameter count, bytes on disk, shard files. */
export interface ModelFolderInfo {
  params: number;
  bytes: number;
  shards: string[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2, string: 0, complex64: 8 };

/** A user-facing error naming the folder's bad file. */
const bad = (file: string, what: string): Error => Object.assign(new Error(`${file} ${what}`), { code: 'bad_input' });

/** Checks a TF.js Layers model folder: model.json parses, every shard exists with the bytes its specs need. */
export function checkModelFolder(dir: string): ModelFolderInfo {
  const file = join(dir, EXPORT_FILES.model);
  if (!existsSync(file)) throw bad(file, 'is missing: a model folder holds model.json and its weight files (export one with "Export model")');
  let json: { modelTopology?: unknown; weightsManifest?: { paths?: unknown; weights?: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[] };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (err) {
    throw bad(file, `is not valid JSON (${(err as Error).message}); the file is damaged, export the model again`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw bad(file, 'is not a TF.js Layers model (it has no modelTopology or weightsManifest)');
  let params = 0;
  let bytes = statSync(file).size;
  const shards: string[] = [];
  for (const group of json.weightsManifest) {
    const specs = Array.isArray(group.weights) ? group.weights : [];
    const paths = Array.isArray(group.paths) ? (group.paths as string[]) : [];
    let need = 0;
    let exact = true;
    for (const s of specs) {
      const n = (s.shape ?? []).reduce((a, b) => a * b, 1);
      params += n;
      if (s.quantization || !(s.dtype in BYTES)) exact = false;
      need += n * (BYTES[s.dtype] ?? 0);
    }
    let have = 0;
    for (const p of paths) {
      const shard = join(dir, p);
      if (!existsSync(shard)) throw bad(shard, `is missing; ${file} names it as a weight file`);
      have += statSync(shard).size;
      shards.push(p);
    }
    if (exact && have !== need) throw bad(join(dir, paths[0] ?? 'weights.bin'), `holds ${have} bytes but model.json describes ${need}: the weights are truncated or belong to another model`);
    bytes += have;
  }
  return { params, bytes, shards };
}

/** Reads a JSON file of an export folder, naming it when missing or damaged. */
function readJson(file: string): unknown {
  if (!existsSync(file)) throw bad(file, 'is missing: an exported model folder holds model.json, weights, labels.json and preprocessing.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw bad(file, `is not valid JSON (${(err as Error).message})`);
  }
}

/** What `exportModel` needs to know about the run. */
export interface ExportSource {
  runDir: string;
  name: string;
  family: string;
  config: Record<string, unknown>;
  labels: ExportLabel[];
  backend: Record<string, unknown> | null;
}

/** Writes the run's best model, labels and preprocessing config into `dest` (created; must not hold a model). */
export function exportModel(src: ExportSource, dest: string): { dir: string; files: string[] } {
  const from = join(src.runDir, BEST);
  if (!existsSync(join(from, EXPORT_FILES.model))) {
    throw bad(join(from, EXPORT_FILES.model), 'is missing: the run has no best model yet; let it finish an epoch before exporting');
  }
  const info = checkModelFolder(from);
  const dir = resolve(dest);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw bad(dir, 'is a file: choose a folder to export into');
  if (existsSync(join(dir, EXPORT_FILES.model))) throw bad(dir, 'already holds a model.json: choose an empty folder so no model is overwritten');
  mkdirSync(dir, { recursive: true });
  const files = [EXPORT_FILES.model, ...info.shards];
  for (const f of files) copyFileSync(join(from, f), join(dir, f));
  const pre: Preprocessing = {
    format: EXPORT_FORMAT, version: 1, name: src.name, family: src.family,
    inputs: (src.config.inputs as unknown[] | undefined) ?? [], augment: 'none', config: src.config, backend: src.backend,
    exportedAt: new Date().toISOString(),
  };
  writeJson(join(dir, EXPORT_FILES.labels), src.labels);
  writeJson(join(dir, EXPORT_FILES.preprocessing), pre);
  return { dir, files: [...files, EXPORT_FILES.labels, EXPORT_FILES.preprocessing] };
}

/** Writes JSON atomically (temporary name + rename). */
function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

/** An exported folder, checked: what import needs to create the run. */
export interface ExportedModel {
  dir: string;
  labels: ExportLabel[];
  preprocessing: Preprocessing;
  model: ModelFolderInfo;
}

/** Reads and checks an exported model folder; errors name the missing or damaged file. */
export function readExportedModel(dir: string): ExportedModel {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw bad(abs, 'is not a folder: choose the folder an export wrote');
  const model = checkModelFolder(abs);
  const labelsFile = join(abs, EXPORT_FILES.labels);
  const rawLabels = readJson(labelsFile);
  if (!Array.isArray(rawLabels) || rawLabels.length < 2) throw bad(labelsFile, 'must be a list of at least two labels ({"classId", "name"} or names)');
  const labels = rawLabels.map((l, i): ExportLabel => {
    if (typeof l === 'string' && l) return { classId: null, name: l };
    const o = l as { classId?: unknown; name?: unknown };
    if (o && typeof o.name === 'string' && o.name) return { classId: typeof o.classId === 'number' ? o.classId : null, name: o.name };
    throw bad(labelsFile, `entry ${i} has no class name`);
  });
  const preFile = join(abs, EXPORT_FILES.preprocessing);
  const pre = readJson(preFile) as Partial<Preprocessing> | null;
  if (!pre || typeof pre !== 'object' || typeof pre.family !== 'string' || !pre.config || typeof pre.config !== 'object') {
    throw bad(preFile, 'lacks the model family or run config; it was not written by Motion Workbench\'s export');
  }
  if (!Array.isArray(pre.inputs) || !pre.inputs.length) throw bad(preFile, 'lists no model inputs');
  return { dir: abs, labels, preprocessing: pre as Preprocessing, model };
}

/** Copies a checked export into a run folder: `best/` (model + shards), `labels.json`, `preprocessing.json`. */
export function installExportedModel(src: ExportedModel, runDir: string): void {
  const best = join(runDir, BEST);
  const tmp = `${best}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const f of [EXPORT_FILES.model, ...src.model.shards]) {
    mkdirSync(join(tmp, f, '..'), { recursive: true });
    copyFileSync(join(src.dir, f), join(tmp, f));
  }
  rmSync(best, { recursive: true, force: true });
  renameSync(tmp, best);
  writeJson(join(runDir, EXPORT_FILES.labels), src.labels);
  writeJson(join(runDir, EXPORT_FILES.preprocessing), src.preprocessing);
}

/** Files a run folder holds (for tests and the export report). */
export function listFolder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/**
 * A run's labels in output order: `labels.json` (imported runs) or the training manifest's
 * labels; an error when the run never got as far as preparing its data.
 */
export function runLabels(runDir: string): ExportLabel[] {
  const labelsFile = join(runDir, EXPORT_FILES.labels);
  if (existsSync(labelsFile)) return (readJson(labelsFile) as ExportLabel[]).map((l) => ({ classId: l.classId ?? null, name: l.name }));
  const manifest = join(runDir, 'manifest.json');
  if (existsSync(manifest)) return (readJson(manifest) as { labels: ExportLabel[] }).labels.map((l) => ({ classId: l.classId, name: l.name }));
  throw bad(runDir, 'has no labels.json or manifest.json: the run never prepared its data, so its classes are unknown');
}

/** Exports run `runId`'s best model into `dest` (`runs:export`, `mwb runs export`). */
export function exportRun(ws: Workspace, runId: number, dest: string): { dir: string; files: string[] } {
  const runs = runsOf(ws);
  const row = runs.mustGet(runId);
  if (row.family === 'late-fusion') throw bad(`Run ${runId} "${row.name}"`, 'is a late fusion and has no model of its own: export its two runs instead');
  return exportModel({
    runDir: runs.dirOf(runId), name: row.name, family: row.family, config: JSON.parse(row.config) as Record<string, unknown>,
    labels: runLabels(runs.dirOf(runId)), backend: row.backend ? (JSON.parse(row.backend) as Record<string, unknown>) : null,
  }, dest);
}

/**
 * Imports an exported model folder as a new run in state 'imported' (`runs:import`, `mwb runs
 * import`): checked first, then copied under `runs/<id>/best`; a copy that fails removes the run.
 */
export function importRun(ws: Workspace, dir: string, name?: string): { runId: number } {
  const read = readExportedModel(dir);
  const config = parseRunConfig(read.preprocessing.config, `run config in ${join(read.dir, EXPORT_FILES.preprocessing)}`);
  const runs = runsOf(ws);
  const runId = runs.createDerived({ ...config, name: name ?? `${config.name} (imported)` }, 'imported', null);
  try {
    installExportedModel(read, runs.dirOf(runId));
  } catch (err) {
    runs.delete(runId);
    throw err;
  }
  runs.setLabels(runId, read.labels.map((l) => l.name));
  runs.setResult(runId, { params: read.model.params, sizeBytes: read.model.bytes });
  if (read.preprocessing.backend) runs.setBackend(runId, read.preprocessing.backend);
  emitRunEvent(ws, 'runs:changed', { runId });
  return { runId };
}
