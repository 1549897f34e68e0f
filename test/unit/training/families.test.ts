import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src-main/media/sampling/rng.js';
import { buildModel, getModelFamily, listModelFamilies, parseModelConfig } from '../../../src-main/training/models/index.js';
import { loadModelDir, saveModelDir } from '../../../src-main/training/models/modelFiles.js';
import { copyLayerWeights } from '../../../src-main/training/trainer/initWeights.js';
import {
  batchCorrect, batchLoss, createTrainable, disposeTrainable, syntheticInputs, trainStep, type ModelTensors, type Trainable,
} from '../../../src-main/training/trainStep.js';
import { useWasm } from './parityHelpers.js';

const CLASSES_SEEN = 3;
const SAMPLES = 24;
/** Full-batch Adam steps on the synthetic task. */
const stepsFor = (_id: string): number => 30;

/** Runs `f` with Math.random seeded, so initialisers and dropout masks repeat run to run. */
function seeded<T>(seed: number, f: () => T): T {
  const random = Math.random;
  Math.random = mulberry32(seed);
  try {
    return f();
  } finally {
    Math.random = random;
  }
}

/** A model family's trainable built from its tiny config with Math.random seeded. */
const tiny = (id: string, lr = 1e-3, overrides: Record<string, unknown> = {}): Trainable =>
  seeded(42, () => createTrainable(id, { ...getModelFamily(id).tinyConfig, ...overrides }, lr));

const asList = (x: ModelTensors): tf.Tensor[] => (Array.isArray(x) ? x : [x]);

/**
 * A learnable task for every input of the family: class k's sample = a fixed random pattern of
 * that class (per input) + N(0, 0.5) noise. Labels cycle over the first 3 classes, or over
 * the first classes of every task for multi-output families.
 */
function learnableBatch(t: Trainable): { x: ModelTensors; labels: tf.Tensor1D } {
  const outputs = t.family.outputs?.(t.config) ?? 1;
  const perTask = outputs > 1 ? (t.model.outputs.map((o) => o.shape[1] as number)) : [t.family.classes(t.config)];
  const classIds: number[] = [];
  perTask.reduce((offset, n) => { for (let k = 0; k < Math.min(n, CLASSES_SEEN); k++) classIds.push(offset + k); return offset + n; }, 0);
  return tf.tidy(() => {
    const labels = tf.tensor1d(Array.from({ length: SAMPLES }, (_, i) => classIds[i % classIds.length]!), 'int32');
    const xs = t.family.inputs(t.config).map((input, i) => {
      const patterns = tf.randomNormal([t.family.classes(t.config), ...input.shape], 0, 1, 'float32', 100 + i);
      return tf.add(tf.gather(patterns, labels), tf.randomNormal([SAMPLES, ...input.shape], 0, 0.5, 'float32', 200 + i));
    });
    return { x: xs.length === 1 ? xs[0]! : xs, labels };
  });
}

/** Values of every weight of the layers, by weight name. */
function snapshot(layers: tf.layers.Layer[]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const l of layers) for (const w of l.weights) out.set(w.name, Float32Array.from(w.read().dataSync()));
  return out;
}

const sameBits = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

