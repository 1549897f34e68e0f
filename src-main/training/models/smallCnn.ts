/**
 * S001's small CNN (INFOMCV two-stream, spatial stream): conv 7x7/2 -> BN -> ReLU -> pool,
 * conv 5x5/2 -> BN -> ReLU -> pool, conv 3x3 -> ReLU, global average pool, dense. Widths are
 * configurable so tests can build it tiny.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { InputConv2D } from './layers/inputConv2d.js';
import { registerModelFamily } from './registry.js';

const schema = z.object({
  inputSize: z.number().int().min(16).default(224),
  channels: z.number().int().min(1).default(3),
  widths: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).default([96, 256, 512]),
  classes: z.number().int().min(2).default(40),
  batchNorm: z.boolean().default(true),
});
/** Config of the small CNN; input [inputSize, inputSize, channels]. */
export type SmallCnnConfig = z.infer<typeof schema>;

function build(c: SmallCnnConfig): tf.LayersModel {
  const m = tf.sequential({ name: 'small_cnn' });
  const convBlock = (filters: number, kernelSize: number, strides: number, first: boolean): void => {
    const conv = { filters, kernelSize, strides, padding: 'same' as const, useBias: !c.batchNorm };
    m.add(first ? new InputConv2D({ ...conv, inputShape: [c.inputSize, c.inputSize, c.channels] }) : tf.layers.conv2d(conv));
    if (c.batchNorm) m.add(tf.layers.batchNormalization());
    m.add(tf.layers.activation({ activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  };
  convBlock(c.widths[0], 7, 2, true);
  convBlock(c.widths[1], 5, 2, false);
  m.add(tf.layers.conv2d({ filters: c.widths[2], kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: c.classes }));
  return m;
}

/** Registered as 'small-cnn'. */
export const smallCnnFamily = registerModelFamily<SmallCnnConfig>({
  id: 'small-cnn',
  describe: 'S001 small CNN (3 conv layers, BN, global pool, dense) on RGB frames',
  configSchema: schema as z.ZodType<SmallCnnConfig>,
  inputs: (c) => [{ name: 'frame', shape: [c.inputSize, c.inputSize, c.channels], dtype: 'float32', description: 'RGB frame, 0-1' }],
  classes: (c) => c.classes,
  output: 'logits',
  tinyConfig: { inputSize: 24, widths: [4, 6, 8], classes: 3 },
  build,
});
