/**
 * ResNet-18 (2D, basic blocks [2, 2, 2, 2], widths 64-512), the backbone of S000 and the 2D
 * baseline of S003/S004. Built with tf.layers' functional API; input size and classes are
 * configurable (112 in the benchmark, 224 for ImageNet-style training).
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { InputConv2D } from './layers/inputConv2d.js';
import { registerModelFamily } from './registry.js';

const schema = z.object({
  inputSize: z.number().int().min(32).default(224),
  channels: z.number().int().min(1).default(3),
  classes: z.number().int().min(2).default(101),
  /** Width of the first stage; 64 in the paper, smaller for tests. */
  baseWidth: z.number().int().min(1).default(64),
});
/** Config of ResNet-18; input [inputSize, inputSize, channels]. */
export type ResNet18Config = z.infer<typeof schema>;

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** conv -> BN (-> ReLU); the stem (`first`) uses InputConv2D, which skips the data's gradient. */
function convBn(x: Sym, filters: number, kernelSize: number, strides: number, relu: boolean, first = false): Sym {
  const conv = { filters, kernelSize, strides, padding: 'same' as const, useBias: false };
  let y = apply(first ? new InputConv2D(conv) : tf.layers.conv2d(conv), x);
  y = apply(tf.layers.batchNormalization(), y);
  return relu ? apply(tf.layers.activation({ activation: 'relu' }), y) : y;
}

function basicBlock(x: Sym, filters: number, strides: number): Sym {
  const inChannels = x.shape[x.shape.length - 1];
  const y = convBn(convBn(x, filters, 3, strides, true), filters, 3, 1, false);
  const shortcut = strides !== 1 || inChannels !== filters ? convBn(x, filters, 1, strides, false) : x;
  return apply(tf.layers.activation({ activation: 'relu' }), apply(tf.layers.add(), [y, shortcut]));
}

function build(c: ResNet18Config): tf.LayersModel {
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  let x = convBn(input, c.baseWidth, 7, 2, true, true);
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), x);
  [1, 2, 4, 8].forEach((mult, stage) => {
    x = basicBlock(x, c.baseWidth * mult, stage === 0 ? 1 : 2);
    x = basicBlock(x, c.baseWidth * mult, 1);
  });
  x = apply(tf.layers.globalAveragePooling2d({}), x);
  const out = apply(tf.layers.dense({ units: c.classes }), x);
  return tf.model({ inputs: input, outputs: out, name: 'resnet18' });
}

/** Registered as 'resnet18'. */
export const resnet18Family = registerModelFamily<ResNet18Config>({
  id: 'resnet18',
  describe: 'ResNet-18 (2D) on RGB or stacked frames; S000 backbone, S003/S004 2D baseline',
  configSchema: schema as z.ZodType<ResNet18Config>,
  inputs: (c) => [{ name: 'frame', shape: [c.inputSize, c.inputSize, c.channels], dtype: 'float32', description: 'frame, normalised per channel' }],
  classes: (c) => c.classes,
  output: 'logits',
  tinyConfig: { inputSize: 32, baseWidth: 2, classes: 3 },
  build,
});