beforeAll(useWasm);
const tmp = mkdtempSync(join(tmpdir(), 'mwb-families-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let leftovers: Trainable[] = [];
afterEach(() => { leftovers.forEach(disposeTrainable); leftovers = []; });
const keep = (t: Trainable): Trainable => { leftovers.push(t); return t; };

describe('every model family', () => {
  for (const id of listModelFamilies().map((f) => f.id)) {
    it(`${id}: builds from its tiny config, outputs what it declares and takes two finite training steps`, () => {
      const t = keep(tiny(id));
      const family = t.family;
      const inputs = family.inputs(t.config);
      expect(t.model.inputs.map((i) => i.shape.slice(1))).toEqual(inputs.map((i) => i.shape));
      const { x, labels } = syntheticInputs(t, 2, 3);
      const out = asList(t.model.predict(x) as ModelTensors);
      expect(out.length).toBe(family.outputs?.(t.config) ?? 1);
      if (out.length === 1) expect(out[0]!.shape).toEqual([2, family.classes(t.config)]);
      else expect(out.reduce((s, o) => s + o.shape[1]!, 0)).toBe(family.classes(t.config));
      for (const o of out) expect(Array.from(o.dataSync()).every(Number.isFinite)).toBe(true);
      if (family.output === 'probabilities') {
        const values = out[0]!.arraySync() as number[][];
        for (const row of values) {
          expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        }
      }
      if (family.featureLayer) {
        const feature = t.model.getLayer(family.featureLayer(t.config)).output as tf.SymbolicTensor;
        expect(feature.shape.length, 'feature layer gives [batch, features]').toBe(2);
      }
      const losses = [trainStep(t, x, labels), trainStep(t, x, labels)];
      expect(losses.every(Number.isFinite)).toBe(true);
      tf.dispose([out, x, labels]);
    });

    it(`${id}: learns a synthetic task (loss falls, training accuracy beats chance)`, () => {
      const t = keep(tiny(id, 1e-2));
      const { x, labels } = learnableBatch(t);
      const losses = seeded(7, () => Array.from({ length: stepsFor(id) }, () => trainStep(t, x, labels)));
      const correct = seeded(8, () => tf.tidy(() => batchCorrect(t.model.apply(x, { training: true }) as ModelTensors, labels)));
      tf.dispose([x, labels]);
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(losses.slice(-3)), `losses ${losses.map((l) => l.toFixed(3)).join(' ')}`).toBeLessThan(0.6 * mean(losses.slice(0, 3)));
      expect(correct / SAMPLES).toBeGreaterThan(0.7);
    });

    it(`${id}: saves and loads back with the same layer names and outputs`, async () => {
      const t = keep(tiny(id));
      const dir = join(tmp, id);
      await saveModelDir(t.model, dir);
      const loaded = await loadModelDir(dir);
      const { x } = syntheticInputs(t, 2, 9);
      const [a, b] = [t.model, loaded].map((m) => tf.tidy(() => asList(m.predict(x) as ModelTensors).map((o) => Array.from(o.dataSync()))));
      expect(loaded.layers.map((l) => l.name)).toEqual(t.model.layers.map((l) => l.name));
      expect(b).toEqual(a);
      tf.dispose(x);
      loaded.dispose();
    });
  }
});

describe('freeze modes', () => {
  const freezable = listModelFamilies().filter((f) => 'freeze' in (parseModelConfig(f.id, f.tinyConfig) as object)).map((f) => f.id);

  it('covers the CNN families', () => {
    expect(freezable).toEqual(expect.arrayContaining(['small-cnn', 'cnn3d', 'resnet3d18', 'flow-cnn']));
  });

  for (const id of freezable) {
    it(`${id}: head-only keeps every frozen weight bit-for-bit while the head trains`, () => {
      const t = keep(tiny(id, 1e-2, { freeze: { mode: 'head-only' } }));
      const frozen = t.model.layers.filter((l) => !l.trainable && l.weights.length > 0);
      const head = t.model.layers.filter((l) => l.trainable && l.trainableWeights.length > 0);
      expect(frozen.length).toBeGreaterThan(0);
      expect(head.length).toBeGreaterThan(0);
      const before = snapshot(frozen), headBefore = snapshot(head);
      const { x, labels } = syntheticInputs(t, 4, 5);
      trainStep(t, x, labels);
      trainStep(t, x, labels);
      tf.dispose([x, labels]);
      for (const [name, after] of snapshot(frozen)) expect(sameBits(after, before.get(name)!), name).toBe(true);
      expect([...snapshot(head)].some(([name, after]) => !sameBits(after, headBefore.get(name)!))).toBe(true);
    });

    it(`${id}: first-stages freezes fewer layers than head-only`, () => {
      const count = (freeze: unknown): number => {
        const { model } = seeded(1, () => buildModel(id, { ...getModelFamily(id).tinyConfig, freeze }));
        const n = model.layers.filter((l) => !l.trainable && l.weights.length > 0).length;
        model.dispose();
        return n;
      };
      const first = count({ mode: 'first-stages', stages: 1 });
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(count({ mode: 'head-only' }));
      expect(count({ mode: 'none' })).toBe(0);
    });
  }
});

describe('two-stream mid fusion', () => {
  const config = getModelFamily('two-stream-mid').tinyConfig as { streams: { family: string; config: Record<string, unknown>; name: string }[] };

  it('prefixes each stream\'s layers so a single-stream run initialises it by name', () => {
    const t = keep(tiny('two-stream-mid'));
    expect(t.model.inputs.map((i) => i.name.replace(/_\d+$/, ''))).toEqual(t.family.inputs(t.config).map((i) => i.name));
    for (const s of config.streams) {
      const { model: single } = buildModel(s.family, s.config);
      const fused = single.layers.filter((l) => l.weights.length > 0 && l.name !== 'classifier');
      for (const l of fused) {
        const target = t.model.getLayer(`${s.name}_${l.name}`);
        expect(target.weights.map((w) => w.shape), l.name).toEqual(l.weights.map((w) => w.shape));
      }
      expect(t.model.layers.some((l) => l.name === `${s.name}_classifier`)).toBe(false);
      single.dispose();
    }
  });

  it('takes a finished single-stream model\'s weights with the init source targetPrefix "rgb_"', () => {
    const t = keep(tiny('two-stream-mid'));
    const s = config.streams[0]!;
    const single = seeded(5, () => buildModel(s.family, s.config).model);
    const { matched, missing } = copyLayerWeights(single, t.model, '', 'rgb_');
    expect(missing).toEqual(['rgb_classifier']);
    expect(matched.length).toBe(single.layers.filter((l) => l.weights.length > 0).length - 1);
    const featureName = getModelFamily(s.family).featureLayer!(parseModelConfig(s.family, s.config));
    const x = tf.randomNormal([2, ...single.inputs[0]!.shape.slice(1) as number[]], 0, 1, 'float32', 6);
    const feature = (m: tf.LayersModel, name: string): number[] => tf.tidy(() => {
      const sub = tf.model({ inputs: m.inputs[0]!, outputs: m.getLayer(name).output as tf.SymbolicTensor });
      return Array.from((sub.predict(x) as tf.Tensor).dataSync());
    });
    expect(feature(t.model, `rgb_${featureName}`)).toEqual(feature(single, featureName));
    x.dispose();
    single.dispose();
  });

  it('freezeStreams trains only the fusion head and keeps stream weights bit-for-bit', () => {
    const t = keep(tiny('two-stream-mid', 1e-2, { freezeStreams: true }));
    const trainable = t.model.layers.filter((l) => l.trainable && l.weights.length > 0).map((l) => l.name);
    expect(trainable.sort()).toEqual(['fusion_hidden', 'fusion_logits']);
    const streams = t.model.layers.filter((l) => /^(rgb|flow)_/.test(l.name));
    const before = snapshot(streams);
    const { x, labels } = syntheticInputs(t, 4, 5);
    trainStep(t, x, labels);
    trainStep(t, x, labels);
    tf.dispose([x, labels]);
    for (const [name, after] of snapshot(streams)) expect(sameBits(after, before.get(name)!), name).toBe(true);
  });

  it('leaves no tensors behind once disposed (the streams\' own classifiers are freed too)', () => {
    const before = tf.memory().numTensors;
    disposeTrainable(tiny('two-stream-mid'));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates the nested stream configs at the edge, naming the field', () => {
    const bad = { streams: [{ family: 'small-cnn', config: { widths: [4] } }, { family: 'nope' }] };
    expect(() => parseModelConfig('two-stream-mid', bad)).toThrow(/streams\.0\.config\.widths.*streams\.1\.family: unknown model family "nope"/);
    const same = { streams: [{ family: 'small-cnn', name: 'a' }, { family: 'cnn3d', name: 'a' }] };
    expect(() => parseModelConfig('two-stream-mid', same)).toThrow(/streams: the two streams need different names/);
    expect(parseModelConfig('two-stream-mid', { streams: [{ family: 'small-cnn' }, { family: 'flow-cnn' }] })).toMatchObject({ streams: [{ name: 'rgb' }, { name: 'flow' }] });
  });

  it('refuses a stream family without a feature layer, saying what to choose', () => {
    const streams = [config.streams[0], { family: 'seq-lstm', config: {}, name: 'codes' }];
    expect(() => buildModel('two-stream-mid', { ...getModelFamily('two-stream-mid').tinyConfig, streams })).toThrow(/seq-lstm has no feature layer.*choose a CNN family/);
  });
});

describe('multi-task', () => {
  it('needs at least two differently named tasks', () => {
    const backbone = { family: 'small-cnn' };
    expect(() => parseModelConfig('multitask', { backbone, tasks: [{ name: 'a', classes: 3 }] })).toThrow(/multitask: tasks/);
    expect(() => parseModelConfig('multitask', { backbone, tasks: [{ name: 'a', classes: 3 }, { name: 'a', classes: 2 }] })).toThrow(/task names must differ/);
  });

  it('has one logits output per task and scores each sample with its own task\'s head only', () => {
    const t = keep(tiny('multitask', 1e-3, { tasks: [{ name: 'UCF 101', classes: 3 }, { name: 'hmdb', classes: 2 }] }));
    expect(t.family.outputs!(t.config)).toBe(2);
    expect(t.model.outputLayers.map((l) => l.name)).toEqual(['task_UCF_101', 'task_hmdb']);
    expect(t.family.classes(t.config)).toBe(5);
    expect(t.model.outputs.map((o) => o.shape)).toEqual([[null, 3], [null, 2]]);
    const { x } = syntheticInputs(t, 2, 3);
    const labels = tf.tensor1d([1, 4], 'int32');
    const loss = tf.tidy(() => {
      const [a, b] = t.model.predict(x) as tf.Tensor[];
      const ce = (logits: tf.Tensor, row: number, k: number): number =>
        -(tf.logSoftmax(logits).arraySync() as number[][])[row]![k]!;
      const expected = (ce(a!, 0, 1) + ce(b!, 1, 1)) / 2;
      return { got: batchLoss(t, [a!, b!], labels).dataSync()[0]!, expected };
    });
    expect(loss.got).toBeCloseTo(loss.expected, 5);
    tf.dispose([x, labels]);
  });
});

describe('architectures', () => {
  const kernelOf = (l: tf.layers.Layer): number[] => [(l.getConfig().kernelSize as number[] | number)].flat();
  const weighted = (m: tf.LayersModel, cls: string): tf.layers.Layer[] => m.layers.filter((l) => l.getClassName() === cls);

  it('resnet3d18 has 18 weight layers: 17 3D convolutions on the main path and one dense', () => {
    const { model } = buildModel('resnet3d18', { frames: 4, size: 16, baseWidth: 2, classes: 3 });
    const main = weighted(model, 'Conv3D').filter((l) => kernelOf(l)[0] !== 1);
    expect(main.length).toBe(17);
    expect(kernelOf(main[0]!)).toEqual([7, 7, 7]);
    expect(weighted(model, 'Dense').map((l) => l.name)).toEqual(['classifier']);
    expect((model.getLayer('features').output as tf.SymbolicTensor).shape).toEqual([null, 16]);
    model.dispose();
  });

  it('defaults describe the papers\' inputs', () => {
    const inputs = (id: string, config: unknown = {}): [string, number[]][] =>
      getModelFamily(id).inputs(parseModelConfig(id, config)).map((i) => [i.name, i.shape]);
    expect(inputs('flow-cnn')).toEqual([['flow_stack', [224, 224, 20]]]);
    expect(inputs('cnn3d')).toEqual([['flow', [16, 224, 224, 2]]]);
    expect(inputs('resnet3d18', { frames: 25, channels: 2 })).toEqual([['clip', [25, 112, 112, 2]]]);
    expect(inputs('seq-birnn')).toEqual([['codes', [10, 512]]]);
    expect(inputs('two-stream-mid')).toEqual([['rgb_frame', [224, 224, 3]], ['flow_flow', [16, 224, 224, 2]]]);
  });

  it('flow-cnn reads 2L channels through 5 convolutions and 3 dense layers', () => {
    const { model } = buildModel('flow-cnn', getModelFamily('flow-cnn').tinyConfig);
    expect(model.inputs[0]!.shape).toEqual([null, 32, 32, 4]);
    expect(model.layers.filter((l) => /conv\d_conv$/.test(l.name)).length).toBe(5);
    expect(weighted(model, 'Dense').map((l) => l.name)).toEqual(['full6', 'full7', 'classifier']);
    model.dispose();
  });
});

describe('sequence heads', () => {
  for (const id of ['seq-rnn', 'seq-lstm', 'seq-birnn']) {
    it(`${id}: its output is the mean over time of per-step softmax vectors`, () => {
      const t = keep(tiny(id));
      const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 11);
      const [out, steps] = tf.tidy(() => {
        const sub = tf.model({ inputs: t.model.inputs, outputs: t.model.getLayer('step_softmax').output as tf.SymbolicTensor });
        const perStep = sub.predict(x) as tf.Tensor;
        return [(t.model.predict(x) as tf.Tensor).arraySync() as number[][], perStep.arraySync() as number[][][]];
      });
      x.dispose();
      for (const [b, row] of steps.entries()) {
        for (const p of row) expect(p.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
        row[0]!.forEach((_, k) => expect(out[b]![k]).toBeCloseTo(row.reduce((a, p) => a + p[k]!, 0) / row.length, 5));
      }
    });
  }

  it('keeps lstm-head building the same model as seq-lstm without dropout', () => {
    const config = { steps: 3, codeSize: 6, units: 5, classes: 3 };
    const a = seeded(3, () => buildModel('lstm-head', config).model);
    const b = seeded(3, () => buildModel('seq-lstm', { ...config, dropout: 0 }).model);
    expect(a.getWeights().map((w) => w.shape)).toEqual(b.getWeights().map((w) => w.shape));
    const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 4);
    b.setWeights(a.getWeights());
    const [pa, pb] = [a, b].map((m) => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync())));
    expect(pb).toEqual(pa);
    x.dispose();
    a.dispose();
    b.dispose();
  });
});
