import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getModelFamily, listModelFamilies } from '../../../src-main/training/models/index.js';
import { batchLoss, createTrainable, disposeTrainable, syntheticInputs, type ModelTensors, type Trainable } from '../../../src-main/training/trainStep.js';
import { relDiff, useWasm } from './parityHelpers.js';
import { mulberry32 } from '../../../src-main/media/sampling/rng.js';


/** Largest absolute value. */
const maxAbs = (v: Float32Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Kernel names the engine dispatches while `f` runs. */
function recordKernels(f: () => void): Set<string> {
  const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
  const original = engine.runKernel;
  const seen = new Set<string>();
  engine.runKernel = function (this: unknown, ...args: unknown[]) {
    seen.add(args[0] as string);
    return original.apply(this, args);
  };
  try {
    f();
  } finally {
    engine.runKernel = original;
  }
  return seen;
}

/** Gradients of the batch loss with respect to every trainable weight, in the model's weight order. */
function gradients(t: Trainable, x: ModelTensors, labels: tf.Tensor1D): Float32Array[] {
  // Dropout draws its masks with seeds from Math.random: seed it so both backends drop the same units.
  const random = Math.random;
  Math.random = mulberry32(99);
  try {
    return tf.tidy(() => {
      const { grads } = tf.variableGrads(() => batchLoss(t, t.model.apply(x, { training: true }) as ModelTensors, labels));
      return t.model.trainableWeights.map((w) => Float32Array.from(grads[(w.read() as tf.Variable).name]!.dataSync()));
    });
  } finally {
    Math.random = random;
  }
}

/** One family's model, weights and batch, built on `backend` from the same numbers. */
async function setUp(family: string, backend: string, weights?: tf.Tensor[]): Promise<{ t: Trainable; x: ModelTensors; labels: tf.Tensor1D }> {
  await tf.setBackend(backend);
  // tfjs seeds its initialisers from Math.random: seed it so the same weights (and so the same
  // rounding differences between backends) come up on every run, instead of a flaky tail.
  const random = Math.random;
  Math.random = mulberry32(1234);
  let t: Trainable;
  try {
    t = createTrainable(family, getModelFamily(family).tinyConfig);
  } finally {
    Math.random = random;
  }
  if (weights) t.model.setWeights(weights.map((w) => tf.tensor(w.dataSync(), w.shape)));
  const { x, labels } = syntheticInputs(t, 2, 7);
  return { t, x, labels };
}

beforeAll(useWasm);

describe('every registered model family trains on wasm', () => {
  it('has a tiny config for every family', () => {
    for (const f of listModelFamilies()) expect(Object.keys(f.tinyConfig).length, f.id).toBeGreaterThan(0);
  });

  for (const id of listModelFamilies().map((f) => f.id)) {
    it(`${id}: every kernel of a training step is registered for wasm`, async () => {
      const { t, x, labels } = await setUp(id, 'cpu');
      const kernels = recordKernels(() => {
        const loss = t.optimizer.minimize(() => batchLoss(t, t.model.apply(x, { training: true }) as ModelTensors, labels), true);
        loss?.dispose();
      });
      tf.dispose([x, labels]);
      disposeTrainable(t);
      expect(kernels.size).toBeGreaterThan(5);
      const missing = [...kernels].filter((k) => !tf.getKernel(k, 'wasm'));
      expect(missing, `kernels of ${id} missing on wasm`).toEqual([]);
    });

    // End to end through BatchNorm and long sums the order of additions differs between backends,
    // so this allows 1e-3 of each weight's largest gradient; each kernel alone is held to 1e-4
    // elsewhere. Some gradients are zero in exact arithmetic (a conv bias or BN beta right before
    // a BN) or nearly so, and come out as rounding noise ~1e-8 of the model's largest gradient;
    // weights whose gradients stay under 1e-3 of the model's largest are held to 1e-3 of that
    // floor instead of to their own noise.
    it(`${id}: wasm gradients match the cpu backend's`, async () => {
      const cpu = await setUp(id, 'cpu');
      const weights = cpu.t.model.getWeights();
      const ref = gradients(cpu.t, cpu.x, cpu.labels);
      const wasm = await setUp(id, 'wasm', weights);
      const ours = gradients(wasm.t, wasm.x, wasm.labels);
      const names = wasm.t.model.trainableWeights.map((w) => w.originalName);
      for (const s of [cpu, wasm]) { tf.dispose([s.x, s.labels]); disposeTrainable(s.t); }
      expect(ours.length).toBe(ref.length);
      const floor = 1e-3 * Math.max(...ref.map(maxAbs));
      ref.forEach((g, i) => expect(relDiff(ours[i]!, g) * maxAbs(g) / Math.max(maxAbs(g), floor), names[i]).toBeLessThan(1e-3));
    });
  }
});
