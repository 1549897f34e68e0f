import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import h5wasm from 'h5wasm/node';
import type { Group } from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../src-main/training/models/modelFiles.js';
import { importWeights, weightedLayers } from '../../../src-main/training/models/weights/index.js';
import { kerasTfNumbering } from '../../../src-main/training/models/backbones/inceptionv3.js';

const dir = mkdtempSync(join(tmpdir(), 'mwb-weights-'));
beforeAll(async () => { await tf.setBackend('cpu'); await h5wasm.ready; });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = { inputSize: 32, baseWidth: 2, classes: 3 };

/** A tiny ResNet-18 whose BN statistics are not the initial ones (so importing them matters). */
function tinyResNet(config: Record<string, unknown> = TINY): tf.LayersModel {
  const { model } = buildModel('resnet18', config);
  model.setWeights(model.getWeights().map((w, i) => tf.tidy(() => w.add(tf.randomUniform(w.shape, 0.1, 0.5, 'float32', i)))));
  return model;
}

/** Predictions (inference mode) on a fixed batch. */
const predict = (m: tf.LayersModel, size = 32): Float32Array => tf.tidy(() =>
  Float32Array.from((m.predict(tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 5)) as tf.Tensor).dataSync()));

/**
 * Writes `model`'s weights as Keras would: 'keras2' (save_weights), 'full' (model.save),
 * 'nested' (the model saved as one layer of an outer model) or 'keras3' (.weights.h5).
 */
function writeKerasH5(path: string, model: tf.LayersModel, layout: 'keras2' | 'full' | 'nested' | 'keras3'): void {
  const f = new h5wasm.File(path, 'w');
  const group = (parent: Group, name: string): Group => name.split('/').reduce((g, part) => (g.keys().includes(part) ? g.get(part) as Group : g.create_group(part)), parent);
  const layers = weightedLayers(model);
  if (layout === 'keras3') {
    for (const l of layers) {
      const vars = group(f, `layers/${l.name}/vars`);
      l.getWeights().forEach((w, i) => vars.create_dataset({ name: String(i), data: w.dataSync() as Float32Array, shape: w.shape }));
    }
  } else if (layout === 'nested') {
    f.create_attribute('layer_names', ['backbone']);
    const g = f.create_group('backbone');
    const ws = layers.flatMap((l) => l.getWeights().map((w, i) => [w, `${l.weights[i]!.originalName}:0`] as const));
    g.create_attribute('weight_names', ws.map(([, n]) => n));
    for (const [w, n] of ws) {
      const cut = n.lastIndexOf('/');
      group(g, n.slice(0, cut)).create_dataset({ name: n.slice(cut + 1), data: w.dataSync() as Float32Array, shape: w.shape });
    }
  } else {
    const root = layout === 'full' ? f.create_group('model_weights') : f;
    if (layout === 'full') f.create_attribute('model_config', '{"class_name": "Functional"}');
    root.create_attribute('layer_names', [...layers.map((l) => l.name), 'frame_relu_without_weights']);
    root.create_attribute('backend', 'tensorflow');
    group(root, 'frame_relu_without_weights');
    for (const l of layers) {
      const g = group(root, l.name);
      const names = l.weights.map((w) => `${w.originalName}:0`);
      g.create_attribute('weight_names', names);
      // Keras stores datasets under <layer>/<weight name>; write them in reverse to check matching by name.
      l.getWeights().map((w, i) => [w, names[i]!] as const).reverse().forEach(([w, n]) => {
        const cut = n.lastIndexOf('/');
        group(g, n.slice(0, cut)).create_dataset({ name: n.slice(cut + 1), data: w.dataSync() as Float32Array, shape: w.shape });
      });
    }
  }
  f.close();
}

