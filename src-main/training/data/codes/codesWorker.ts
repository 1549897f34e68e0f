/**
 * Worker-thread entry of `training.codes` (runs through jobs/workerHost.ts `runInWorker`, so the
 * job never blocks the main process): loads the backbone, cuts it at the chosen layer, runs each
 * clip's T frames through it and writes `[T, D]` float32 codes per clip. Clips whose code file
 * exists are skipped (resumable); each file is written atomically.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { WorkerIo } from '../../../jobs/workerHost.js';
import { writeNpy } from '../../../media/npy.js';
import { selectBackend } from '../../backends/ladder.js';
import '../../models/index.js';
import { getModelFamily, parseModelConfig } from '../../models/index.js';
import { loadModelDir } from '../../models/modelFiles.js';
import { ViewReader } from '../viewReader.js';
import type { InputSpec } from '../inputSpec.js';
import { codeFilePath, codeSetDir, codeSetKey } from './codeSets.js';

/** What to extract. */
export interface CodesTask {
  modelDir: string;
  /** Content identity of the model (part of the key). */
  identity: string;
  /** Layer name; null = the family's feature layer, else the layer feeding the output layer. */
  layer: string | null;
  /** The family and config of a run's model, to find its feature layer. */
  family: { id: string; config: unknown } | null;
  input: Extract<InputSpec, { kind: 'rgb-frame' }>;
  cacheDir: string;
  /** Per clip: its prepared frames [T, S, S, 3] uint8. */
  clips: { clipId: number; file: string }[];
  batchSize: number;
}

/** What was written. */
export interface CodesResult {
  key: string;
  layer: string;
  shape: [number, number];
  written: number;
  existing: number;
  backend: string;
}

/** The layer codes come from by default: the family's feature layer, else the one feeding the output layer. */
export function defaultLayer(model: tf.LayersModel, family: CodesTask['family']): string {
  if (family) {
    const f = getModelFamily(family.id);
    const name = f.featureLayer?.(parseModelConfig(family.id, family.config));
    if (name) return name;
  }
  const last = model.layers[model.layers.length - 1]!;
  const inbound = last.inboundNodes[0]?.inboundLayers[0];
  if (inbound && inbound.name !== model.inputLayers[0]?.name) return inbound.name;
  if (model.layers.length < 2) throw new Error(`${model.name} has one layer; name the layer to take codes from`);
  return model.layers[model.layers.length - 2]!.name;
}

/** The sub-model from the backbone's input to `layer`'s output (per frame: any shape, flattened to D). */
export function subModel(model: tf.LayersModel, layer: string): tf.LayersModel {
  let out: tf.SymbolicTensor;
  try {
    out = model.getLayer(layer).output as tf.SymbolicTensor;
  } catch {
    throw new Error(`The model has no layer "${layer}"; its layers are: ${model.layers.map((l) => l.name).join(', ')}`);
  }
  return tf.model({ inputs: model.inputs, outputs: out });
}

/** Runs the extraction; progress counts clips. */
export async function work(task: CodesTask, io: WorkerIo): Promise<CodesResult> {
  const choice = await selectBackend();
  const model = await loadModelDir(task.modelDir);
  const layer = task.layer ?? defaultLayer(model, task.family);
  const sub = subModel(model, layer);
  const key = codeSetKey(task.identity, layer, task.input);
  const s = task.input.size, t = task.input.frames;
  const want = [s, s, 3].join('x'), has = (sub.inputs[0]!.shape ?? []).slice(1).join('x');
  if (sub.inputs.length !== 1 || has !== want) {
    throw new Error(`The model in ${task.modelDir} takes input ${has || '?'} but the frames are ${want}; set the input size to match the model`);
  }
  const dims = (sub.outputs[0]!.shape ?? []).slice(1) as number[];
  const d = dims.reduce((a, b) => a * b, 1);
  mkdirSync(codeSetDir(task.cacheDir, key), { recursive: true });
  const reader = new ViewReader(4);
  let written = 0, existing = 0;
  try {
    for (const [i, clip] of task.clips.entries()) {
      const file = codeFilePath(task.cacheDir, key, clip.clipId);
      if (existsSync(file)) existing++;
      else {
        const frames = reader.read(clip.file, 0, t * s * s * 3, 'uint8');
        const codes = new Float32Array(t * d);
        for (let from = 0; from < t; from += task.batchSize) {
          const n = Math.min(task.batchSize, t - from);
          const y = tf.tidy(() => {
            const x = tf.tensor4d(frames.subarray(from * s * s * 3, (from + n) * s * s * 3), [n, s, s, 3]);
            return (sub.predict(x) as tf.Tensor).reshape([n, d]);
          });
          codes.set(await y.data() as Float32Array, from * d);
          y.dispose();
        }
        const tmp = `${file}.tmp-${process.pid}`;
        writeNpy(tmp, { dtype: 'f4', shape: [t, d], data: codes });
        renameSync(tmp, file);
        written++;
      }
      io.progress({ phase: 'codes', done: i + 1, total: task.clips.length, message: `clip ${clip.clipId}` });
    }
  } finally {
    reader.close();
    model.dispose();
  }
  return { key, layer, shape: [t, d], written, existing, backend: choice.rung };
}
