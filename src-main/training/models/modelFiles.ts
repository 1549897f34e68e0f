/**
 * Saves and loads a tf.layers model as a folder (`model.json` + `weights.bin`, the TF.js Layers
 * format, readable by `tf.loadLayersModel` and tensorflowjs_converter). Pure `@tensorflow/tfjs`
 * has no file-system IO handler under Node (that lives in tfjs-node, which may be absent), so
 * this small one writes and reads the two files itself; writes go to temporary names and are
 * renamed into place, so a crash never leaves a half-written model.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../atomicWrite.js';

/** File names inside a model folder. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** Concatenates weight buffers (tfjs may hand them over as one buffer or several). */
function weightBytes(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/** Saves `model` (topology + weights, no optimizer) into `dir`; returns the bytes written. */
export async function saveModelDir(model: tf.LayersModel, dir: string, extra: Record<string, unknown> = {}): Promise<number> {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = weightBytes(artifacts.weightData as ArrayBuffer | ArrayBuffer[] | undefined);
    writeFileAtomic(join(dir, WEIGHTS_BIN), weights);
    const json = {
      format: 'layers-model',
      generatedBy: `Motion Workbench (TensorFlow.js ${tf.version.tfjs})`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      ...extra,
    };
    const text = JSON.stringify(json);
    writeFileAtomic(join(dir, MODEL_JSON), text); // written last: its presence means the folder is whole
    bytes = weights.byteLength + Buffer.byteLength(text);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
  }));
  return bytes;
}

/** Reads a model folder's artifacts (topology, weight specs and data from every shard). */
export function readModelArtifacts(dir: string): tf.io.ModelArtifacts {
  const file = join(dir, MODEL_JSON);
  let json: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (err) {
    throw new Error(`${file} is not a readable TF.js model (${(err as Error).message})`, { cause: err });
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${file} is not a TF.js Layers model.json (no modelTopology or weightsManifest)`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      try {
        shards.push(readFileSync(join(dir, p)));
      } catch {
        throw new Error(`Weight shard ${join(dir, p)} named by ${file} is missing`);
      }
    }
  }
  const data = weightBytes(shards.map((s) => s.buffer.slice(s.byteOffset, s.byteOffset + s.byteLength) as ArrayBuffer));
  return { modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'], weightSpecs: specs,
    weightData: data.buffer as ArrayBuffer };
}

/** Loads a model folder written by `saveModelDir` (or by tensorflowjs_converter as a Layers model). */
export async function loadModelDir(dir: string): Promise<tf.LayersModel> {
  const artifacts = readModelArtifacts(dir);
  return tf.loadLayersModel({ load: async () => artifacts });
}

/** Bytes a model folder takes on disk. */
export function modelDirBytes(dir: string): number {
  return statSync(join(dir, MODEL_JSON)).size + statSync(join(dir, WEIGHTS_BIN)).size;
}
