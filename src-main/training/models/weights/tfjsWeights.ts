/**
 * Reads the weights of a TF.js Layers model (model.json + binary shards, as saveModelDir and
 * tensorflowjs_converter write them) into source layers. Decoding uses tfjs's own
 * tf.io.decodeWeights, so float32, int32 and quantised weights (uint8 / uint16 with scale and
 * min, float16) all arrive as float32 values.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readModelArtifacts } from '../modelFiles.js';
import { groupByLayer, type SourceLayer } from './sourceLayers.js';

/** Source layers of the TF.js model at `path` (its folder or its model.json). */
export function readTfjsWeights(path: string): SourceLayer[] {
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  const artifacts = readModelArtifacts(dir);
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData as ArrayBuffer | undefined;
  const expected = specs.reduce((sum, s) => sum + bytesOf(s), 0);
  const got = data?.byteLength ?? 0;
  if (got < expected) {
    throw new Error(`The weight shards of ${dir} hold ${got} bytes but its model.json describes ${expected}: a shard is truncated; copy the model folder again`);
  }
  const tensors = tf.io.decodeWeights(data ?? new ArrayBuffer(0), specs);
  try {
    return groupByLayer(specs.map((s) => ({ fullName: s.name, shape: s.shape, values: Float32Array.from(tensors[s.name]!.dataSync()) })));
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Bytes one weight spec occupies in the shards (quantised specs use their stored dtype). */
function bytesOf(spec: tf.io.WeightsManifestEntry): number {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const q = spec.quantization?.dtype;
  if (q) return n * (q === 'uint8' ? 1 : 2);
  if (spec.dtype === 'string') return 0; // variable length; tfjs checks these itself
  return n * (spec.dtype === 'complex64' ? 8 : 4);
}
