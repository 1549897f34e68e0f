/**
 * Applies a run's init sources to a freshly built model, in order: the best model of another run
 * in this workspace, or a TF.js / Keras weights file, both through the weight importer (by layer
 * name, `sourcePrefix` replaced by `targetPrefix`, whole layers only). A source that matches no
 * layer is an error: training from scratch by accident wastes the user's time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { InitSource } from '../run/config.js';
import { importWeights, type ImportReport } from '../models/weights/index.js';

/** The model folder of a run dir (its `best/`) or the folder itself when it holds a model. */
export function modelFolderOf(dir: string): string {
  return existsSync(join(dir, 'model.json')) ? dir : join(dir, 'best');
}

/**
 * Copies weights from `source` layers into same-named (after the prefix swap) layers of `target`,
 * in memory (e.g. a single-stream model into a two-stream one). Layers whose weight count or
 * shapes differ are left alone and listed in `missing` by their target name.
 */
export function copyLayerWeights(source: tf.LayersModel, target: tf.LayersModel, sourcePrefix: string, targetPrefix: string): { matched: string[]; missing: string[] } {
  const matched: string[] = [], missing: string[] = [];
  for (const layer of source.layers) {
    const ws = layer.getWeights();
    if (!ws.length || !layer.name.startsWith(sourcePrefix)) continue;
    const name = targetPrefix + layer.name.slice(sourcePrefix.length);
    const t = target.layers.find((l) => l.name === name);
    if (t && t.weights.length === ws.length && t.weights.every((w, i) => w.shape.join() === ws[i]!.shape.join())) {
      t.setWeights(ws);
      matched.push(name);
    } else missing.push(name);
  }
  return { matched, missing };
}

/** Applies every init source; `initDirs` maps source run ids to their run folders. Returns one report per source. */
export async function applyInitSources(model: tf.LayersModel, sources: InitSource[], initDirs: Record<number, string>): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const s of sources) {
    let path: string, what: string;
    if (s.from.kind === 'run') {
      const dir = initDirs[s.from.runId];
      if (!dir) throw new Error(`Init source run ${s.from.runId} has no folder: has it finished training?`);
      path = modelFolderOf(dir);
      what = `run ${s.from.runId}`;
      if (!existsSync(join(path, 'model.json'))) throw new Error(`Init source run ${s.from.runId} has no best model (${path}): let it finish an epoch first`);
    } else {
      path = s.from.path;
      what = path;
    }
    const report = await importWeights(model, path, { sourcePrefix: s.sourcePrefix, targetPrefix: s.targetPrefix });
    if (!report.matched.length) {
      throw new Error(`Init source ${what} matched no layer of the model (prefix "${s.sourcePrefix}" -> "${s.targetPrefix}"; ${report.unexpected.length} source layers unmatched, ${report.shapeMismatch.length} with other shapes): check the prefixes and the model family`);
    }
    reports.push(report);
  }
  return reports;
}
