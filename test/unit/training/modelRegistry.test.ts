import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, getModelBuilder, getModelFamily, listModelBuilderIds, listModelFamilies, parseModelConfig, registerModelBuilder, registerModelFamily } from '../../../src-main/training/models/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model family registry', () => {
  it('registers the four benchmark families with their published systems', () => {
    const ids = listModelFamilies().map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['small-cnn', 'resnet18', 'cnn3d', 'lstm-head']));
    expect(getModelFamily('cnn3d').describe).toMatch(/S001/);
    expect(getModelFamily('lstm-head').output).toBe('probabilities');
  });

  it('fills defaults and states inputs without the batch axis', () => {
    const c = parseModelConfig('cnn3d', { size: 112 });
    expect(c).toMatchObject({ frames: 16, size: 112, channels: 2 });
    expect(getModelFamily('cnn3d').inputs(c)[0]!.shape).toEqual([16, 112, 112, 2]);
  });

  it('rejects a bad config naming the family and the field', () => {
    expect(() => parseModelConfig('small-cnn', { widths: [4, 8] })).toThrow(/small-cnn.*widths/);
    expect(() => getModelFamily('nope')).toThrow(/Unknown model family "nope".*small-cnn/);
  });

  it('refuses to register an id twice', () => {
    const family = { id: 'small-cnn', describe: '', configSchema: z.object({}), inputs: () => [], classes: () => 2, output: 'logits' as const, tinyConfig: {} };
    expect(() => registerModelFamily(family)).toThrow(/registered twice/);
    expect(() => registerModelBuilder(getModelFamily('small-cnn'), () => tf.sequential())).toThrow(/builder registered twice/);
    expect(() => registerModelBuilder({ ...family, id: 'unlisted' }, () => tf.sequential())).toThrow(/Unknown model family "unlisted"/);
  });

  // Infos (families/, no tfjs, for the main process) and builders register separately: neither
  // list may gain a family the other lacks.
  it('every family info has a builder and every builder an info', () => {
    expect([...listModelBuilderIds()].sort()).toEqual(listModelFamilies().map((f) => f.id).sort());
    expect(listModelFamilies().length).toBeGreaterThanOrEqual(18);
    expect(() => getModelBuilder('nope')).toThrow(/Unknown model family "nope"/);
  });

  const shapes: [string, unknown, number[], number[]][] = [
    ['small-cnn', { inputSize: 32, widths: [4, 6, 8], classes: 5 }, [2, 32, 32, 3], [2, 5]],
    ['resnet18', { inputSize: 32, baseWidth: 2, classes: 7 }, [1, 32, 32, 3], [1, 7]],
    ['cnn3d', { frames: 8, size: 16, filters: [2, 3, 4], classes: 4 }, [1, 8, 16, 16, 2], [1, 4]],
    ['lstm-head', { steps: 4, codeSize: 6, units: 3, classes: 5 }, [2, 4, 6], [2, 5]],
  ];
  for (const [id, config, input, output] of shapes) {
    it(`${id} builds a model mapping ${JSON.stringify(input)} to ${JSON.stringify(output)}`, () => {
      const { model } = buildModel(id, config);
      const y = tf.tidy(() => model.predict(tf.zeros(input)) as tf.Tensor);
      expect(y.shape).toEqual(output);
      if (id === 'lstm-head') expect(Array.from(y.sum(-1).dataSync())).toEqual(output.slice(0, 1).flatMap((n) => Array(n).fill(expect.closeTo(1, 5))));
      y.dispose();
      model.dispose();
    });
  }

  it('ResNet-18 has 18 weight layers: 17 convolutions on the main path and one dense', () => {
    const { model } = buildModel('resnet18', { inputSize: 32, baseWidth: 2, classes: 3 });
    const kernel = (l: { getConfig(): Record<string, unknown> }): number => { const k = l.getConfig().kernelSize; return Array.isArray(k) ? k[0] as number : k as number; };
    const convs = model.layers.filter((l) => ['Conv2D', 'MwbInputConv2D'].includes(l.getClassName()) && kernel(l) !== 1);
    expect(convs.length).toBe(17);
    expect(model.layers.filter((l) => l.getClassName() === 'Dense').length).toBe(1);
    model.dispose();
  });
});
