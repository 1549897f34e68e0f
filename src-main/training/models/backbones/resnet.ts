/**
 * ResNet builder shared by ResNet-18 (basic blocks [2, 2, 2, 2]) and ResNet-50 (bottleneck
 * blocks [3, 4, 6, 3]), with keras.applications' ResNet50 layer names: conv1_pad, conv1_conv,
 * conv1_bn, conv1_relu, pool1_pad, pool1_pool, conv{2..5}_block{i}_{0..3}_{conv,bn}, ..._add,
 * ..._out. ResNet-18 is not in keras.applications; it uses the same scheme (basic blocks have
 * _1 and _2 convs; no conv biases, like torchvision's). Registers 'resnet50'; ../resnet18.ts
 * registers 'resnet18' from the same builder.
 */
import * as tf from '@tensorflow/tfjs';
import { resnet50Family } from '../families/backbones.js';
import { act, apply, bn, channelsOf, classificationHead, conv, pad, registerBackbone, scaled, type BackboneConfig, type Sym } from './common.js';

/** Keras' ResNet batch-norm epsilon. */
const EPS = 1.001e-5;

/** Shape of one ResNet: block kind and count per stage (stages conv2..conv5). */
export interface ResNetSpec {
  block: 'basic' | 'bottleneck';
  blocks: [number, number, number, number];
  /** Whether convolutions have biases (Keras ResNet50: yes; torchvision ResNet-18: no). */
  convBias: boolean;
}

export const RESNET18: ResNetSpec = { block: 'basic', blocks: [2, 2, 2, 2], convBias: false };
export const RESNET50: ResNetSpec = { block: 'bottleneck', blocks: [3, 4, 6, 3], convBias: true };

/** Stem -> stages conv2..conv5 -> head. Input 'frame' [S, S, C]; output logits [classes]. */
export function buildResNet(spec: ResNetSpec, c: BackboneConfig, modelName: string): tf.LayersModel {
  const w = (n: number): number => scaled(n, c.widthScale);
  const useBias = spec.convBias;
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  let x = pad(input, 'conv1_pad', 3);
  x = conv(x, 'conv1_conv', w(64), 7, { strides: 2, padding: 'valid', useBias, first: true });
  x = act(bn(x, 'conv1_bn', EPS), 'conv1_relu');
  x = pad(x, 'pool1_pad', 1);
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
  spec.blocks.forEach((count, s) => {
    for (let i = 1; i <= count; i++) {
      const name = `conv${s + 2}_block${i}`;
      const strides = i === 1 && s > 0 ? 2 : 1;
      x = spec.block === 'basic' ? basicBlock(x, name, w(64 << s), strides, useBias) : bottleneck(x, name, w(64 << s), strides, useBias);
    }
  });
  return tf.model({ inputs: input, outputs: classificationHead(x, c), name: modelName });
}

/** Projection shortcut (`_0_conv`, `_0_bn`) when the shape changes, else identity. */
function shortcut(x: Sym, name: string, filters: number, strides: number, useBias: boolean): Sym {
  if (strides === 1 && channelsOf(x) === filters) return x;
  return bn(conv(x, `${name}_0_conv`, filters, 1, { strides, useBias }), `${name}_0_bn`, EPS);
}

/** 3x3 -> 3x3 with a residual; x [H, W, C] -> [H/s, W/s, filters]. */
function basicBlock(x: Sym, name: string, filters: number, strides: number, useBias: boolean): Sym {
  const short = shortcut(x, name, filters, strides, useBias);
  let y = act(bn(conv(x, `${name}_1_conv`, filters, 3, { strides, useBias }), `${name}_1_bn`, EPS), `${name}_1_relu`);
  y = bn(conv(y, `${name}_2_conv`, filters, 3, { useBias }), `${name}_2_bn`, EPS);
  return act(apply(tf.layers.add({ name: `${name}_add` }), [short, y]), `${name}_out`);
}

/** 1x1 (stride s) -> 3x3 -> 1x1 (4 x filters) with a residual, as Keras' ResNet50 block1. */
function bottleneck(x: Sym, name: string, filters: number, strides: number, useBias: boolean): Sym {
  const short = shortcut(x, name, 4 * filters, strides, useBias);
  let y = act(bn(conv(x, `${name}_1_conv`, filters, 1, { strides, useBias }), `${name}_1_bn`, EPS), `${name}_1_relu`);
  y = act(bn(conv(y, `${name}_2_conv`, filters, 3, { useBias }), `${name}_2_bn`, EPS), `${name}_2_relu`);
  y = bn(conv(y, `${name}_3_conv`, 4 * filters, 1, { useBias }), `${name}_3_bn`, EPS);
  return act(apply(tf.layers.add({ name: `${name}_add` }), [short, y]), `${name}_out`);
}

/** Stem, then conv2..conv5 (what `first-stages N` counts, stem = stage 1). */
export const resnetStages = (): string[][] => [['conv1_', 'pool1_'], ['conv2_'], ['conv3_'], ['conv4_'], ['conv5_']];

registerBackbone(resnet50Family, { build: (c) => buildResNet(RESNET50, c, 'resnet50'), stages: resnetStages });
