/**
 * Imports pretrained weights into a built model by layer name: from a TF.js Layers model
 * (its folder or model.json + shards) or a Keras .h5 (weights file, full model or Keras 3
 * .weights.h5). Source names may be renamed and re-prefixed (`sourcePrefix` -> `targetPrefix`,
 * e.g. an ImageNet backbone into a two-stream model's 'rgb_' layers). A layer is applied whole
 * or not at all: any count or shape difference leaves it untouched and is reported. The whole
 * file is read and checked before the first layer changes, so a damaged file changes nothing.
 * Nothing is downloaded; the user points at a file they have.
 */
import { existsSync, statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { isHdf5File, readKerasH5 } from './kerasH5.js';
import { shortWeightName, type SourceLayer, type SourceWeight } from './sourceLayers.js';
import { readTfjsWeights } from './tfjsWeights.js';

/** How source layer names map onto the model's. */
export interface ImportOptions {
  /** Only source layers whose (renamed) name starts with this are used; it is replaced by targetPrefix. */
  sourcePrefix?: string;
  targetPrefix?: string;
  /** Applied to each source layer name first (e.g. kerasTfNumbering for tf.keras InceptionV3 files). */
  rename?: (sourceName: string) => string;
}

/** What an import did, by target layer name. */
export interface ImportReport {
  source: string;
  format: 'tfjs' | 'keras-h5';
  /** Target layers whose every weight was set. */
  matched: string[];
  /** Target layers with weights that got nothing, shape mismatches included (they keep their values). */
  missing: string[];
  /** Source layers with weights that name no layer of the model (after mapping). */
  unexpected: string[];
  /** Layers left untouched because the weight count or a shape differs; shapes per weight. */
  shapeMismatch: { layer: string; expected: number[][]; got: number[][] }[];
  /** Source layers with weights outside `sourcePrefix` (not considered). */
  skipped: number;
}

/** Reads the weights at `path` (TF.js folder/model.json or Keras .h5) and applies them to `model`. */
export async function importWeights(model: tf.LayersModel, path: string, opts: ImportOptions = {}): Promise<ImportReport> {
  if (!existsSync(path)) throw new Error(`Weights file ${path} does not exist`);
  let format: ImportReport['format'];
  let layers: SourceLayer[];
  if (statSync(path).isDirectory() || path.endsWith('.json')) {
    format = 'tfjs';
    layers = readTfjsWeights(path);
  } else if (isHdf5File(path)) {
    format = 'keras-h5';
    layers = await readKerasH5(path);
  } else {
    throw new Error(`${path} is neither a TF.js model (a folder or model.json) nor an HDF5 file (Keras .h5): point at one of those`);
  }
  return { source: path, format, ...applySourceLayers(model, layers, opts) };
}

/** Every layer holding weights, looking inside nested models (a two-stream model's streams). */
export function weightedLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const out: tf.layers.Layer[] = [];
  const visit = (layers: tf.layers.Layer[]): void => {
    for (const l of layers) {
      const inner = (l as unknown as { layers?: tf.layers.Layer[] }).layers;
      if (Array.isArray(inner)) visit(inner);
      else if (l.weights.length) out.push(l);
    }
  };
  visit(model.layers);
  return out;
}

/** Matches source layers to the model's by name and applies the whole-layer matches. */
export function applySourceLayers(model: tf.LayersModel, source: SourceLayer[], opts: ImportOptions = {}): Omit<ImportReport, 'source' | 'format'> {
  const { sourcePrefix = '', targetPrefix = '', rename = (s: string) => s } = opts;
  const targets = new Map(weightedLayers(model).map((l) => [l.name, l]));
  const report: Omit<ImportReport, 'source' | 'format'> = { matched: [], missing: [], unexpected: [], shapeMismatch: [], skipped: 0 };
  const used = new Set<string>();
  for (const src of source) {
    if (!src.weights.length) continue;
    const name = rename(src.name);
    if (!name.startsWith(sourcePrefix)) { report.skipped++; continue; }
    const targetName = targetPrefix + name.slice(sourcePrefix.length);
    const layer = targets.get(targetName);
    if (!layer || used.has(targetName)) { report.unexpected.push(src.name); continue; }
    used.add(targetName);
    const ordered = orderLike(layer, src.weights);
    const expected = layer.weights.map((w) => w.shape as number[]);
    const fits = ordered && ordered.length === expected.length && ordered.every((w, i) => sameShape(w.shape, expected[i]!));
    if (!fits) {
      report.shapeMismatch.push({ layer: targetName, expected, got: src.weights.map((w) => w.shape) });
      continue;
    }
    const tensors = ordered.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    layer.setWeights(tensors);
    tf.dispose(tensors);
    report.matched.push(targetName);
  }
  const matched = new Set(report.matched);
  report.missing = [...targets.keys()].filter((n) => !matched.has(n));
  return report;
}

/**
 * Source weights in the target layer's order: by short name when the source names them all
 * and the names are the target's ('kernel', 'bias', ...), else in file order. Null when the
 * counts differ.
 */
function orderLike(layer: tf.layers.Layer, weights: SourceWeight[]): SourceWeight[] | null {
  if (weights.length !== layer.weights.length) return null;
  const byName = new Map(weights.map((w) => [w.name, w]));
  const wanted = layer.weights.map((w) => shortWeightName(w.originalName, layer.name));
  if (weights.every((w) => w.name) && byName.size === weights.length && wanted.every((n) => byName.has(n))) return wanted.map((n) => byName.get(n)!);
  return weights;
}

const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
