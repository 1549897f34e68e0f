/**
 * Per-epoch checkpoints of a run, written atomically so a crash or kill at any moment leaves
 * either the previous checkpoint or the new one, never half of one:
 * `<runDir>/checkpoints/epoch-N/` (model/, optimizer.json + optimizer.bin, state.json) is
 * written under a temporary name and renamed, then `checkpoints/checkpoint.json` (the pointer)
 * is rewritten last. Only the last epoch's folder is kept; the best weights live in `<runDir>/best/`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../atomicWrite.js';
import { readModelArtifacts, saveModelDir } from '../models/modelFiles.js';
import { bestDir, checkpointsDir } from './checkpointPaths.js';
import { captureOptimizerState, restoreOptimizerState, type OptimizerStateMeta } from './optimizerState.js';


/** Loop counters saved with each checkpoint (data order needs none: it is a function of seed and epoch). */
export interface LoopState {
  /** Epochs completed. */
  epochsDone: number;
  /** State of the seeded `Math.random` after the last completed epoch. */
  rng: number;
  best: { epoch: number; value: number } | null;
  /** Early stopping: best value of its metric so far and epochs since it improved. */
  early: { best: number | null; bad: number };
}

/** Writes the checkpoint of the epoch just finished and points `checkpoint.json` at it. */
export async function saveCheckpoint(runDir: string, model: tf.LayersModel, opt: tf.Optimizer, state: LoopState): Promise<string> {
  const root = checkpointsDir(runDir);
  mkdirSync(root, { recursive: true });
  const name = `epoch-${state.epochsDone}`;
  const tmp = join(root, `${name}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await saveModelDir(model, join(tmp, 'model'));
  const { meta, data } = captureOptimizerState(opt);
  writeFileAtomic(join(tmp, 'optimizer.bin'), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileAtomic(join(tmp, 'optimizer.json'), JSON.stringify(meta));
  writeFileAtomic(join(tmp, 'state.json'), JSON.stringify(state));
  const final = join(root, name);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  writeFileAtomic(join(root, 'checkpoint.json'), JSON.stringify({ last: name, epochsDone: state.epochsDone }));
  for (const entry of readdirSync(root)) {
    if (entry !== name && entry !== 'checkpoint.json') rmSync(join(root, entry), { recursive: true, force: true });
  }
  return final;
}

/**
 * Loads a checkpoint into a freshly built model (weights by position: same family and config,
 * same order) and optimiser; returns the loop state to continue from.
 */
export function loadCheckpoint(dir: string, model: tf.LayersModel, opt: tf.Optimizer): LoopState {
  const artifacts = readModelArtifacts(join(dir, 'model'));
  const named = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs ?? []);
  const specs = artifacts.weightSpecs ?? [];
  if (specs.length !== model.weights.length) {
    throw new Error(`Checkpoint ${dir} holds ${specs.length} weights but the model has ${model.weights.length}: the run's model config changed; start a new run`);
  }
  model.setWeights(specs.map((s) => named[s.name]!));
  tf.dispose(Object.values(named));
  const meta = JSON.parse(readFileSync(join(dir, 'optimizer.json'), 'utf8')) as OptimizerStateMeta;
  const bytes = readFileSync(join(dir, 'optimizer.bin'));
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  restoreOptimizerState(opt, meta, data);
  return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as LoopState;
}

/** Saves `model` as the run's best model (temporary folder, then swapped in). Returns its bytes. */
export async function saveBest(runDir: string, model: tf.LayersModel, extra: Record<string, unknown>): Promise<number> {
  const dir = bestDir(runDir), tmp = `${dir}.tmp-${process.pid}`, old = `${dir}.old-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const bytes = await saveModelDir(model, tmp, extra);
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return bytes;
}