describe('pretrained weight import', () => {
  it('round-trips a TF.js model folder: identical predictions, every layer matched', async () => {
    const a = tinyResNet();
    await saveModelDir(a, join(dir, 'tfjs'));
    const b = tinyResNet();
    expect(predict(b)).not.toEqual(predict(a));
    const report = await importWeights(b, join(dir, 'tfjs', 'model.json'), { sourcePrefix: '', targetPrefix: '' });
    expect(report.format).toBe('tfjs');
    expect(report.matched.length).toBe(weightedLayers(b).length);
    expect(report.matched).toContain('conv1_conv');
    expect(report).toMatchObject({ missing: [], unexpected: [], shapeMismatch: [], skipped: 0 });
    expect(predict(b)).toEqual(predict(a));
    a.dispose(); b.dispose();
  });

  it('maps prefixes: takes only source layers under sourcePrefix and renames them', async () => {
    const make = (p: string): tf.LayersModel => {
      const x = tf.input({ shape: [4] });
      const h = tf.layers.dense({ units: 3, name: `${p}fc1` }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2, name: `${p}fc2` }).apply(h) as tf.SymbolicTensor });
    };
    const x = tf.input({ shape: [4] });
    const two = tf.model({ inputs: x, outputs: tf.layers.concatenate().apply([make('rgb_').apply(x), make('flow_').apply(x)] as tf.SymbolicTensor[]) as tf.SymbolicTensor });
    await saveModelDir(two, join(dir, 'two'));
    const target = make('spatial_');
    const report = await importWeights(target, join(dir, 'two'), { sourcePrefix: 'rgb_', targetPrefix: 'spatial_' });
    expect(report.matched.sort()).toEqual(['spatial_fc1', 'spatial_fc2']);
    expect(report.skipped).toBe(2);
    const src = (two.layers[1] as tf.LayersModel).getLayer('rgb_fc2').getWeights()[0]!.dataSync();
    expect(target.getLayer('spatial_fc2').getWeights()[0]!.dataSync()).toEqual(src);
    two.dispose(); target.dispose();
  });

  it('reports a shape mismatch and leaves that layer untouched; other layers still import', async () => {
    const a = tinyResNet();
    await saveModelDir(a, join(dir, 'three-classes'));
    const b = tinyResNet({ ...TINY, classes: 5 });
    const before = b.getLayer('predictions').getWeights().map((w) => w.dataSync());
    const report = await importWeights(b, join(dir, 'three-classes'));
    expect(report.shapeMismatch).toEqual([{ layer: 'predictions', expected: [[16, 5], [5]], got: [[16, 3], [3]] }]);
    expect(report.missing).toEqual(['predictions']);
    expect(report.matched.length).toBe(weightedLayers(b).length - 1);
    expect(b.getLayer('predictions').getWeights().map((w) => w.dataSync())).toEqual(before);
    expect(b.getLayer('conv5_block2_2_bn').getWeights()[2]!.dataSync()).toEqual(a.getLayer('conv5_block2_2_bn').getWeights()[2]!.dataSync());
    a.dispose(); b.dispose();
  });

  it('decodes quantised TF.js weights (uint8 with scale and min, float16)', async () => {
    const x = tf.input({ shape: [2] });
    const m = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2, name: 'fc' }).apply(x) as tf.SymbolicTensor });
    await saveModelDir(m, join(dir, 'quant'));
    const json = JSON.parse(readFileSync(join(dir, 'quant', 'model.json'), 'utf8'));
    json.weightsManifest[0].weights = [
      { name: 'fc/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
      { name: 'fc/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
    ];
    writeFileSync(join(dir, 'quant', 'model.json'), JSON.stringify(json));
    const half = new Uint16Array([0x3c00, 0xc100]); // 1, -2.5
    writeFileSync(join(dir, 'quant', 'weights.bin'), Buffer.concat([Buffer.from([0, 1, 2, 10]), Buffer.from(half.buffer)]));
    const report = await importWeights(m, join(dir, 'quant'));
    expect(report.matched).toEqual(['fc']);
    expect(Array.from(m.getLayer('fc').getWeights()[0]!.dataSync())).toEqual([-1, -0.5, 0, 4]);
    expect(Array.from(m.getLayer('fc').getWeights()[1]!.dataSync())).toEqual([1, -2.5]);
    truncateSync(join(dir, 'quant', 'weights.bin'), 5);
    await expect(importWeights(m, join(dir, 'quant'))).rejects.toThrow(/quant.*truncated/);
    m.dispose();
  });

  for (const layout of ['keras2', 'full', 'nested', 'keras3'] as const) {
    it(`imports a Keras .h5 (${layout} layout) by layer name: identical predictions`, async () => {
      const a = tinyResNet();
      const path = join(dir, `${layout}.h5`);
      writeKerasH5(path, a, layout);
      const b = tinyResNet();
      const report = await importWeights(b, path);
      expect(report.format).toBe('keras-h5');
      expect(report).toMatchObject({ missing: [], unexpected: [], shapeMismatch: [] });
      expect(report.matched.length).toBe(weightedLayers(b).length);
      expect(predict(b)).toEqual(predict(a));
      a.dispose(); b.dispose();
    });
  }

  it("keeps Keras' '/' layer names (DenseNet's conv1/conv) when importing from .h5", async () => {
    const cfg = { inputSize: 32, widthScale: 1 / 16, classes: 3 };
    const a = buildModel('densenet121', cfg).model;
    const path = join(dir, 'densenet.h5');
    writeKerasH5(path, a, 'keras2');
    const b = buildModel('densenet121', cfg).model;
    const report = await importWeights(b, path);
    expect(report.matched).toContain('conv1/conv');
    expect(report.matched.length).toBe(weightedLayers(b).length);
    expect(predict(b)).toEqual(predict(a));
    a.dispose(); b.dispose();
  });

  it('renames tf.keras InceptionV3 numbering (conv2d, conv2d_1, ...) onto ours (conv2d_1, conv2d_2, ...)', () => {
    expect(['conv2d', 'conv2d_1', 'batch_normalization_93', 'activation', 'mixed9_0', 'predictions'].map(kerasTfNumbering))
      .toEqual(['conv2d_1', 'conv2d_2', 'batch_normalization_94', 'activation_1', 'mixed9_0', 'predictions']);
  });

  it('names the file and the problem for bad inputs', async () => {
    const m = tinyResNet();
    const text = join(dir, 'notes.h5');
    writeFileSync(text, 'not weights at all');
    await expect(importWeights(m, text)).rejects.toThrow(/notes\.h5.*neither a TF\.js model.*nor an HDF5 file/);
    await expect(importWeights(m, join(dir, 'nope.h5'))).rejects.toThrow(/nope\.h5 does not exist/);
    const good = join(dir, 'keras2.h5');
    const cut = join(dir, 'cut.h5');
    writeFileSync(cut, readFileSync(good).subarray(0, Math.floor(readFileSync(good).length / 2)));
    await expect(importWeights(m, cut)).rejects.toThrow(/cut\.h5 could not be opened as HDF5 \(.*\): the file is truncated or damaged/);
    const empty = join(dir, 'empty.h5');
    const f = new h5wasm.File(empty, 'w');
    f.create_group('something');
    f.close();
    await expect(importWeights(m, empty)).rejects.toThrow(/empty\.h5 is an HDF5 file but holds no Keras weights/);
    await expect(importWeights(m, join(dir, 'missing-dir', 'model.json'))).rejects.toThrow(/does not exist/);
    m.dispose();
  });
});
